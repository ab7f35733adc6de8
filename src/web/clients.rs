//! *Klienter*, the firm's side of its relationships: every client with where the
//! relationship comes from, the packages it gives, and the system accesses the client is
//! on; and per client, why it can or cannot be added to each system access.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::session::Acting;
use super::system_access::ListQuery;
use super::{AppState, Layout, Pager, WebError, WebResult, html, page_number};
use crate::domain::{AccessPackage, Eligibility, OrgNumber, Permission};
use crate::store::relationships::{ClientFacts, ClientRow};

pub const CLIENTS_PER_PAGE: i64 = 20;

#[derive(Template)]
#[template(path = "clients/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ClientRow>,
    pager: Pager,
    q: String,
    q_error: Option<String>,
    /// Whether to offer *Be om fullmakt*.
    may_ask: bool,
}

pub async fn list(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<ListQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let q = query.q.trim().to_owned();
    let q_error = super::forms::unstorable(&q);
    let page = match q_error {
        Some(_) => crate::store::Page::empty(),
        None => {
            state
                .store
                .client_page(
                    acting.party.id,
                    &q,
                    page_number(&query.side),
                    CLIENTS_PER_PAGE,
                )
                .await?
        }
    };
    let view = ListPage {
        layout: Layout::for_acting(&acting, super::i18n::t("nav-clients"))
            .described("meta-description-clients"),
        pager: Pager::new(page.page, page.total, CLIENTS_PER_PAGE),
        rows: page.items,
        q: q.replace('\0', ""),
        q_error,
        may_ask: acting.may(Permission::ManageClients),
    };
    html(StatusCode::OK, &view)
}

/// Whether the client is on a system access, could be, or could not be and why.
enum Status {
    Added,
    Available,
    Unavailable(String),
}

struct SystemAccessRow {
    id: Uuid,
    name: String,
    packages: Vec<AccessPackage>,
    status: Status,
}

#[derive(Template)]
#[template(path = "clients/detail.html")]
struct DetailPage {
    layout: Layout,
    facts: ClientFacts,
    /// Each package held, with where it comes from ("Regnskapsfører (REGN) og fullmakt").
    sources: Vec<(AccessPackage, String)>,
    system_accesses: Vec<SystemAccessRow>,
    may_manage: bool,
}

pub async fn detail(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let number = OrgNumber::parse(&path).map_err(|_| WebError::NotFound)?;
    let client = state
        .store
        .organization_by_number(&number)
        .await?
        .ok_or(WebError::NotFound)?;
    // No relationship: to this firm the client does not exist.
    let facts = state
        .store
        .client_relationship(acting.party.id, client.id)
        .await?
        .ok_or(WebError::NotFound)?;
    let on = state
        .store
        .system_users_with_client(acting.party.id, client.id)
        .await?;
    let held = facts.held();
    let system_accesses = state
        .store
        .system_users(acting.party.id)
        .await?
        .into_iter()
        .filter(|su| su.kind.is_agent())
        .map(|su| {
            let status = if on.contains(&su.id) {
                Status::Added
            } else {
                match Eligibility::decide(&su.packages, &held) {
                    Eligibility::Available => Status::Available,
                    other => {
                        Status::Unavailable(super::texts::eligibility(&other).unwrap_or_default())
                    }
                }
            };
            SystemAccessRow {
                id: su.id,
                name: su.name,
                packages: su.packages.into_iter().collect(),
                status,
            }
        })
        .collect();
    let page = DetailPage {
        layout: Layout::for_acting(&acting, facts.client.name.clone()),
        sources: super::texts::package_sources(&facts.relationship),
        facts,
        system_accesses,
        may_manage: acting.may(Permission::ManageClients),
    };
    html(StatusCode::OK, &page)
}
