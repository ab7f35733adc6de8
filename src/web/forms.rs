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

/// For the fuzz target `form_decoding` (fuzz/): decodes `bytes` as each form the portal
/// reads with [`Form`], through [`decode`], and as the CSRF middleware reads every form
/// body. A refused form is fine; a panic is the bug. A test below fails when a handler
/// reads a form that is not listed here.
#[doc(hidden)]
pub fn decode_every_form(bytes: &[u8]) {
    use super::{add_clients, csrf, fullmakt, i18n, login, roles, system_users};
    let _ = serde_html_form::from_bytes::<csrf::TokenField>(bytes);
    let _ = decode::<add_clients::SelectionForm>(bytes);
    let _ = decode::<fullmakt::GrantForm>(bytes);
    let _ = decode::<fullmakt::WithdrawForm>(bytes);
    let _ = decode::<system_users::NewForm>(bytes);
    let _ = decode::<login::LoginForm>(bytes);
    let _ = decode::<login::PartyForm>(bytes);
    let _ = decode::<roles::GrantForm>(bytes);
    let _ = decode::<i18n::LanguageForm>(bytes);
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

    /// The fuzz target covers every form only if `decode_every_form` names each one
    /// (the handlers in the files directly under src/web; the API reads JSON).
    #[test]
    fn decode_every_form_names_every_form_of_the_portal() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
        let this = include_str!("forms.rs");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let module = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if module == "forms" || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (_, rest) in source
                .match_indices(": Form<")
                .map(|(i, _)| source.split_at(i + 7))
            {
                let form: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    this.contains(&format!("decode::<{module}::{form}>")),
                    "src/web/{module}.rs reads Form<{form}>: add it to decode_every_form"
                );
            }
        }
    }
}
