//! Liveness (the process answers) and readiness (the database answers, and the instance is
//! not draining). Readiness waits at most READY_TIMEOUT, so a probe gets its answer while
//! the database is down.
//!
//! Stopping: on SIGTERM (or Ctrl-C) the instance drains first — `/health/ready` answers
//! 503 and every answer closes its connection, so the load balancer sends new requests
//! elsewhere — then waits for the requests in flight to finish (up to `SHUTDOWN_TIMEOUT`),
//! and only then stops its workers. (Stopping the workers with requests in flight is not
//! safe: each actix worker runs its own runtime, and a pooled database connection opened
//! by a worker that has already stopped fails the request that holds it.) A second signal
//! cuts the waiting short.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::AppState;
use super::error::RETRY_AFTER_SECONDS;

/// Shorter than the pool's acquire timeout: a probe wants a quick no, not a wait.
const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// How long requests in flight may take to finish once the instance stops.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Set once a stop signal came: the process is draining.
static DRAINING: AtomicBool = AtomicBool::new(false);

pub fn draining() -> bool {
    DRAINING.load(Ordering::Relaxed)
}

/// Requests of the portal being answered now, in this process.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

pub fn request_started() {
    IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
}

pub fn request_ended() {
    IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
}

pub fn in_flight() -> usize {
    IN_FLIGHT.load(Ordering::Relaxed)
}

pub async fn live() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    if draining() {
        return unavailable("draining");
    }
    let reason = match actix_web::rt::time::timeout(READY_TIMEOUT, state.store.ping()).await {
        Ok(Ok(())) => return HttpResponse::Ok().content_type("text/plain").body("ok"),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {READY_TIMEOUT:?}"),
    };
    tracing::warn!(%reason, "database not ready");
    unavailable("database unavailable")
}

fn unavailable(body: &'static str) -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain")
        .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS))
        .body(body)
}

/// Waits for SIGTERM or SIGINT, drains for `drain`, waits for the requests in flight,
/// then stops the servers.
pub fn stop_on_signal(handles: Vec<actix_web::dev::ServerHandle>, drain: Duration) {
    tokio::spawn(async move {
        let signal = |kind| {
            tokio::signal::unix::signal(kind)
                .inspect_err(|e| tracing::error!(error = %e, "no signal handler"))
        };
        let (Ok(mut term), Ok(mut int)) = (
            signal(tokio::signal::unix::SignalKind::terminate()),
            signal(tokio::signal::unix::SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
        DRAINING.store(true, Ordering::Relaxed);
        tracing::info!(?drain, "stop signal: draining");
        tokio::select! {
            _ = actix_web::rt::time::sleep(drain) => {}
            _ = term.recv() => tracing::info!("second signal: draining cut short"),
            _ = int.recv() => tracing::info!("second signal: draining cut short"),
        }
        let waited = std::time::Instant::now();
        let mut cut_short = false;
        while in_flight() > 0 && waited.elapsed() < SHUTDOWN_TIMEOUT && !cut_short {
            tokio::select! {
                _ = actix_web::rt::time::sleep(Duration::from_millis(20)) => {}
                _ = term.recv() => cut_short = true,
                _ = int.recv() => cut_short = true,
            }
        }
        tracing::info!(left = in_flight(), waited = ?waited.elapsed(), "stopping");
        for handle in handles {
            handle.stop(true).await;
        }
    });
}
