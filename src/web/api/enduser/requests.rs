//! The firm's side of requests for fullmakt (`domain::fullmakt_requests`) and the
//! automatic-adding setting of an agent, for the same person tokens as the rest of the
//! client delegation API: ask, list (newest first, paged with a cursor), read, withdraw.

use super::*;
use crate::domain::AccessPackage;
use crate::domain::fullmakt_requests::{DraftError, MAX_MESSAGE, check_draft};
use crate::domain::systems::{FieldError, RegisterError};
use crate::store::delegations::AddError;
use crate::store::fullmakt_requests::{FullmaktRequest, RequestError};

/// A request for fullmakt as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FullmaktRequestInfo {
    id: Uuid,
    /// The asking firm's organization number.
    firm_org_no: String,
    client_org_no: String,
    client_name: String,
    /// The access packages asked for (URNs).
    access_packages: Vec<String>,
    /// The agent system user the client is to be put on once granted, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_id: Option<Uuid>,
    message: String,
    #[schema(example = "pending")]
    /// `pending`, `accepted`, `declined`, `withdrawn` or `expired`.
    status: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    expires: OffsetDateTime,
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    answered: Option<OffsetDateTime>,
    /// The path the client opens to answer.
    answer_path: String,
}

impl From<FullmaktRequest> for FullmaktRequestInfo {
    fn from(r: FullmaktRequest) -> Self {
        Self {
            id: r.id,
            answer_path: crate::web::fullmakt_requests::answer_path(r.id),
            firm_org_no: r.firm.org_number,
            client_org_no: r.client.org_number,
            client_name: r.client.name,
            access_packages: r.packages.iter().map(|p| p.urn().to_owned()).collect(),
            agent_id: r.system_user.map(|(id, _)| id),
            message: r.message,
            status: r.status.code(),
            created: r.created_at,
            expires: r.expires_at,
            answered: r.answered_at,
        }
    }
}

/// One page of the firm's requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct FullmaktRequestList {
    links: Links,
    data: Vec<FullmaktRequestInfo>,
}

/// What the firm asks for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewFullmaktRequest {
    /// The organization asked.
    #[schema(example = "315035007")]
    client_org_no: String,
    /// The access packages asked for (URNs of packages a client can delegate).
    #[schema(example = json!(["urn:altinn:accesspackage:regnskapsforer-lonn"]))]
    access_packages: Vec<String>,
    /// An agent system user of the firm to put the client on once granted.
    #[serde(default)]
    agent_id: Option<Uuid>,
    /// A short message to the client (at most 500 characters).
    #[serde(default)]
    #[schema(max_length = 500)]
    message: Option<String>,
}

/// The automatic-adding setting of an agent.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoAdd {
    /// Whether every client that becomes eligible is put on the agent by itself.
    auto_add: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RequestPath {
    /// The request's id.
    #[param(value_type = String, format = Uuid)]
    id: String,
}

/// A request error in the API's words.
fn refused(e: RequestError) -> ApiError {
    match e {
        RequestError::Store(e) => ApiError::Store(e),
        RequestError::NotAnAgent => ApiError::UnknownAgent,
        other => ApiError::FullmaktRequest(other),
    }
}

/// The firm's requests for fullmakt, newest first.
///
/// Needs a role for the organization. Paged.
#[utoipa::path(
    tag = "Requests for fullmakt",
    params(PartyParams, PageParams),
    security(("bearer" = ["altinn:clientdelegations.read"])),
    responses(
        (status = 200, description = "The requests, one page", body = FullmaktRequestList),
        Problems,
        (status = 404, description = "No such organization (`unknown-party`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fullmaktrequests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    user: EndUser,
    party: web::Query<PartyParams>,
    page: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_READ)?;
    let mut checks = Checks::default();
    let org = checks.party(party.party.as_deref());
    let paging = checks.page(&page, CursorKind::Requests);
    checks.done()?;
    let (Some(org), Some((after, size))) = (org, paging) else {
        return Err(ApiError::NotFound);
    };
    let firm = user.party(&state, &org).await?;
    user.acting_for(&state, firm.id, Permission::ViewSystemUsers)
        .await?;
    let after = after.as_deref().and_then(CursorKind::request_key);
    let rows = state
        .store
        .fullmakt_requests_after(firm.id, after, size as i64 + 1)
        .await?;
    let (rows, next) = page_of(rows, CursorKind::request_cursor_key, None, size);
    Ok(HttpResponse::Ok().json(FullmaktRequestList {
        links: next_link(&req, CursorKind::Requests, next),
        data: rows.into_iter().map(FullmaktRequestInfo::from).collect(),
    }))
}

/// Asks an organization for a fullmakt.
///
/// With `agentId`, the client is put on that agent system user once it accepts (if the
/// firm then holds every package the agent needs). One open request per firm and client.
/// Needs Daglig leder, Hovedadministrator or Klientadministrator.
#[utoipa::path(
    tag = "Requests for fullmakt",
    params(PartyParams),
    request_body = NewFullmaktRequest,
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 201, description = "The request was made", body = FullmaktRequestInfo),
        Problems,
        (status = 404, description = "No such organization (`unknown-party`) or agent (`unknown-agent`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An open request to the client exists (`request-open`, with `existingRequestId`), or the client has given every package already (`packages-already-given`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/fullmaktrequests")]
pub async fn create_request(
    state: web::Data<AppState>,
    user: EndUser,
    party: web::Query<PartyParams>,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let mut checks = Checks::default();
    let org = checks.party(party.party.as_deref());
    checks.done()?;
    let Some(org) = org else {
        return Err(ApiError::NotFound);
    };
    let firm = user.party(&state, &org).await?;
    let actor = user
        .acting_for(&state, firm.id, Permission::ManageClients)
        .await?;
    let body: NewFullmaktRequest = object_body(body.into_inner())?;
    let mut fields = Vec::new();
    let client = match strict_org_number(body.client_org_no.trim()) {
        Err(e) => {
            fields.push(FieldError::new(
                "clientOrgNo",
                "invalid-organization-number",
                e,
            ));
            None
        }
        Ok(n) if n.as_str() == firm.org_number => {
            fields.push(FieldError::new(
                "clientOrgNo",
                "request-to-self",
                "An organization cannot ask itself for fullmakt.",
            ));
            None
        }
        Ok(n) => match state.store.organization_by_number(&n).await? {
            Some(c) => Some(c),
            None => {
                fields.push(FieldError::new(
                    "clientOrgNo",
                    "unknown-organization",
                    format!("No organization with number {} is known.", n.as_str()),
                ));
                None
            }
        },
    };
    let slugs: Vec<String> = body
        .access_packages
        .iter()
        .map(|urn| {
            AccessPackage::from_urn(urn)
                .map(|p| p.slug().to_owned())
                .unwrap_or_else(|_| urn.clone())
        })
        .collect();
    let draft = check_draft(&slugs, body.message.as_deref().unwrap_or(""));
    if let Err(problems) = &draft {
        for p in problems {
            fields.push(match p {
                DraftError::Packages(e) => {
                    FieldError::new("accessPackages", "invalid-access-packages", e.to_string())
                }
                DraftError::MessageTooLong => FieldError::new(
                    "message",
                    "message-too-long",
                    format!("The message can be at most {MAX_MESSAGE} characters."),
                ),
            });
        }
    }
    if !fields.is_empty() {
        return Err(ApiError::Register(RegisterError::Invalid(fields)));
    }
    let (Some(client), Ok((packages, message))) = (client, draft) else {
        return Err(ApiError::NotFound);
    };
    let id = state
        .store
        .ask_for_fullmakt(
            &actor,
            &firm,
            &client,
            &packages,
            body.agent_id,
            &message,
            state.fullmakt_request_ttl_days,
        )
        .await
        .map_err(refused)?;
    let r = state
        .store
        .fullmakt_request(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(FullmaktRequestInfo::from(r)))
}

/// The request, if the person may see its firm's requests (else not found).
async fn visible(
    state: &AppState,
    user: &EndUser,
    id: &str,
    permission: Permission,
) -> ApiResult<(FullmaktRequest, Actor)> {
    let unknown = || ApiError::FullmaktRequest(RequestError::NotFound);
    let id = strict_uuid(id).ok_or_else(unknown)?;
    let r = state
        .store
        .fullmakt_request(id)
        .await?
        .ok_or_else(unknown)?;
    let roles = state.store.roles_for(user.person.id, r.firm.id).await?;
    if !roles.permits(Permission::ViewSystemUsers) {
        return Err(unknown());
    }
    let actor = user.actor_with(&roles, r.firm.id, permission)?;
    Ok((r, actor))
}

/// One of the firm's requests for fullmakt.
#[utoipa::path(
    tag = "Requests for fullmakt",
    params(RequestPath),
    security(("bearer" = ["altinn:clientdelegations.read"])),
    responses(
        (status = 200, description = "The request", body = FullmaktRequestInfo),
        Problems,
        (status = 404, description = "No request with this id that the person may see (`unknown-request`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/fullmaktrequests/{id}")]
pub async fn read_request(
    state: web::Data<AppState>,
    user: EndUser,
    path: web::Path<RequestPath>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_READ)?;
    let (r, _) = visible(&state, &user, &path.id, Permission::ViewSystemUsers).await?;
    Ok(HttpResponse::Ok().json(FullmaktRequestInfo::from(r)))
}

/// Withdraws an open request for fullmakt.
///
/// Needs Daglig leder, Hovedadministrator or Klientadministrator.
#[utoipa::path(
    tag = "Requests for fullmakt",
    params(RequestPath),
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 200, description = "The request, withdrawn", body = FullmaktRequestInfo),
        Problems,
        (status = 404, description = "No request with this id that the person may see (`unknown-request`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The request is answered, withdrawn or expired (`request-not-open`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/fullmaktrequests/{id}")]
pub async fn withdraw_request(
    state: web::Data<AppState>,
    user: EndUser,
    path: web::Path<RequestPath>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let (r, actor) = visible(&state, &user, &path.id, Permission::ManageClients).await?;
    state
        .store
        .withdraw_fullmakt_request(&actor, r.firm.id, r.id)
        .await
        .map_err(refused)?;
    let r = state
        .store
        .fullmakt_request(r.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(FullmaktRequestInfo::from(r)))
}

/// Turns automatic adding of new clients on or off for an agent system user.
///
/// Turned on, every client that becomes eligible (a fullmakt or package given, an
/// accepted request, a register role) is put on the agent by itself. Needs Daglig leder,
/// Hovedadministrator or Klientadministrator.
#[utoipa::path(
    tag = "Client delegation",
    params(AgentParams),
    request_body = AutoAdd,
    security(("bearer" = ["altinn:clientdelegations.write"])),
    responses(
        (status = 200, description = "The setting as it is now", body = AutoAdd),
        Problems,
        (status = 404, description = "No agent system user with this id that the person may act for (`unknown-agent`)", body = super::super::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/agents/autoadd")]
pub async fn set_auto_add(
    state: web::Data<AppState>,
    user: EndUser,
    agent: web::Query<AgentParams>,
    body: web::Json<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    user.require_scope(SCOPE_WRITE)?;
    let body: AutoAdd = object_body(body.into_inner())?;
    let (su, owner, actor) = user
        .agent_named(&state, &agent, Permission::ManageClients)
        .await?;
    match state
        .store
        .set_auto_add(&actor, owner.id, su.id, body.auto_add, false)
        .await
    {
        Ok(_) => Ok(HttpResponse::Ok().json(AutoAdd {
            auto_add: body.auto_add,
        })),
        Err(AddError::NotFound) => Err(ApiError::UnknownAgent),
        Err(AddError::Store(e)) => Err(ApiError::Store(e)),
        Err(e) => Err(ApiError::Store(crate::store::StoreError::Corrupt(
            e.to_string(),
        ))),
    }
}
