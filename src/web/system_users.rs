//! Creating a standard system user from the system register (choose the system, name it,
//! see what it will be allowed, confirm) and deleting a system user after a warning that
//! names what goes with it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::forms::Form;
use super::session::{Acting, FlashKind};
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::systems::{SystemId, default_external_ref};
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
}

/// Step 1: the visible systems of the register, searchable.
pub async fn choose(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<SearchQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let q = query.q.trim().to_owned();
    let systems = state.store.visible_systems(&q).await?;
    let page = ChoosePage {
        layout: Layout::for_acting(&acting, "Opprett systemtilgang"),
        systems,
        q,
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
        layout: Layout::for_acting(
            &acting,
            format!("Opprett systemtilgang for {}", system.name()),
        ),
        name: system.name().to_owned(),
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
    let created = state
        .store
        .create_standard_system_user(&acting.actor(), acting.party.id, system.id(), &form.navn)
        .await;
    let error = match created {
        Ok(id) => {
            acting.session.flash(
                FlashKind::Success,
                format!("Systemtilgangen «{}» er opprettet.", form.navn.trim()),
            );
            return Ok(see_other(&format!("/systemtilganger/{id}"), acting.htmx));
        }
        Err(CreateError::Store(e)) => return Err(e.into()),
        Err(CreateError::UnknownSystem) => return Err(WebError::NotFound),
        Err(e) => e.to_string(),
    };
    let page = NewPage {
        layout: Layout::for_acting(
            &acting,
            format!("Opprett systemtilgang for {}", system.name()),
        ),
        name: form.navn,
        existing: existing(&state, &acting, &system).await?,
        system,
        error: Some(error),
    };
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// How many of the clients that go with a system user the warning names.
const CLIENTS_NAMED: i64 = 10;

#[derive(Template)]
#[template(path = "system_users/delete_page.html")]
struct DeletePage {
    layout: Layout,
    su: SystemUser,
    clients: Vec<DelegatedClient>,
    /// Clients that go too but are not named.
    more: i64,
}

#[derive(Template)]
#[template(path = "system_users/delete_dialog_partial.html")]
struct DeleteDialog {
    su: SystemUser,
    clients: Vec<DelegatedClient>,
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
        .delegated_clients(su.id, "", 1, CLIENTS_NAMED)
        .await?
        .items;
    let more = su.client_count - clients.len() as i64;
    if acting.htmx {
        return html(StatusCode::OK, &DeleteDialog { su, clients, more });
    }
    let page = DeletePage {
        layout: Layout::for_acting(&acting, format!("Slette {}?", su.name)),
        su,
        clients,
        more,
    };
    html(StatusCode::OK, &page)
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
    let message = match deleted.clients_removed {
        0 => format!("Systemtilgangen «{}» er slettet.", deleted.name),
        1 => format!(
            "Systemtilgangen «{}» er slettet, og 1 kunde er fjernet fra den.",
            deleted.name
        ),
        n => format!(
            "Systemtilgangen «{}» er slettet, og {n} kunder er fjernet fra den.",
            deleted.name
        ),
    };
    acting.session.flash(FlashKind::Success, message);
    Ok(see_other("/systemtilganger", acting.htmx))
}
