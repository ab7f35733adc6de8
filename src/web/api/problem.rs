//! Errors of the JSON APIs as RFC 9457 problem details: a stable `code` (also the end of
//! `type`) that software can act on, a title and a detail people can read, and for
//! invalid input the fields concerned as JSON pointers.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::auth::TokenError;
use crate::domain::systems::{FieldError, RegisterError};
use crate::store::StoreError;
use crate::store::systems::VendorError;
use crate::web::error::RETRY_AFTER_SECONDS;

/// The media type of a problem.
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("The token does not carry the scope {0}.")]
    InsufficientScope(&'static str),
    #[error(transparent)]
    Register(#[from] RegisterError),
    #[error("The request body is not valid: {0}")]
    MalformedBody(String),
    #[error("The address has an invalid part: {0}")]
    MalformedPath(String),
    #[error("Not found.")]
    NotFound,
    #[error("This endpoint is only available in demo and test mode.")]
    DemoOnly,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<VendorError> for ApiError {
    fn from(e: VendorError) -> Self {
        match e {
            VendorError::Refused(r) => Self::Register(r),
            VendorError::Store(s) => Self::Store(s),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField<'a>>,
    /// For `request-conflict`: the open request that holds the key.
    #[serde(rename = "existingRequestId", skip_serializing_if = "Option::is_none")]
    existing_request_id: Option<uuid::Uuid>,
}

#[derive(Serialize)]
struct ProblemField<'a> {
    pointer: String,
    code: &'a str,
    detail: &'a str,
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Token(e) => e.code(),
            Self::InsufficientScope(_) => "insufficient-scope",
            Self::Register(e) => e.code(),
            Self::MalformedBody(_) => "malformed-body",
            Self::MalformedPath(_) => "malformed-path",
            Self::NotFound => "not-found",
            Self::DemoOnly => "not-found",
            Self::Store(StoreError::NotFound) => "not-found",
            Self::Store(StoreError::Unavailable(_)) => "service-unavailable",
            Self::Store(_) => "internal-error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Token(_) => "The bearer token was not accepted",
            Self::InsufficientScope(_) => "The token does not allow this",
            Self::Register(RegisterError::Invalid(_)) | Self::MalformedBody(_) => {
                "The request is not valid"
            }
            Self::MalformedPath(_) => "The address is not valid",
            Self::Register(RegisterError::NotFound)
            | Self::NotFound
            | Self::DemoOnly
            | Self::Store(StoreError::NotFound) => "Not found",
            Self::Register(_) => "The request was refused",
            Self::Store(StoreError::Unavailable(_)) => {
                "The service is temporarily unavailable; nothing was changed"
            }
            Self::Store(_) => "Something went wrong on our side; nothing was changed",
        }
    }

    fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Register(RegisterError::Invalid(errors)) => errors,
            _ => &[],
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Token(TokenError::KeysUnavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Token(_) => StatusCode::UNAUTHORIZED,
            Self::InsufficientScope(_) => StatusCode::FORBIDDEN,
            Self::MalformedBody(_) | Self::MalformedPath(_) => StatusCode::BAD_REQUEST,
            Self::NotFound | Self::DemoOnly | Self::Store(StoreError::NotFound) => {
                StatusCode::NOT_FOUND
            }
            Self::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Register(e) => match e {
                RegisterError::Invalid(_)
                | RegisterError::UnknownSystem
                | RegisterError::UnknownCustomer
                | RegisterError::PackageNotInSystem(_)
                | RegisterError::PackageWrongKind { .. }
                | RegisterError::RedirectNotAllowed => StatusCode::BAD_REQUEST,
                RegisterError::UnknownVendor => StatusCode::FORBIDDEN,
                RegisterError::NotFound => StatusCode::NOT_FOUND,
                RegisterError::Conflict { .. }
                | RegisterError::SystemUserExists
                | RegisterError::SystemExists
                | RegisterError::AlreadyAnswered => StatusCode::CONFLICT,
                RegisterError::Expired => StatusCode::GONE,
            },
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let unavailable = matches!(self, Self::Store(e) if e.is_unavailable());
        if unavailable {
            tracing::warn!(error = %self, "database unavailable (API)");
        } else if status.is_server_error() {
            // The debug form carries the inner reason (why the keys are unavailable, say).
            tracing::error!(error = ?self, "API request failed");
        }
        let code = self.code();
        let detail = match self {
            Self::Store(StoreError::NotFound) => "Not found.".to_owned(),
            Self::Store(StoreError::Unavailable(_)) => {
                format!("The database is unavailable. Try again in {RETRY_AFTER_SECONDS} seconds.")
            }
            Self::Store(_) => "Try again later.".to_owned(),
            other => other.to_string(),
        };
        let problem = Problem {
            kind: format!("urn:klientdelegering:problem:{code}"),
            title: self.title(),
            status: status.as_u16(),
            detail,
            code,
            errors: self
                .field_errors()
                .iter()
                .map(|e| ProblemField {
                    pointer: format!("/{}", e.field),
                    code: e.code,
                    detail: &e.detail,
                })
                .collect(),
            existing_request_id: match self {
                Self::Register(RegisterError::Conflict { existing }) => Some(*existing),
                _ => None,
            },
        };
        let mut res = HttpResponse::build(status);
        res.content_type(PROBLEM_JSON);
        match self {
            // No credentials: name the scheme only (RFC 6750 §3.1).
            Self::Token(TokenError::Missing) => {
                res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            Self::Token(e) => {
                let value = format!(
                    "Bearer error=\"invalid_token\", error_description=\"{}\"",
                    e.to_string().replace('"', "'")
                );
                if let Ok(v) = HeaderValue::from_str(&value) {
                    res.insert_header((header::WWW_AUTHENTICATE, v));
                }
            }
            Self::InsufficientScope(scope) => {
                let value = format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"");
                if let Ok(v) = HeaderValue::from_str(&value) {
                    res.insert_header((header::WWW_AUTHENTICATE, v));
                }
            }
            _ if unavailable => {
                res.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
            _ => {}
        }
        match serde_json::to_string(&problem) {
            Ok(body) => res.body(body),
            Err(_) => res.body(format!("{{\"status\":{}}}", status.as_u16())),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
