//! *Systemtilganger*: the overview of an organization's system users, one system user's
//! page with its clients, and removing a client after a confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::Confirmation;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::{AppState, Layout, Pager, WebError, WebResult, html, page_number, see_other};
use crate::domain::Permission;
use crate::store::delegations::DelegatedClient;
use crate::store::parties::Organization;
use crate::store::relationships::EndedEvent;
use crate::store::system_users::{PendingRequest, SystemUser};

pub const CLIENTS_PER_PAGE: i64 = 20;

#[derive(Template)]
#[template(path = "system_access/overview.html")]
struct OverviewPage {
    layout: Layout,
    own: Vec<SystemUser>,
    agents: Vec<SystemUser>,
    requests: Vec<PendingRequest>,
    /// Whether to offer creating, answering and deleting system users.
    may_manage: bool,
}

pub async fn overview(state: web::Data<AppState>, acting: Acting) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let overview = state.store.overview(acting.party.id).await?;
    let (agents, own): (Vec<_>, Vec<_>) = overview
        .system_users
        .into_iter()
        .partition(|su| su.kind.is_agent());
    let requests = overview.pending;
    let page = OverviewPage {
        layout: Layout::for_acting(&acting, t("overview-title")),
        own,
        agents,
        requests,
        may_manage: acting.may(Permission::ManageSystemUsers),
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub side: String,
}

#[derive(Template)]
#[template(path = "system_access/detail.html")]
struct DetailPage {
    layout: Layout,
    su: SystemUser,
    clients: Vec<DelegatedClient>,
    pager: Pager,
    q: String,
    may_manage: bool,
    may_delete: bool,
    /// Clients that left by themselves because a relationship ended, newest first, and
    /// how many did in the period.
    ended: Vec<EndedEvent>,
    ended_total: i64,
    ended_days: i32,
}

/// The automatic removals the system access page tells about: how far back, how many.
const ENDED_DAYS: i32 = 90;
const ENDED_SHOWN: i64 = 10;

/// The system user, only if the represented organization owns it (else 404: no data leaks).
pub(super) async fn owned(state: &AppState, acting: &Acting, id: &str) -> WebResult<SystemUser> {
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .system_user(acting.party.id, id)
        .await?
        .ok_or(WebError::NotFound)
}

pub async fn detail(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let su = owned(&state, &acting, &path).await?;
    let q = query.q.trim().to_owned();
    let clients = state
        .store
        .delegated_clients(
            acting.party.id,
            su.id,
            su.client_count,
            &q,
            page_number(&query.side),
            CLIENTS_PER_PAGE,
        )
        .await?;
    let (ended_total, ended) = if su.kind.is_agent() {
        state
            .store
            .recently_ended(su.id, ENDED_DAYS, ENDED_SHOWN)
            .await?
    } else {
        (0, Vec::new())
    };
    let page = DetailPage {
        layout: Layout::for_acting(&acting, su.name.clone()),
        ended,
        ended_total,
        ended_days: ENDED_DAYS,
        pager: Pager::new(clients.page, clients.total, CLIENTS_PER_PAGE),
        clients: clients.items,
        q,
        may_manage: acting.may(Permission::ManageClients),
        may_delete: acting.may(Permission::ManageSystemUsers),
        su,
    };
    html(StatusCode::OK, &page)
}

/// What removing a client from a system user means.
#[derive(Template)]
#[template(path = "system_access/remove_question.html")]
struct RemoveQuestion {
    su: SystemUser,
    client: Organization,
}

/// For the removal routes: the client administrator's own system user and the client id.
async fn client_on_owned(
    state: &AppState,
    acting: &Acting,
    (su_id, client_id): (String, String),
) -> WebResult<(SystemUser, Uuid)> {
    acting.require(Permission::ManageClients)?;
    let su = owned(state, acting, &su_id).await?;
    let client_id = Uuid::parse_str(&client_id).map_err(|_| WebError::NotFound)?;
    Ok((su, client_id))
}

pub async fn confirm_remove(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<(String, String)>,
) -> WebResult<HttpResponse> {
    let (su, client_id) = client_on_owned(&state, &acting, path.into_inner()).await?;
    let client = state
        .store
        .delegated_client(su.id, client_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let heading = t_args("remove-client-title", &[("client", (&client.name).into())]);
    let action = format!("/systemtilganger/{}/kunder/{}/fjern", su.id, client.id);
    let back = format!("/systemtilganger/{}", su.id);
    let question = RemoveQuestion { su, client };
    Confirmation::new(heading, question, action, t("remove-client"), &back)
        .working(t("busy-removing-client"))
        .respond(&acting)
}

pub async fn remove(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<(String, String)>,
) -> WebResult<HttpResponse> {
    let (su, client_id) = client_on_owned(&state, &acting, path.into_inner()).await?;
    let client = state
        .store
        .remove_client(&acting.actor(), acting.party.id, su.id, client_id)
        .await?;
    acting.session.flash(
        FlashKind::Success,
        t_args("client-removed", &[("client", (&client.name).into())]),
    );
    Ok(see_other(
        &format!("/systemtilganger/{}", su.id),
        acting.htmx,
    ))
}
