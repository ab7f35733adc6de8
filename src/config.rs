//! Configuration from the environment, read once at start. See README.md.

use std::net::SocketAddr;
use std::path::PathBuf;

use actix_web::cookie::Key;

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    pub session_key: Key,
    /// Load demo data at start and allow the test login by default.
    pub demo_mode: bool,
    /// The login that asks only for a national id (like TestID). Never for production.
    pub test_login: bool,
    /// Mark cookies Secure (behind https).
    pub secure_cookies: bool,
    pub static_dir: PathBuf,
    /// A session ends after this long without a request (the absolute limit is 8 hours).
    pub session_idle: time::Duration,
    /// How long a vendor request waits for an answer before it times out.
    pub request_ttl: time::Duration,
    /// How many days a firm's request for fullmakt can be answered.
    pub fullmakt_request_ttl_days: u32,
    /// The portal's address as people reach it (for the confirm URL of vendor requests).
    /// Without it, the address is taken from the vendor's request.
    pub public_url: Option<String>,
    /// Who may sign the bearer tokens the API accepts. See [`TokenConfig`].
    pub tokens: TokenConfig,
    /// The OpenID Connect provider people log in with (ID-porten), if any. See
    /// [`OidcConfig`].
    pub oidc: Option<OidcConfig>,
    /// The proxies (load balancers) whose forwarded headers are believed:
    /// `TRUSTED_PROXIES`, IP addresses separated by commas. None by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The internal address of `/metrics` (Prometheus): `METRICS_ADDR`, a listener of its
    /// own. None (the default): no metrics are served.
    pub metrics_listen: Option<SocketAddr>,
    /// How long the instance drains after SIGTERM before it stops taking connections
    /// (`/health/ready` answers 503 meanwhile): `DRAIN_SECONDS`, 5 by default.
    pub drain: std::time::Duration,
}

/// Where the API's bearer tokens come from: an issuer in the Maskinporten model (its
/// `iss` value and the URL of its JWKS) and, optionally, the audience tokens must name.
///
/// `MASKINPORTEN_ISSUER` and `MASKINPORTEN_JWKS_URL` are set together or not at all. With
/// neither, no outside issuer is trusted: in demo mode the app signs its own tokens with an
/// [`crate::auth::DemoIssuer`]; outside demo mode the API refuses every token
/// ([`crate::auth::TokenError::KeysUnavailable`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenConfig {
    /// The exact `iss` value of the tokens, e.g. `https://maskinporten.no/` (the trailing
    /// slash matters).
    pub issuer: Option<String>,
    /// The issuer's JWKS (its public signing keys), http or https.
    pub jwks_url: Option<String>,
    /// When set, a token's `aud` must name it.
    pub audience: Option<String>,
}

/// The OpenID Connect provider of the login (authorization code flow with PKCE), as
/// ID-porten is used: found by its issuer URL (discovery at
/// `{issuer}/.well-known/openid-configuration`), with a confidential client whose secret is
/// sent as `client_secret_basic` or `client_secret_post`. (ID-porten also offers
/// `private_key_jwt`; not supported yet.)
///
/// `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET` are set together or not at all,
/// and need `PUBLIC_URL`: the redirect URI is `PUBLIC_URL/logg-inn/callback`.
#[derive(Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// The issuer URL, e.g. `https://idporten.no` (https; http only on this machine).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub client_auth: ClientAuth,
    /// Where the provider sends the person back: `PUBLIC_URL` + [`OIDC_CALLBACK_PATH`].
    pub redirect_uri: String,
    /// Asked for as `acr_values` and required of the ID token's `acr` (a higher level of
    /// ID-porten's also does), e.g. `idporten-loa-substantial`.
    pub acr_values: Option<String>,
}

/// The path the provider sends the person back to.
pub const OIDC_CALLBACK_PATH: &str = "/logg-inn/callback";

/// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic with the form-encoded id and secret (the default).
    SecretBasic,
    /// `client_id` and `client_secret` in the form.
    SecretPost,
}

/// The OIDC_* settings as given, before they are checked.
#[derive(Clone, Debug, Default)]
pub struct OidcVars {
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// `client_secret_basic` (default) or `client_secret_post`.
    pub client_auth: Option<String>,
    pub acr_values: Option<String>,
}

// The secret stays out of logs and panic messages.
impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"…")
            .field("client_auth", &self.client_auth)
            .field("redirect_uri", &self.redirect_uri)
            .field("acr_values", &self.acr_values)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    /// A setting another one cannot do without.
    #[error("{name} is not set, and {needed_by} needs it")]
    NeededBy {
        name: &'static str,
        needed_by: &'static str,
    },
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

fn flag(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    Ok(explicit_flag(name)?.unwrap_or(default))
}

/// A flag as given, or None when it is not set.
fn explicit_flag(name: &'static str) -> Result<Option<bool>, ConfigError> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" | "" => Ok(Some(false)),
            other => Err(ConfigError::Invalid {
                name,
                reason: format!("expected true or false, got {other:?}"),
            }),
        },
    }
}

/// SESSION_KEY: at least 64 bytes, written as hex (128 or more hex digits).
fn session_key(demo_mode: bool) -> Result<Key, ConfigError> {
    let Ok(hex) = std::env::var("SESSION_KEY") else {
        if demo_mode {
            tracing::warn!("SESSION_KEY is not set; using a random key (sessions end on restart)");
            return Ok(Key::generate());
        }
        return Err(ConfigError::Missing("SESSION_KEY"));
    };
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "SESSION_KEY",
        reason: reason.to_owned(),
    };
    let hex = hex.trim();
    if hex.len() % 2 != 0 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid("expected hexadecimal digits"));
    }
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()
        .map_err(|_| invalid("expected hexadecimal digits"))?;
    Key::try_from(bytes.as_slice())
        .map_err(|_| invalid("expected at least 64 bytes (128 hex digits)"))
}

/// An optional setting: unset and blank are the same.
fn optional(name: &'static str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl TokenConfig {
    /// MASKINPORTEN_ISSUER, MASKINPORTEN_JWKS_URL and TOKEN_AUDIENCE.
    fn from_env() -> Result<Self, ConfigError> {
        Self::new(
            optional("MASKINPORTEN_ISSUER"),
            optional("MASKINPORTEN_JWKS_URL"),
            optional("TOKEN_AUDIENCE"),
        )
    }

    /// Checks that issuer and JWKS URL come together and that the URL is http(s).
    pub fn new(
        issuer: Option<String>,
        jwks_url: Option<String>,
        audience: Option<String>,
    ) -> Result<Self, ConfigError> {
        match (&issuer, &jwks_url) {
            (Some(_), None) => {
                return Err(ConfigError::Invalid {
                    name: "MASKINPORTEN_JWKS_URL",
                    reason: "it must be set when MASKINPORTEN_ISSUER is (both or neither)".into(),
                });
            }
            (None, Some(_)) => {
                return Err(ConfigError::Invalid {
                    name: "MASKINPORTEN_ISSUER",
                    reason: "it must be set when MASKINPORTEN_JWKS_URL is (both or neither)".into(),
                });
            }
            _ => {}
        }
        if let Some(url) = &jwks_url {
            let invalid = |reason: String| ConfigError::Invalid {
                name: "MASKINPORTEN_JWKS_URL",
                reason,
            };
            // Keys fetched in the clear could be swapped on the way: https, except on
            // this machine (a local issuer in tests).
            check_https(url).map_err(invalid)?;
        }
        Ok(Self {
            issuer,
            jwks_url,
            audience,
        })
    }

    /// Whether an outside issuer is configured (issuer and JWKS URL).
    pub fn has_issuer(&self) -> bool {
        self.issuer.is_some() && self.jwks_url.is_some()
    }
}

/// An http(s) URL with a host, https unless the host is this machine (a local issuer or
/// provider in tests): what is fetched from it or sent to it must not be read or changed
/// on the way.
pub fn check_https(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("{e}: {url:?}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(format!("expected an http(s) URL, got {url:?}"));
    }
    let loopback = matches!(parsed.host(), Some(url::Host::Ipv4(ip)) if ip.is_loopback())
        || matches!(parsed.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || parsed.host_str() == Some("localhost");
    if parsed.scheme() == "http" && !loopback {
        return Err(format!(
            "expected https (http only on this machine), got {url:?}"
        ));
    }
    Ok(())
}

impl OidcVars {
    /// OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_CLIENT_AUTH, OIDC_ACR_VALUES.
    fn from_env() -> Self {
        Self {
            issuer: optional("OIDC_ISSUER"),
            client_id: optional("OIDC_CLIENT_ID"),
            client_secret: optional("OIDC_CLIENT_SECRET"),
            client_auth: optional("OIDC_CLIENT_AUTH"),
            acr_values: optional("OIDC_ACR_VALUES"),
        }
    }
}

impl OidcConfig {
    /// Checks the settings: issuer, client id and secret together or none of them (then
    /// `None`: no OpenID Connect login), and PUBLIC_URL (`public_url`) with them.
    pub fn from_vars(
        vars: OidcVars,
        public_url: Option<&str>,
    ) -> Result<Option<Self>, ConfigError> {
        let OidcVars {
            issuer,
            client_id,
            client_secret,
            client_auth,
            acr_values,
        } = vars;
        let (issuer, client_id, client_secret) = match (issuer, client_id, client_secret) {
            (None, None, None) => {
                let stray = [
                    ("OIDC_CLIENT_AUTH", &client_auth),
                    ("OIDC_ACR_VALUES", &acr_values),
                ];
                if let Some((name, _)) = stray.iter().find(|(_, v)| v.is_some()) {
                    return Err(ConfigError::Invalid {
                        name,
                        reason: "it only has a meaning with OIDC_ISSUER, OIDC_CLIENT_ID and \
                                 OIDC_CLIENT_SECRET"
                            .into(),
                    });
                }
                return Ok(None);
            }
            (Some(i), Some(c), Some(s)) => (i, c, s),
            (i, c, s) => {
                let missing = [
                    ("OIDC_ISSUER", i.is_none()),
                    ("OIDC_CLIENT_ID", c.is_none()),
                    ("OIDC_CLIENT_SECRET", s.is_none()),
                ];
                let name = missing
                    .iter()
                    .find_map(|(n, m)| m.then_some(*n))
                    .unwrap_or("OIDC_ISSUER");
                return Err(ConfigError::Invalid {
                    name,
                    reason: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set \
                             together or not at all"
                        .into(),
                });
            }
        };
        let issuer = issuer.trim_end_matches('/').to_owned();
        check_https(&issuer).map_err(|reason| ConfigError::Invalid {
            name: "OIDC_ISSUER",
            reason,
        })?;
        let client_auth = match client_auth.as_deref() {
            None | Some("client_secret_basic") => ClientAuth::SecretBasic,
            Some("client_secret_post") => ClientAuth::SecretPost,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "OIDC_CLIENT_AUTH",
                    reason: format!(
                        "expected client_secret_basic or client_secret_post, got {other:?} \
                         (private_key_jwt is not supported yet)"
                    ),
                });
            }
        };
        let public_url = public_url.ok_or(ConfigError::NeededBy {
            name: "PUBLIC_URL",
            needed_by: "OIDC_ISSUER (the redirect URI is PUBLIC_URL/logg-inn/callback)",
        })?;
        let redirect_uri = format!("{}{OIDC_CALLBACK_PATH}", public_url.trim_end_matches('/'));
        check_https(&redirect_uri).map_err(|reason| ConfigError::Invalid {
            name: "PUBLIC_URL",
            reason: format!("the login's redirect URI: {reason}"),
        })?;
        Ok(Some(Self {
            issuer,
            client_id,
            client_secret,
            client_auth,
            redirect_uri,
            acr_values,
        }))
    }

    /// Where the provider publishes its metadata.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }
}

/// Whether the test login is on: as TEST_LOGIN says when it is given; otherwise in demo
/// mode, but never by default beside a real login (OpenID Connect).
pub fn test_login_on(explicit: Option<bool>, demo_mode: bool, oidc: bool) -> bool {
    explicit.unwrap_or(demo_mode && !oidc)
}

/// A session ends after 30 minutes without a request unless configured otherwise.
pub const DEFAULT_SESSION_IDLE: time::Duration = time::Duration::minutes(30);

/// SESSION_IDLE_MINUTES: 1 to 480; 30 when not set.
fn session_idle() -> Result<time::Duration, ConfigError> {
    let Ok(minutes) = std::env::var("SESSION_IDLE_MINUTES") else {
        return Ok(DEFAULT_SESSION_IDLE);
    };
    match minutes.trim().parse::<i64>() {
        Ok(m) if (1..=480).contains(&m) => Ok(time::Duration::minutes(m)),
        _ => Err(ConfigError::Invalid {
            name: "SESSION_IDLE_MINUTES",
            reason: format!("expected a number of minutes from 1 to 480, got {minutes:?}"),
        }),
    }
}

/// REQUEST_TTL_DAYS: a whole number of days, 1 to 3650; 180 when not set.
fn request_ttl() -> Result<time::Duration, ConfigError> {
    let Ok(days) = std::env::var("REQUEST_TTL_DAYS") else {
        return Ok(DEFAULT_REQUEST_TTL);
    };
    match days.trim().parse::<i64>() {
        Ok(d) if (1..=3650).contains(&d) => Ok(time::Duration::days(d)),
        _ => Err(ConfigError::Invalid {
            name: "REQUEST_TTL_DAYS",
            reason: format!("expected a number of days from 1 to 3650, got {days:?}"),
        }),
    }
}

/// FULLMAKT_REQUEST_TTL_DAYS: a whole number of days, 1 to 365; 30 when not set.
fn fullmakt_request_ttl_days() -> Result<u32, ConfigError> {
    let Ok(days) = std::env::var("FULLMAKT_REQUEST_TTL_DAYS") else {
        return Ok(crate::domain::fullmakt_requests::DEFAULT_TTL_DAYS);
    };
    match days.trim().parse::<u32>() {
        Ok(d) if (1..=365).contains(&d) => Ok(d),
        _ => Err(ConfigError::Invalid {
            name: "FULLMAKT_REQUEST_TTL_DAYS",
            reason: format!("expected a number of days from 1 to 365, got {days:?}"),
        }),
    }
}

/// PUBLIC_URL: http(s)://host[:port], without a trailing slash.
fn public_url() -> Result<Option<String>, ConfigError> {
    let Ok(url) = std::env::var("PUBLIC_URL") else {
        return Ok(None);
    };
    let url = url.trim().trim_end_matches('/');
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(Some(url.to_owned()))
        }
        _ => Err(ConfigError::Invalid {
            name: "PUBLIC_URL",
            reason: format!("expected an http(s) address, got {url:?}"),
        }),
    }
}

/// TRUSTED_PROXIES: IP addresses separated by commas (spaces allowed).
fn trusted_proxies(value: Option<&str>) -> Result<Vec<std::net::IpAddr>, ConfigError> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse().map_err(|_| ConfigError::Invalid {
                name: "TRUSTED_PROXIES",
                reason: format!("expected IP addresses separated by commas, got {a:?}"),
            })
        })
        .collect()
}

/// METRICS_ADDR: host:port of the internal metrics listener.
fn metrics_listen() -> Result<Option<SocketAddr>, ConfigError> {
    let Some(addr) = optional("METRICS_ADDR") else {
        return Ok(None);
    };
    addr.parse().map(Some).map_err(|_| ConfigError::Invalid {
        name: "METRICS_ADDR",
        reason: format!("expected an address and port such as 127.0.0.1:9464, got {addr:?}"),
    })
}

/// DRAIN_SECONDS: 0 to 300.
fn drain() -> Result<std::time::Duration, ConfigError> {
    let Some(seconds) = optional("DRAIN_SECONDS") else {
        return Ok(std::time::Duration::from_secs(5));
    };
    match seconds.parse::<u64>() {
        Ok(s) if s <= 300 => Ok(std::time::Duration::from_secs(s)),
        _ => Err(ConfigError::Invalid {
            name: "DRAIN_SECONDS",
            reason: format!("expected a number of seconds from 0 to 300, got {seconds:?}"),
        }),
    }
}

/// Vendor requests time out after 180 days unless configured otherwise.
pub const DEFAULT_REQUEST_TTL: time::Duration = time::Duration::days(180);

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let database_url =
            std::env::var("DATABASE_URL").map_err(|_| ConfigError::Missing("DATABASE_URL"))?;
        let listen = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".into());
        let listen =
            listen
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    name: "LISTEN_ADDR",
                    reason: e.to_string(),
                })?;
        let demo_mode = flag("DEMO_MODE", false)?;
        let public_url = match public_url()? {
            // Confirm URLs handed to vendors must not depend on a caller's Host header.
            None if !demo_mode => return Err(ConfigError::Missing("PUBLIC_URL")),
            url => url,
        };
        let oidc = OidcConfig::from_vars(OidcVars::from_env(), public_url.as_deref())?;
        Ok(Self {
            database_url,
            listen,
            session_key: session_key(demo_mode)?,
            demo_mode,
            test_login: test_login_on(explicit_flag("TEST_LOGIN")?, demo_mode, oidc.is_some()),
            // Production runs behind https; the demo runs on plain http on loopback.
            secure_cookies: flag("COOKIE_SECURE", !demo_mode)?,
            static_dir: std::env::var("STATIC_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from("static")),
            tokens: TokenConfig::from_env()?,
            session_idle: session_idle()?,
            request_ttl: request_ttl()?,
            fullmakt_request_ttl_days: fullmakt_request_ttl_days()?,
            public_url,
            oidc,
            trusted_proxies: trusted_proxies(std::env::var("TRUSTED_PROXIES").ok().as_deref())?,
            metrics_listen: metrics_listen()?,
            drain: drain()?,
        })
    }

    /// A configuration for tests: demo mode, test login on, a random key, no token
    /// issuer, no OpenID Connect. Like `from_env`, installs the rustls provider (for the tests' clients too).
    pub fn for_tests(database_url: String) -> Self {
        Self {
            database_url,
            listen: "127.0.0.1:0".parse().expect("a valid literal address"),
            session_key: Key::generate(),
            demo_mode: true,
            test_login: true,
            secure_cookies: false,
            static_dir: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static")),
            tokens: TokenConfig::default(),
            session_idle: DEFAULT_SESSION_IDLE,
            request_ttl: DEFAULT_REQUEST_TTL,
            fullmakt_request_ttl_days: crate::domain::fullmakt_requests::DEFAULT_TTL_DAYS,
            public_url: None,
            oidc: None,
            trusted_proxies: Vec::new(),
            metrics_listen: None,
            drain: std::time::Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn trusted_proxies_are_addresses_separated_by_commas() {
        assert_eq!(
            trusted_proxies(None).unwrap(),
            Vec::<std::net::IpAddr>::new()
        );
        assert_eq!(
            trusted_proxies(Some("127.0.0.1, ::1,10.0.0.2")).unwrap(),
            [
                "127.0.0.1".parse::<std::net::IpAddr>().unwrap(),
                "::1".parse().unwrap(),
                "10.0.0.2".parse().unwrap()
            ]
        );
        assert!(trusted_proxies(Some("127.0.0.1,nginx")).is_err());
    }

    #[test]
    fn tokens_need_issuer_and_jwks_url_together() {
        assert_eq!(
            TokenConfig::new(None, None, None).unwrap(),
            TokenConfig::default()
        );
        let both = TokenConfig::new(
            some("https://maskinporten.no/"),
            some("https://maskinporten.no/jwk"),
            some("https://klientdelegering.example/"),
        )
        .unwrap();
        assert!(both.has_issuer());

        let err = TokenConfig::new(some("https://maskinporten.no/"), None, None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("MASKINPORTEN_JWKS_URL is not valid"),
            "{err}"
        );
        let err = TokenConfig::new(None, some("https://maskinporten.no/jwk"), None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("MASKINPORTEN_ISSUER is not valid"),
            "{err}"
        );
    }

    #[test]
    fn jwks_url_must_be_http_or_https() {
        let issuer = some("https://maskinporten.no/");
        assert!(TokenConfig::new(issuer.clone(), some("http://127.0.0.1:9/jwk"), None).is_ok());
        for bad in [
            "ftp://maskinporten.no/jwk",
            "file:///etc/jwk.json",
            "maskinporten.no/jwk",
            "http://maskinporten.no/jwk",
        ] {
            let err = TokenConfig::new(issuer.clone(), some(bad), None).unwrap_err();
            assert!(
                err.to_string().starts_with("MASKINPORTEN_JWKS_URL"),
                "{bad}: {err}"
            );
        }
    }

    fn idporten() -> OidcVars {
        OidcVars {
            issuer: some("https://test.idporten.no/"),
            client_id: some("klientdelegering"),
            client_secret: some("hemmelig"),
            client_auth: None,
            acr_values: some("idporten-loa-substantial"),
        }
    }

    #[test]
    fn oidc_is_off_when_nothing_is_set() {
        assert_eq!(
            OidcConfig::from_vars(OidcVars::default(), None).unwrap(),
            None
        );
    }

    #[test]
    fn oidc_settings_make_a_redirect_uri_from_public_url() {
        let c = OidcConfig::from_vars(idporten(), Some("https://kd.example"))
            .unwrap()
            .unwrap();
        assert_eq!(c.issuer, "https://test.idporten.no");
        assert_eq!(
            c.discovery_url(),
            "https://test.idporten.no/.well-known/openid-configuration"
        );
        assert_eq!(c.redirect_uri, "https://kd.example/logg-inn/callback");
        assert_eq!(c.client_auth, ClientAuth::SecretBasic);
        assert_eq!(c.acr_values.as_deref(), Some("idporten-loa-substantial"));
        assert!(!format!("{c:?}").contains("hemmelig"), "no secret in {c:?}");
        let post = OidcVars {
            client_auth: some("client_secret_post"),
            ..idporten()
        };
        let c = OidcConfig::from_vars(post, Some("https://kd.example/"))
            .unwrap()
            .unwrap();
        assert_eq!(c.client_auth, ClientAuth::SecretPost);
        assert_eq!(c.redirect_uri, "https://kd.example/logg-inn/callback");
    }

    #[test]
    fn oidc_settings_come_together_or_not_at_all() {
        for (vars, name) in [
            (
                OidcVars {
                    client_secret: None,
                    ..idporten()
                },
                "OIDC_CLIENT_SECRET",
            ),
            (
                OidcVars {
                    issuer: None,
                    ..idporten()
                },
                "OIDC_ISSUER",
            ),
            (
                OidcVars {
                    acr_values: some("idporten-loa-high"),
                    ..OidcVars::default()
                },
                "OIDC_ACR_VALUES",
            ),
            (
                OidcVars {
                    client_auth: some("private_key_jwt"),
                    ..idporten()
                },
                "OIDC_CLIENT_AUTH",
            ),
            (
                OidcVars {
                    issuer: some("http://idporten.no"),
                    ..idporten()
                },
                "OIDC_ISSUER",
            ),
        ] {
            let err = OidcConfig::from_vars(vars.clone(), Some("https://kd.example")).unwrap_err();
            assert!(err.to_string().starts_with(name), "{vars:?}: {err}");
        }
        let err = OidcConfig::from_vars(idporten(), None).unwrap_err();
        assert!(
            err.to_string().starts_with("PUBLIC_URL is not set"),
            "{err}"
        );
        let err = OidcConfig::from_vars(idporten(), Some("http://kd.example")).unwrap_err();
        assert!(err.to_string().starts_with("PUBLIC_URL"), "{err}");
        // On this machine (tests) http will do.
        assert!(
            OidcConfig::from_vars(
                OidcVars {
                    issuer: some("http://127.0.0.1:9"),
                    ..idporten()
                },
                Some("http://127.0.0.1:8080")
            )
            .is_ok()
        );
    }

    #[test]
    fn the_test_login_is_off_beside_oidc_unless_asked_for() {
        // (TEST_LOGIN as given, DEMO_MODE, OIDC configured) → test login on.
        assert!(test_login_on(None, true, false));
        assert!(!test_login_on(None, false, false));
        assert!(!test_login_on(None, true, true));
        assert!(test_login_on(Some(true), true, true));
        assert!(test_login_on(Some(true), false, true));
        assert!(!test_login_on(Some(false), true, false));
    }
}
