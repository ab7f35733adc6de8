//! Demo and test mode only: a token endpoint that issues Maskinporten-like tokens for a
//! given organization (and person) and scopes, and the key set that verifies them.
//! Outside demo mode both answer 404.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::problem::{ApiError, ApiResult};
use crate::auth::TokenRequest;
use crate::domain::systems::{FieldError, RegisterError};
use crate::domain::{NationalId, OrgNumber};
use crate::web::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenForm {
    /// The organization the token is for (Maskinporten's `consumer`).
    #[serde(default)]
    consumer: Option<String>,
    /// A person (ID-porten's `pid`), for end-user tokens.
    #[serde(default)]
    pid: Option<String>,
    /// Space-separated scopes.
    #[serde(default)]
    scope: String,
}

#[derive(Debug, Serialize)]
struct TokenOut {
    access_token: String,
    token_type: &'static str,
    expires_in: i64,
    scope: String,
}

/// How long a demo token lives.
const LIFETIME: time::Duration = time::Duration::hours(1);

pub async fn token(
    state: web::Data<AppState>,
    body: web::Json<TokenForm>,
) -> ApiResult<HttpResponse> {
    let issuer = state.demo_issuer.as_ref().ok_or(ApiError::DemoOnly)?;
    let mut errors = Vec::new();
    let consumer = match body.consumer.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => match OrgNumber::parse(c) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(FieldError::new(
                    "consumer",
                    "invalid-organization-number",
                    e.to_string(),
                ));
                None
            }
        },
    };
    let person = match body.pid.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => match NationalId::parse(p) {
            Ok(n) => Some(n),
            Err(e) => {
                errors.push(FieldError::new("pid", "invalid-national-id", e.to_string()));
                None
            }
        },
    };
    if consumer.is_none() && person.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "consumer",
            "required",
            "Give an organization (consumer), a person (pid) or both.",
        ));
    }
    if !errors.is_empty() {
        return Err(RegisterError::Invalid(errors).into());
    }
    let scopes: Vec<String> = body.scope.split_whitespace().map(str::to_owned).collect();
    let issued = issuer
        .issue(&TokenRequest {
            consumer,
            person,
            scopes: scopes.clone(),
            lifetime: LIFETIME,
        })
        .map_err(|e| ApiError::MalformedBody(e.to_string()))?;
    Ok(HttpResponse::Ok().json(TokenOut {
        access_token: issued.access_token,
        token_type: "Bearer",
        expires_in: LIFETIME.whole_seconds(),
        scope: scopes.join(" "),
    }))
}

pub async fn jwks(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let issuer = state.demo_issuer.as_ref().ok_or(ApiError::DemoOnly)?;
    Ok(HttpResponse::Ok().json(issuer.jwks()))
}
