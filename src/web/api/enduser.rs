//! The client delegation API, with the real Altinn paths under
//! `/authentication/api/v1/enduser/systemuser`: a person (the token's `pid`) lists an
//! organization's agent system users and their clients, and adds and removes clients,
//! one at a time or many at once. The same permission check, eligibility rule and audit
//! events as the portal; every list is paged with a cursor (`links.next`).
//!
//! The handlers are registered as services that also describe themselves (utoipa), so
//! the OpenAPI document at `/api/openapi.json` is collected from what is registered.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, HttpResponse, delete, dev::Payload, get, post, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::problem::{ApiError, ApiResult, ClientPointer, ParameterError};
use crate::auth::{Claims, TokenError};
use crate::domain::{OrgNumber, Permission, RoleSet};
use crate::store::audit::Actor;
use crate::store::delegations::{AddError, ChangeOutcome, ClientChange};
use crate::store::parties::{Organization, Person, Representable};
use crate::store::system_users::SystemUser;
use crate::web::AppState;

pub const PREFIX: &str = "/authentication/api/v1/enduser/systemuser";
pub const SCOPE_READ: &str = "altinn:clientdelegations.read";
pub const SCOPE_WRITE: &str = "altinn:clientdelegations.write";

/// Page sizes: the default, and the most one page may hold.
const DEFAULT_PAGE_SIZE: usize = 100;
const MAX_PAGE_SIZE: usize = 1000;
/// The most clients one bulk call may name (adds and removes together).
pub const MAX_BULK: usize = 5000;

/// Registers the API's services; the app and the OpenAPI document both come from here.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope(PREFIX)
            .app_data(super::json_config().limit(512 * 1024))
            .app_data(super::path_config())
            .app_data(query_config())
            .service(list_agents)
            .service(available_clients)
            .service(list_clients)
            .service(add_client)
            .service(remove_client)
            .service(change_clients),
    );
}

fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| {
        ApiError::InvalidParameters(vec![ParameterError {
            parameter: "query",
            code: "malformed-query",
            detail: format!("The query string is not valid: {err}."),
        }])
        .into()
    })
}

// ---- Who is asking ----

/// A person calling with a valid end-user token (ID-porten, exchanged): the person as the
/// portal knows them, and the token's scopes.
pub struct EndUser {
    person: Person,
    claims: Claims,
}

impl EndUser {
    /// The token must carry `scope`; the write scope also allows reading.
    fn require_scope(&self, scope: &'static str) -> ApiResult<()> {
        let implied_by = (scope == SCOPE_READ).then_some(SCOPE_WRITE);
        super::require_scope(&self.claims, scope, implied_by)
    }

    /// The person acting for `org_id`, after THE permission check of the domain.
    async fn acting_for(
        &self,
        state: &AppState,
        org_id: Uuid,
        permission: Permission,
    ) -> ApiResult<Actor> {
        let roles = state.store.roles_for(self.person.id, org_id).await?;
        self.actor_with(&roles, org_id, permission)
    }

    /// The actor for `org_id` if `roles` allow `permission`.
    fn actor_with(
        &self,
        roles: &RoleSet,
        org_id: Uuid,
        permission: Permission,
    ) -> ApiResult<Actor> {
        roles.require(permission)?;
        Ok(Actor::person(self.person.id, &self.person.name, org_id))
    }

    /// The agent system user with this id, if the person may act for its owner at all
    /// (else it is not found, as if it did not exist), checked for `permission`.
    async fn agent(
        &self,
        state: &AppState,
        id: Uuid,
        permission: Permission,
    ) -> ApiResult<(SystemUser, Organization, Actor)> {
        let Representable {
            organization: owner,
            roles,
        } = state
            .store
            .system_user_owner_for(id, self.person.id)
            .await?
            .ok_or(ApiError::UnknownAgent)?;
        if !roles.permits(Permission::Represent) {
            return Err(ApiError::UnknownAgent);
        }
        let actor = self.actor_with(&roles, owner.id, permission)?;
        let su = state
            .store
            .system_user(owner.id, id)
            .await?
            .filter(|su| su.kind.is_agent())
            .ok_or(ApiError::UnknownAgent)?;
        Ok((su, owner, actor))
    }
}

impl EndUser {
    /// For the client lists: the agent to read, where to start and how many.
    async fn agent_page(
        &self,
        state: &AppState,
        agent: &AgentParams,
        page: &PageParams,
    ) -> ApiResult<(SystemUser, Organization, Option<String>, usize)> {
        self.require_scope(SCOPE_READ)?;
        let mut checks = Checks::default();
        let id = checks.uuid("agent", agent.agent.as_deref());
        let paging = checks.page(page, CursorKind::Clients);
        checks.done()?;
        let (Some(id), Some((after, size))) = (id, paging) else {
            return Err(ApiError::NotFound);
        };
        let (su, owner, _) = self.agent(state, id, Permission::ViewSystemUsers).await?;
        Ok((su, owner, after, size))
    }
}

impl FromRequest for EndUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (state, claims) = super::bearer(&req).await?;
            let pid = claims
                .person
                .clone()
                .ok_or(TokenError::InvalidClaim("pid"))?;
            let person = state
                .store
                .person_by_national_id(&pid)
                .await?
                .ok_or(ApiError::UnknownPerson)?;
            Ok(EndUser { person, claims })
        })
    }
}

// ---- Parameters ----

/// Paging: where to continue (`links.next` carries it) and how many per page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Where to continue: the `cursor` of the previous page's `links.next`.
    #[param(max_length = 200)]
    cursor: Option<String>,
    /// How many items per page (1–1000; 100 if not given).
    #[serde(rename = "pageSize")]
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000, example = 100)]
    page_size: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PartyParams {
    /// The organization number of the organization owning the system users.
    #[param(required = true, value_type = String, example = "311037889", pattern = "^[0-9]{9}$")]
    party: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgentParams {
    /// The agent system user's id.
    #[param(required = true, value_type = String, format = Uuid)]
    agent: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientParams {
    /// The agent system user's id.
    #[param(required = true, value_type = String, format = Uuid)]
    agent: Option<String>,
    /// The client: its `clientId`, or its organization number.
    #[param(required = true, value_type = String, example = "315000009", pattern = r"^([0-9]{9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    client: Option<String>,
}

/// Collects every parameter problem, so one answer names them all.
#[derive(Default)]
struct Checks(Vec<ParameterError>);

impl Checks {
    fn fail(&mut self, parameter: &'static str, code: &'static str, detail: impl Into<String>) {
        self.0.push(ParameterError {
            parameter,
            code,
            detail: detail.into(),
        });
    }

    fn uuid(&mut self, parameter: &'static str, value: Option<&str>) -> Option<Uuid> {
        match value {
            None | Some("") => {
                self.fail(
                    parameter,
                    "missing",
                    format!("Give the parameter {parameter}."),
                );
                None
            }
            Some(v) => strict_uuid(v).or_else(|| {
                self.fail(
                    parameter,
                    "invalid-id",
                    format!("The parameter {parameter} must be an id (a UUID)."),
                );
                None
            }),
        }
    }

    fn page(&mut self, params: &PageParams, kind: CursorKind) -> Option<(Option<String>, usize)> {
        let size = match params.page_size.as_deref() {
            None => Some(DEFAULT_PAGE_SIZE),
            Some(v) => match v.parse::<usize>() {
                Ok(n)
                    if (1..=MAX_PAGE_SIZE).contains(&n)
                        && v.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some(n)
                }
                _ => {
                    self.fail(
                        "pageSize",
                        "invalid-page-size",
                        format!("pageSize must be a whole number from 1 to {MAX_PAGE_SIZE}."),
                    );
                    None
                }
            },
        };
        let after = match params.cursor.as_deref() {
            None | Some("") => Some(None),
            Some(c) => match kind.decode(c) {
                Some(key) => Some(Some(key)),
                None => {
                    self.fail(
                        "cursor",
                        "invalid-cursor",
                        "The cursor is not one this list gave; start again without it.",
                    );
                    None
                }
            },
        };
        Some((after?, size?))
    }

    fn done(self) -> ApiResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::InvalidParameters(self.0))
        }
    }
}

/// What a cursor points after: the last item's key, opaque to the caller.
#[derive(Clone, Copy)]
enum CursorKind {
    /// Agents, by id.
    Agents,
    /// Clients, by organization number.
    Clients,
}

impl CursorKind {
    fn tag(self) -> &'static str {
        match self {
            Self::Agents => "a1:",
            Self::Clients => "c1:",
        }
    }

    fn encode(self, key: &str) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}{key}", self.tag()))
    }

    fn decode(self, cursor: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let key = text.strip_prefix(self.tag())?;
        let valid = match self {
            Self::Agents => strict_uuid(key).is_some(),
            Self::Clients => key.len() == 9 && key.bytes().all(|b| b.is_ascii_digit()),
        };
        valid.then(|| key.to_owned())
    }
}

/// One page of `items` sorted by `key`, after the cursor's key; and the next cursor.
fn page_of<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    after: Option<&str>,
    size: usize,
) -> (Vec<T>, Option<String>) {
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|i| after.is_none_or(|a| key(i).as_str() > a))
        .take(size + 1)
        .collect();
    let more = rest.len() > size;
    rest.truncate(size);
    let next = more.then(|| rest.last().map(&key)).flatten();
    (rest, next)
}

/// The address of the next page: this request's path and parameters, with the cursor.
fn next_link(req: &HttpRequest, kind: CursorKind, next: Option<String>) -> Links {
    let next = next.map(|key| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
            if k != "cursor" {
                query.append_pair(&k, &v);
            }
        }
        query.append_pair("cursor", &kind.encode(&key));
        format!("{}?{}", req.path(), query.finish())
    });
    Links { next }
}

// ---- Bodies ----

/// Paging links: `next` is the address of the next page, absent on the last one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Links {
    /// The next page's address (path and query), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessPackageRef {
    #[schema(example = "urn:altinn:accesspackage:regnskapsforer-lonn")]
    urn: String,
}

/// An agent system user, in the shape of Altinn's `/agents`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgentSystemUser {
    id: Uuid,
    /// The system user's name in the portal.
    integration_title: String,
    system_id: String,
    /// The system's name.
    product_name: String,
    /// The owner's organization number.
    reportee_org_no: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created: OffsetDateTime,
    supplier_name: String,
    supplier_orgno: String,
    external_ref: String,
    access_packages: Vec<AccessPackageRef>,
    /// Always `agent` here.
    #[schema(example = "agent")]
    user_type: &'static str,
    /// How many clients the system user acts for now.
    client_count: i64,
}

impl From<SystemUser> for AgentSystemUser {
    fn from(su: SystemUser) -> Self {
        Self {
            id: su.id,
            access_packages: su
                .packages
                .iter()
                .map(|p| AccessPackageRef {
                    urn: p.urn().to_owned(),
                })
                .collect(),
            integration_title: su.name,
            system_id: su.system_id,
            product_name: su.system_name.nb,
            reportee_org_no: String::new(),
            created: su.created_at,
            supplier_name: su.vendor_name,
            supplier_orgno: su.vendor_org_number,
            external_ref: su.external_ref,
            user_type: "agent",
            client_count: su.client_count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgentList {
    links: Links,
    data: Vec<AgentSystemUser>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemUserInformation {
    system_user_id: Uuid,
    /// The owner's organization number.
    system_user_owner_org: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientInfo {
    client_id: Uuid,
    client_organization_number: String,
    client_organization_name: String,
}

impl From<&Organization> for ClientInfo {
    fn from(o: &Organization) -> Self {
        Self {
            client_id: o.id,
            client_organization_number: o.org_number.clone(),
            client_organization_name: o.name.clone(),
        }
    }
}

/// Clients of (or available for) an agent system user, in Altinn's shape, by number.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientList {
    links: Links,
    system_user_information: SystemUserInformation,
    data: Vec<ClientInfo>,
}

/// A client added to or removed from an agent system user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delegation {
    agent: Uuid,
    client: Uuid,
}

/// Clients to add and to remove in one change: their `clientId`s or organization numbers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkChange {
    #[serde(default)]
    #[schema(max_items = 5000, value_type = Vec<ClientRef>)]
    add: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 5000, value_type = Vec<ClientRef>)]
    remove: Vec<String>,
}

/// A client: its `clientId` (a UUID) or its organization number (nine digits).
#[derive(ToSchema)]
#[schema(
    value_type = String,
    pattern = r"^([0-9]{9}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
    example = "315000009"
)]
#[allow(dead_code)] // only described, never built: the body's lists hold plain strings
pub struct ClientRef(String);

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum BulkStatus {
    Added,
    AlreadyAdded,
    Removed,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    client_id: Uuid,
    client_organization_number: String,
    client_organization_name: String,
    status: BulkStatus,
}

/// What a bulk change did, client by client.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    agent: Uuid,
    results: Vec<BulkItem>,
}

// ---- Handlers ----

/// The problems every operation may answer with, documented once.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only described: the answers are built by `ApiError`
pub enum Problems {
    /// A parameter or the body is not valid: `invalid-parameter` (each parameter in
    /// `errors`), `malformed-body`, `validation-failed` (each field in `errors`).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(super::problem::Problem),
    /// No valid token: `token-missing`, `token-expired`, `token-claim-invalid` (no `pid`), ….
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(super::problem::Problem),
    /// Not allowed: `insufficient-scope`, `unknown-person`, or `forbidden` (the person's
    /// roles for the organization do not allow this).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(super::problem::Problem),
    /// Temporarily unavailable, nothing changed: `service-unavailable`,
    /// `token-keys-unavailable`. Try again after `Retry-After`.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(super::problem::Problem),
}

/// The agent system users of an organization.
///
/// Needs a role for the organization (any of Daglig leder, Hovedadministrator,
/// Tilgangsstyrer, Klientadministrator). Ordered by id; paged.
#[utoipa::path(
    tag = "Client delegation",
    params(PartyParams, PageParams),
    security(("bearer" = ["altinn:clientdelegations.read"])),
    responses(
        (status = 200, description = "The agent system users, one page", body = AgentList),
        Problems,
        (status = 404, description = "No such organization (`unknown-party`)", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agents")]
pub async fn list_agents(
    state: web::Data<AppState>,
    user: EndUser,
    party: web::Query<PartyParams>,
    page: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_READ)?;
    let mut checks = Checks::default();
    let org = match party.party.as_deref() {
        None | Some("") => {
            checks.fail("party", "missing", "Give the parameter party.");
            None
        }
        Some(p) => strict_org_number(p)
            .map_err(|e| checks.fail("party", "invalid-organization-number", e))
            .ok(),
    };
    let paging = checks.page(&page, CursorKind::Agents);
    checks.done()?;
    let (Some(org), Some((after, size))) = (org, paging) else {
        return Err(ApiError::NotFound);
    };
    let party = state
        .store
        .organization_by_number(&org)
        .await?
        .ok_or_else(|| ApiError::UnknownParty(org.as_str().to_owned()))?;
    user.acting_for(&state, party.id, Permission::ViewSystemUsers)
        .await?;
    let mut agents: Vec<SystemUser> = state
        .store
        .system_users(party.id)
        .await?
        .into_iter()
        .filter(|su| su.kind.is_agent())
        .collect();
    agents.sort_by_key(|su| su.id);
    let (agents, next) = page_of(agents, |su| su.id.to_string(), after.as_deref(), size);
    let data = agents
        .into_iter()
        .map(|su| AgentSystemUser {
            reportee_org_no: party.org_number.clone(),
            ..su.into()
        })
        .collect();
    Ok(HttpResponse::Ok().json(AgentList {
        links: next_link(&req, CursorKind::Agents, next),
        data,
    }))
}

/// The clients that can be added to an agent system user now.
///
/// Clients for which the firm holds every access package the agent needs (through
/// register roles and fullmakter), and that are not on it yet. Ordered by organization
/// number; paged.
#[utoipa::path(
    tag = "Client delegation",
    params(AgentParams, PageParams),
    security(("bearer" = ["altinn:clientdelegations.read"])),
    responses(
        (status = 200, description = "The available clients, one page", body = ClientList),
        Problems,
        (status = 404, description = "No agent system user with this id that the person may act for (`unknown-agent`)", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/available")]
pub async fn available_clients(
    state: web::Data<AppState>,
    user: EndUser,
    agent: web::Query<AgentParams>,
    page: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (su, owner, after, size) = user.agent_page(&state, &agent, &page).await?;
    let rows = state
        .store
        .available_clients_after(&su, after.as_deref(), size as i64 + 1)
        .await?;
    let (clients, next) = page_of(rows, |c| c.org_number.clone(), None, size);
    Ok(HttpResponse::Ok().json(client_list(&req, &su, &owner, &clients, next)))
}

/// The clients an agent system user acts for.
///
/// Ordered by organization number; paged.
#[utoipa::path(
    tag = "Client delegation",
    params(AgentParams, PageParams),
    security(("bearer" = ["altinn:clientdelegations.read"])),
    responses(
        (status = 200, description = "The agent's clients, one page", body = ClientList),
        Problems,
        (status = 404, description = "No agent system user with this id that the person may act for (`unknown-agent`)", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients")]
pub async fn list_clients(
    state: web::Data<AppState>,
    user: EndUser,
    agent: web::Query<AgentParams>,
    page: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (su, owner, after, size) = user.agent_page(&state, &agent, &page).await?;
    let rows = state
        .store
        .delegated_clients_after(owner.id, su.id, after.as_deref(), size as i64 + 1)
        .await?;
    let (clients, next) = page_of(rows, |c| c.org_number.clone(), None, size);
    Ok(HttpResponse::Ok().json(client_list(&req, &su, &owner, &clients, next)))
}

fn client_list(
    req: &HttpRequest,
    su: &SystemUser,
    owner: &Organization,
    clients: &[Organization],
    next: Option<String>,
) -> ClientList {
    ClientList {
        links: next_link(req, CursorKind::Clients, next),
        system_user_information: SystemUserInformation {
            system_user_id: su.id,
            system_user_owner_org: owner.org_number.clone(),
        },
        data: clients.iter().map(ClientInfo::from).collect(),
    }
}

/// Adds a client to an agent system user.
///
/// The firm must hold every access package the agent needs from the client. Adding a
/// client that is already there changes nothing (200). Needs Daglig leder,
/// Hovedadministrator or Klientadministrator.
#[utoipa::path(
    tag = "Client delegation",
    params(ClientParams),
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 201, description = "The client was added", body = Delegation),
        (status = 200, description = "The client was already on the agent; nothing changed", body = Delegation),
        Problems,
        (status = 404, description = "No agent system user with this id that the person may act for (`unknown-agent`)", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The client cannot be added: no client relationship (`not-a-client`) or packages missing (`client-not-eligible`, with `missingPackages`)", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients")]
pub async fn add_client(
    state: web::Data<AppState>,
    user: EndUser,
    params: web::Query<ClientParams>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let (su, owner, actor, client) = one_client(&state, &user, &params).await?;
    let change = ClientChange {
        add: vec![client],
        remove: Vec::new(),
    };
    let outcome = apply(&state, &actor, &owner, &su, &change, single(client)).await?;
    let body = Delegation {
        agent: su.id,
        client,
    };
    Ok(if outcome.added.is_empty() {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::Created().json(body)
    })
}

/// Removes a client from an agent system user.
///
/// Needs Daglig leder, Hovedadministrator or Klientadministrator.
#[utoipa::path(
    tag = "Client delegation",
    params(ClientParams),
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 200, description = "The client was removed", body = Delegation),
        Problems,
        (status = 404, description = "No such agent (`unknown-agent`), or the client is not on it (`client-not-delegated`)", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients")]
pub async fn remove_client(
    state: web::Data<AppState>,
    user: EndUser,
    params: web::Query<ClientParams>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let (su, owner, actor, client) = one_client(&state, &user, &params).await?;
    let change = ClientChange {
        add: Vec::new(),
        remove: vec![client],
    };
    apply(&state, &actor, &owner, &su, &change, single(client)).await?;
    Ok(HttpResponse::Ok().json(Delegation {
        agent: su.id,
        client,
    }))
}

/// Adds and removes many clients of an agent system user at once, all or nothing.
///
/// Every client in `add` must be available (or already there); every client in `remove`
/// must be on the agent. If any one is refused, nothing is changed and the problem names
/// each refused client with a pointer into the body. At most 5,000 clients per call.
#[utoipa::path(
    tag = "Client delegation",
    params(AgentParams),
    request_body = BulkChange,
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 200, description = "Every client was changed", body = BulkResult),
        Problems,
        (status = 404, description = "No agent system user with this id that the person may act for (`unknown-agent`)", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Some clients were refused (`clients-refused`; each in `errors`); nothing was changed", body = super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/bulk")]
pub async fn change_clients(
    state: web::Data<AppState>,
    user: EndUser,
    agent: web::Query<AgentParams>,
    body: web::Json<BulkChange>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let mut checks = Checks::default();
    let id = checks.uuid("agent", agent.agent.as_deref());
    checks.done()?;
    let id = id.ok_or(ApiError::NotFound)?;
    let body = body.into_inner();
    let (su, owner, actor) = user.agent(&state, id, Permission::ManageClients).await?;
    let mut field_errors = Vec::new();
    if body.add.is_empty() && body.remove.is_empty() {
        field_errors.push(crate::domain::systems::FieldError::new(
            "add",
            "nothing-to-change",
            "Name at least one client in add or remove.",
        ));
    }
    if body.add.len() + body.remove.len() > MAX_BULK {
        field_errors.push(crate::domain::systems::FieldError::new(
            "add",
            "too-many-clients",
            format!("At most {MAX_BULK} clients per call; split the change."),
        ));
    }
    let mut pointers = Vec::new();
    let mut change = ClientChange::default();
    let names = ClientNames::resolve(&state, body.add.iter().chain(&body.remove)).await?;
    for (list, field, into) in [
        (&body.add, "add", &mut change.add),
        (&body.remove, "remove", &mut change.remove),
    ] {
        for (i, given) in list.iter().enumerate() {
            match names.id(given) {
                Ok(client) => {
                    pointers.push((client, ClientPointer::Body(format!("/{field}/{i}"))));
                    into.push(client);
                }
                Err(detail) => field_errors.push(crate::domain::systems::FieldError::new(
                    format!("{field}/{i}"),
                    "invalid-client",
                    detail,
                )),
            }
        }
    }
    let both: std::collections::BTreeSet<&Uuid> = change
        .add
        .iter()
        .filter(|c| change.remove.contains(c))
        .collect();
    for c in both {
        field_errors.push(crate::domain::systems::FieldError::new(
            "remove",
            "client-in-add-and-remove",
            format!("The client {c} is named both in add and in remove."),
        ));
    }
    if !field_errors.is_empty() {
        return Err(crate::domain::systems::RegisterError::Invalid(field_errors).into());
    }
    let outcome = apply(&state, &actor, &owner, &su, &change, pointers).await?;
    let item = |o: &Organization, status| BulkItem {
        client_id: o.id,
        client_organization_number: o.org_number.clone(),
        client_organization_name: o.name.clone(),
        status,
    };
    let mut results: Vec<BulkItem> = Vec::new();
    results.extend(outcome.added.iter().map(|o| item(o, BulkStatus::Added)));
    let already = state
        .store
        .organizations_among(&outcome.already_added, &[])
        .await?;
    results.extend(already.iter().map(|o| item(o, BulkStatus::AlreadyAdded)));
    results.extend(outcome.removed.iter().map(|o| item(o, BulkStatus::Removed)));
    Ok(HttpResponse::Ok().json(BulkResult {
        agent: su.id,
        results,
    }))
}

/// The agent and the client of a one-client call, checked for managing clients.
async fn one_client(
    state: &AppState,
    user: &EndUser,
    params: &ClientParams,
) -> ApiResult<(SystemUser, Organization, Actor, Uuid)> {
    let mut checks = Checks::default();
    let id = checks.uuid("agent", params.agent.as_deref());
    let given = match params.client.as_deref() {
        None | Some("") => {
            checks.fail("client", "missing", "Give the parameter client.");
            None
        }
        Some(c) => Some(c.to_owned()),
    };
    checks.done()?;
    let (Some(id), Some(given)) = (id, given) else {
        return Err(ApiError::NotFound);
    };
    let (su, owner, actor) = user.agent(state, id, Permission::ManageClients).await?;
    let names = ClientNames::resolve(state, [&given]).await?;
    let client = names.id(&given).map_err(|detail| {
        ApiError::InvalidParameters(vec![ParameterError {
            parameter: "client",
            code: "invalid-client",
            detail,
        }])
    })?;
    Ok((su, owner, actor, client))
}

/// Clients named by their ids or organization numbers, the numbers looked up at once.
struct ClientNames(std::collections::HashMap<String, Uuid>);

impl ClientNames {
    async fn resolve<'a>(
        state: &AppState,
        given: impl IntoIterator<Item = &'a String>,
    ) -> ApiResult<Self> {
        let numbers: Vec<String> = given
            .into_iter()
            .filter(|g| strict_org_number(g).is_ok())
            .cloned()
            .collect();
        if numbers.is_empty() {
            return Ok(Self(Default::default()));
        }
        let found = state.store.organizations_among(&[], &numbers).await?;
        Ok(Self(
            found.into_iter().map(|o| (o.org_number, o.id)).collect(),
        ))
    }

    /// The client's id. A number the portal does not know becomes an id nobody has, so
    /// the change refuses it as not a client.
    fn id(&self, given: &str) -> Result<Uuid, String> {
        if let Some(id) = strict_uuid(given) {
            return Ok(id);
        }
        match strict_org_number(given) {
            Ok(n) => Ok(self.0.get(n.as_str()).copied().unwrap_or_else(Uuid::nil)),
            Err(e) => Err(format!(
                "A client is named by its clientId (a UUID) or its organization number. {e}"
            )),
        }
    }
}

/// A UUID written the one way the document says: 36 characters with hyphens.
fn strict_uuid(s: &str) -> Option<Uuid> {
    (s.len() == 36).then(|| Uuid::try_parse(s).ok()).flatten()
}

/// An organization number written as the document says: nine digits, nothing else.
fn strict_org_number(s: &str) -> Result<OrgNumber, String> {
    if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("An organization number is nine digits.".into());
    }
    OrgNumber::parse(s).map_err(|e| e.to_string())
}

fn single(client: Uuid) -> Vec<(Uuid, ClientPointer)> {
    vec![(client, ClientPointer::Parameter("client"))]
}

/// Applies a change through the store's one writer of client delegations.
async fn apply(
    state: &AppState,
    actor: &Actor,
    owner: &Organization,
    su: &SystemUser,
    change: &ClientChange,
    pointers: Vec<(Uuid, ClientPointer)>,
) -> ApiResult<ChangeOutcome> {
    match state
        .store
        .change_clients(actor, owner.id, su.id, change)
        .await
    {
        Ok(outcome) => Ok(outcome),
        Err(AddError::NotFound) => Err(ApiError::UnknownAgent),
        Err(error) => Err(ApiError::Clients { error, pointers }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_what_they_did_not_make() {
        let c = CursorKind::Clients.encode("310000001");
        assert_eq!(CursorKind::Clients.decode(&c).as_deref(), Some("310000001"));
        assert_eq!(
            CursorKind::Agents.decode(&c),
            None,
            "a client cursor for agents"
        );
        assert_eq!(CursorKind::Clients.decode("not base64!"), None);
        let bad = URL_SAFE_NO_PAD.encode("c1:31000000x");
        assert_eq!(CursorKind::Clients.decode(&bad), None);
        let id = Uuid::new_v4().to_string();
        let a = CursorKind::Agents.encode(&id);
        assert_eq!(CursorKind::Agents.decode(&a), Some(id));
    }

    #[test]
    fn pages_continue_after_the_key_and_stop_at_the_end() {
        let items: Vec<u32> = (1..=5).collect();
        let key = |i: &u32| format!("{i:03}");
        let (p1, next) = page_of(items.clone(), key, None, 2);
        assert_eq!(p1, vec![1, 2]);
        assert_eq!(next.as_deref(), Some("002"));
        let (p2, next) = page_of(items.clone(), key, next.as_deref(), 2);
        assert_eq!(p2, vec![3, 4]);
        let (p3, next) = page_of(items.clone(), key, next.as_deref(), 2);
        assert_eq!(p3, vec![5]);
        assert_eq!(next, None);
        let (exact, next) = page_of(items, key, None, 5);
        assert_eq!(exact.len(), 5);
        assert_eq!(next, None, "no empty last page");
    }
}
