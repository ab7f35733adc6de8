//! Form bodies decoded with serde_html_form, which (unlike serde_urlencoded) collects a
//! repeated field such as `valgt=a&valgt=b` into a Vec: checkbox lists need that.

use std::future::Future;
use std::pin::Pin;

use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use serde::de::DeserializeOwned;

use super::error::WebError;
use super::i18n::t;

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
                .map_err(|_| WebError::BadRequest(t("error-form-unreadable")))?;
            decode(&bytes).map(Form)
        })
    }
}

/// The message at a free-text field whose text PostgreSQL cannot store (NUL), if so. Every
/// free-text field of the portal is checked with this where it is read; text that gets
/// past a check anyway is refused by the store (`StoreError::Unstorable`, a 400 page).
pub fn unstorable(text: &str) -> Option<String> {
    (!crate::domain::storable(text)).then(|| t("error-unstorable-text"))
}

/// Turns a form body into `T`, the way every form of the portal is read.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    if bytes.len() > LIMIT {
        return Err(WebError::BadRequest(t("error-form-too-large")));
    }
    serde_html_form::from_bytes(bytes).map_err(|e| {
        tracing::info!(error = %e, "a form that does not match its fields");
        WebError::BadRequest(t("error-form"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_become_a_list_and_bad_bodies_a_400() {
        #[derive(serde::Deserialize)]
        struct Checkboxes {
            valgt: Vec<String>,
        }
        let form: Checkboxes = decode(b"valgt=a&valgt=b").unwrap();
        assert_eq!(form.valgt, ["a", "b"]);
        assert!(matches!(
            decode::<Checkboxes>(&vec![b'a'; LIMIT + 1]),
            Err(WebError::BadRequest(_))
        ));
    }
}
