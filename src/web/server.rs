//! Start-up: the HTTP server with its middleware (security headers, same-origin writes,
//! sessions, CSRF, languages, caching of assets), the routes of `super::ROUTES`, and the
//! token checking of the APIs.

use std::net::TcpListener;
use std::sync::Arc;

use actix_files::Files;
use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy};
use actix_web::cookie::{SameSite, time::Duration};
use actix_web::dev::Server;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::auth::oidc::OidcClient;
use crate::auth::{DemoIssuer, TokenValidator};
use crate::config::Config;
use crate::store::Store;
use crate::store::sessions::PgSessionStore;

use super::{
    AppState, ROUTES, WebError, api, assets, csrf, forms, i18n, metrics, outage, rate_limit, routes,
};

/// No inline scripts or styles anywhere: htmx is configured from a meta tag and the
/// portal's own behaviour lives in /static/app.js. Designsystemet draws icons as data: URIs.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The policy for a page whose form may end at another origin (an answered vendor
/// request sends the person back to the vendor): that one origin is added to form-action.
pub fn content_security_policy(form_target: Option<&str>) -> String {
    match form_target {
        None => CONTENT_SECURITY_POLICY.to_owned(),
        Some(origin) => CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'",
            &format!("form-action 'self' {origin}"),
        ),
    }
}

/// Binds the listener and builds the server; the caller awaits (or spawns) it.
pub fn server(config: Config, store: Store) -> std::io::Result<Server> {
    let listener = TcpListener::bind(config.listen)?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, demo = config.demo_mode, test_login = config.test_login,
        oidc = config.oidc.as_ref().map(|o| o.issuer.as_str()), "listening");
    if config.test_login && config.oidc.is_some() {
        tracing::warn!("the test login is on beside OpenID Connect (TEST_LOGIN=true)");
    }
    let drain = config.drain;
    let (server, internal) = build(listener, config, store)?;
    let mut handles = vec![server.handle()];
    if let Some(internal) = internal {
        handles.push(internal.handle());
        tokio::spawn(internal);
    }
    super::health::stop_on_signal(handles, drain);
    Ok(server)
}

/// The server on a listener the caller bound, without signal handling (tests stop it by
/// dropping it). The metrics listener, if configured, runs beside it.
pub fn server_on(listener: TcpListener, config: Config, store: Store) -> std::io::Result<Server> {
    let (server, internal) = build(listener, config, store)?;
    if let Some(internal) = internal {
        tokio::spawn(internal);
    }
    Ok(server)
}

/// The portal's server, and the internal one of `/metrics` when `METRICS_ADDR` is set.
fn build(
    listener: TcpListener,
    config: Config,
    store: Store,
) -> std::io::Result<(Server, Option<Server>)> {
    // The server's HTTPS clients (JWKS, OpenID) need rustls's provider; so do those of a
    // process that starts one, and reqwest panics without it.
    crate::auth::install_crypto_provider();
    assets::init(&config.static_dir);
    let (demo_issuer, tokens) = token_checking(&config, listener.local_addr()?)?;
    let oidc = match config.oidc.clone() {
        Some(c) => Some(Arc::new(OidcClient::new(c).map_err(|e| {
            std::io::Error::other(format!("OpenID Connect client: {e}"))
        })?)),
        None => None,
    };
    let state = web::Data::new(AppState {
        store,
        test_login: config.test_login,
        request_ttl: config.request_ttl,
        fullmakt_request_ttl_days: config.fullmakt_request_ttl_days,
        public_url: config.public_url.clone(),
        tokens,
        demo_issuer,
        login_limiter: rate_limit::LoginLimiter::default(),
        metrics: Arc::default(),
        oidc,
        https: config.secure_cookies,
        trusted_proxies: config.trusted_proxies.clone(),
    });
    let internal = match config.metrics_listen {
        Some(addr) => {
            let listener = TcpListener::bind(addr)?;
            tracing::info!(addr = %listener.local_addr()?, "metrics at /metrics");
            Some(metrics::server(listener, state.clone())?)
        }
        None => None,
    };
    let static_dir = config.static_dir.clone();
    let key = config.session_key.clone();
    let secure = config.secure_cookies;
    let idle = Duration::seconds(config.session_idle.whole_seconds());
    let session_store = PgSessionStore::new(state.store.clone(), idle);
    let server = HttpServer::new(move || {
        // The cookie lives as long as the browser session; the state on the server ends
        // after the idle timeout, which the store renews as sessions are read (at most
        // every few minutes, so a page view writes nothing) and with every change.
        let sessions = SessionMiddleware::builder(session_store.clone(), key.clone())
            .cookie_name("klientdelegering".into())
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_secure(secure)
            .cookie_content_security(CookieContentSecurity::Private)
            .session_lifecycle(
                BrowserSession::default()
                    .state_ttl(idle)
                    .state_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
            )
            .build();
        App::new()
            .app_data(state.clone())
            // Innermost: re-renders an error page inside the person's layout, with the
            // session, the form token and the language of the request.
            .wrap(from_fn(super::error::with_layout))
            .wrap(from_fn(csrf::protect))
            .wrap(from_fn(i18n::negotiate))
            .wrap(sessions)
            .wrap(from_fn(without_session))
            .wrap(from_fn(outage::database_outage))
            .wrap(from_fn(same_origin_writes))
            .wrap(from_fn(request_id_header))
            .wrap(TracingLogger::default())
            .wrap(from_fn(keep_uncompressed))
            .wrap(Compress::default())
            .wrap(from_fn(without_identity))
            .wrap(from_fn(headers_on_every_answer))
            .wrap(from_fn(metrics::count))
            .app_data(web::PayloadConfig::new(forms::LIMIT))
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                WebError::BadRequest(i18n::t_args(
                    "error-bad-parameter",
                    &[("error", err.to_string().into())],
                ))
                .into()
            }))
            .configure(routes)
            .service(
                web::scope("/static")
                    .wrap(from_fn(from_memory))
                    .wrap(from_fn(long_cache))
                    .service(Files::new("", static_dir.clone())),
            )
            .default_service(web::to(not_found))
    })
    // An answer leaves at once, not after the client acknowledges the one before: without
    // this, a file's headers and body (two writes) wait ~40 ms for a delayed ACK on a
    // kept-alive connection (Nagle's algorithm).
    .on_connect(|conn, _| {
        if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let _ = tcp.set_nodelay(true);
        }
    })
    .listen(listener)?
    .workers(2)
    // Stopping is `health::stop_on_signal`'s: drain first, then stop.
    .disable_signals()
    .shutdown_timeout(super::health::SHUTDOWN_TIMEOUT.as_secs())
    .run();
    Ok((server, internal))
}

/// How the APIs check tokens: against the configured issuer's JWKS, or in demo mode
/// without one, against a key of this process that the demo token endpoint signs with.
#[allow(clippy::type_complexity)]
fn token_checking(
    config: &Config,
    addr: std::net::SocketAddr,
) -> std::io::Result<(Option<Arc<DemoIssuer>>, Arc<TokenValidator>)> {
    let failed = |e: String| std::io::Error::other(format!("token validation: {e}"));
    let demo_issuer = if config.demo_mode && config.tokens.issuer.is_none() {
        let base = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        let issuer = DemoIssuer::generate(format!("{base}/demo"))
            .map_err(|e| failed(e.to_string()))?
            .with_audience(config.tokens.audience.clone());
        Some(Arc::new(issuer))
    } else {
        None
    };
    let validator = TokenValidator::from_config(&config.tokens, demo_issuer.as_deref())
        .map_err(|e| failed(e.to_string()))?;
    Ok((demo_issuer, Arc::new(validator)))
}

const PERMISSIONS_POLICY_HEADER: &str = "permissions-policy";

/// Features of the browser the portal does not use, turned off for every page.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
    magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()";

/// The same headers on every answer, errors included. Most refusals are pages already
/// (a missing form token, a foreign Origin); an error that reaches here unanswered (the
/// session layer failing in an outage) gets its page now, with the headers on it. Behind
/// https browsers are also told to use nothing else (HSTS). Pages and JSON show personal
/// or business data: `no-store` unless the answer says otherwise (static files are cached
/// for long, `long_cache`).
async fn headers_on_every_answer(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.https);
    match next.call(req).await {
        Ok(res) => {
            let mut res = res.map_into_boxed_body();
            common_headers(res.headers_mut(), https);
            if super::health::draining() {
                // The client (the load balancer) opens its next connection elsewhere.
                res.response_mut()
                    .head_mut()
                    .set_connection_type(actix_http::ConnectionType::Close);
            }
            Ok(res)
        }
        Err(e) => {
            let mut page = e.error_response();
            common_headers(page.headers_mut(), https);
            Err(actix_web::error::InternalError::from_response(e, page).into())
        }
    }
}

/// The headers of `headers_on_every_answer`, where the answer has not set its own.
fn common_headers(h: &mut header::HeaderMap, https: bool) {
    let mut add = |name: header::HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    add(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    add(header::REFERRER_POLICY, "same-origin");
    add(header::X_FRAME_OPTIONS, "DENY");
    add(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    add(
        header::HeaderName::from_static(PERMISSIONS_POLICY_HEADER),
        PERMISSIONS_POLICY,
    );
    add(header::CACHE_CONTROL, "no-store");
    if https {
        add(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
}

/// The request's id (the one its log lines carry, `tracing_actix_web`) on its answer as
/// `X-Request-Id`, so that a person's report or the load balancer's log finds the lines.
async fn request_id_header(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    let id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .and_then(|id| HeaderValue::from_str(&id.to_string()).ok());
    let mut res = next.call(req).await?;
    if let Some(id) = id {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

/// A second line of defence against cross-site request forgery, under SameSite cookies:
/// a state-changing request must come from our own pages.
async fn same_origin_writes(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    if !req.method().is_safe() && !same_origin(req.request()) {
        tracing::warn!(method = %req.method(), path = req.path(), "cross-site write refused");
        // Outside the session layer: the browser's language.
        let lang = i18n::accepted(req.request());
        let message = i18n::in_lang(lang, || i18n::t("error-cross-site"));
        let page = i18n::in_lang(lang, || req.error_response(WebError::Forbidden(message)));
        return Ok(page.map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

fn same_origin(req: &actix_web::HttpRequest) -> bool {
    let headers = req.headers();
    if headers
        .get("Sec-Fetch-Site")
        .is_some_and(|v| v == "cross-site" || v == "same-site")
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true; // Older clients and non-browsers send no Origin; SameSite still holds.
    };
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return false;
    };
    let expected = super::origin::expected_authority(state, req);
    origin
        .split_once("://")
        .is_some_and(|(_, authority)| authority == expected)
}

/// Whether a path is served without a session: static files, health probes and the APIs
/// (which take bearer tokens). Neither the session, the CSRF token nor the language choice
/// is read for them.
pub fn session_free(path: &str) -> bool {
    path.starts_with("/static/")
        || path.starts_with("/health/")
        || matches!(path, "/robots.txt" | "/favicon.ico")
        || api::is_api_path(path)
}

/// Hands session-free requests to the session layer without their cookie, so that a file,
/// a probe or an API call neither reads nor writes the session table (the session layer
/// loads the session of every request that carries the cookie, used or not).
async fn without_session(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if session_free(req.path()) {
        req.headers_mut().remove(header::COOKIE);
    }
    next.call(req).await
}

/// Whether the request accepts gzip (`Accept-Encoding`, without `q=0`).
fn accepts_gzip(headers: &actix_web::http::header::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// A static text file, read and gzipped once at start (`assets`): gzipped for a client that
/// accepts gzip, else plain. Other files (fonts, images) come from the directory.
async fn from_memory(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let file = req.path().trim_start_matches("/static/");
    let readable = matches!(
        *req.method(),
        actix_web::http::Method::GET | actix_web::http::Method::HEAD
    );
    let Some(text) = assets::text(file).filter(|_| readable) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let mut res = HttpResponse::Ok();
    res.content_type(text.content_type)
        .insert_header((header::VARY, "Accept-Encoding"));
    let res = if accepts_gzip(req.headers()) {
        res.insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(text.gzipped.clone())
    } else {
        res.body(text.plain.clone())
    };
    Ok(req.into_response(res).map_into_right_body())
}

/// Marks the answers the compression layer must leave alone. HTML: a page carries the
/// session's form token next to text the request chose (a search, a filter), which is
/// what BREACH needs to read a secret from compressed sizes, so pages go uncompressed.
/// Static files: compressed once at start (`from_memory`), or not worth it (fonts).
/// JSON and the CSV carry no tokens and are compressed when asked for.
async fn keep_uncompressed(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let under_static = req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if (html || under_static) && !res.headers().contains_key(header::CONTENT_ENCODING) {
        res.headers_mut().insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static("identity"),
        );
    }
    Ok(res)
}

/// Takes away the `identity` mark of `keep_uncompressed` once compression is past.
async fn without_identity(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    if res
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|v| v == "identity")
    {
        res.headers_mut().remove(header::CONTENT_ENCODING);
    }
    Ok(res)
}

/// Asset URLs carry a content version, so they may be cached for a year.
async fn long_cache(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    // Only the version served now is immutable: a page of an older (or newer) instance
    // asking for its own version gets today's file, which must not stick for a year.
    // Unversioned addresses are cached for a day.
    let query = req.query_string();
    let versioned = query.strip_prefix("v=").map(assets::is_current);
    let mut res = next.call(req).await?;
    if res.status().is_success() {
        let policy = match versioned {
            Some(true) => "public, max-age=31536000, immutable",
            Some(false) => "no-cache",
            None => "public, max-age=86400",
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(res)
}

async fn not_found(req: actix_web::HttpRequest) -> actix_web::Result<HttpResponse> {
    if api::is_api_path(req.path()) {
        let allowed = allowed_methods(req.path());
        if !allowed.is_empty() {
            return Err(api::problem::ApiError::MethodNotAllowed(allowed).into());
        }
        return Err(api::problem::ApiError::NotFound.into());
    }
    Err(WebError::NotFound.into())
}

/// The methods the route table has for a path (an API answers others with 405). A path
/// that a route names word for word takes only that route's methods: `…/vendor/agent` is
/// not also an `…/vendor/{id}`.
pub fn allowed_methods(path: &str) -> Vec<&'static str> {
    // How many of the pattern's segments are placeholders, if it fits.
    let fits = |pattern: &str| {
        let (mut p, mut a) = (pattern.split('/'), path.split('/'));
        let mut placeholders = 0;
        loop {
            match (p.next(), a.next()) {
                (None, None) => return Some(placeholders),
                (Some(want), Some(_)) if want.starts_with('{') => placeholders += 1,
                (Some(want), Some(got)) if want == got => {}
                _ => return None,
            }
        }
    };
    let fitting: Vec<(usize, &'static str)> = ROUTES
        .iter()
        .filter_map(|r| fits(r.path).map(|n| (n, r.method)))
        .collect();
    let fewest = fitting.iter().map(|(n, _)| *n).min().unwrap_or(0);
    let mut methods: Vec<&'static str> = fitting
        .into_iter()
        .filter(|(n, _)| *n == fewest)
        .map(|(_, m)| m)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}
