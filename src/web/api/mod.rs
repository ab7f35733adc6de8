//! The JSON APIs. Errors are problem details (problem.rs); bodies that do not parse get
//! one too, naming what was wrong. In demo and test mode a token endpoint issues tokens
//! like Maskinporten's, so the API can be tried without one.

pub mod demo;
pub mod problem;
pub mod vendor;

use actix_web::error::JsonPayloadError;
use actix_web::{HttpResponse, web};

use problem::ApiError;

/// The APIs, each in its scope with extractors that answer malformed JSON or paths with
/// a problem, and a problem for an address the API does not have.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(api_scope(vendor::API_PREFIX).configure(vendor::routes))
        .service(api_scope(demo::PREFIX).configure(demo::routes));
}

fn api_scope(prefix: &str) -> actix_web::Scope {
    web::scope(prefix)
        .app_data(
            web::JsonConfig::default()
                .limit(64 * 1024)
                .error_handler(|err, _| ApiError::MalformedBody(body_problem(&err)).into()),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|err, _| ApiError::MalformedPath(err.to_string()).into()),
        )
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(ApiError::NotFound)
        }))
}

/// What was wrong with a JSON body, in words a developer can act on.
fn body_problem(err: &JsonPayloadError) -> String {
    match err {
        JsonPayloadError::ContentType => {
            "send the body as JSON, with Content-Type: application/json".into()
        }
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            "the body is larger than 64 KiB".into()
        }
        JsonPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    }
}
