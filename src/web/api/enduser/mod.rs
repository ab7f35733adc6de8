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

use actix_web::{
    FromRequest, HttpRequest, HttpResponse, delete, dev::Payload, get, post, put, web,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::problem::{ApiError, ApiResult, ClientPointer, ParameterError};
use crate::auth::{Claims, TokenError};
use crate::domain::ClientChange;
use crate::domain::client_changes::ChangeProblem;
use crate::domain::{OrgNumber, Permission, RoleSet};
use crate::store::audit::Actor;
use crate::store::delegations::{AddError, ChangeOutcome};
use crate::store::parties::{Organization, Person, Representable};
use crate::store::system_users::SystemUser;
use crate::web::AppState;

mod bodies;
mod caller;
mod params;
mod requests;

pub use bodies::*;
pub use caller::EndUser;
use params::*;
pub use requests::*;

pub const PREFIX: &str = "/authentication/api/v1/enduser/systemuser";
pub const SCOPE_READ: &str = "altinn:clientdelegations.read";
pub const SCOPE_WRITE: &str = "altinn:clientdelegations.write";

/// Page sizes: the default, and the most one page may hold.
const DEFAULT_PAGE_SIZE: usize = 100;
const MAX_PAGE_SIZE: usize = 1000;

/// Registers the API's services; the app and the OpenAPI document both come from here.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope(PREFIX)
            .app_data(super::json_config().limit(512 * 1024))
            .app_data(super::path_config())
            .app_data(super::query_config())
            .service(list_agents)
            .service(available_clients)
            .service(list_clients)
            .service(add_client)
            .service(remove_client)
            .service(change_clients)
            .service(set_auto_add)
            .service(list_requests)
            .service(create_request)
            .service(read_request)
            .service(withdraw_request),
    );
}

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
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let body: BulkChange = object_body(body.into_inner())?;
    let (su, owner, actor) = user
        .agent_named(&state, &agent, Permission::ManageClients)
        .await?;
    let mut field_errors = Vec::new();
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
    let named = body.add.len() + body.remove.len();
    field_errors.extend(change.problems(named).iter().map(change_problem));
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
/// A JSON body that must be an object: serde would also read a struct from an array of
/// its fields in order (`[true]` for `{"autoAdd": true}`), which the document does not allow.
fn object_body<T: serde::de::DeserializeOwned>(body: serde_json::Value) -> ApiResult<T> {
    if !body.is_object() {
        return Err(ApiError::MalformedBody(
            "the body must be a JSON object".into(),
        ));
    }
    serde_json::from_value(body).map_err(|e| ApiError::MalformedBody(e.to_string()))
}

fn strict_uuid(s: &str) -> Option<Uuid> {
    (s.len() == 36).then(|| Uuid::try_parse(s).ok()).flatten()
}

/// A problem of a bulk change as asked, as the API names it.
fn change_problem(problem: &ChangeProblem) -> crate::domain::systems::FieldError {
    use crate::domain::systems::FieldError;
    match problem {
        ChangeProblem::NothingToChange => FieldError::new(
            "add",
            "nothing-to-change",
            "Name at least one client in add or remove.",
        ),
        ChangeProblem::TooMany { limit } => FieldError::new(
            "add",
            "too-many-clients",
            format!("At most {limit} clients per call; split the change."),
        ),
        ChangeProblem::InBoth(c) => FieldError::new(
            "remove",
            "client-in-add-and-remove",
            format!("The client {c} is named both in add and in remove."),
        ),
    }
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
