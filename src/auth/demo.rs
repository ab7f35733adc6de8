//! A token issuer for the demo, standing in for Maskinporten (and ID-porten): a fresh
//! ES256 key per process, published as a JWKS, signing tokens shaped like theirs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::validator::SetupError;
use crate::domain::{NationalId, OrgNumber};

/// The longest lifetime a demo token may be given.
const MAX_LIFETIME: Duration = Duration::hours(24);

/// What a demo token should say.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// Becomes `consumer` (`0192:<orgnr>`), as Maskinporten names the vendor.
    pub consumer: Option<OrgNumber>,
    /// Becomes `pid`, as ID-porten names a person.
    pub person: Option<NationalId>,
    /// Single words, joined by spaces into `scope`.
    pub scopes: Vec<String>,
    pub lifetime: Duration,
}

impl Default for TokenRequest {
    /// No consumer, person or scopes; Maskinporten's usual lifetime of 120 seconds.
    fn default() -> Self {
        Self {
            consumer: None,
            person: None,
            scopes: Vec::new(),
            lifetime: Duration::seconds(120),
        }
    }
}

/// A signed token, shaped like an OAuth token response.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IssuedToken {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub scope: String,
}

/// Why [`DemoIssuer::issue`] refused a request.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error("a scope must be a single word without spaces, got {0:?}")]
    Scope(String),
    #[error("the lifetime must be between 1 second and 24 hours")]
    Lifetime,
    #[error("no randomness for the token id")]
    Randomness,
    #[error("cannot sign the token: {0}")]
    Signing(#[from] jsonwebtoken::errors::Error),
}

/// Signs demo tokens with a key made when the process starts. Give it to
/// [`super::TokenValidator::from_config`] so that its tokens are trusted, and serve
/// [`DemoIssuer::jwks`] if anyone else should verify them.
pub struct DemoIssuer {
    issuer: String,
    audience: Option<String>,
    kid: String,
    signing_key: EncodingKey,
    /// The public key as a JWK.
    jwk: Value,
    rng: SystemRandom,
}

impl std::fmt::Debug for DemoIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoIssuer")
            .field("issuer", &self.issuer)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl DemoIssuer {
    /// A new P-256 key with a random kid; `issuer` becomes the tokens' `iss`.
    pub fn generate(issuer: String) -> Result<Self, SetupError> {
        let rng = SystemRandom::new();
        let key_error = |what: &str| SetupError::DemoKey(what.to_owned());
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| key_error("key generation failed"))?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .map_err(|_| key_error("the generated key does not parse"))?;
        // The public key is the uncompressed point 0x04 || X || Y.
        let point = pair.public_key().as_ref();
        let (x, y) = match point {
            [0x04, xy @ ..] if xy.len() == 64 => xy.split_at(32),
            _ => return Err(key_error("unexpected public key encoding")),
        };
        let kid = random_id(&rng).map_err(|_| key_error("no randomness for the kid"))?;
        let jwk = json!({
            "kty": "EC",
            "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(x),
            "y": URL_SAFE_NO_PAD.encode(y),
            "kid": kid,
            "alg": "ES256",
            "use": "sig",
        });
        Ok(Self {
            issuer,
            audience: None,
            kid,
            signing_key: EncodingKey::from_ec_der(pkcs8.as_ref()),
            jwk,
            rng,
        })
    }

    /// Puts `aud` in the tokens; give it TOKEN_AUDIENCE when that is configured.
    pub fn with_audience(mut self, audience: Option<String>) -> Self {
        self.audience = audience;
        self
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `{"keys": [the public key]}`, to serve at the demo issuer's JWKS URL.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }

    /// A token for `request`, valid from now for its lifetime.
    pub fn issue(&self, request: &TokenRequest) -> Result<IssuedToken, IssueError> {
        if request.lifetime < Duration::SECOND || request.lifetime > MAX_LIFETIME {
            return Err(IssueError::Lifetime);
        }
        if let Some(bad) = request
            .scopes
            .iter()
            .find(|s| s.is_empty() || s.contains(|c: char| c.is_whitespace() || c.is_control()))
        {
            return Err(IssueError::Scope(bad.clone()));
        }
        let scope = request.scopes.join(" ");
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let jti = random_id(&self.rng).map_err(|_| IssueError::Randomness)?;
        let mut claims = json!({
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + request.lifetime.whole_seconds(),
            "jti": jti,
            "scope": scope,
            "client_id": match &request.consumer {
                Some(org) => format!("demo-{org}"),
                None => "demo".to_owned(),
            },
        });
        if let Some(org) = &request.consumer {
            claims["consumer"] = json!({
                "authority": "iso6523-actorid-upis",
                "ID": format!("0192:{org}"),
            });
        }
        if let Some(person) = &request.person {
            claims["pid"] = json!(person.as_str());
        }
        if let Some(audience) = &self.audience {
            claims["aud"] = json!(audience);
        }
        Ok(IssuedToken {
            access_token: self.sign(&claims)?,
            token_type: "Bearer",
            expires_in: request.lifetime.whole_seconds(),
            scope,
        })
    }

    /// Signs any claims with the demo key; tests use it to make tokens `issue` would not.
    pub(super) fn sign(&self, claims: &Value) -> Result<String, jsonwebtoken::errors::Error> {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.signing_key)
    }

    #[cfg(test)]
    pub(super) fn kid(&self) -> &str {
        &self.kid
    }
}

/// 128 random bits, base64url.
fn random_id(rng: &SystemRandom) -> Result<String, ring::error::Unspecified> {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}
