//! What a validated token says, read from its payload once the signature and the
//! registered claims (`exp`, `nbf`, `iss`, `aud`) have been checked.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::TokenError;
use crate::domain::{NationalId, OrgNumber};

/// The ISO 6523 scheme Maskinporten names organizations with, and the prefix of a
/// Norwegian organization number in it.
const CONSUMER_AUTHORITY: &str = "iso6523-actorid-upis";
const NORWEGIAN_ORG_PREFIX: &str = "0192:";

/// The claims of a valid token. Whatever is here has been checked: organization and
/// national id numbers are valid, scopes are single words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The organization the token was issued to (Maskinporten `consumer`).
    pub consumer: Option<OrgNumber>,
    /// The person the token speaks for (ID-porten style `pid`).
    pub person: Option<NationalId>,
    /// The granted scopes (the space-separated `scope`).
    pub scopes: BTreeSet<String>,
    pub client_id: Option<String>,
    /// The token's id (`jti`).
    pub token_id: Option<String>,
    pub expires_at: OffsetDateTime,
}

impl Claims {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }

    /// Reads the claims of a payload whose registered claims jsonwebtoken has checked;
    /// `now` is for `iat`, which jsonwebtoken leaves alone.
    pub(super) fn from_payload(
        payload: &Map<String, Value>,
        now: OffsetDateTime,
    ) -> Result<Self, TokenError> {
        let expires_at = numeric_date(payload, "exp")?.ok_or(TokenError::InvalidClaim("exp"))?;
        if let Some(issued_at) = numeric_date(payload, "iat")?
            && issued_at > now + super::CLOCK_LEEWAY
        {
            return Err(TokenError::NotYetValid);
        }
        Ok(Self {
            consumer: consumer(payload.get("consumer"))?,
            person: person(payload.get("pid"))?,
            scopes: scopes(payload.get("scope"))?,
            client_id: string(payload, "client_id")?,
            token_id: string(payload, "jti")?,
            expires_at,
        })
    }
}

/// A NumericDate claim (seconds since the epoch, possibly fractional), if present.
fn numeric_date(
    payload: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<OffsetDateTime>, TokenError> {
    let Some(value) = payload.get(name) else {
        return Ok(None);
    };
    let seconds = value.as_f64().ok_or(TokenError::InvalidClaim(name))?;
    if !seconds.is_finite() {
        return Err(TokenError::InvalidClaim(name));
    }
    // `as` saturates; anything out of range is refused by from_unix_timestamp.
    OffsetDateTime::from_unix_timestamp(seconds.floor() as i64)
        .map(Some)
        .map_err(|_| TokenError::InvalidClaim(name))
}

fn string(payload: &Map<String, Value>, name: &'static str) -> Result<Option<String>, TokenError> {
    match payload.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(TokenError::InvalidClaim(name)),
    }
}

/// `{"authority": "iso6523-actorid-upis", "ID": "0192:<orgnr>"}`.
fn consumer(value: Option<&Value>) -> Result<Option<OrgNumber>, TokenError> {
    let invalid = TokenError::InvalidClaim("consumer");
    let consumer = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(consumer)) => consumer,
        Some(_) => return Err(invalid),
    };
    match consumer.get("authority") {
        None => {}
        Some(Value::String(authority)) if authority == CONSUMER_AUTHORITY => {}
        Some(_) => return Err(invalid),
    }
    let id = consumer
        .get("ID")
        .and_then(Value::as_str)
        .ok_or(invalid.clone())?;
    let number = id
        .strip_prefix(NORWEGIAN_ORG_PREFIX)
        .ok_or(invalid.clone())?;
    // OrgNumber::parse allows spaces, as people type them; an identifier in a token may not.
    if number.len() != 9 {
        return Err(invalid);
    }
    OrgNumber::parse(number).map(Some).map_err(|_| invalid)
}

fn person(value: Option<&Value>) -> Result<Option<NationalId>, TokenError> {
    let invalid = TokenError::InvalidClaim("pid");
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(pid)) if pid.len() == 11 => {
            NationalId::parse(pid).map(Some).map_err(|_| invalid)
        }
        Some(_) => Err(invalid),
    }
}

/// `"scope": "altinn:clientdelegations.read altinn:clientdelegations.write"`.
fn scopes(value: Option<&Value>) -> Result<BTreeSet<String>, TokenError> {
    match value {
        None | Some(Value::Null) => Ok(BTreeSet::new()),
        Some(Value::String(scope)) => Ok(scope.split_whitespace().map(str::to_owned).collect()),
        Some(_) => Err(TokenError::InvalidClaim("scope")),
    }
}
