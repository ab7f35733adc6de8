//! Entry points for the fuzz targets (fuzz/), above the feature modules so that shared
//! code such as `forms` need not know every feature.

use super::forms::decode;

/// For the fuzz target `form_decoding`: decodes `bytes` as each form the portal reads with
/// [`super::forms::Form`], through [`decode`], and as the CSRF middleware reads every form
/// body. A refused form is fine; a panic is the bug. A test below fails when a handler
/// reads a form that is not listed here.
#[doc(hidden)]
pub fn decode_every_form(bytes: &[u8]) {
    use super::{
        add_clients, change_requests, csrf, fullmakt, fullmakt_requests, i18n, login, requests,
        roles, system_access, system_users,
    };
    let _ = serde_html_form::from_bytes::<csrf::TokenField>(bytes);
    let _ = decode::<add_clients::SelectionForm>(bytes);
    let _ = decode::<system_access::RemoveManyForm>(bytes);
    let _ = decode::<system_access::AutoAddForm>(bytes);
    let _ = decode::<system_access::OwnForm>(bytes);
    let _ = decode::<requests::AnswerForm>(bytes);
    let _ = decode::<change_requests::AnswerForm>(bytes);
    let _ = decode::<fullmakt::GrantForm>(bytes);
    let _ = decode::<fullmakt_requests::AskForm>(bytes);
    let _ = decode::<fullmakt::WithdrawForm>(bytes);
    let _ = decode::<system_users::NewForm>(bytes);
    let _ = decode::<login::LoginForm>(bytes);
    let _ = decode::<login::PartyForm>(bytes);
    let _ = decode::<roles::GrantForm>(bytes);
    let _ = decode::<i18n::LanguageForm>(bytes);
}

#[cfg(test)]
mod tests {
    /// The fuzz target covers every form only if `decode_every_form` names each one
    /// (the handlers in the files directly under src/web; the API reads JSON).
    #[test]
    fn decode_every_form_names_every_form_of_the_portal() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
        let this = include_str!("fuzz.rs");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let module = path.file_stem().unwrap().to_str().unwrap().to_owned();
            if module == "fuzz" || path.extension().is_none_or(|e| e != "rs") {
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
