//! The JSON APIs. Errors are problem details (problem.rs); bodies that do not parse get
//! one too, naming what was wrong. In demo and test mode a token endpoint issues tokens
//! like Maskinporten's, so the API can be tried without one.

pub mod demo;
pub mod docs;
pub mod enduser;
pub mod problem;
pub mod vendor;

use actix_web::error::JsonPayloadError;
use actix_web::web;

use problem::ApiError;

/// The API's JSON bodies: malformed ones answer with a problem naming what was wrong.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(64 * 1024)
        .error_handler(|err, _| ApiError::MalformedBody(body_problem(&err)).into())
}

/// The API's path parameters: malformed ones answer with a problem.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _| ApiError::MalformedPath(err.to_string()).into())
}

/// The application state and the claims of the request's valid bearer token: the
/// start of every API extractor (vendor and end user alike).
pub async fn bearer(
    req: &actix_web::HttpRequest,
) -> Result<(web::Data<crate::web::AppState>, crate::auth::Claims), ApiError> {
    let state = req
        .app_data::<web::Data<crate::web::AppState>>()
        .cloned()
        .ok_or(ApiError::NotFound)?;
    let authorization = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let claims = state.tokens.validate(authorization).await?;
    Ok((state, claims))
}

/// The token must carry `scope`, or the scope that implies it (writing implies reading).
pub fn require_scope(
    claims: &crate::auth::Claims,
    scope: &'static str,
    implied_by: Option<&str>,
) -> Result<(), ApiError> {
    if claims.has_scope(scope) || implied_by.is_some_and(|s| claims.has_scope(s)) {
        Ok(())
    } else {
        Err(ApiError::InsufficientScope(scope))
    }
}

/// Whether a path belongs to the JSON APIs (an unknown one there gets a problem, not a page).
pub fn is_api_path(path: &str) -> bool {
    path.starts_with(vendor::API_PREFIX) || path.starts_with("/demo/")
}

/// What was wrong with a JSON body, in words a developer can act on.
fn body_problem(err: &JsonPayloadError) -> String {
    match err {
        JsonPayloadError::ContentType => {
            "send the body as JSON, with Content-Type: application/json".into()
        }
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            format!(
                "the body is larger than this address takes ({} KiB)",
                limit / 1024
            )
        }
        JsonPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    }
}
