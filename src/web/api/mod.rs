//! The JSON APIs. Errors are problem details (problem.rs); bodies that do not parse get
//! one too, naming what was wrong. In demo and test mode a token endpoint issues tokens
//! like Maskinporten's, so the API can be tried without one.

pub mod demo;
pub mod problem;
pub mod vendor;

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
                .error_handler(|err, _| ApiError::MalformedBody(err.to_string()).into()),
        )
        .app_data(
            web::PathConfig::default()
                .error_handler(|err, _| ApiError::MalformedPath(err.to_string()).into()),
        )
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(ApiError::NotFound)
        }))
}
