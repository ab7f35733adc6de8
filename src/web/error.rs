//! The web layer's one error type, mapped once to a response: a friendly page for people,
//! the full chain in the log. Redirects for missing login or party are errors too, so an
//! extractor can stop a request early.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::store::delegations::AddError;
use crate::store::{self, StoreError};
use crate::web::api::problem::ApiError;
use crate::web::api::vendor::API_PREFIX;
use crate::web::assets;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Go somewhere else first (log in, choose whom to represent).
    #[error("redirect to {to}")]
    Redirect { to: String, htmx: bool },
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The change cannot be made as things stand now (already withdrawn, say).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("session: {0}")]
    Session(String),
    /// Too many attempts (at logging in); try again after this long.
    #[error("too many requests")]
    TooManyRequests(std::time::Duration),
}

impl From<sqlx::Error> for WebError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
    asset_version: &'a str,
}

impl WebError {
    fn title_and_message(&self) -> (&str, &str) {
        match self {
            Self::Forbidden(m) => ("Du har ikke tilgang", m),
            Self::NotFound => (
                "Fant ikke siden",
                "Siden finnes ikke, eller du har ikke tilgang til den for virksomheten du representerer.",
            ),
            Self::BadRequest(m) => ("Noe var galt med forespørselen", m),
            Self::TooManyRequests(_) => (
                "For mange forsøk",
                "Det har vært for mange innloggingsforsøk på kort tid. Vent et minutt og prøv igjen.",
            ),
            Self::Conflict(m) => ("Ingen endringer er gjort", m),
            Self::Store(StoreError::NotFound) => (
                "Fant ikke siden",
                "Det du ba om finnes ikke, eller er allerede fjernet.",
            ),
            Self::Store(StoreError::Unavailable(_)) => (
                "Tjenesten er midlertidig utilgjengelig",
                "Tjenesten er midlertidig utilgjengelig. Ingenting er endret – prøv igjen om litt.",
            ),
            _ => (
                "Noe gikk galt hos oss",
                "Ingen endringer er gjort. Prøv igjen om litt.",
            ),
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Redirect { .. } => StatusCode::SEE_OTHER,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound | Self::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) | Self::Template(_) | Self::Session(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Redirect { to, htmx } = self {
            return if *htmx {
                HttpResponse::Ok()
                    .insert_header(("HX-Redirect", to.as_str()))
                    .finish()
            } else {
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, to.as_str()))
                    .finish()
            };
        }
        let status = self.status_code();
        let unavailable = matches!(self, Self::Store(e) if e.is_unavailable());
        if unavailable {
            // Expected while the database restarts; the log says why, once per request.
            tracing::warn!(error = %self, "database unavailable");
        } else if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let (title, message) = self.title_and_message();
        let page = ErrorPage {
            title,
            message,
            asset_version: assets::version(),
        };
        let mut res = HttpResponse::build(status);
        match self {
            Self::TooManyRequests(wait) => {
                res.insert_header((header::RETRY_AFTER, wait.as_secs().max(1).to_string()));
            }
            _ if unavailable => {
                res.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
            _ => {}
        }
        match page.render() {
            Ok(body) => res.content_type("text/html; charset=utf-8").body(body),
            Err(_) => res.body(message.to_owned()),
        }
    }
}

pub type WebResult<T> = Result<T, WebError>;

/// How a refused change of an agent system user's clients answers, in the portal (the
/// dialog shown again with the message) and in the API (a problem) alike.
pub fn change_refused_status(e: &AddError) -> StatusCode {
    match e {
        AddError::NotFound | AddError::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
        AddError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        AddError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AddError::NothingSelected
        | AddError::NoneAvailable
        | AddError::Refused(_)
        | AddError::SelectionChanged { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Middleware, outside the session layer: that layer keeps its state in the database and
/// answers a failure of its store with an opaque 500. When the database is unavailable
/// that is the same outage as anywhere else, so it gets the same 503 (a page, or a problem
/// under the API).
pub async fn database_outage(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let api = req.path().starts_with(API_PREFIX);
    match store::noting_outage(next.call(req)).await {
        (Err(e), Some(reason)) if e.as_response_error().status_code().is_server_error() => {
            tracing::debug!(error = %e, "the session layer failed during an outage");
            let outage = StoreError::Unavailable(reason.into());
            Err(if api {
                ApiError::Store(outage).into()
            } else {
                WebError::Store(outage).into()
            })
        }
        (res, _) => res,
    }
}

/// How many seconds to suggest waiting (`Retry-After`) when the database is unavailable:
/// about what a restart of the database takes.
pub const RETRY_AFTER_SECONDS: u32 = 5;
