//! Liveness (the process answers) and readiness (the database answers).

use actix_web::{HttpResponse, web};

use super::AppState;

pub async fn live() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    match state.store.ping().await {
        Ok(_) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unavailable")
        }
    }
}
