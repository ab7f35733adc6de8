//! Where people reach the portal, and who is asking: the one place that decides whether
//! forwarded headers (`Forwarded`, `X-Forwarded-Host`, `-Proto`, `-For`) are believed.
//! They are only when the request comes straight from a configured proxy
//! (`TRUSTED_PROXIES`, as the nginx set-up sets them); from anyone else they are the
//! client's own words and are ignored. Addresses handed out (confirm URLs, answer links)
//! come from `PUBLIC_URL` whenever it is set.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::http::header;

use super::AppState;

/// Whether the request comes straight from a trusted proxy.
fn from_trusted_proxy(state: &AppState, req: &HttpRequest) -> bool {
    req.peer_addr()
        .is_some_and(|peer| state.trusted_proxies.contains(&peer.ip()))
}

/// The host (and port) the request was sent to: the proxy's `X-Forwarded-Host` behind a
/// trusted proxy, else the request's own `Host`.
pub fn request_host(state: &AppState, req: &HttpRequest) -> String {
    if from_trusted_proxy(state, req) {
        return req.connection_info().host().to_owned();
    }
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| req.app_config().host().to_owned())
}

/// `scheme://host[:port]` as people reach the portal: `PUBLIC_URL` when set, else this
/// request's (forwarded headers believed only from a trusted proxy).
pub fn public_origin(state: &AppState, req: &HttpRequest) -> String {
    if let Some(url) = &state.public_url {
        return url.clone();
    }
    let scheme = if from_trusted_proxy(state, req) {
        req.connection_info().scheme().to_owned()
    } else if req.app_config().secure() {
        "https".to_owned()
    } else {
        "http".to_owned()
    };
    format!("{scheme}://{}", request_host(state, req))
}

/// The address of the person asking: the first `X-Forwarded-For` behind a trusted proxy,
/// else the connection's (for the login rate limits).
pub fn client_ip(state: &AppState, req: &HttpRequest) -> Option<IpAddr> {
    if from_trusted_proxy(state, req)
        && let Some(ip) = req.connection_info().realip_remote_addr().and_then(|a| {
            a.parse::<IpAddr>()
                .ok()
                .or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        })
    {
        return Some(ip);
    }
    req.peer_addr().map(|a| a.ip())
}

/// The authority (`host[:port]`) of the portal as the browser should name it in `Origin`.
pub fn expected_authority(state: &AppState, req: &HttpRequest) -> String {
    match &state.public_url {
        Some(url) => url
            .split_once("://")
            .map_or(url.as_str(), |(_, authority)| authority)
            .to_owned(),
        None => request_host(state, req),
    }
}
