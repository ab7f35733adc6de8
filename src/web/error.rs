//! The web layer's one error type, mapped once to a response: a friendly page for people,
//! the full chain in the log. Redirects for missing login or party are errors too, so an
//! extractor can stop a request early.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::domain::{Permission, RoleSet};
use crate::store::StoreError;
use crate::store::delegations::AddError;
use crate::web::Layout;
use crate::web::i18n::t;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Go somewhere else first (log in, choose whom to represent).
    #[error("redirect to {to}")]
    Redirect { to: String, htmx: bool },
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The person's roles do not give this permission (`session::forbidden`).
    #[error("forbidden: {0:?}")]
    Denied(Permission),
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

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    message: &'a str,
    /// For a refused permission shown to a person acting for an organization: who may.
    who_may: Option<WhoMay>,
}

/// Who may do what a person was refused: the roles, and who holds them in the person's
/// own organization (names go no further than that).
struct WhoMay {
    roles: String,
    organization: String,
    /// "Ingrid Apeland (Daglig leder) og Ola Klientsen (Klientadministrator)", or "".
    holders: String,
}

/// What an error page showed, kept on the answer so that `with_layout` can show it again
/// inside the person's own layout.
#[derive(Clone)]
struct ErrorShown {
    title: String,
    message: String,
    denied: Option<Permission>,
}

impl WebError {
    /// The page's title and message, in the request's language. The messages a handler
    /// gives (Forbidden, BadRequest, Conflict) were translated where they were made.
    fn title_and_message(&self) -> (String, String) {
        let pair = |title: &str, message: &str| (t(title), t(message));
        match self {
            Self::Forbidden(m) => (t("error-forbidden-title"), m.clone()),
            Self::Denied(p) => (
                t("error-forbidden-title"),
                super::session::denied_message(*p),
            ),
            Self::NotFound => pair("error-not-found-title", "error-not-found"),
            Self::BadRequest(m) => (t("error-bad-request-title"), m.clone()),
            Self::TooManyRequests(_) => pair("error-too-many-title", "error-too-many"),
            Self::Conflict(m) => (t("error-conflict-title"), m.clone()),
            Self::Store(StoreError::NotFound) => pair("error-not-found-title", "error-gone"),
            Self::Store(StoreError::Unavailable(_)) => {
                pair("error-unavailable-title", "error-unavailable")
            }
            Self::Store(StoreError::Unstorable) => {
                pair("error-bad-request-title", "error-unstorable-text")
            }
            _ => pair("error-internal-title", "error-internal"),
        }
    }
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Redirect { .. } => StatusCode::SEE_OTHER,
            Self::Forbidden(_) | Self::Denied(_) => StatusCode::FORBIDDEN,
            Self::NotFound | Self::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) | Self::Store(StoreError::Unstorable) => StatusCode::BAD_REQUEST,
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
            layout: Layout::anonymous(title.clone()),
            message: &message,
            who_may: None,
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
        let mut res = match page.render() {
            Ok(body) => res.content_type("text/html; charset=utf-8").body(body),
            Err(_) => res.body(message.clone()),
        };
        res.extensions_mut().insert(ErrorShown {
            title,
            message,
            denied: match self {
                Self::Denied(p) => Some(*p),
                _ => None,
            },
        });
        res
    }
}

/// Shows an error page to a person acting for an organization inside their own layout —
/// the menu, the log-out, the language switch — and, for a refused permission, who in the
/// organization may. Anonymous visitors and htmx requests keep the plain page.
pub async fn with_layout(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(shown) = res.response().extensions().get::<ErrorShown>().cloned() else {
        return Ok(res);
    };
    let req = res.request().clone();
    if super::session::is_htmx(&req) {
        return Ok(res);
    }
    let Ok(acting) = super::session::Acting::load(&req).await else {
        return Ok(res);
    };
    let who_may = match (shown.denied, req.app_data::<web::Data<super::AppState>>()) {
        (Some(permission), Some(state)) => who_may(state, &acting, permission).await.ok(),
        _ => None,
    };
    let page = ErrorPage {
        layout: Layout::for_acting(&acting, shown.title),
        message: &shown.message,
        who_may,
    };
    let Ok(body) = page.render() else {
        return Ok(res);
    };
    Ok(res.map_body(|_, _| BoxBody::new(body)))
}

/// The roles that give `permission`, and who holds one of them for the organization.
async fn who_may(
    state: &super::AppState,
    acting: &super::session::Acting,
    permission: Permission,
) -> WebResult<WhoMay> {
    let roles = RoleSet::roles_permitting(permission);
    let persons = state.store.organization_persons(acting.party.id).await?;
    let holders: Vec<String> = persons
        .iter()
        .filter(|p| p.roles.permits(permission))
        .map(|p| {
            let giving: Vec<String> = p
                .roles
                .roles()
                .iter()
                .filter(|r| roles.contains(r))
                .map(super::texts::role_name)
                .collect();
            format!("{} ({})", p.name, super::texts::join_list(&giving))
        })
        .collect();
    Ok(WhoMay {
        roles: super::texts::join_alternatives(
            &roles
                .iter()
                .map(super::texts::role_name)
                .collect::<Vec<_>>(),
        ),
        organization: acting.party.name.clone(),
        holders: super::texts::join_list(&holders),
    })
}

pub type WebResult<T> = Result<T, WebError>;

/// How a refused change of an agent system user's clients answers, in the portal (the
/// dialog shown again with the message) and in the API (a problem) alike.
pub fn change_refused_status(e: &AddError) -> StatusCode {
    match e {
        AddError::NotFound | AddError::Store(StoreError::NotFound) => StatusCode::NOT_FOUND,
        AddError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
        AddError::Store(StoreError::Unstorable) => StatusCode::BAD_REQUEST,
        AddError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AddError::NothingSelected
        | AddError::NoneAvailable
        | AddError::Refused(_)
        | AddError::SelectionChanged { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// How many seconds to suggest waiting (`Retry-After`) when the database is unavailable:
/// about what a restart of the database takes.
pub const RETRY_AFTER_SECONDS: u32 = 5;
