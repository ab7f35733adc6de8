//! Liveness (the process answers) and readiness (the database answers). Readiness waits
//! at most READY_TIMEOUT, so a probe gets its answer while the database is down.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::error::RETRY_AFTER_SECONDS;

/// Shorter than the pool's acquire timeout: a probe wants a quick no, not a wait.
const READY_TIMEOUT: Duration = Duration::from_secs(1);

pub async fn live() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let reason = match actix_web::rt::time::timeout(READY_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => return HttpResponse::Ok().content_type("text/plain").body("ok"),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {READY_TIMEOUT:?}"),
    };
    tracing::warn!(%reason, "database not ready");
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain")
        .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
        .body("database unavailable")
}
