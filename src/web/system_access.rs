//! *Systemtilganger*: the overview of an organization's system users, one system user's
//! page with its clients, and removing a client after a confirmation.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::Confirmation;
use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::{AppState, Layout, Pager, WebError, WebResult, html, page_number, see_other};
use crate::domain::requests::RequestStatus;
use crate::domain::{ClientSelection, Permission};
use crate::store::delegations::AddError;
use crate::store::delegations::DelegatedClient;
use crate::store::parties::Organization;
use crate::store::relationships::EndedEvent;
use crate::store::system_users::{PendingChange, PendingRequest, SystemUser};

pub const CLIENTS_PER_PAGE: i64 = 20;

#[derive(Template)]
#[template(path = "system_access/overview.html")]
struct OverviewPage {
    layout: Layout,
    own: Vec<SystemUser>,
    agents: Vec<SystemUser>,
    requests: Vec<PendingRequest>,
    changes: Vec<PendingChange>,
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
    let changes = overview.changes;
    let page = OverviewPage {
        layout: Layout::for_acting(&acting, t("overview-title"))
            .described("meta-description-overview"),
        own,
        agents,
        requests,
        changes,
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
    /// The request whose approval created the system user (the receipt), from
    /// `requests::answer`.
    #[serde(default)]
    pub godkjent: String,
    /// The change request whose approval changed the system user (the receipt), from
    /// `change_requests::answer`.
    #[serde(default)]
    pub endret: String,
}

/// What was approved, by whom and when, on the system access's page after approval — a
/// request that created it, or a change of it — and the way back to the vendor when its
/// system gives one.
pub struct Receipt {
    pub title: String,
    /// What was approved, then what it did to the clients.
    pub lines: Vec<String>,
    /// A new agent: the next step is adding its clients.
    pub next_is_clients: bool,
    pub vendor_name: String,
    pub back: Option<String>,
}

/// Who decided, and when, as the receipts say it.
fn decided(
    by: &Option<String>,
    at: &Option<time::OffsetDateTime>,
) -> [(&'static str, super::i18n::Arg); 2] {
    [
        ("person", by.clone().unwrap_or_default().into()),
        (
            "date",
            at.as_ref().map(super::date).unwrap_or_default().into(),
        ),
    ]
}

/// The receipt for `request_id`, when it is the approved request that created `su`.
async fn request_receipt(
    state: &AppState,
    acting: &Acting,
    su: &SystemUser,
    request_id: &str,
) -> WebResult<Option<Receipt>> {
    let Ok(id) = Uuid::parse_str(request_id) else {
        return Ok(None);
    };
    let Some(request) = state.store.vendor_request(id).await? else {
        return Ok(None);
    };
    if request.customer_id != acting.party.id
        || request.system_user_id != Some(su.id)
        || request.status != RequestStatus::Accepted
    {
        return Ok(None);
    }
    let back = super::requests::return_address(state, &request).await?;
    let [person, date] = decided(&request.decided_by_name, &request.decided_at);
    let text = t_args(
        "receipt-approved",
        &[
            person,
            date,
            ("vendor", (&request.vendor_name).into()),
            (
                "system",
                super::texts::localized(&request.system_name).into(),
            ),
            ("name", (&su.name).into()),
        ],
    );
    Ok(Some(Receipt {
        title: t("receipt-title"),
        lines: vec![text],
        next_is_clients: su.kind.is_agent(),
        vendor_name: request.vendor_name,
        back,
    }))
}

/// The receipt for `change_id`, when it is an approved change request of `su`.
async fn change_receipt(
    state: &AppState,
    acting: &Acting,
    su: &SystemUser,
    change_id: &str,
) -> WebResult<Option<Receipt>> {
    let Ok(id) = Uuid::parse_str(change_id) else {
        return Ok(None);
    };
    let Some(change) = state.store.change_request(id).await? else {
        return Ok(None);
    };
    if change.customer_id != acting.party.id
        || change.system_user_id != su.id
        || change.status != RequestStatus::Accepted
    {
        return Ok(None);
    }
    let back =
        super::requests::allowed_return(state, &change.system_id, change.redirect_url.as_deref())
            .await?;
    let [person, date] = decided(&change.decided_by_name, &change.decided_at);
    let mut lines = vec![t_args(
        "change-receipt",
        &[
            person,
            date,
            ("vendor", (&change.vendor_name).into()),
            ("name", (&su.name).into()),
        ],
    )];
    for (key, count) in [
        ("change-receipt-ended", change.ended_count),
        ("change-receipt-added", change.added_count),
    ] {
        if let Some(count) = count.filter(|c| *c > 0) {
            lines.push(t_args(key, &[("count", count.into())]));
        }
    }
    Ok(Some(Receipt {
        title: t("change-receipt-title"),
        lines,
        next_is_clients: false,
        vendor_name: change.vendor_name,
        back,
    }))
}

#[derive(Template)]
#[template(path = "system_access/detail.html")]
struct DetailPage {
    layout: Layout,
    su: SystemUser,
    clients: Vec<DelegatedClient>,
    pager: Pager,
    q: String,
    q_error: Option<String>,
    may_manage: bool,
    may_delete: bool,
    /// Clients that left by themselves because a relationship ended, newest first, and
    /// how many did in the period.
    ended: Vec<EndedEvent>,
    ended_total: i64,
    ended_days: i32,
    receipt: Option<Receipt>,
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
    let q_error = super::forms::unstorable(&q);
    let clients = match q_error {
        Some(_) => crate::store::Page::empty(),
        None => {
            state
                .store
                .delegated_clients(
                    acting.party.id,
                    su.id,
                    su.client_count,
                    &q,
                    page_number(&query.side),
                    CLIENTS_PER_PAGE,
                )
                .await?
        }
    };
    let (ended_total, ended) = if su.kind.is_agent() {
        state
            .store
            .recently_ended(su.id, ENDED_DAYS, ENDED_SHOWN)
            .await?
    } else {
        (0, Vec::new())
    };
    let receipt = if !query.godkjent.is_empty() {
        request_receipt(&state, &acting, &su, &query.godkjent).await?
    } else if !query.endret.is_empty() {
        change_receipt(&state, &acting, &su, &query.endret).await?
    } else {
        None
    };
    let page = DetailPage {
        layout: Layout::for_acting(&acting, su.name.clone()),
        receipt,
        ended,
        ended_total,
        ended_days: ENDED_DAYS,
        pager: Pager::new(clients.page, clients.total, CLIENTS_PER_PAGE),
        clients: clients.items,
        q: q.replace('\0', ""),
        q_error,
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

/// For the removal routes: the system user, only for someone who may manage clients.
async fn managed(state: &AppState, acting: &Acting, id: &str) -> WebResult<SystemUser> {
    acting.require(Permission::ManageClients)?;
    owned(state, acting, id).await
}

/// For the removal routes: the client administrator's own system user and the client id.
async fn client_on_owned(
    state: &AppState,
    acting: &Acting,
    (su_id, client_id): (String, String),
) -> WebResult<(SystemUser, Uuid)> {
    let su = managed(state, acting, &su_id).await?;
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

/// *Fjern valgte*, *Fjern alle* or *Fjern de N treffene* on the system access page: the
/// clients ticked on the page shown, every client of the system access, or every client
/// that matches the search shown.
#[derive(Debug, Default, Deserialize)]
pub struct RemoveManyForm {
    #[serde(default)]
    kunde: Vec<String>,
    /// "alle": every client; "treff": every client matching `q`; else those ticked.
    #[serde(default)]
    utvalg: String,
    /// The search shown, for "treff".
    #[serde(default)]
    q: String,
    /// How many clients "every client" (or every hit) was when the question was asked.
    #[serde(default)]
    antall: String,
}

/// Which clients a removal of several means.
enum Removing {
    /// Every client of the system access.
    All,
    /// Every client matching the search.
    Hits(String),
    /// The clients ticked (at most a page of them).
    Ticked(Vec<Uuid>),
}

impl RemoveManyForm {
    fn removing(&self) -> WebResult<Removing> {
        Ok(match self.utvalg.as_str() {
            "alle" => Removing::All,
            "treff" => {
                let q = self.q.trim().to_owned();
                if q.is_empty() {
                    return Err(WebError::BadRequest(t("remove-many-nothing")));
                }
                Removing::Hits(q)
            }
            // Ids that do not parse were not written by our page and are dropped.
            _ => Removing::Ticked(
                self.kunde
                    .iter()
                    .filter_map(|v| Uuid::parse_str(v.trim()).ok())
                    .take(CLIENTS_PER_PAGE as usize)
                    .collect(),
            ),
        })
    }
}

/// The names shown in the question when the hits of a search go.
const HITS_NAMED: i64 = 20;

/// What removing several clients means: how many, which system access, and the names
/// of those ticked (or the first of the hits).
#[derive(Template)]
#[template(path = "system_access/remove_many_question.html")]
struct RemoveManyQuestion {
    su: SystemUser,
    count: usize,
    /// The clients named; empty when every client goes.
    clients: Vec<Organization>,
    /// The search, when its hits go.
    query: String,
}

impl RemoveManyQuestion {
    /// How many of those going are not named.
    fn unnamed(&self) -> usize {
        self.count.saturating_sub(self.clients.len())
    }
}

/// POST *Fjern valgte* / *Fjern alle* / *Fjern de N treffene*: the question first (a
/// dialog with htmx).
pub async fn confirm_remove_many(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<RemoveManyForm>,
) -> WebResult<HttpResponse> {
    let su = managed(&state, &acting, &path).await?;
    let removing = form.removing()?;
    let (count, clients, query) = match &removing {
        Removing::All => (su.client_count as usize, Vec::new(), String::new()),
        Removing::Hits(q) => {
            let hits = state
                .store
                .delegated_clients(acting.party.id, su.id, su.client_count, q, 1, HITS_NAMED)
                .await?;
            let named = hits.items.into_iter().map(|d| d.client).collect();
            (hits.total as usize, named, q.clone())
        }
        Removing::Ticked(ids) => {
            let clients = state.store.delegated_among_named(su.id, ids).await?;
            (clients.len(), clients, String::new())
        }
    };
    if count == 0 {
        return Err(WebError::BadRequest(t("remove-many-nothing")));
    }
    let heading = t_args(
        "remove-many-title",
        &[("count", count.into()), ("system", (&su.name).into())],
    );
    let action = format!("/systemtilganger/{}/fjern-kunder/bekreft", su.id);
    let back = format!("/systemtilganger/{}", su.id);
    let ticked: Vec<Uuid> = match &removing {
        Removing::Ticked(_) => clients.iter().map(|c| c.id).collect(),
        _ => Vec::new(),
    };
    let mut confirmation = Confirmation::new(
        heading,
        RemoveManyQuestion {
            su,
            count,
            clients,
            query,
        },
        action,
        t_args("remove-many-confirm", &[("count", count.into())]),
        &back,
    )
    .working(t_args("remove-many-busy", &[("count", count.into())]));
    match removing {
        Removing::All => {
            confirmation = confirmation
                .carrying("utvalg", "alle".to_owned())
                .carrying("antall", count.to_string());
        }
        Removing::Hits(q) => {
            confirmation = confirmation
                .carrying("utvalg", "treff".to_owned())
                .carrying("q", q)
                .carrying("antall", count.to_string());
        }
        Removing::Ticked(_) => {
            for id in ticked {
                confirmation = confirmation.carrying("kunde", id.to_string());
            }
        }
    }
    confirmation.respond(&acting)
}

/// POST the confirmation: removes the ticked clients, every client, or every hit of the
/// search, as one change with one audit event per client.
pub async fn remove_many(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<RemoveManyForm>,
) -> WebResult<HttpResponse> {
    let su = managed(&state, &acting, &path).await?;
    let back = format!("/systemtilganger/{}", su.id);
    let seen = form.antall.trim().parse().ok();
    let removing = form.removing()?;
    let searched = matches!(removing, Removing::Hits(_));
    let result = match removing {
        Removing::All | Removing::Hits(_) => {
            let q = match &removing {
                Removing::Hits(q) => q.as_str(),
                _ => "",
            };
            state
                .store
                .remove_clients_matching(&acting.actor(), acting.party.id, su.id, q, seen)
                .await
        }
        Removing::Ticked(ids) => {
            let remove: std::collections::BTreeSet<Uuid> = ids.into_iter().collect();
            if remove.is_empty() {
                return Err(WebError::BadRequest(t("remove-many-nothing")));
            }
            state
                .store
                .apply_selection(
                    &acting.actor(),
                    acting.party.id,
                    su.id,
                    &ClientSelection::default(),
                    None,
                    &remove,
                )
                .await
        }
    };
    let (kind, message) = match result {
        Ok(o) => (FlashKind::Success, {
            state.metrics.client_change(0, o.removed);
            match (o.removed, &o.first_removed) {
                (1, Some(name)) => t_args("client-removed", &[("client", name.into())]),
                (n, _) => t_args("removed-count", &[("count", n.into())]),
            }
        }),
        Err(AddError::NothingSelected) => (FlashKind::Info, t("remove-many-already-gone")),
        Err(AddError::SelectionChanged { seen, now }) => (
            FlashKind::Info,
            t_args(
                if searched {
                    "remove-many-hits-changed"
                } else {
                    "remove-many-changed"
                },
                &[("seen", seen.into()), ("now", now.into())],
            ),
        ),
        Err(AddError::NotFound) => return Err(WebError::NotFound),
        Err(AddError::Store(e)) => return Err(e.into()),
        Err(AddError::NoneAvailable | AddError::Refused(_)) => {
            return Err(WebError::Conflict(t("remove-many-already-gone")));
        }
    };
    acting.session.flash(kind, message);
    Ok(see_other(&back, acting.htmx))
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
    state.metrics.client_change(0, 1);
    acting.session.flash(
        FlashKind::Success,
        t_args("client-removed", &[("client", (&client.name).into())]),
    );
    Ok(see_other(
        &format!("/systemtilganger/{}", su.id),
        acting.htmx,
    ))
}

/// *Legg til nye kunder automatisk*: `pa=1` turns it on after a question that offers to
/// add the clients available now; `pa=0` turns it off.
#[derive(Debug, Default, Deserialize)]
pub struct AutoAddForm {
    #[serde(default)]
    pa: String,
    /// "1": the question was answered.
    #[serde(default)]
    bekreftet: String,
    /// "1": add the clients available now too.
    #[serde(default)]
    legg_til_na: String,
}

/// What turning automatic adding on means.
#[derive(Template)]
#[template(path = "system_access/auto_add_question.html")]
struct AutoAddQuestion {
    su: SystemUser,
    available: i64,
}

pub async fn auto_add(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<AutoAddForm>,
) -> WebResult<HttpResponse> {
    let su = managed(&state, &acting, &path).await?;
    if !su.kind.is_agent() {
        return Err(WebError::NotFound);
    }
    let on = form.pa == "1";
    let back = format!("/systemtilganger/{}", su.id);
    if on && form.bekreftet != "1" {
        let available = state.store.available_now(acting.party.id, su.id).await?;
        let heading = t_args("auto-add-title", &[("access", (&su.name).into())]);
        let action = format!("/systemtilganger/{}/automatisk", su.id);
        let mut confirmation = Confirmation::new(
            heading,
            AutoAddQuestion { su, available },
            action,
            t("auto-add-turn-on"),
            &back,
        )
        .calm()
        .carrying("pa", "1".to_owned())
        .carrying("bekreftet", "1".to_owned());
        if available > 0 {
            confirmation = confirmation.offering(
                "legg_til_na",
                t_args("auto-add-also-now", &[("count", available.into())]),
            );
        }
        return confirmation.respond(&acting);
    }
    let change = match state
        .store
        .set_auto_add(
            &acting.actor(),
            acting.party.id,
            su.id,
            on,
            form.legg_til_na == "1",
        )
        .await
    {
        Ok(c) => c,
        Err(AddError::NotFound) => return Err(WebError::NotFound),
        Err(AddError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Conflict(e.to_string())),
    };
    let access = [("access", (&su.name).into())];
    let mut text = if on {
        t_args("auto-add-on-now", &access)
    } else {
        t_args("auto-add-off-now", &access)
    };
    if change.added_now > 0 {
        text.push(' ');
        text.push_str(&t_args(
            "added-count",
            &[("count", change.added_now.into())],
        ));
    }
    acting.session.flash(FlashKind::Success, text);
    Ok(see_other(&back, acting.htmx))
}

/// *Legg til din virksomhet*: `pa=1` puts the firm itself on its agent, `pa=0` takes it off.
#[derive(Deserialize)]
pub struct OwnForm {
    #[serde(default)]
    pa: String,
}

pub async fn own_organization(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<OwnForm>,
) -> WebResult<HttpResponse> {
    let su = managed(&state, &acting, &path).await?;
    if !su.kind.is_agent() {
        return Err(WebError::NotFound);
    }
    let on = form.pa == "1";
    let changed = match state
        .store
        .set_owner_on_agent(&acting.actor(), acting.party.id, su.id, on)
        .await
    {
        Ok(c) => c,
        Err(AddError::NotFound) => return Err(WebError::NotFound),
        Err(AddError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Conflict(e.to_string())),
    };
    let args = [
        ("firm", (&acting.party.name).into()),
        ("access", (&su.name).into()),
    ];
    let key = match (on, changed) {
        (true, true) => "own-added",
        (false, true) => "own-removed",
        (true, false) => "own-already",
        (false, false) => "own-not-there",
    };
    acting.session.flash(FlashKind::Success, t_args(key, &args));
    Ok(see_other(&format!("/systemtilganger/{}", su.id), false))
}
