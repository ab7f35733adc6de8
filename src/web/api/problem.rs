//! Errors of the JSON APIs as RFC 9457 problem details: a stable `code` (also the end of
//! `type`) that software can act on, a title and a detail people can read, and for
//! invalid input the fields concerned as JSON pointers.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::TokenError;
use crate::domain::systems::{FieldError, RegisterError};
use crate::domain::{Denied, Eligibility};
use crate::domain::{Refusal, Refused};
use crate::store::StoreError;
use crate::store::delegations::AddError;
use crate::store::systems::VendorError;
use crate::web::error::{RETRY_AFTER_SECONDS, change_refused_status};

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
    /// The path exists, with other methods (these).
    #[error("This address does not take this method; it takes {}.", .0.join(", "))]
    MethodNotAllowed(Vec<&'static str>),
    /// The person's roles for the organization do not allow this.
    #[error("Your roles for the organization do not allow this.")]
    Denied(#[from] Denied),
    #[error("The person in the token (pid) is not known to the portal.")]
    UnknownPerson,
    #[error("No organization with number {0} is known to the portal.")]
    UnknownParty(String),
    #[error("There is no agent system user with this id that you may act for.")]
    UnknownAgent,
    /// Query parameters that are missing or not valid, each named.
    #[error("{}", .0.iter().map(|p| p.detail.as_str()).collect::<Vec<_>>().join(" "))]
    InvalidParameters(Vec<ParameterError>),
    /// A change of clients was refused, nothing was changed; `pointers` says where each
    /// refused client was named in the request (a body pointer or a parameter).
    #[error("{}", refusal_detail(.error))]
    Clients {
        error: AddError,
        pointers: Vec<(Uuid, ClientPointer)>,
    },
    #[error("This endpoint is only available in demo and test mode.")]
    DemoOnly,
    /// A request for fullmakt that could not be made, withdrawn or found.
    #[error("{}", request_detail(.0))]
    FullmaktRequest(crate::store::fullmakt_requests::RequestError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn request_detail(e: &crate::store::fullmakt_requests::RequestError) -> String {
    use crate::store::fullmakt_requests::RequestError as R;
    match e {
        R::ToSelf => "An organization cannot ask itself for fullmakt.".into(),
        R::OpenAlready(_) => {
            "An open request to this organization exists already; withdraw it first.".into()
        }
        R::NotAnAgent => "There is no agent system user with this id that you may act for.".into(),
        R::AlreadyHeld => {
            "The organization has given every access package asked for already.".into()
        }
        R::NotOpen(s) => format!("The request is {}, no longer open.", s.code()),
        R::NotFound => "There is no request with this id that you may see.".into(),
        R::Store(_) => "Try again later.".into(),
    }
}

impl From<VendorError> for ApiError {
    fn from(e: VendorError) -> Self {
        match e {
            VendorError::Refused(r) => Self::Register(r),
            VendorError::Store(s) => Self::Store(s),
        }
    }
}

/// A query parameter that is missing or not valid.
#[derive(Debug, Clone)]
pub struct ParameterError {
    pub parameter: &'static str,
    pub code: &'static str,
    pub detail: String,
}

/// Where a client was named in a request.
#[derive(Debug, Clone)]
pub enum ClientPointer {
    /// A JSON pointer into the body, such as `/add/3`.
    Body(String),
    /// A query parameter, such as `client`.
    Parameter(&'static str),
}

/// An RFC 9457 problem, as every error of the APIs answers.
#[derive(Debug, Serialize, ToSchema)]
#[schema(title = "Problem")]
pub struct Problem {
    /// `urn:klientdelegering:problem:` followed by `code`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// A stable code that software can act on.
    #[schema(example = "client-not-eligible")]
    pub code: String,
    /// What was wrong, item by item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemItem>,
    /// For `request-conflict`: the open request that holds the key.
    #[serde(rename = "existingRequestId", skip_serializing_if = "Option::is_none")]
    pub existing_request_id: Option<Uuid>,
}

/// One thing wrong with a request: a body field (`pointer`), a query parameter
/// (`parameter`), or a client that cannot be changed (`client`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemItem {
    /// A JSON pointer into the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The query parameter concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    pub code: String,
    pub detail: String,
    /// The client concerned (its `clientId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<Uuid>,
    /// For `client-not-eligible`: the access packages the firm lacks from the client.
    #[serde(rename = "missingPackages", skip_serializing_if = "Vec::is_empty")]
    pub missing_packages: Vec<String>,
}

impl ProblemItem {
    fn new(code: &str, detail: &str) -> Self {
        Self {
            pointer: None,
            parameter: None,
            code: code.to_owned(),
            detail: detail.to_owned(),
            client: None,
            missing_packages: Vec::new(),
        }
    }
}

/// The refusal of one client, in English for developers.
/// The stable code an API client can act on, for a refusal of the register or of a
/// vendor request.
pub fn register_code(e: &RegisterError) -> &'static str {
    match e {
        RegisterError::Invalid(_) => "validation-failed",
        RegisterError::UnknownSystem => "unknown-system",
        RegisterError::UnknownCustomer => "unknown-customer",
        RegisterError::PackageNotInSystem(_) => "package-not-in-system",
        RegisterError::PackageWrongKind { .. } => "package-wrong-kind",
        RegisterError::RedirectNotAllowed => "redirect-url-not-allowed",
        RegisterError::Conflict { .. } => "request-conflict",
        RegisterError::SystemUserExists => "system-user-exists",
        RegisterError::Expired => "request-expired",
        RegisterError::AlreadyAnswered => "request-already-answered",
        RegisterError::SystemExists => "system-exists",
        RegisterError::UnknownVendor => "unknown-vendor",
        RegisterError::NotFound => "not-found",
    }
}

/// The stable code the API answers a refused client with.
pub fn refusal_code(r: &Refusal) -> &'static str {
    match r {
        Refusal::NotAClient => "not-a-client",
        Refusal::NotEligible(_) => "client-not-eligible",
        Refusal::NotDelegated => "client-not-delegated",
    }
}

fn refused_detail(r: &Refused) -> String {
    match &r.refusal {
        Refusal::NotAClient => "The firm has no client relationship with this organization.".into(),
        Refusal::NotDelegated => "The client is not on the agent system user.".into(),
        Refusal::NotEligible(Eligibility::Missing(missing)) => {
            let urns: Vec<&str> = missing.iter().map(|p| p.urn()).collect();
            format!(
                "The firm does not hold every access package the agent needs from this client; missing: {}.",
                urns.join(", ")
            )
        }
        Refusal::NotEligible(_) => "The agent system user has no access packages.".into(),
    }
}

fn refusal_detail(error: &AddError) -> String {
    match error {
        AddError::Refused(refused) if refused.len() == 1 => refused_detail(&refused[0]),
        AddError::Refused(refused) => format!(
            "{} of the clients cannot be changed; nothing was changed.",
            refused.len()
        ),
        AddError::NothingSelected => "Name at least one client to add or remove.".into(),
        AddError::NoneAvailable => "No client is available to add.".into(),
        AddError::SelectionChanged { .. } => {
            "The available clients changed meanwhile; nothing was changed.".into()
        }
        AddError::NotFound => {
            "There is no agent system user with this id that you may act for.".into()
        }
        AddError::Store(_) => "Try again later.".into(),
    }
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Token(e) => e.code(),
            Self::InsufficientScope(_) => "insufficient-scope",
            Self::Register(e) => register_code(e),
            Self::MalformedBody(_) => "malformed-body",
            Self::MalformedPath(_) => "malformed-path",
            Self::NotFound => "not-found",
            Self::MethodNotAllowed(_) => "method-not-allowed",
            Self::DemoOnly => "not-found",
            Self::Denied(_) => "forbidden",
            Self::UnknownPerson => "unknown-person",
            Self::UnknownParty(_) => "unknown-party",
            Self::UnknownAgent => "unknown-agent",
            Self::InvalidParameters(_) => "invalid-parameter",
            Self::FullmaktRequest(e) => {
                use crate::store::fullmakt_requests::RequestError as R;
                match e {
                    R::ToSelf => "request-to-self",
                    R::OpenAlready(_) => "request-open",
                    R::NotAnAgent => "unknown-agent",
                    R::AlreadyHeld => "packages-already-given",
                    R::NotOpen(_) => "request-not-open",
                    R::NotFound => "unknown-request",
                    R::Store(StoreError::Unavailable(_)) => "service-unavailable",
                    R::Store(_) => "internal-error",
                }
            }
            // One client named: that client's own refusal.
            Self::Clients {
                error: AddError::Refused(refused),
                pointers,
            } if refused.len() == 1 && pointers.len() <= 1 => refusal_code(&refused[0].refusal),
            Self::Clients {
                error: AddError::Store(StoreError::Unavailable(_)),
                ..
            } => "service-unavailable",
            Self::Clients {
                error: AddError::Store(StoreError::NotFound),
                ..
            } => "not-found",
            Self::Clients {
                error: AddError::Store(_),
                ..
            } => "internal-error",
            Self::Clients { error, .. } => error.code(),
            Self::Store(StoreError::NotFound) => "not-found",
            Self::Store(StoreError::Unavailable(_)) => "service-unavailable",
            Self::Store(StoreError::Unstorable) => "validation-failed",
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
            Self::MalformedPath(_) | Self::InvalidParameters(_) => "The address is not valid",
            Self::Denied(_) | Self::UnknownPerson => "You may not do this",
            Self::MethodNotAllowed(_) => "Method not allowed",
            Self::UnknownParty(_) | Self::UnknownAgent => "Not found",
            Self::FullmaktRequest(crate::store::fullmakt_requests::RequestError::NotFound) => {
                "Not found"
            }
            Self::FullmaktRequest(_) => "The request was refused",
            Self::Clients {
                error: AddError::NotFound,
                ..
            } => "Not found",
            Self::Clients {
                error: AddError::Store(_),
                ..
            } => "Something went wrong on our side; nothing was changed",
            Self::Clients { .. } => "The change was refused; nothing was changed",
            Self::Register(RegisterError::NotFound)
            | Self::NotFound
            | Self::DemoOnly
            | Self::Store(StoreError::NotFound) => "Not found",
            Self::Register(_) => "The request was refused",
            Self::Store(StoreError::Unavailable(_)) => {
                "The service is temporarily unavailable; nothing was changed"
            }
            Self::Store(StoreError::Unstorable) => "The request is not valid",
            Self::Store(_) => "Something went wrong on our side; nothing was changed",
        }
    }

    fn items(&self) -> Vec<ProblemItem> {
        match self {
            Self::Register(RegisterError::Invalid(errors)) => {
                errors.iter().map(field_item).collect()
            }
            Self::InvalidParameters(params) => params
                .iter()
                .map(|p| ProblemItem {
                    parameter: Some(p.parameter.to_owned()),
                    ..ProblemItem::new(p.code, &p.detail)
                })
                .collect(),
            Self::Clients {
                error: AddError::Refused(refused),
                pointers,
            } => refused
                .iter()
                .map(|r| {
                    let at = pointers.iter().find(|(id, _)| *id == r.client_id);
                    ProblemItem {
                        pointer: match at {
                            Some((_, ClientPointer::Body(p))) => Some(p.clone()),
                            _ => None,
                        },
                        parameter: match at {
                            Some((_, ClientPointer::Parameter(p))) => Some((*p).to_owned()),
                            _ => None,
                        },
                        client: Some(r.client_id),
                        missing_packages: match &r.refusal {
                            Refusal::NotEligible(Eligibility::Missing(m)) => {
                                m.iter().map(|p| p.urn().to_owned()).collect()
                            }
                            _ => Vec::new(),
                        },
                        ..ProblemItem::new(refusal_code(&r.refusal), &refused_detail(r))
                    }
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Token(TokenError::KeysUnavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Token(_) => StatusCode::UNAUTHORIZED,
            Self::InsufficientScope(_) => StatusCode::FORBIDDEN,
            Self::MalformedBody(_) | Self::MalformedPath(_) | Self::InvalidParameters(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::Denied(_) | Self::UnknownPerson => StatusCode::FORBIDDEN,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::UnknownParty(_) | Self::UnknownAgent => StatusCode::NOT_FOUND,
            Self::FullmaktRequest(e) => {
                use crate::store::fullmakt_requests::RequestError as R;
                match e {
                    R::ToSelf => StatusCode::BAD_REQUEST,
                    R::NotFound | R::NotAnAgent => StatusCode::NOT_FOUND,
                    R::OpenAlready(_) | R::AlreadyHeld | R::NotOpen(_) => StatusCode::CONFLICT,
                    R::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
                    R::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
                }
            }
            Self::Clients { error, pointers } => {
                // One client named that is not on the agent: that resource is not found.
                match error {
                    AddError::Refused(r)
                        if r.len() == 1
                            && pointers.len() <= 1
                            && r[0].refusal == Refusal::NotDelegated =>
                    {
                        StatusCode::NOT_FOUND
                    }
                    e => change_refused_status(e),
                }
            }
            Self::NotFound | Self::DemoOnly | Self::Store(StoreError::NotFound) => {
                StatusCode::NOT_FOUND
            }
            Self::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(StoreError::Unstorable) => StatusCode::BAD_REQUEST,
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
        let unavailable = matches!(self, Self::Store(e) | Self::Clients { error: AddError::Store(e), .. } if e.is_unavailable());
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
            Self::Store(StoreError::Unstorable) => {
                "The text holds a character that cannot be stored (NUL, U+0000); remove it."
                    .to_owned()
            }
            Self::Store(_) => "Try again later.".to_owned(),
            other => other.to_string(),
        };
        let problem = Problem {
            kind: format!("urn:klientdelegering:problem:{code}"),
            title: self.title().to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            errors: self.items(),
            existing_request_id: match self {
                Self::Register(RegisterError::Conflict { existing }) => Some(*existing),
                Self::FullmaktRequest(
                    crate::store::fullmakt_requests::RequestError::OpenAlready(existing),
                ) => Some(*existing),
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
            Self::MethodNotAllowed(methods) => {
                if let Ok(v) = HeaderValue::from_str(&methods.join(", ")) {
                    res.insert_header((header::ALLOW, v));
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

fn field_item(e: &FieldError) -> ProblemItem {
    ProblemItem {
        pointer: Some(format!("/{}", e.field)),
        ..ProblemItem::new(e.code, &e.detail)
    }
}
