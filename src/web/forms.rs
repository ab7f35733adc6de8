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
            decode(&bytes).map(Form)
        })
    }
}

/// Turns a form body into `T`, the way every form of the portal is read.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    if bytes.len() > LIMIT {
        return Err(WebError::BadRequest("Skjemaet er for stort.".into()));
    }
    serde_html_form::from_bytes(bytes).map_err(|e| {
        tracing::info!(error = %e, "a form that does not match its fields");
        WebError::BadRequest("Skjemaet kunne ikke leses. Last siden på nytt og prøv igjen.".into())
    })
}

/// For the fuzz target `form_decoding` (fuzz/): decodes `bytes` as each form the portal
/// reads with [`Form`], through [`decode`]. A refused form is fine; a panic is the bug.
/// Keep the list in step with `grep -rn "Form<" src/web`.
#[doc(hidden)]
pub fn decode_every_form(bytes: &[u8]) {
    use super::{add_clients, fullmakt, login, roles, system_users};
    let _ = decode::<add_clients::SelectionForm>(bytes);
    let _ = decode::<fullmakt::GrantForm>(bytes);
    let _ = decode::<fullmakt::WithdrawForm>(bytes);
    let _ = decode::<system_users::NewForm>(bytes);
    let _ = decode::<login::LoginForm>(bytes);
    let _ = decode::<login::PartyForm>(bytes);
    let _ = decode::<roles::GrantForm>(bytes);
}
