//! Checks a bearer token: the header first (only RS256 and ES256, a known `kid`), then
//! the signature and the registered claims with jsonwebtoken, then our own claims.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::jwks::{KeySet, RemoteJwks, VerifyingKey};
use super::{Claims, DemoIssuer, TokenError};
use crate::config::TokenConfig;

/// A token longer than this is refused unread (Maskinporten's are about 1 KB).
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// Why a [`TokenValidator`] or [`DemoIssuer`] could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("MASKINPORTEN_ISSUER and MASKINPORTEN_JWKS_URL must be set together")]
    Incomplete,
    #[error("MASKINPORTEN_JWKS_URL is not an http(s) URL: {0}")]
    JwksUrl(String),
    #[error("cannot build the HTTP client for the JWKS: {0}")]
    HttpClient(#[from] reqwest::Error),
    #[error("cannot make the demo issuer's key: {0}")]
    DemoKey(String),
}

/// Validates bearer tokens against one issuer. Cheap to share: put it in an `Arc`.
pub struct TokenValidator {
    /// The `iss` tokens must carry; None when no issuer is configured.
    issuer: Option<String>,
    keys: Keys,
    rs256: Validation,
    es256: Validation,
}

enum Keys {
    /// No issuer is trusted: every token is refused.
    None,
    /// Fixed keys, such as the demo issuer's.
    Fixed(KeySet),
    Remote(RemoteJwks),
}

impl std::fmt::Debug for TokenValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = match &self.keys {
            Keys::None => "none".to_owned(),
            Keys::Fixed(set) => format!("{} fixed", set.len()),
            Keys::Remote(remote) => remote.url().to_string(),
        };
        f.debug_struct("TokenValidator")
            .field("issuer", &self.issuer)
            .field("keys", &keys)
            .finish()
    }
}

/// The token's JOSE header: only what we decide on before touching a key.
#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
    /// Extensions the issuer says we must understand; we understand none.
    crit: Option<Value>,
}

impl TokenValidator {
    /// A validator for the configured issuer. With no issuer configured, `demo` (if
    /// given) is the issuer; with neither, every token is refused with
    /// [`TokenError::KeysUnavailable`]. A configured issuer wins over `demo`.
    ///
    /// Installs ring as the rustls provider (see [`super::install_crypto_provider`]).
    /// Fetches nothing yet: the JWKS is fetched when the first token arrives.
    pub fn from_config(cfg: &TokenConfig, demo: Option<&DemoIssuer>) -> Result<Self, SetupError> {
        let (issuer, keys) = match (&cfg.issuer, &cfg.jwks_url, demo) {
            (Some(issuer), Some(url), _) => {
                if demo.is_some() {
                    tracing::warn!(%issuer, "an issuer is configured, so the demo issuer is not trusted");
                }
                let url =
                    reqwest::Url::parse(url).map_err(|e| SetupError::JwksUrl(e.to_string()))?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(SetupError::JwksUrl(url.to_string()));
                }
                super::install_crypto_provider();
                (Some(issuer.clone()), Keys::Remote(RemoteJwks::new(url)?))
            }
            (Some(_), None, _) | (None, Some(_), _) => return Err(SetupError::Incomplete),
            (None, None, Some(demo)) => {
                let keys = KeySet::from_jwks(&demo.jwks()).map_err(SetupError::DemoKey)?;
                (Some(demo.issuer().to_owned()), Keys::Fixed(keys))
            }
            (None, None, None) => (None, Keys::None),
        };
        let validation = |alg| {
            let mut v = Validation::new(alg);
            v.leeway = super::CLOCK_LEEWAY.as_secs();
            v.validate_nbf = true;
            let mut required = vec!["exp", "iss"];
            if let Some(issuer) = &issuer {
                v.set_issuer(&[issuer]);
            }
            match &cfg.audience {
                Some(audience) => {
                    v.set_audience(&[audience]);
                    required.push("aud");
                }
                None => v.validate_aud = false,
            }
            v.set_required_spec_claims(&required);
            v
        };
        Ok(Self {
            rs256: validation(Algorithm::RS256),
            es256: validation(Algorithm::ES256),
            issuer,
            keys,
        })
    }

    /// Shortens the least time between two JWKS fetches (60 s by default). For tests.
    pub fn with_min_refetch_interval(mut self, interval: Duration) -> Self {
        if let Keys::Remote(remote) = &mut self.keys {
            remote.set_min_refetch(interval);
        }
        self
    }

    /// The least time between two fetches of the issuer's JWKS (None: the keys are the
    /// process's own, nothing is fetched).
    pub fn min_refetch_interval(&self) -> Option<Duration> {
        match &self.keys {
            Keys::Remote(remote) => Some(remote.min_refetch()),
            _ => None,
        }
    }

    /// The issuer tokens must come from, if any.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// Validates the token in `authorization`, the raw Authorization header value (or
    /// None when the request has none): `Bearer <JWT>`, the scheme in any case.
    pub async fn validate(&self, authorization: Option<&str>) -> Result<Claims, TokenError> {
        let token = bearer_token(authorization)?;
        let (alg, kid) = header(token)?;
        let key = self.key(&kid).await?;
        if key.alg != alg {
            // The kid names a key of another type than the header's algorithm.
            return Err(TokenError::UnknownKey);
        }
        let validation = match alg {
            Algorithm::ES256 => &self.es256,
            _ => &self.rs256,
        };
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, validation)?;
        Claims::from_payload(&data.claims, OffsetDateTime::now_utc())
    }

    async fn key(&self, kid: &str) -> Result<VerifyingKey, TokenError> {
        match &self.keys {
            Keys::None => Err(TokenError::KeysUnavailable(
                "no token issuer is configured (MASKINPORTEN_ISSUER, MASKINPORTEN_JWKS_URL)".into(),
            )),
            Keys::Fixed(set) => set.get(kid).cloned().ok_or(TokenError::UnknownKey),
            Keys::Remote(remote) => remote.key(kid).await,
        }
    }
}

/// The token from `Bearer <token>`. Another scheme counts as no bearer token.
fn bearer_token(authorization: Option<&str>) -> Result<&str, TokenError> {
    let value = authorization.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err(TokenError::Missing);
    }
    let (scheme, token) = value.split_once([' ', '\t']).unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::Missing);
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(TokenError::Missing);
    }
    if token.len() > MAX_TOKEN_BYTES || token.contains(char::is_whitespace) {
        return Err(TokenError::Malformed);
    }
    Ok(token)
}

/// The algorithm and kid from the token's header, refusing any algorithm but RS256 and
/// ES256 before a key is looked at (no `none`, no HMAC with a public key as secret).
pub(super) fn header(token: &str) -> Result<(Algorithm, String), TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(_payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| TokenError::Malformed)?;
    let header: Header = serde_json::from_slice(&header).map_err(|_| TokenError::Malformed)?;
    let alg = match header.alg.as_str() {
        "RS256" => Algorithm::RS256,
        "ES256" => Algorithm::ES256,
        _ => return Err(TokenError::UnsupportedAlgorithm),
    };
    if header.crit.is_some() {
        return Err(TokenError::Malformed);
    }
    let kid = header.kid.filter(|kid| !kid.is_empty());
    Ok((alg, kid.ok_or(TokenError::UnknownKey)?))
}
