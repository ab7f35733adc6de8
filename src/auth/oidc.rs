//! Login by OpenID Connect against one provider, as ID-porten is used: the authorization
//! code flow with PKCE (S256), a `state` and a `nonce`, for a confidential client.
//! [`OidcClient`] finds the provider by discovery, builds the authorization request,
//! exchanges the code and validates the ID token with the provider's JWKS — the same key
//! handling as the API's bearer tokens (`super::jwks`, RS256 or ES256 only, a known `kid`).
//!
//! No web types: `web::oidc` keeps the [`PendingLogin`] in the session between the
//! redirect and the callback and turns an [`OidcError`] into a page.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::Validation;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::TokenError;
use super::jwks::{RemoteJwks, with_sources};
use crate::config::{ClientAuth, OidcConfig, check_https};
use crate::domain::NationalId;

/// How long a started login may take before its callback is refused.
pub const PENDING_LIFETIME: time::Duration = time::Duration::minutes(10);
/// The scopes asked for: an ID token, with the person's name (`profile`).
pub const SCOPES: &str = "openid profile";
/// How long discovered metadata is used before it is fetched again.
const METADATA_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// The least time between two discovery attempts while none has succeeded.
const DISCOVERY_RETRY: Duration = Duration::from_secs(5);
const DISCOVERY_TIMEOUT: Duration = Duration::from_secs(5);
const TOKEN_TIMEOUT: Duration = Duration::from_secs(10);
/// Metadata and token responses are a few kilobytes; refuse to read more than this.
const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// ID-porten's levels of assurance, lowest first: a login at a higher level than asked
/// for satisfies the request (BankID gives `high` where `substantial` was asked for).
const IDPORTEN_LEVELS: [&str; 3] = [
    "idporten-loa-low",
    "idporten-loa-substantial",
    "idporten-loa-high",
];

/// Why a login by OpenID Connect did not succeed. `Display` is for the log.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Discovery, the JWKS or the token endpoint could not be reached or answered with a
    /// server error or nonsense: try again later.
    #[error("the OpenID provider is not available: {0}")]
    Unavailable(String),
    /// The token endpoint refused the code (`invalid_grant`: used, expired, or the PKCE
    /// verifier does not match; `invalid_client`: our credentials).
    #[error("the token endpoint refused the code: {error} ({description})")]
    CodeRefused { error: String, description: String },
    /// The ID token is not to be trusted.
    #[error("the ID token was refused: {0:?}")]
    IdToken(TokenError),
    /// The login was at a lower level of assurance than configured.
    #[error("the login's level (acr {got:?}) is below {wanted:?}")]
    LevelTooLow { got: Option<String>, wanted: String },
    #[error("no randomness for the login's state, nonce or verifier")]
    Randomness,
}

/// What a started login must remember until its callback: kept in the person's session,
/// one at a time.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    /// Sent as `state` and compared with the callback's.
    pub state: String,
    /// Sent as `nonce` and required in the ID token.
    pub nonce: String,
    /// The PKCE code verifier; its S256 hash was sent as `code_challenge`.
    pub verifier: String,
    /// When the login started (Unix seconds).
    pub started: i64,
}

impl PendingLogin {
    /// Whether the login was started longer than [`PENDING_LIFETIME`] before `now` (or in
    /// the future, which cannot be).
    pub fn expired(&self, now: time::OffsetDateTime) -> bool {
        let age = now.unix_timestamp() - self.started;
        !(0..=PENDING_LIFETIME.whole_seconds()).contains(&age)
    }

    /// Whether `state` is this login's, compared in time independent of the contents.
    pub fn state_matches(&self, state: &str) -> bool {
        constant_time_eq(self.state.as_bytes(), state.as_bytes())
    }
}

/// Where to send the person, and what to remember until they come back.
#[derive(Debug)]
pub struct AuthorizationRequest {
    pub url: url::Url,
    pub pending: PendingLogin,
}

/// The person the provider vouches for.
#[derive(Debug, Clone)]
pub struct VerifiedLogin {
    /// From the ID token's `pid` (ID-porten's name for the national identity number).
    pub national_id: NationalId,
    /// The level of assurance (`acr`), if the token has one.
    pub acr: Option<String>,
}

/// The provider as discovery describes it.
struct Provider {
    /// The exact `iss` of its tokens.
    issuer: String,
    authorization_endpoint: url::Url,
    token_endpoint: url::Url,
    jwks: RemoteJwks,
}

/// The members of the discovery document we use.
#[derive(Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
}

#[derive(Default)]
struct Discovered {
    provider: Option<(Arc<Provider>, Instant)>,
    last_attempt: Option<Instant>,
    last_error: Option<String>,
}

/// The client of one OpenID provider. Cheap to share: put it in an `Arc`.
pub struct OidcClient {
    config: OidcConfig,
    http: reqwest::Client,
    rng: SystemRandom,
    discovered: RwLock<Discovered>,
    /// Held while discovering, so that concurrent logins make one fetch between them.
    discovering: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl OidcClient {
    /// A client for `config`; fetches nothing until the first login. The rustls provider
    /// must be installed (see [`super::install_crypto_provider`]).
    pub fn new(config: OidcConfig) -> Result<Self, reqwest::Error> {
        super::install_crypto_provider();
        // Redirects are not followed: the token request carries the client's secret.
        let http = reqwest::Client::builder()
            .timeout(TOKEN_TIMEOUT)
            .connect_timeout(DISCOVERY_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("klientdelegering/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            config,
            http,
            rng: SystemRandom::new(),
            discovered: RwLock::default(),
            discovering: tokio::sync::Mutex::new(()),
        })
    }

    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// Starts a login: a fresh state, nonce and PKCE verifier, and the provider's
    /// authorization URL asking for a code with them.
    pub async fn authorization_request(
        &self,
        now: time::OffsetDateTime,
    ) -> Result<AuthorizationRequest, OidcError> {
        let provider = self.provider().await?;
        let pending = PendingLogin {
            state: self.random()?,
            nonce: self.random()?,
            verifier: self.random()?,
            started: now.unix_timestamp(),
        };
        let mut url = provider.authorization_endpoint.clone();
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.config.client_id)
                .append_pair("redirect_uri", &self.config.redirect_uri)
                .append_pair("scope", SCOPES)
                .append_pair("state", &pending.state)
                .append_pair("nonce", &pending.nonce)
                .append_pair("code_challenge", &pkce_challenge(&pending.verifier))
                .append_pair("code_challenge_method", "S256")
                .append_pair("ui_locales", "nb");
            if let Some(acr) = &self.config.acr_values {
                query.append_pair("acr_values", acr);
            }
        }
        Ok(AuthorizationRequest { url, pending })
    }

    /// Whether `iss` from the authorization response (RFC 9207) names our provider. A
    /// response without one is accepted (not every provider sends it).
    pub async fn response_issuer_matches(&self, iss: &str) -> Result<bool, OidcError> {
        let provider = self.provider().await?;
        Ok(iss == provider.issuer)
    }

    /// Finishes a login: exchanges `code` with the pending login's verifier and validates
    /// the ID token (signature, `iss`, `aud`/`azp`, `exp`, `iat`, `nonce`, and `acr` when
    /// configured). The caller has checked the state already.
    pub async fn finish(
        &self,
        code: &str,
        pending: &PendingLogin,
    ) -> Result<VerifiedLogin, OidcError> {
        let provider = self.provider().await?;
        let id_token = self.exchange(&provider, code, &pending.verifier).await?;
        self.validate_id_token(&provider, &id_token, &pending.nonce)
            .await
    }

    /// The code for tokens at the token endpoint; yields the ID token.
    async fn exchange(
        &self,
        provider: &Provider,
        code: &str,
        verifier: &str,
    ) -> Result<String, OidcError> {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("code_verifier", verifier);
        let mut request = self
            .http
            .post(provider.token_endpoint.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            );
        match self.config.client_auth {
            ClientAuth::SecretBasic => {
                // RFC 6749 §2.3.1: both are form-encoded before they are joined.
                let id = form_encode(&self.config.client_id);
                let secret = form_encode(&self.config.client_secret);
                let basic = STANDARD.encode(format!("{id}:{secret}"));
                request = request.header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"));
            }
            ClientAuth::SecretPost => {
                form.append_pair("client_id", &self.config.client_id)
                    .append_pair("client_secret", &self.config.client_secret);
            }
        }
        let url = &provider.token_endpoint;
        let response = request
            .body(form.finish())
            .send()
            .await
            .map_err(|e| OidcError::Unavailable(format!("POST {url}: {}", with_sources(&e))))?;
        let status = response.status();
        let body = read_limited(response)
            .await
            .map_err(|e| OidcError::Unavailable(format!("POST {url}: {e}")))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        if status.is_client_error() {
            // RFC 6749 §5.2: {"error": "invalid_grant", "error_description": "…"}.
            let field = |name| {
                json.as_ref()
                    .and_then(|j| j.get(name))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            return Err(OidcError::CodeRefused {
                error: field("error").unwrap_or_else(|| format!("HTTP {status}")),
                description: field("error_description").unwrap_or_default(),
            });
        }
        if !status.is_success() {
            return Err(OidcError::Unavailable(format!(
                "POST {url} answered {status}"
            )));
        }
        json.as_ref()
            .and_then(|j| j.get("id_token"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                OidcError::Unavailable(format!("POST {url}: the answer has no id_token"))
            })
    }

    async fn validate_id_token(
        &self,
        provider: &Provider,
        token: &str,
        nonce: &str,
    ) -> Result<VerifiedLogin, OidcError> {
        let (alg, kid) = super::validator::header(token).map_err(OidcError::IdToken)?;
        let key = provider.jwks.key(&kid).await.map_err(|e| match e {
            TokenError::KeysUnavailable(why) => OidcError::Unavailable(why),
            other => OidcError::IdToken(other),
        })?;
        if key.alg != alg {
            return Err(OidcError::IdToken(TokenError::UnknownKey));
        }
        let mut validation = Validation::new(alg);
        validation.leeway = super::CLOCK_LEEWAY.as_secs();
        validation.validate_nbf = true;
        validation.set_issuer(&[&provider.issuer]);
        validation.set_audience(&[&self.config.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<IdTokenClaims>(token, &key.key, &validation)
            .map_err(|e| OidcError::IdToken(e.into()))?;
        let claims = data.claims;
        check_claims(&claims, &self.config.client_id, nonce)?;
        if let Some(wanted) = &self.config.acr_values
            && !acr_satisfies(claims.acr.as_deref(), wanted)
        {
            return Err(OidcError::LevelTooLow {
                got: claims.acr,
                wanted: wanted.clone(),
            });
        }
        let national_id = claims
            .pid
            .as_deref()
            .and_then(|pid| NationalId::parse(pid).ok())
            .ok_or(OidcError::IdToken(TokenError::InvalidClaim("pid")))?;
        Ok(VerifiedLogin {
            national_id,
            acr: claims.acr,
        })
    }

    /// The provider's metadata and keys: discovered once, then reused for a day; while
    /// discovery fails, at most one attempt per few seconds.
    async fn provider(&self) -> Result<Arc<Provider>, OidcError> {
        if let Some(p) = self.fresh() {
            return Ok(p);
        }
        let _discovering = self.discovering.lock().await;
        if let Some(p) = self.fresh() {
            return Ok(p);
        }
        let (held, may_try) = {
            let d = self.read();
            let may_try = d
                .last_attempt
                .is_none_or(|at| at.elapsed() >= DISCOVERY_RETRY);
            (d.provider.as_ref().map(|(p, _)| p.clone()), may_try)
        };
        if !may_try {
            return held.ok_or_else(|| {
                OidcError::Unavailable(self.read().last_error.clone().unwrap_or_default())
            });
        }
        self.write().last_attempt = Some(Instant::now());
        match self.discover().await {
            Ok(p) => {
                let p = Arc::new(p);
                let mut d = self.write();
                d.provider = Some((p.clone(), Instant::now()));
                d.last_error = None;
                tracing::info!(issuer = %p.issuer, "discovered the OpenID provider");
                Ok(p)
            }
            Err(error) => {
                tracing::warn!(%error, held = held.is_some(), "OpenID provider discovery failed");
                self.write().last_error = Some(error.clone());
                // Metadata that has grown old is still better than none.
                held.ok_or(OidcError::Unavailable(error))
            }
        }
    }

    fn fresh(&self) -> Option<Arc<Provider>> {
        match &self.read().provider {
            Some((p, at)) if at.elapsed() < METADATA_MAX_AGE => Some(p.clone()),
            _ => None,
        }
    }

    async fn discover(&self) -> Result<Provider, String> {
        let url = self.config.discovery_url();
        let response = self
            .http
            .get(&url)
            .timeout(DISCOVERY_TIMEOUT)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| format!("GET {url}: {}", with_sources(&e)))?;
        if !response.status().is_success() {
            return Err(format!("GET {url} answered {}", response.status()));
        }
        let body = read_limited(response)
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        let m: Metadata = serde_json::from_slice(&body)
            .map_err(|e| format!("GET {url}: not OpenID provider metadata: {e}"))?;
        // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched
        // for (we allow a trailing slash either way, as configurations differ).
        if m.issuer.trim_end_matches('/') != self.config.issuer {
            return Err(format!(
                "GET {url}: the metadata names the issuer {:?}, not {:?}",
                m.issuer, self.config.issuer
            ));
        }
        if let Some(methods) = &m.code_challenge_methods_supported
            && !methods.iter().any(|x| x == "S256")
        {
            return Err(format!(
                "GET {url}: the provider does not support PKCE with S256"
            ));
        }
        let endpoint = |name: &str, value: &str| -> Result<url::Url, String> {
            check_https(value).map_err(|e| format!("GET {url}: {name}: {e}"))?;
            url::Url::parse(value).map_err(|e| format!("GET {url}: {name}: {e}"))
        };
        let jwks_uri = endpoint("jwks_uri", &m.jwks_uri)?;
        Ok(Provider {
            authorization_endpoint: endpoint("authorization_endpoint", &m.authorization_endpoint)?,
            token_endpoint: endpoint("token_endpoint", &m.token_endpoint)?,
            jwks: RemoteJwks::new(jwks_uri).map_err(|e| e.to_string())?,
            issuer: m.issuer,
        })
    }

    /// 256 random bits, base64url: a state, a nonce or a PKCE verifier (43 characters, as
    /// RFC 7636 §4.1 allows).
    fn random(&self) -> Result<String, OidcError> {
        let mut bytes = [0u8; 32];
        self.rng
            .fill(&mut bytes)
            .map_err(|_| OidcError::Randomness)?;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    // Every write is a plain assignment, so a poisoned lock is still good to use.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Discovered> {
        self.discovered.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Discovered> {
        self.discovered.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// The ID token's claims beyond what jsonwebtoken checks (`exp`, `nbf`, `iss`, `aud`).
#[derive(Debug, Deserialize)]
struct IdTokenClaims {
    /// One audience or several; jsonwebtoken has checked that we are among them.
    #[serde(default)]
    aud: Value,
    azp: Option<String>,
    /// Required by OpenID Connect Core §2; the value is not checked beyond being a time.
    #[allow(dead_code)]
    iat: i64,
    nonce: Option<String>,
    acr: Option<String>,
    pid: Option<String>,
}

/// OpenID Connect Core §3.1.3.7: the nonce we sent, and when there is more than one
/// audience (or an `azp` at all), we must be the authorized party.
fn check_claims(claims: &IdTokenClaims, client_id: &str, nonce: &str) -> Result<(), OidcError> {
    let refused = |claim| Err(OidcError::IdToken(TokenError::InvalidClaim(claim)));
    let nonce_ok = claims
        .nonce
        .as_deref()
        .is_some_and(|n| constant_time_eq(n.as_bytes(), nonce.as_bytes()));
    if !nonce_ok {
        return refused("nonce");
    }
    let several = claims.aud.as_array().is_some_and(|v| v.len() > 1);
    match claims.azp.as_deref() {
        Some(azp) if azp != client_id => return refused("azp"),
        None if several => return refused("azp"),
        _ => {}
    }
    Ok(())
}

/// Whether the login's `acr` meets `wanted` (space-separated, as sent in `acr_values`):
/// one of them, or a higher level of ID-porten's than the lowest of them.
pub fn acr_satisfies(got: Option<&str>, wanted: &str) -> bool {
    let Some(got) = got else { return false };
    let wanted: Vec<&str> = wanted.split_whitespace().collect();
    if wanted.contains(&got) {
        return true;
    }
    let level = |acr: &str| IDPORTEN_LEVELS.iter().position(|l| *l == acr);
    let lowest_wanted = wanted.iter().filter_map(|w| level(w)).min();
    matches!((level(got), lowest_wanted), (Some(g), Some(w)) if g >= w)
}

/// The S256 code challenge of a PKCE verifier: BASE64URL(SHA-256(verifier)).
pub fn pkce_challenge(verifier: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
    URL_SAFE_NO_PAD.encode(digest.as_ref())
}

/// Equal bytes, compared in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The body of a response, refusing more than [`MAX_RESPONSE_BYTES`].
async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| with_sources(&e))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(format!("the answer is over {MAX_RESPONSE_BYTES} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, Appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn a_higher_idporten_level_satisfies_a_lower_one() {
        let substantial = "idporten-loa-substantial";
        assert!(acr_satisfies(Some(substantial), substantial));
        assert!(acr_satisfies(Some("idporten-loa-high"), substantial));
        assert!(!acr_satisfies(Some("idporten-loa-low"), substantial));
        assert!(!acr_satisfies(Some(substantial), "idporten-loa-high"));
        assert!(!acr_satisfies(None, substantial));
        // Values of other providers only match exactly.
        assert!(acr_satisfies(Some("Level4"), "Level3 Level4"));
        assert!(!acr_satisfies(Some("Level4"), "Level3"));
    }

    fn claims(aud: Value, azp: Option<&str>, nonce: Option<&str>) -> IdTokenClaims {
        IdTokenClaims {
            aud,
            azp: azp.map(str::to_owned),
            iat: 0,
            nonce: nonce.map(str::to_owned),
            acr: None,
            pid: None,
        }
    }

    #[test]
    fn the_nonce_must_be_ours() {
        let one = || serde_json::json!("kd");
        assert!(check_claims(&claims(one(), None, Some("n1")), "kd", "n1").is_ok());
        for nonce in [None, Some("n2"), Some("n1 "), Some("")] {
            let err = check_claims(&claims(one(), None, nonce), "kd", "n1").unwrap_err();
            assert!(
                matches!(err, OidcError::IdToken(TokenError::InvalidClaim("nonce"))),
                "{nonce:?}: {err}"
            );
        }
    }

    #[test]
    fn with_several_audiences_we_must_be_the_authorized_party() {
        let many = || serde_json::json!(["kd", "other"]);
        let n = Some("n");
        assert!(check_claims(&claims(many(), Some("kd"), n), "kd", "n").is_ok());
        assert!(check_claims(&claims(many(), None, n), "kd", "n").is_err());
        assert!(check_claims(&claims(many(), Some("other"), n), "kd", "n").is_err());
        let one = serde_json::json!(["kd"]);
        assert!(check_claims(&claims(one, None, n), "kd", "n").is_ok());
        let one = serde_json::json!("kd");
        assert!(check_claims(&claims(one, Some("other"), n), "kd", "n").is_err());
    }

    #[test]
    fn a_pending_login_lasts_ten_minutes() {
        let now = time::OffsetDateTime::now_utc();
        let started = |ago: time::Duration| PendingLogin {
            state: "s".into(),
            nonce: "n".into(),
            verifier: "v".into(),
            started: (now - ago).unix_timestamp(),
        };
        assert!(!started(time::Duration::ZERO).expired(now));
        assert!(!started(time::Duration::minutes(9)).expired(now));
        assert!(started(time::Duration::minutes(11)).expired(now));
        assert!(started(time::Duration::minutes(-5)).expired(now));
    }

    #[test]
    fn states_compare_exactly() {
        let p = PendingLogin {
            state: "abc".into(),
            nonce: String::new(),
            verifier: String::new(),
            started: 0,
        };
        assert!(p.state_matches("abc"));
        assert!(!p.state_matches("abd"));
        assert!(!p.state_matches("ab"));
        assert!(!p.state_matches(""));
    }
}
