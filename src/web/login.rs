//! The login page — with ID-porten (OpenID Connect, `super::oidc`) and/or the test login
//! (a national id, no password, like TestID) — party selection (*Hvem vil du
//! representere?*) and logout.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::Form;
use super::i18n::t;
use super::rate_limit::limited;
use super::session::{SignedIn, TypedSession, is_htmx, is_local_path};
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::roles::Landing;
use crate::domain::{NationalId, Permission};
use crate::store::parties::Representable;

pub async fn home(state: web::Data<AppState>, session: TypedSession) -> WebResult<HttpResponse> {
    let to = match (session.person_id(), session.party_id()) {
        (None, _) => "/logg-inn".to_owned(),
        (Some(_), None) => "/velg-aktor".to_owned(),
        (Some(person), Some(party)) => landing(&state, person, party).await?,
    };
    Ok(see_other(&to, false))
}

/// Where a person lands for the organization they represent: what they may do there and
/// what the organization is decide (`Landing`).
async fn landing(state: &AppState, person: Uuid, party: Uuid) -> WebResult<String> {
    let facts = state.store.acting(person, party).await?;
    Ok(
        match facts.and_then(|f| f.party.map(|p| (p.roles, f.shape))) {
            Some((roles, shape)) if roles.permits(Permission::Represent) => {
                Landing::for_person(&roles, shape).path().to_owned()
            }
            _ => "/velg-aktor".to_owned(),
        },
    )
}

/// Where a person goes once logged in: when they can represent exactly one organization,
/// straight in (chosen for them; *Bytt aktør* still offers the choice), to the page they
/// came for or their landing page; else to the page they came for, which asks whom to
/// represent first, or to that question.
pub(super) async fn after_login(
    state: &AppState,
    session: &TypedSession,
    person: Uuid,
) -> WebResult<String> {
    let parties = state.store.representable_parties(person).await?;
    let mut allowed = parties
        .iter()
        .filter(|p| p.roles.permits(Permission::Represent));
    if let (Some(only), None) = (allowed.next(), allowed.next()) {
        session.set_party(only.organization.id)?;
        return match session.take_return() {
            Some(to) => Ok(to),
            None => landing(state, person, only.organization.id).await,
        };
    }
    Ok(session
        .take_return()
        .unwrap_or_else(|| "/velg-aktor".into()))
}

#[derive(Template)]
#[template(path = "login/page.html")]
struct LoginPage {
    layout: Layout,
    /// Offer *Logg inn med ID-porten*.
    oidc: bool,
    /// Offer the test login's form.
    test_login: bool,
    national_id: String,
    error: Option<String>,
    /// The page to land on after the login (`?neste=`), carried by the forms.
    next: Option<String>,
}

impl LoginPage {
    fn new(state: &AppState, national_id: String, error: Option<String>) -> Self {
        Self {
            layout: Layout::anonymous(t("login-title")).described("meta-description-login"),
            oidc: state.oidc.is_some(),
            test_login: state.test_login,
            national_id,
            error,
            next: None,
        }
    }

    fn with_next(mut self, next: Option<String>) -> Self {
        self.next = next.filter(|p| is_local_path(p));
        self
    }

    /// The provider's login, carrying the page to land on.
    fn oidc_href(&self) -> String {
        match &self.next {
            Some(next) => format!(
                "/logg-inn/oidc?neste={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ),
            None => "/logg-inn/oidc".into(),
        }
    }
}

/// `?neste=`: the page to land on after the login.
#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    pub neste: Option<String>,
}

fn login_disabled() -> WebError {
    WebError::NotFound
}

pub async fn login_page(
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> WebResult<HttpResponse> {
    if !state.test_login && state.oidc.is_none() {
        return Err(login_disabled());
    }
    let page = LoginPage::new(&state, String::new(), None).with_next(query.into_inner().neste);
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    fodselsnummer: String,
    #[serde(default)]
    neste: Option<String>,
}

pub async fn log_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: TypedSession,
    Form(form): Form<LoginForm>,
) -> WebResult<HttpResponse> {
    if !state.test_login {
        return Err(login_disabled());
    }
    let address = super::origin::client_ip(&state, &req);
    if let Err(wait) = limited(&state, address, &form.fodselsnummer).await? {
        tracing::warn!(?address, "login attempts rate-limited");
        return Err(WebError::TooManyRequests(wait));
    }
    let refuse = |error: String| {
        let page = LoginPage::new(&state, form.fodselsnummer.clone(), Some(error))
            .with_next(form.neste.clone());
        html(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    let id = match NationalId::parse(&form.fodselsnummer) {
        Ok(id) => id,
        Err(e) => return refuse(crate::web::texts::id_error(&e)),
    };
    let Some(person) = state.store.person_by_national_id(&id).await? else {
        return refuse(t("login-unknown-person"));
    };
    if let Some(next) = form.neste.as_deref() {
        session.remember_return(next);
    }
    session.log_in(person.id)?;
    tracing::info!(person = %person.id, "logged in with the test login");
    let to = after_login(&state, &session, person.id).await?;
    Ok(see_other(&to, false))
}

#[derive(Template)]
#[template(path = "login/party.html")]
struct PartyPage {
    layout: Layout,
    parties: Vec<Representable>,
    current: Option<Uuid>,
}

impl PartyPage {
    fn is_current(&self, id: &Uuid) -> bool {
        self.current.as_ref() == Some(id)
    }
}

pub async fn party_page(state: web::Data<AppState>, user: SignedIn) -> WebResult<HttpResponse> {
    let parties = state.store.representable_parties(user.person.id).await?;
    let mut layout = Layout::anonymous(t("party-title"));
    layout.user = Some(super::UserBar::signed_in_only(&user.person.name));
    layout.flash = user.session.take_flash();
    let page = PartyPage {
        layout,
        parties,
        current: user.session.party_id(),
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct PartyForm {
    aktor: Uuid,
    /// Where to go once chosen (a page of this site), e.g. back to a vendor's request.
    #[serde(default)]
    neste: Option<String>,
}

pub async fn choose_party(
    state: web::Data<AppState>,
    user: SignedIn,
    Form(form): Form<PartyForm>,
) -> WebResult<HttpResponse> {
    let roles = state.store.roles_for(user.person.id, form.aktor).await?;
    if !roles.permits(Permission::Represent) {
        return Err(WebError::Forbidden(t("party-not-allowed")));
    }
    user.session.set_party(form.aktor)?;
    let remembered = user.session.take_return();
    let to = match form.neste.filter(|p| is_local_path(p)).or(remembered) {
        Some(to) => to,
        None => landing(&state, user.person.id, form.aktor).await?,
    };
    Ok(see_other(&to, false))
}

pub async fn log_out(session: TypedSession, req: HttpRequest) -> HttpResponse {
    session.log_out();
    see_other("/logg-inn", is_htmx(&req))
}
