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

use crate::domain::systems::{FieldError, RegisterError};
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

/// The API's query strings: malformed ones answer with a problem.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| {
        ApiError::InvalidParameters(vec![problem::ParameterError {
            parameter: "query",
            code: "malformed-query",
            detail: format!("The query string is not valid: {err}."),
        }])
        .into()
    })
}

/// A JSON body of type `T`, read as `json_config` says (size, content type, syntax) and
/// refused, naming each place, when any text in it holds a character the database cannot
/// store (NUL): one check for every body the API takes.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(
        req: &actix_web::HttpRequest,
        payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let web::Json(value) = value.await?;
            let mut unstorable = Vec::new();
            unstorable_text(&value, String::new(), &mut unstorable);
            if !unstorable.is_empty() {
                return Err(ApiError::Register(RegisterError::Invalid(unstorable)).into());
            }
            serde_json::from_value(value)
                .map(Body)
                .map_err(|e| ApiError::MalformedBody(e.to_string()).into())
        })
    }
}

/// The places (JSON pointers without the leading slash) in `value` whose text, or key,
/// holds a character PostgreSQL cannot store.
fn unstorable_text(value: &serde_json::Value, at: String, found: &mut Vec<FieldError>) {
    use serde_json::Value;
    let refuse = |at: &str, found: &mut Vec<FieldError>| {
        found.push(FieldError::new(
            at,
            "invalid-character",
            "The text holds a character that cannot be stored (NUL, U+0000); remove it.",
        ))
    };
    let below = |key: &str| {
        let key = key.replace('~', "~0").replace('/', "~1");
        if at.is_empty() {
            key
        } else {
            format!("{at}/{key}")
        }
    };
    match value {
        Value::String(s) if !crate::domain::storable(s) => refuse(&at, found),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                unstorable_text(item, below(&i.to_string()), found);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                if !crate::domain::storable(key) {
                    refuse(&below(key), found);
                } else {
                    unstorable_text(item, below(key), found);
                }
            }
        }
        _ => {}
    }
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
    refuse_unstorable_address(req.uri())?;
    Ok((state, claims))
}

/// An address whose path or query holds NUL (`%00`, the one character PostgreSQL cannot
/// store) is refused before anything reads it, naming which part.
fn refuse_unstorable_address(uri: &actix_web::http::Uri) -> Result<(), ApiError> {
    let part = if uri.path().contains("%00") {
        "path"
    } else if uri.query().is_some_and(|q| q.contains("%00")) {
        "query"
    } else {
        return Ok(());
    };
    Err(ApiError::InvalidParameters(vec![problem::ParameterError {
        parameter: part,
        code: "invalid-character",
        detail: format!(
            "The {part} holds a character that cannot be stored (NUL, %00); remove it."
        ),
    }]))
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
