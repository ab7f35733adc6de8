//! The issuer's public keys: a JWKS read into verifying keys by `kid`, and the remote
//! JWKS with its cache. A token naming an unknown `kid` makes the cache refetch, but at
//! most once per interval, so a flood of made-up kids cannot hammer the issuer; when a
//! refetch fails the keys already held go on serving.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use serde_json::Value;

use super::TokenError;

/// How long keys are trusted before they are fetched again (Maskinporten rotates keys by
/// publishing the new one well ahead; a withdrawn key should stop working within this).
const MAX_KEY_AGE: Duration = Duration::from_secs(60 * 60);
/// The least time between two fetches while keys are held.
const MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// The least time between two fetches while no keys are held yet.
const RETRY_WITHOUT_KEYS: Duration = Duration::from_secs(5);
const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// A JWKS is a few kilobytes; refuse to read more than this.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// One public key, and the only algorithm it may verify.
#[derive(Clone)]
pub(super) struct VerifyingKey {
    pub alg: Algorithm,
    pub key: DecodingKey,
}

/// The usable keys of a JWKS by `kid`.
#[derive(Clone, Default)]
pub(super) struct KeySet {
    keys: HashMap<String, VerifyingKey>,
}

/// The members of a JWK we look at; any others are ignored.
#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    use_: Option<String>,
    alg: Option<String>,
    crv: Option<String>,
    n: Option<String>,
    e: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

impl KeySet {
    /// Reads `{"keys": [...]}`. Keys that are not for signatures, have no `kid`, or are
    /// not RSA or EC P-256 (for RS256 or ES256) are skipped, so an issuer may publish
    /// other keys beside them.
    pub fn from_jwks(jwks: &Value) -> Result<Self, String> {
        let keys = jwks
            .get("keys")
            .and_then(Value::as_array)
            .ok_or("the JWKS has no \"keys\" array")?;
        let keys = keys
            .iter()
            .filter_map(|key| {
                let jwk = Jwk::deserialize(key).ok()?;
                let kid = jwk.kid.clone()?;
                Some((kid, verifying_key(&jwk)?))
            })
            .collect();
        Ok(Self { keys })
    }

    pub fn get(&self, kid: &str) -> Option<&VerifyingKey> {
        self.keys.get(kid)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

fn verifying_key(jwk: &Jwk) -> Option<VerifyingKey> {
    if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
        return None;
    }
    let (alg, key) = match jwk.kty.as_str() {
        "RSA" => {
            let (n, e) = (jwk.n.as_deref()?, jwk.e.as_deref()?);
            (
                Algorithm::RS256,
                DecodingKey::from_rsa_components(n, e).ok()?,
            )
        }
        "EC" if jwk.crv.as_deref() == Some("P-256") => {
            let (x, y) = (jwk.x.as_deref()?, jwk.y.as_deref()?);
            // jsonwebtoken does not check the lengths; a P-256 coordinate is 32 bytes.
            let is_coordinate = |c: &str| URL_SAFE_NO_PAD.decode(c).is_ok_and(|b| b.len() == 32);
            if !is_coordinate(x) || !is_coordinate(y) {
                return None;
            }
            (
                Algorithm::ES256,
                DecodingKey::from_ec_components(x, y).ok()?,
            )
        }
        _ => return None,
    };
    // A key that names an algorithm may only be used with that one.
    let named = jwk.alg.as_deref();
    if named.is_some_and(|named| named != algorithm_name(alg)) {
        return None;
    }
    Some(VerifyingKey { alg, key })
}

fn algorithm_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::RS256 => "RS256",
        Algorithm::ES256 => "ES256",
        _ => "other",
    }
}

/// A JWKS fetched over http(s) and cached.
pub(super) struct RemoteJwks {
    url: reqwest::Url,
    client: reqwest::Client,
    min_refetch: Duration,
    cache: RwLock<Cache>,
    /// Held while fetching, so that concurrent requests make one fetch between them.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Cache {
    keys: Option<Arc<KeySet>>,
    fetched_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_error: Option<String>,
}

impl Cache {
    fn fresh(&self, kid: &str) -> Option<VerifyingKey> {
        let fresh = self.fetched_at.is_some_and(|at| at.elapsed() < MAX_KEY_AGE);
        if fresh { self.any_age(kid) } else { None }
    }

    fn any_age(&self, kid: &str) -> Option<VerifyingKey> {
        self.keys.as_ref()?.get(kid).cloned()
    }

    fn may_fetch(&self, min_refetch: Duration) -> bool {
        let interval = match self.keys {
            Some(_) => min_refetch,
            None => min_refetch.min(RETRY_WITHOUT_KEYS),
        };
        self.last_attempt.is_none_or(|at| at.elapsed() >= interval)
    }
}

impl RemoteJwks {
    /// Builds the HTTP client; the rustls provider must be installed already.
    pub fn new(url: reqwest::Url) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(FETCH_TIMEOUT)
            .connect_timeout(FETCH_TIMEOUT)
            .user_agent(concat!("klientdelegering/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            url,
            client,
            min_refetch: MIN_REFETCH_INTERVAL,
            cache: RwLock::default(),
            fetching: tokio::sync::Mutex::new(()),
        })
    }

    pub fn set_min_refetch(&mut self, interval: Duration) {
        self.min_refetch = interval;
    }

    /// The least time between two fetches of the JWKS.
    pub fn min_refetch(&self) -> Duration {
        self.min_refetch
    }

    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// The key named `kid`, fetching the JWKS first if it is not held yet, is unknown, or
    /// has grown old, and the last fetch is long enough ago.
    pub async fn key(&self, kid: &str) -> Result<VerifyingKey, TokenError> {
        if let Some(key) = self.read().fresh(kid) {
            return Ok(key);
        }
        // A known key whose JWKS has grown old keeps serving while another request
        // refreshes it, rather than waiting for that fetch.
        let stale = self.read().any_age(kid);
        let _fetching = match (stale, self.fetching.try_lock()) {
            (_, Ok(guard)) => guard,
            (Some(key), Err(_)) => return Ok(key),
            (None, Err(_)) => self.fetching.lock().await,
        };
        // Whoever held the lock may have fetched what we need.
        if let Some(key) = self.read().fresh(kid) {
            return Ok(key);
        }
        if self.read().may_fetch(self.min_refetch) {
            self.refresh().await;
        }
        let cache = self.read();
        match (&cache.keys, cache.any_age(kid)) {
            (_, Some(key)) => Ok(key),
            (Some(_), None) => Err(TokenError::UnknownKey),
            (None, None) => Err(TokenError::KeysUnavailable(
                cache
                    .last_error
                    .clone()
                    .unwrap_or_else(|| "the JWKS has not been fetched".into()),
            )),
        }
    }

    /// Fetches the JWKS and stores the outcome. Called with `fetching` held.
    async fn refresh(&self) {
        self.write().last_attempt = Some(Instant::now());
        let outcome = self.fetch().await;
        let mut cache = self.write();
        match outcome {
            Ok(keys) => {
                tracing::info!(url = %self.url, keys = keys.len(), "fetched the token issuer's JWKS");
                cache.keys = Some(Arc::new(keys));
                cache.fetched_at = Some(Instant::now());
                cache.last_error = None;
            }
            Err(error) => {
                tracing::warn!(url = %self.url, %error, held = cache.keys.is_some(),
                    "could not fetch the token issuer's JWKS");
                cache.last_error = Some(error);
            }
        }
    }

    async fn fetch(&self) -> Result<KeySet, String> {
        let url = &self.url;
        let mut response = self
            .client
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| format!("GET {url}: {}", with_sources(&e)))?;
        if !response.status().is_success() {
            return Err(format!("GET {url} answered {}", response.status()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("GET {url}: {}", with_sources(&e)))?
        {
            if body.len() + chunk.len() > MAX_JWKS_BYTES {
                return Err(format!(
                    "GET {url}: the JWKS is over {MAX_JWKS_BYTES} bytes"
                ));
            }
            body.extend_from_slice(&chunk);
        }
        let jwks: Value = serde_json::from_slice(&body)
            .map_err(|e| format!("GET {url}: the JWKS is not JSON: {e}"))?;
        KeySet::from_jwks(&jwks).map_err(|e| format!("GET {url}: {e}"))
    }

    // A panic while the lock is held cannot leave the cache half-written (every write is
    // a plain assignment), so a poisoned lock is still good to use.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Cache> {
        self.cache.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Cache> {
        self.cache.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// An error with its causes, which reqwest keeps out of its own message.
pub(super) fn with_sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
