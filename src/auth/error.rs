//! Why a bearer token was refused: one variant per thing a caller can fix, each with a
//! message fit for a problem+json `detail` and a stable code for machines.

/// Why [`super::TokenValidator::validate`] refused a token.
///
/// `Display` is safe to show to the caller; `Debug` also carries the internal reason of
/// [`TokenError::KeysUnavailable`], for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("The request has no bearer token.")]
    Missing,
    #[error("The bearer token is not a well-formed JWT.")]
    Malformed,
    #[error("The token's signing algorithm is not accepted; use RS256 or ES256.")]
    UnsupportedAlgorithm,
    #[error("The token's key id (kid) is not among the issuer's signing keys.")]
    UnknownKey,
    #[error("The token's signature is not valid.")]
    BadSignature,
    #[error("The token has expired.")]
    Expired,
    #[error("The token is not valid yet.")]
    NotYetValid,
    #[error("The token was not issued by the trusted issuer.")]
    WrongIssuer,
    #[error("The token is not meant for this service (aud).")]
    WrongAudience,
    /// A claim is missing or has a value that is not allowed; names the claim.
    #[error("The token's {0} claim is missing or not valid.")]
    InvalidClaim(&'static str),
    /// The issuer's keys could not be had (or no issuer is configured); the reason is for
    /// the log only. The caller may try again later: this is the service's problem.
    #[error("The token issuer's signing keys are not available; try again later.")]
    KeysUnavailable(String),
}

impl TokenError {
    /// A stable kebab-case code, e.g. for a problem+json `type` or an `error` field.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "token-missing",
            Self::Malformed => "token-malformed",
            Self::UnsupportedAlgorithm => "token-algorithm-unsupported",
            Self::UnknownKey => "token-key-unknown",
            Self::BadSignature => "token-signature-invalid",
            Self::Expired => "token-expired",
            Self::NotYetValid => "token-not-yet-valid",
            Self::WrongIssuer => "token-issuer-wrong",
            Self::WrongAudience => "token-audience-wrong",
            Self::InvalidClaim(_) => "token-claim-invalid",
            Self::KeysUnavailable(_) => "token-keys-unavailable",
        }
    }
}

/// Maps what jsonwebtoken found after the header checks (signature and registered claims).
impl From<jsonwebtoken::errors::Error> for TokenError {
    fn from(e: jsonwebtoken::errors::Error) -> Self {
        use jsonwebtoken::errors::ErrorKind as K;
        match e.kind() {
            K::InvalidSignature
            | K::InvalidEcdsaKey
            | K::InvalidRsaKey(_)
            | K::InvalidKeyFormat
            | K::RsaFailedSigning
            | K::Crypto(_) => Self::BadSignature,
            K::InvalidAlgorithm | K::InvalidAlgorithmName | K::MissingAlgorithm => {
                Self::UnsupportedAlgorithm
            }
            K::ExpiredSignature => Self::Expired,
            K::ImmatureSignature => Self::NotYetValid,
            K::InvalidIssuer => Self::WrongIssuer,
            K::InvalidAudience => Self::WrongAudience,
            K::InvalidSubject => Self::InvalidClaim("sub"),
            K::MissingRequiredClaim(claim) => match claim.as_str() {
                "exp" => Self::InvalidClaim("exp"),
                "iss" => Self::InvalidClaim("iss"),
                // An audience is configured and the token names none.
                "aud" => Self::WrongAudience,
                _ => Self::InvalidClaim("claims"),
            },
            _ => Self::Malformed,
        }
    }
}
