//! Prometheus metrics, served at `/metrics` on the internal address only (`METRICS_ADDR`,
//! a listener of its own that the load balancer does not reach). README.md lists the
//! names. Requests are counted by route pattern (`/systemtilganger/{id}`), never by
//! address, so the number of series stays bounded.

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::AppState;
use super::rate_limit::Refusal;
use crate::store::Store;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChangeLabel {
    change: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabel {
    limit: &'static str,
}

/// Request latencies from 1 ms to about 16 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The metrics of one server, and the registry that names them.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    pool: Family<StateLabel, Gauge>,
    pool_max: Gauge,
    unavailable: Counter,
    sessions: Gauge,
    bulk_changes: Family<ChangeLabel, Counter>,
    changed_clients: Family<ChangeLabel, Counter>,
    refusals: Family<LimitLabel, Counter>,
    draining: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("kd");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route pattern and status",
            requests.clone(),
        );
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer, by method and route pattern",
            durations.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "Requests being answered now",
            in_flight.clone(),
        );
        let pool = Family::<StateLabel, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections of this instance's pool, in use or idle",
            pool.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most connections the pool opens",
            pool_max.clone(),
        );
        let unavailable = Counter::default();
        registry.register(
            "db_unavailable",
            "Database calls that found the database unavailable (a pool wait that timed \
             out, a refused or broken connection)",
            unavailable.clone(),
        );
        let sessions = Gauge::default();
        registry.register(
            "sessions_active",
            "Sessions stored and not expired (the whole fleet's)",
            sessions.clone(),
        );
        let bulk_changes = Family::<ChangeLabel, Counter>::default();
        registry.register(
            "bulk_changes",
            "Confirmed changes of a system access's clients (Bekreft og lukk, removals), \
             by what they did",
            bulk_changes.clone(),
        );
        let changed_clients = Family::<ChangeLabel, Counter>::default();
        registry.register(
            "bulk_change_clients",
            "Clients added to or removed from system accesses by those changes",
            changed_clients.clone(),
        );
        let refusals = Family::<LimitLabel, Counter>::default();
        registry.register(
            "rate_limit_refusals",
            "Attempts refused by a rate limit, by limit",
            refusals.clone(),
        );
        let draining = Gauge::default();
        registry.register(
            "draining",
            "1 while the instance drains before it stops (/health/ready answers 503)",
            draining.clone(),
        );
        Self {
            registry,
            requests,
            durations,
            in_flight,
            pool,
            pool_max,
            unavailable,
            sessions,
            bulk_changes,
            changed_clients,
            refusals,
            draining,
        }
    }
}

impl Metrics {
    /// A confirmed change of a system access's clients: `added` and `removed` clients.
    pub fn client_change(&self, added: usize, removed: usize) {
        for (change, n) in [("added", added), ("removed", removed)] {
            if n > 0 {
                let label = ChangeLabel { change };
                self.bulk_changes.get_or_create(&label).inc();
                self.changed_clients.get_or_create(&label).inc_by(n as u64);
            }
        }
    }

    pub fn refused(&self, refusal: Refusal) {
        self.refusals
            .get_or_create(&LimitLabel {
                limit: refusal.label(),
            })
            .inc();
    }

    /// The text exposition, with the gauges read now.
    async fn render(&self, store: &Store) -> String {
        let pool = store.pool();
        let idle = pool.num_idle() as i64;
        let size = i64::from(pool.size());
        self.pool
            .get_or_create(&StateLabel { state: "idle" })
            .set(idle);
        self.pool
            .get_or_create(&StateLabel { state: "in_use" })
            .set((size - idle).max(0));
        self.pool_max
            .set(i64::from(pool.options().get_max_connections()));
        // The process-wide count (every pool of the process), brought up to date.
        let seen = crate::store::unavailable_count();
        self.unavailable
            .inc_by(seen.saturating_sub(self.unavailable.get()));
        match store.active_sessions().await {
            Ok(n) => {
                self.sessions.set(n);
            }
            Err(e) => tracing::warn!(error = %e, "sessions not counted for /metrics"),
        }
        self.draining.set(i64::from(super::health::draining()));
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "metrics not encoded");
        }
        text
    }
}

/// A request being answered, counted in the gauge and in the process's count that a
/// stopping instance waits for (`health::in_flight`), until it is dropped: answered, or
/// given up.
struct InFlight<'a>(&'a Gauge);

impl<'a> InFlight<'a> {
    fn enter(gauge: &'a Gauge) -> Self {
        gauge.inc();
        super::health::request_started();
        Self(gauge)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
        super::health::request_ended();
    }
}

/// Counts every request by its route pattern, method and status, and times it.
pub async fn count(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| Arc::clone(&s.metrics));
    let Some(metrics) = metrics else {
        return next.call(req).await;
    };
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let res = {
        let _counted = InFlight::enter(&metrics.in_flight);
        next.call(req).await
    };
    let (route, status) = match &res {
        Ok(r) => (r.request().match_pattern(), r.status().as_u16()),
        Err(e) => (None, e.as_response_error().status_code().as_u16()),
    };
    // The default service (no route) is one series, whatever the address was.
    let route = route.unwrap_or_else(|| "unmatched".to_owned());
    metrics
        .durations
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status,
        })
        .inc();
    res
}

/// GET /metrics on the internal listener.
async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let text = state.metrics.render(&state.store).await;
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(text)
}

/// The internal server: `/metrics` and nothing else, on its own listener.
pub fn server(
    listener: std::net::TcpListener,
    state: web::Data<AppState>,
) -> std::io::Result<actix_web::dev::Server> {
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(metrics))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run();
    Ok(server)
}
