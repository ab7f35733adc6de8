//! When the database is unavailable, the session layer (which keeps its state there)
//! answers with an opaque 500; this middleware, outside it, turns that into the same 503
//! as any other outage: a page, or a problem under the API.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::api::problem::ApiError;
use super::api::vendor::API_PREFIX;
use super::error::WebError;
use crate::store::{self, StoreError};

/// Middleware, outside the session layer: that layer keeps its state in the database and
/// answers a failure of its store with an opaque 500. When the database is unavailable
/// that is the same outage as anywhere else, so it gets the same 503 (a page, or a problem
/// under the API).
pub async fn database_outage(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = req.path().starts_with(API_PREFIX);
    // No session here to read a choice from: the page is in the browser's language.
    let lang = crate::web::i18n::accepted(req.request());
    match store::noting_outage(next.call(req)).await {
        (Err(e), Some(reason)) if e.as_response_error().status_code().is_server_error() => {
            tracing::debug!(error = %e, "the session layer failed during an outage");
            let outage = StoreError::Unavailable(reason.into());
            if api {
                return Err(ApiError::Store(outage).into());
            }
            let page = crate::web::i18n::in_lang(lang, || {
                crate::web::i18n::rendered(WebError::Store(outage).into())
            });
            Err(page)
        }
        (res, _) => res,
    }
}
