//! Cross-site request forgery: a random token per session, sent back with every
//! state-changing request — as the hidden field `_csrf` of a form, or by htmx in the
//! `X-CSRF-Token` header — and compared with the session's. On top of SameSite=Lax
//! cookies and the Origin check. The JSON APIs take bearer tokens, never cookies, and
//! need none. Templates reach the current token through `field()` and `token()`, set for
//! the duration of the request by the middleware (a task-local, so no page struct has to
//! carry it).
//!
//! A visitor with nothing in the session yet (the login page, a crawler) gets no stored
//! session for the token: it travels in a cookie of its own (`kd_csrf`, HttpOnly,
//! SameSite=Lax) and the form, and a post must present the cookie's value (a double-submit
//! token: another site can neither read nor set the cookie). So anonymous traffic writes
//! no session rows; the session gets a token of its own once it holds something (a login,
//! a language choice).

use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use ring::rand::{SecureRandom, SystemRandom};
use serde::Deserialize;

use super::error::WebError;

/// Where the token lives in the session, the form and the header.
const SESSION_KEY: &str = "csrf";
/// The cookie carrying the token of a visitor without a stored session.
pub const COOKIE: &str = "kd_csrf";
pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "X-CSRF-Token";

/// What a refused request is told in bokmål (tests look for it, too); the page says it
/// in the request's language (`error-csrf`).
pub const REFUSAL: &str =
    "Skjemaet er for gammelt eller kom ikke fra portalen. Last siden på nytt og prøv igjen.";

tokio::task_local! {
    static TOKEN: String;
}

/// The current request's token ("" outside a request of the portal).
pub fn token() -> String {
    TOKEN.try_with(Clone::clone).unwrap_or_default()
}

/// The hidden form field carrying the token; every POST form of the portal has it.
pub fn field() -> String {
    format!(
        r#"<input type="hidden" name="{FIELD}" value="{}">"#,
        token()
    )
}

fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new().fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[derive(Deserialize)]
pub(super) struct TokenField {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

/// Whether two tokens are equal, in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The token a request presents: the header, else the form field (the body is read and
/// put back for the handler).
async fn presented(req: &mut ServiceRequest) -> Result<Option<String>, actix_web::Error> {
    if let Some(h) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Ok(Some(h.to_owned()));
    }
    let is_form = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let body = req.extract::<Bytes>().await?;
    let found = serde_html_form::from_bytes::<TokenField>(&body)
        .ok()
        .and_then(|f| f.csrf);
    req.set_payload(bytes_to_payload(body));
    Ok(found)
}

fn bytes_to_payload(body: Bytes) -> actix_web::dev::Payload {
    let (_, mut payload) = actix_http::h1::Payload::create(true);
    payload.unread_data(body);
    actix_web::dev::Payload::from(payload)
}

/// The middleware: makes sure the session has a token, refuses a state-changing request
/// of the portal without the right one, and lets the templates see it.
pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    let path = req.path();
    // Health probes neither post nor render forms: no session for them (it would be a
    // row in the database for every probe, and /health/live must not need the database).
    if super::session_free(path) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let session = req.get_session();
    let stored: Option<String> = session.get(SESSION_KEY).ok().flatten();
    let cookie: Option<String> = req
        .cookie(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    if !req.method().is_safe() {
        // A body too large (or unreadable) is refused as a page too (413).
        let presented = match presented(&mut req).await {
            Ok(p) => p,
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        };
        // A session that holds something has its own token (a login replaces the
        // visitor's); before that, the cookie's.
        let expected = if session.entries().is_empty() {
            &cookie
        } else {
            &stored
        };
        let valid = matches!((expected, &presented), (Some(e), Some(p)) if same(e, p));
        if !valid {
            tracing::warn!(method = %req.method(), path = req.path(), "missing or wrong CSRF token");
            // A page, not an error: so the layers outside add their headers to it.
            let page = req.error_response(WebError::Forbidden(super::i18n::t("error-csrf")));
            return Ok(page.map_into_right_body());
        }
    }
    let fresh =
        || new_token().ok_or_else(|| WebError::Session("no randomness for a CSRF token".into()));
    // (token, whether the cookie must be set)
    let (token, set_cookie) = match (stored, cookie) {
        (Some(t), _) => (t, false),
        // A session that holds something gets a token of its own.
        (None, _) if !session.entries().is_empty() => {
            let t = fresh()?;
            session
                .insert(SESSION_KEY, &t)
                .map_err(|e| WebError::Session(e.to_string()))?;
            (t, false)
        }
        (None, Some(c)) => (c, false),
        (None, None) => (fresh()?, true),
    };
    let https = req
        .app_data::<actix_web::web::Data<super::AppState>>()
        .is_some_and(|s| s.https);
    let was_empty = session.entries().is_empty();
    let mut res = TOKEN.scope(token.clone(), next.call(req)).await?;
    // A visitor's session that now holds something (a language choice) keeps the
    // visitor's token, so the forms on their pages go on working; a login starts with a
    // token of its own (the next request makes it).
    if was_empty {
        let session = res.request().get_session();
        if !session.entries().is_empty()
            && !super::session::holds_login(&session)
            && let Err(e) = session.insert(SESSION_KEY, &token)
        {
            tracing::warn!(error = %e, "the CSRF token could not be kept in the session");
        }
    }
    if set_cookie {
        let cookie = actix_web::cookie::Cookie::build(COOKIE, token)
            .path("/")
            .http_only(true)
            .secure(https)
            .same_site(actix_web::cookie::SameSite::Lax)
            .finish();
        if let Err(e) = res.response_mut().add_cookie(&cookie) {
            tracing::warn!(error = %e, "the CSRF cookie could not be set");
        }
    }
    Ok(res.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_tests_look_for_is_the_bokmal_page_text() {
        let (text, _) = crate::web::i18n::format_in(crate::web::i18n::Lang::Nb, "error-csrf", &[]);
        assert_eq!(text, REFUSAL);
    }

    #[test]
    fn tokens_compare_equal_only_when_equal() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert!(!same("", "a"));
    }

    #[test]
    fn new_tokens_are_long_and_different() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
