//! Login with ID-porten (OpenID Connect): `GET /logg-inn/oidc` sends the person to the
//! provider with a fresh state, nonce and PKCE challenge kept in the session, and
//! `GET /logg-inn/callback` checks what comes back and logs the person in. Every way it
//! can fail has its own page, and none of them logs anyone in. Without OpenID Connect
//! configured both routes are not found.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use serde::Deserialize;

use super::i18n::t;
use super::rate_limit::limited;
use super::session::TypedSession;
use super::{AppState, Layout, WebError, see_other};
use crate::auth::oidc::{OidcClient, OidcError, PendingLogin};

/// Where the started login waits for its callback (one at a time).
const PENDING: &str = "oidc_login";

/// Why a login with ID-porten failed, as the person is told. The log gets the details.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error(transparent)]
    Web(#[from] WebError),
    /// A callback with no login started in this browser: used already, or started in
    /// another browser, or never.
    #[error("no login is waiting for this callback")]
    NoneStarted,
    #[error("the callback's state is not the started login's")]
    WrongState,
    #[error("the callback names another issuer")]
    WrongIssuer,
    #[error("the login was started too long ago")]
    TooOld,
    /// The provider sent an error instead of a code (`access_denied`: the person
    /// cancelled).
    #[error("the provider answered {0:?}")]
    Provider(String),
    #[error("the callback has no code")]
    NoCode,
    #[error(transparent)]
    Oidc(#[from] OidcError),
    /// The provider vouches for a person the portal does not know.
    #[error("no person with the national id from the provider")]
    UnknownPerson,
}

#[derive(Template)]
#[template(path = "login/failed.html")]
struct FailedPage<'a> {
    layout: Layout,
    message: String,
    /// The provider's error code, shown for support (only a plain word).
    code: Option<&'a str>,
}

impl LoginError {
    fn message(&self) -> String {
        t(match self {
            Self::Web(_) => return String::new(),
            Self::NoneStarted => "oidc-none-started",
            Self::WrongState | Self::WrongIssuer => "oidc-wrong-state",
            Self::TooOld => "oidc-too-old",
            Self::Provider(code) if code == "access_denied" => "oidc-cancelled",
            Self::Provider(_) => "oidc-provider-error",
            Self::NoCode => "oidc-no-code",
            Self::Oidc(OidcError::Unavailable(_) | OidcError::Randomness) => "oidc-unavailable",
            Self::Oidc(OidcError::CodeRefused { .. }) => "oidc-code-refused",
            Self::Oidc(OidcError::IdToken(_)) => "oidc-id-token",
            Self::Oidc(OidcError::LevelTooLow { .. }) => "oidc-level-too-low",
            Self::UnknownPerson => "oidc-unknown-person",
        })
    }

    fn title(&self) -> String {
        t(match self {
            Self::Oidc(OidcError::Unavailable(_) | OidcError::Randomness) => {
                "oidc-title-unavailable"
            }
            Self::Provider(code) if code == "access_denied" => "oidc-title-cancelled",
            Self::UnknownPerson => "oidc-title-unknown-person",
            _ => "oidc-title-failed",
        })
    }
}

impl ResponseError for LoginError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Web(e) => e.status_code(),
            Self::Oidc(OidcError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Oidc(OidcError::Randomness) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Oidc(OidcError::LevelTooLow { .. }) | Self::UnknownPerson => {
                StatusCode::FORBIDDEN
            }
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Web(e) = self {
            return e.error_response();
        }
        let code = match self {
            Self::Provider(code) => Some(code.as_str()),
            Self::Oidc(OidcError::CodeRefused { error, .. }) => Some(error.as_str()),
            _ => None,
        }
        // Shown on the page: only a plain OAuth error code, never free text from the URL.
        .filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        let page = FailedPage {
            layout: Layout::anonymous(self.title()),
            message: self.message(),
            code,
        };
        let status = self.status_code();
        match page.render() {
            Ok(body) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(body),
            Err(e) => WebError::from(e).error_response(),
        }
    }
}

type LoginResult<T> = Result<T, LoginError>;

fn client(state: &AppState) -> LoginResult<&OidcClient> {
    state
        .oidc
        .as_deref()
        .ok_or(LoginError::Web(WebError::NotFound))
}

/// `GET /logg-inn/oidc`: to the provider. A GET (a link on the login page), since a
/// form's redirect to another site would need that site in the CSP's `form-action`; it
/// only starts a login and replaces any login started before in this browser.
#[tracing::instrument(skip_all)]
pub async fn start(
    state: web::Data<AppState>,
    session: Session,
    typed: TypedSession,
    query: web::Query<super::login::NextQuery>,
) -> LoginResult<HttpResponse> {
    let oidc = client(&state)?;
    // The page to land on after the login, kept with the login under way.
    if let Some(next) = query.neste.as_deref() {
        typed.remember_return(next);
    }
    let request = oidc
        .authorization_request(time::OffsetDateTime::now_utc())
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "cannot start a login with the provider"))?;
    session
        .insert(PENDING, &request.pending)
        .map_err(|e| WebError::Session(e.to_string()))?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, request.url.as_str()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// What the provider sends back (RFC 6749 §4.1.2; `iss` from RFC 9207).
#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    iss: Option<String>,
}

/// `GET /logg-inn/callback`: checks the answer against the started login, exchanges the
/// code, validates the ID token and logs the person in with a new session.
#[tracing::instrument(skip_all)]
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    typed: TypedSession,
    web::Query(answer): web::Query<Callback>,
) -> LoginResult<HttpResponse> {
    let oidc = client(&state)?;
    let address = super::origin::client_ip(&state, &req);
    if let Err(wait) = limited(&state, address, "").await? {
        tracing::warn!(?address, "login callbacks rate-limited");
        return Err(WebError::TooManyRequests(wait).into());
    }
    // Taken out at once: a callback is good for one try, whatever happens next.
    let pending = session
        .remove_as::<PendingLogin>(PENDING)
        .and_then(Result::ok)
        .ok_or(LoginError::NoneStarted)
        .inspect_err(|_| tracing::warn!("a login callback without a started login"))?;
    let result = finish(oidc, &state, &pending, answer).await;
    let person = result.inspect_err(|e| tracing::warn!(error = %e, "login refused"))?;
    typed.log_in(person.id)?;
    tracing::info!(person = %person.id, "logged in with OpenID Connect");
    let to = super::login::after_login(&state, &typed, person.id).await?;
    Ok(see_other(&to, false))
}

async fn finish(
    oidc: &OidcClient,
    state: &AppState,
    pending: &PendingLogin,
    answer: Callback,
) -> LoginResult<crate::store::parties::Person> {
    if !answer
        .state
        .as_deref()
        .is_some_and(|s| pending.state_matches(s))
    {
        return Err(LoginError::WrongState);
    }
    if let Some(iss) = &answer.iss
        && !oidc.response_issuer_matches(iss).await?
    {
        return Err(LoginError::WrongIssuer);
    }
    if let Some(error) = answer.error {
        tracing::info!(%error, description = ?answer.error_description, "the provider answered with an error");
        return Err(LoginError::Provider(error));
    }
    if pending.expired(time::OffsetDateTime::now_utc()) {
        return Err(LoginError::TooOld);
    }
    let code = answer
        .code
        .filter(|c| !c.is_empty())
        .ok_or(LoginError::NoCode)?;
    let login = oidc.finish(&code, pending).await?;
    if let Some(acr) = &login.acr {
        tracing::debug!(%acr, "level of assurance");
    }
    state
        .store
        .person_by_national_id(&login.national_id)
        .await
        .map_err(WebError::from)?
        .ok_or(LoginError::UnknownPerson)
}
