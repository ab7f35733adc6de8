//! Bearer tokens for the API, in the Maskinporten model: a vendor presents a JWT signed
//! (RS256 or ES256) by a trusted issuer whose public keys are published as a JWKS.
//! [`TokenValidator`] checks such a token and yields its [`Claims`]; [`DemoIssuer`] signs
//! tokens for the demo, where there is no Maskinporten to ask. [`oidc`] logs people in
//! by OpenID Connect (ID-porten), validating ID tokens with the same key handling.
//!
//! No web types here: the actix extractor and the problem+json mapping sit on top of
//! [`TokenValidator::validate`] and [`TokenError::code`].

mod claims;
mod demo;
mod error;
mod jwks;
pub mod oidc;
mod validator;

pub use claims::Claims;
pub use demo::{DemoIssuer, IssueError, IssuedToken, TokenRequest};
pub use error::TokenError;
pub use validator::{SetupError, TokenValidator};

/// How far clocks may disagree when checking `exp`, `nbf` and `iat`.
pub const CLOCK_LEEWAY: std::time::Duration = std::time::Duration::from_secs(30);

/// Makes ring the process's rustls crypto provider. reqwest is built without a provider of
/// its own (to keep aws-lc-rs and cmake out of the build), so this must run before any
/// `reqwest::Client` is built; [`TokenValidator::from_config`] calls it, and so should
/// anything else that builds a client first (tests included). Calling it again is harmless.
pub fn install_crypto_provider() {
    // An error only says that a provider is installed already, which is all we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests;
