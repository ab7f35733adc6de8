//! Creating a standard system user from the system register (choose the system, name it,
//! see what it will be allowed, confirm) and deleting a system user after a warning that
//! names what goes with it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::confirm::Confirmation;
use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::texts::localized;
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::requests::default_external_ref;
use crate::domain::systems::SystemId;
use crate::domain::{OrgNumber, Permission};
use crate::store::delegations::DelegatedClient;
use crate::store::system_users::{CreateError, SystemUser};
use crate::store::systems::RegisteredSystem;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "system_users/choose.html")]
struct ChoosePage {
    layout: Layout,
    systems: Vec<RegisteredSystem>,
    q: String,
    q_error: Option<String>,
}

/// Step 1: the visible systems of the register, searchable.
pub async fn choose(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<SearchQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let q = query.q.trim().to_owned();
    let q_error = super::forms::unstorable(&q);
    let systems = match q_error {
        Some(_) => Vec::new(),
        None => state.store.visible_systems(&q).await?,
    };
    let page = ChoosePage {
        layout: Layout::for_acting(&acting, t("create-system-access")),
        systems,
        q: q.replace('\0', ""),
        q_error,
    };
    html(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "system_users/new.html")]
struct NewPage {
    layout: Layout,
    system: RegisteredSystem,
    name: String,
    error: Option<String>,
    /// The organization's system user for this system, if it has one already.
    existing: Option<SystemUser>,
}

async fn visible_system(state: &AppState, id: &str) -> WebResult<RegisteredSystem> {
    let id = SystemId::parse(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .registered_system(&id)
        .await?
        .filter(|s| s.definition.offers_standard())
        .ok_or(WebError::NotFound)
}

async fn existing(
    state: &AppState,
    acting: &Acting,
    system: &RegisteredSystem,
) -> WebResult<Option<SystemUser>> {
    // The one the portal makes carries the default reference; vendors' requests may
    // have made others with references of their own.
    let reference = OrgNumber::parse(&acting.party.org_number)
        .map(|n| default_external_ref(&n))
        .ok();
    Ok(state
        .store
        .system_users(acting.party.id)
        .await?
        .into_iter()
        .find(|su| {
            su.system_id == system.id().as_str() && Some(&su.external_ref) == reference.as_ref()
        }))
}

/// Step 2: what the system user will be allowed, and its name.
pub async fn new(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let system = visible_system(&state, &path).await?;
    let page = NewPage {
        layout: Layout::for_acting(&acting, new_title(&system)),
        name: localized(&system.definition.name).to_owned(),
        existing: existing(&state, &acting, &system).await?,
        system,
        error: None,
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct NewForm {
    #[serde(default)]
    navn: String,
}

pub async fn create(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<NewForm>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let system = visible_system(&state, &path).await?;
    let created = match super::forms::unstorable(&form.navn) {
        Some(e) => Err(e),
        None => Ok(state
            .store
            .create_standard_system_user(&acting.actor(), acting.party.id, system.id(), &form.navn)
            .await),
    };
    let error = match created {
        Err(unstorable) => unstorable,
        Ok(created) => match created {
            Ok(id) => {
                acting.session.flash(
                    FlashKind::Success,
                    t_args(
                        "system-access-created",
                        &[("name", form.navn.trim().into())],
                    ),
                );
                return Ok(see_other(&format!("/systemtilganger/{id}"), acting.htmx));
            }
            Err(CreateError::Store(e)) => return Err(e.into()),
            Err(CreateError::UnknownSystem) => return Err(WebError::NotFound),
            Err(CreateError::NameMissing) => t("system-access-name-missing"),
            Err(CreateError::NameTooLong) => t("system-access-name-too-long"),
            Err(CreateError::NameTaken) => t("system-access-name-taken"),
            Err(CreateError::AlreadyExists) => t("system-access-exists"),
        },
    };
    let page = NewPage {
        layout: Layout::for_acting(&acting, new_title(&system)),
        name: form.navn.replace('\0', ""),
        existing: existing(&state, &acting, &system).await?,
        system,
        error: Some(error),
    };
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// How many of the clients that go with a system user the warning names.
const CLIENTS_NAMED: i64 = 10;

/// What deleting a system user takes with it.
#[derive(Template)]
#[template(path = "system_users/delete_question.html")]
struct DeleteQuestion {
    su: SystemUser,
    clients: Vec<DelegatedClient>,
    /// Clients that go too but are not named.
    more: i64,
}

/// A system user the person may delete: their organization's own.
async fn owned(state: &AppState, acting: &Acting, id: &str) -> WebResult<SystemUser> {
    acting.require(Permission::ManageSystemUsers)?;
    super::system_access::owned(state, acting, id).await
}

pub async fn confirm_delete(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    let su = owned(&state, &acting, &path).await?;
    let clients = state
        .store
        .delegated_clients(
            acting.party.id,
            su.id,
            su.client_count,
            "",
            1,
            CLIENTS_NAMED,
        )
        .await?
        .items;
    let more = su.client_count - clients.len() as i64;
    let (heading, action, back) = (
        t_args("delete-system-access-title", &[("name", (&su.name).into())]),
        format!("/systemtilganger/{}/slett", su.id),
        format!("/systemtilganger/{}", su.id),
    );
    let question = DeleteQuestion { su, clients, more };
    Confirmation::new(heading, question, action, t("delete-confirm"), &back)
        .working(t("busy-deleting"))
        .respond(&acting)
}

pub async fn delete(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    let su = owned(&state, &acting, &path).await?;
    let deleted = state
        .store
        .delete_system_user(&acting.actor(), acting.party.id, su.id)
        .await?;
    let message = t_args(
        "system-access-deleted",
        &[
            ("name", (&deleted.name).into()),
            ("count", deleted.clients_removed.into()),
        ],
    );
    acting.session.flash(FlashKind::Success, message);
    Ok(see_other("/systemtilganger", acting.htmx))
}

/// "Opprett systemtilgang for Smart Lønn", with the system's name in the page's language.
fn new_title(system: &crate::store::systems::RegisteredSystem) -> String {
    t_args(
        "create-system-access-for",
        &[("system", localized(&system.definition.name).into())],
    )
}
