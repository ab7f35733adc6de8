//! Form bodies decoded with serde_html_form, which (unlike serde_urlencoded) collects a
//! repeated field such as `valgt=a&valgt=b` into a Vec: checkbox lists need that.

use std::future::Future;
use std::pin::Pin;

use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;

use super::error::WebError;

/// Forms here are small; a selection of thousands of clients is carried as "all except".
pub const LIMIT: usize = 1024 * 1024;

pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = bytes
                .await
                .map_err(|_| WebError::BadRequest("Skjemaet kunne ikke leses.".into()))?;
            if bytes.len() > LIMIT {
                return Err(WebError::BadRequest("Skjemaet er for stort.".into()));
            }
            serde_html_form::from_bytes(&bytes).map(Form).map_err(|e| {
                tracing::info!(error = %e, "a form that does not match its fields");
                WebError::BadRequest(
                    "Skjemaet kunne ikke leses. Last siden på nytt og prøv igjen.".into(),
                )
            })
        })
    }
}
