//! The vendor API, with the real Altinn paths under `/authentication/api/v1`: a vendor
//! manages its systems in the system register and asks customers for system users. The
//! vendor is the organization in the Maskinporten token's `consumer` claim; it sees and
//! changes only its own systems and requests.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{
    FromRequest, HttpRequest, HttpResponse, delete, dev::Payload, get, post, put, web,
};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::Body;
use super::problem::{ApiError, ApiResult, Problem};
use crate::auth::Claims;
use crate::domain::requests::{RequestDraft, RequestStatus};
use crate::domain::systems::{
    FieldError, Localized, RegisterError, SystemDefinition, SystemDraft, SystemId,
};
use crate::domain::{OrgNumber, SystemUserKind};
use crate::store::audit::Actor;
use crate::store::requests::VendorRequest;
use crate::store::systems::{RegisteredSystem, SaveMode};
use crate::web::AppState;

pub const SCOPE_REGISTER_WRITE: &str = "altinn:authentication/systemregister.write";
pub const SCOPE_REQUEST_WRITE: &str = "altinn:authentication/systemuser.request.write";
pub const SCOPE_REQUEST_READ: &str = "altinn:authentication/systemuser.request.read";

/// Registers the vendor API's services; the app and the OpenAPI document both come from
/// here. Registered after the end-user API, whose scope is longer.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope(API_PREFIX)
            .app_data(super::json_config())
            .app_data(super::path_config())
            .app_data(super::query_config())
            .service(create_system)
            .service(list_systems)
            .service(get_system)
            .service(update_system)
            .service(delete_system)
            .service(replace_access_packages)
            .service(system_changelog)
            .service(create_standard_request)
            .service(create_agent_request)
            .service(get_agent_request)
            .service(get_request_by_reference)
            .service(get_request)
            .service(delete_request)
            .service(list_requests_by_system)
            .service(list_agent_requests_by_system)
            .service(list_system_users_by_system)
            .service(system_user_by_query)
            .service(create_change_request)
            .service(get_change_request_by_reference)
            .service(list_change_requests_by_system)
            .service(get_change_request)
            .service(delete_change_request),
    );
}

/// The problems every vendor operation may answer with, documented once.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only described: the answers are built by `ApiError`
pub enum VendorProblems {
    /// The address, a parameter or the body is not valid: `malformed-path`,
    /// `invalid-parameter` or `malformed-query` (each parameter in `errors`),
    /// `malformed-body`, `validation-failed` (each field in `errors`, as a JSON pointer;
    /// `invalid-character` for text with NUL).
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// No valid token: `token-missing`, `token-expired`, `token-claim-invalid` (no
    /// `consumer`), ….
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Not allowed: `insufficient-scope`, or `unknown-vendor` (the token's organization is
    /// not known to the portal).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Temporarily unavailable, nothing changed: `service-unavailable`,
    /// `token-keys-unavailable`. Try again after `Retry-After`.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// A system in the register, by its id.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SystemPath {
    /// The system's id: the vendor's organization number, `_`, and a name.
    #[param(example = "991825827_smartregnskap")]
    system_id: String,
}

/// A request or change request, by its id.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// The id the vendor was given when it made it; other text is not found.
    #[param(value_type = String, format = Uuid)]
    id: String,
}

/// A request or change request, by the vendor's own reference.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ReferencePath {
    /// The system's id.
    system_id: String,
    /// The customer's organization number.
    #[param(example = "311037889")]
    org_no: String,
    /// The vendor's reference (`externalRef`); the customer's number when none was given.
    external_ref: String,
}

/// A vendor calling with a valid token: its organization as the portal knows it.
pub struct Vendor {
    pub id: Uuid,
    pub org: OrgNumber,
    pub name: String,
    claims: Claims,
}

impl Vendor {
    /// The token must carry `scope` (for reading, the write scope will do too).
    pub fn require(&self, scope: &'static str) -> ApiResult<()> {
        let implied_by = (scope == SCOPE_REQUEST_READ).then_some(SCOPE_REQUEST_WRITE);
        super::require_scope(&self.claims, scope, implied_by)
    }

    fn actor(&self) -> Actor {
        Actor::vendor(self.id, &self.name)
    }
}

impl FromRequest for Vendor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (state, claims) = super::bearer(&req).await?;
            let org = claims
                .consumer
                .clone()
                .ok_or(crate::auth::TokenError::InvalidClaim("consumer"))?;
            let vendor = state
                .store
                .organization_by_number(&org)
                .await?
                .ok_or(RegisterError::UnknownVendor)?;
            Ok(Vendor {
                id: vendor.id,
                org,
                name: vendor.name,
                claims,
            })
        })
    }
}

// ---- The system register ----

/// A text in Norwegian Bokmål, Nynorsk and English.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalizedJson {
    #[serde(default)]
    pub nb: String,
    #[serde(default)]
    pub nn: String,
    #[serde(default)]
    pub en: String,
}

/// An access package, by its URN.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageRef {
    #[schema(example = "urn:altinn:accesspackage:regnskapsforer-lonn")]
    pub urn: String,
}

/// An organization as Maskinporten names it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OrgRef {
    pub authority: String,
    #[serde(rename = "ID")]
    pub id: String,
}

impl OrgRef {
    fn of(org: &OrgNumber) -> Self {
        Self {
            authority: "iso6523-actorid-upis".into(),
            id: format!("0192:{}", org.as_str()),
        }
    }
}

/// A system as a vendor sends it (POST, PUT, and the command line's file).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SystemJson {
    pub id: String,
    #[serde(default)]
    pub vendor: Option<OrgRef>,
    pub name: LocalizedJson,
    #[serde(default)]
    pub description: LocalizedJson,
    #[serde(default)]
    pub access_packages: Vec<PackageRef>,
    #[serde(default)]
    pub allowed_redirect_urls: Vec<String>,
    #[serde(default)]
    pub is_visible: bool,
}

impl SystemJson {
    /// Checks the entry for `vendor`: the domain's rules plus the vendor field, if given.
    pub fn validate(&self, vendor: &OrgNumber) -> Result<SystemDefinition, RegisterError> {
        let draft = SystemDraft {
            id: self.id.clone(),
            name: localized(&self.name),
            description: localized(&self.description),
            packages: self.access_packages.iter().map(|p| p.urn.clone()).collect(),
            redirect_urls: self.allowed_redirect_urls.clone(),
            visible: self.is_visible,
        };
        let mut errors = Vec::new();
        if let Some(v) = &self.vendor
            && v.id != OrgRef::of(vendor).id
        {
            errors.push(FieldError::new(
                "vendor/ID",
                "vendor-mismatch",
                "The vendor must be your own organization, as \"0192:<organization number>\".",
            ));
        }
        match SystemDefinition::validate(&draft, vendor) {
            Ok(def) if errors.is_empty() => Ok(def),
            Ok(_) => Err(RegisterError::Invalid(errors)),
            Err(mut more) => {
                errors.append(&mut more);
                Err(RegisterError::Invalid(errors))
            }
        }
    }
}

fn localized(l: &LocalizedJson) -> Localized {
    Localized {
        nb: l.nb.clone(),
        nn: l.nn.clone(),
        en: l.en.clone(),
    }
}

impl From<&Localized> for LocalizedJson {
    fn from(l: &Localized) -> Self {
        Self {
            nb: l.nb.clone(),
            nn: l.nn.clone(),
            en: l.en.clone(),
        }
    }
}

/// A system in the register, as the vendor reads it back.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemOut {
    id: String,
    vendor: OrgRef,
    name: LocalizedJson,
    description: LocalizedJson,
    access_packages: Vec<PackageRef>,
    allowed_redirect_urls: Vec<String>,
    is_visible: bool,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated: OffsetDateTime,
}

impl From<&RegisteredSystem> for SystemOut {
    fn from(s: &RegisteredSystem) -> Self {
        let d = &s.definition;
        Self {
            id: d.id.to_string(),
            vendor: OrgRef::of(&d.id.vendor()),
            name: (&d.name).into(),
            description: (&d.description).into(),
            access_packages: d
                .packages
                .iter()
                .map(|p| PackageRef {
                    urn: p.urn().into(),
                })
                .collect(),
            allowed_redirect_urls: d.redirect_urls.iter().map(|u| u.as_str().into()).collect(),
            is_visible: d.visible,
            created: s.created_at,
            updated: s.updated_at,
        }
    }
}

/// Where the vendor API lives, as in Altinn.
pub const API_PREFIX: &str = "/authentication/api/v1";
const REGISTER: &str = "/systemregister/vendor";

/// Registers a system.
///
/// The vendor is the token's organization; the id begins with its organization number.
/// Every package must be one the portal knows.
#[utoipa::path(
    tag = "System register",
    request_body = SystemJson,
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 201, description = "The system, registered", body = SystemOut,
            headers(("Location" = String, description = "The system's address"))),
        VendorProblems,
        (status = 409, description = "A system with this id exists (`system-exists`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/systemregister/vendor")]
pub async fn create_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    Body(body): Body<SystemJson>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let def = body.validate(&vendor.org)?;
    let (saved, _) = state
        .store
        .save_system(&vendor.actor(), &def, SaveMode::Create)
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("{API_PREFIX}{REGISTER}/{}", saved.id()),
        ))
        .json(SystemOut::from(&saved)))
}

/// Replaces a system's entry.
///
/// System users already made keep the packages they were approved with.
#[utoipa::path(
    tag = "System register",
    params(SystemPath),
    request_body = SystemJson,
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The system as it is now", body = SystemOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/systemregister/vendor/{system_id}")]
pub async fn update_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    Body(body): Body<SystemJson>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let def = body.validate(&vendor.org)?;
    if def.id.as_str() != path.system_id {
        return Err(RegisterError::Invalid(vec![FieldError::new(
            "id",
            "id-mismatch",
            "The id in the body must be the id in the address.",
        )])
        .into());
    }
    let (saved, _) = state
        .store
        .save_system(&vendor.actor(), &def, SaveMode::Update)
        .await?;
    Ok(HttpResponse::Ok().json(SystemOut::from(&saved)))
}

/// One of the vendor's own systems; another vendor's is not found.
async fn own_system(state: &AppState, vendor: &Vendor, id: &str) -> ApiResult<RegisteredSystem> {
    let id = SystemId::parse(id).map_err(|_| ApiError::NotFound)?;
    state
        .store
        .registered_system(&id)
        .await?
        .filter(|s| s.vendor_id == vendor.id)
        .ok_or(ApiError::NotFound)
}

/// One of the vendor's systems.
#[utoipa::path(
    tag = "System register",
    params(SystemPath),
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The system", body = SystemOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemregister/vendor/{system_id}")]
pub async fn get_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let system = own_system(&state, &vendor, &path.system_id).await?;
    Ok(HttpResponse::Ok().json(SystemOut::from(&system)))
}

/// The vendor's systems.
#[utoipa::path(
    tag = "System register",
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The vendor's systems", body = Vec<SystemOut>),
        VendorProblems,
    )
)]
#[get("/systemregister/vendor")]
pub async fn list_systems(state: web::Data<AppState>, vendor: Vendor) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let systems = state.store.vendor_systems(vendor.id).await?;
    let out: Vec<SystemOut> = systems.iter().map(SystemOut::from).collect();
    Ok(HttpResponse::Ok().json(out))
}

// ---- Requests for system users ----

/// A request for a system user, as the vendor sends it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequestJson {
    pub system_id: String,
    pub party_org_no: String,
    #[serde(default)]
    pub external_ref: Option<String>,
    #[serde(default)]
    pub access_packages: Vec<PackageRef>,
    #[serde(default)]
    pub redirect_url: Option<String>,
}

/// A request for a system user: `status` is `New`, `Accepted`, `Rejected` or `Timedout`;
/// `confirmUrl` is the address to send the customer's person to.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestOut {
    id: Uuid,
    external_ref: String,
    system_id: String,
    party_org_no: String,
    #[serde(rename = "type")]
    kind: &'static str,
    access_packages: Vec<PackageRef>,
    status: &'static str,
    redirect_url: Option<String>,
    confirm_url: String,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires: OffsetDateTime,
    system_user_id: Option<Uuid>,
}

/// The portal's address as the vendor should hand it to people.
fn base_url(state: &AppState, req: &HttpRequest) -> String {
    crate::web::origin::public_origin(state, req)
}

fn request_out(r: &VendorRequest, base: &str) -> RequestOut {
    RequestOut {
        id: r.id,
        external_ref: r.external_ref.clone(),
        system_id: r.system_id.to_string(),
        party_org_no: r.customer_org_number.as_str().to_owned(),
        kind: r.kind.code(),
        access_packages: r
            .packages
            .iter()
            .map(|p| PackageRef {
                urn: p.urn().into(),
            })
            .collect(),
        status: status_name(r.status),
        redirect_url: r.redirect_url.clone(),
        confirm_url: format!("{base}/foresporsler/{}", r.id),
        created: r.created_at,
        expires: r.expires_at,
        system_user_id: r.system_user_id,
    }
}

const REQUEST: &str = "/systemuser/request/vendor";

async fn make_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    body: RequestJson,
    kind: SystemUserKind,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let draft = RequestDraft {
        system_id: body.system_id.clone(),
        customer: body.party_org_no.clone(),
        external_ref: body.external_ref.clone(),
        packages: body.access_packages.iter().map(|p| p.urn.clone()).collect(),
        redirect_url: body.redirect_url.clone(),
    };
    let (request, created) = state
        .store
        .create_request(
            &vendor.actor(),
            &vendor.org,
            kind,
            &draft,
            state.request_ttl,
        )
        .await?;
    let out = request_out(&request, &base_url(&state, &req));
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status)
        .insert_header((
            header::LOCATION,
            format!("{API_PREFIX}{REQUEST}/{}", request.id),
        ))
        .json(out))
}

/// Asks a customer for a standard system user.
///
/// Idempotent by system, customer and `externalRef`. Send the customer's person to
/// `confirmUrl`.
#[utoipa::path(
    tag = "System user requests",
    request_body = RequestJson,
    security(("maskinporten" = ["altinn:authentication/systemuser.request.write"])),
    responses(
        (status = 201, description = "The request, made", body = RequestOut,
            headers(("Location" = String, description = "The request's address"))),
        (status = 200, description = "The request made before with this system, customer and reference", body = RequestOut),
        VendorProblems,
        (status = 409, description = "Another open request holds this system, customer and reference (`request-conflict`, with `existingRequestId`), or the customer has a system user of this system with this reference (`system-user-exists`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/systemuser/request/vendor")]
pub async fn create_standard_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    Body(body): Body<RequestJson>,
) -> ApiResult<HttpResponse> {
    make_request(req, state, vendor, body, SystemUserKind::Standard).await
}

/// Asks a customer (an accounting or auditing firm) for an agent system user.
///
/// As a standard request; the firm then adds the clients the system acts for.
#[utoipa::path(
    tag = "System user requests",
    request_body = RequestJson,
    security(("maskinporten" = ["altinn:authentication/systemuser.request.write"])),
    responses(
        (status = 201, description = "The request, made", body = RequestOut,
            headers(("Location" = String, description = "The request's address"))),
        (status = 200, description = "The request made before with this system, customer and reference", body = RequestOut),
        VendorProblems,
        (status = 409, description = "Another open request holds this system, customer and reference (`request-conflict`, with `existingRequestId`), or the customer has a system user of this system with this reference (`system-user-exists`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/systemuser/request/vendor/agent")]
pub async fn create_agent_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    Body(body): Body<RequestJson>,
) -> ApiResult<HttpResponse> {
    make_request(req, state, vendor, body, SystemUserKind::Agent).await
}

/// `…/request/vendor/agent` is the address for making agent requests, not a request's id:
/// other methods there are not allowed (405), as the document says.
fn not_the_agent_path(ctx: &actix_web::guard::GuardContext) -> bool {
    !ctx.head().uri.path().ends_with("/request/vendor/agent")
}

/// A request of the vendor's own systems; another vendor's is not found.
fn own_request(vendor: &Vendor, request: Option<VendorRequest>) -> ApiResult<VendorRequest> {
    request
        .filter(|r| r.vendor_id == vendor.id)
        .ok_or(ApiError::NotFound)
}

/// A request, by its id.
#[utoipa::path(
    tag = "System user requests",
    params(IdPath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The request", body = RequestOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/request/vendor/{id}", guard = "not_the_agent_path")]
pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<IdPath>,
) -> ApiResult<HttpResponse> {
    read_request(&req, &state, &vendor, &path.id, None).await
}

/// An agent request, by its id.
///
/// Answers only for agent requests, as in Altinn.
#[utoipa::path(
    tag = "System user requests",
    params(IdPath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The request", body = RequestOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/request/vendor/agent/{id}")]
pub async fn get_agent_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<IdPath>,
) -> ApiResult<HttpResponse> {
    read_request(&req, &state, &vendor, &path.id, Some(SystemUserKind::Agent)).await
}

async fn read_request(
    req: &HttpRequest,
    state: &AppState,
    vendor: &Vendor,
    id: &str,
    kind: Option<SystemUserKind>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let id = Uuid::parse_str(id).map_err(|_| ApiError::NotFound)?;
    let request = own_request(vendor, state.store.vendor_request(id).await?)?;
    if kind.is_some_and(|k| k != request.kind) {
        return Err(ApiError::NotFound);
    }
    Ok(HttpResponse::Ok().json(request_out(&request, &base_url(state, req))))
}

/// A request, by system, customer and the vendor's reference.
#[utoipa::path(
    tag = "System user requests",
    params(ReferencePath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The request", body = RequestOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/request/vendor/byexternalref/{system_id}/{org_no}/{external_ref}")]
pub async fn get_request_by_reference(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<ReferencePath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let ReferencePath {
        system_id: system,
        org_no: customer,
        external_ref,
    } = path.into_inner();
    let system = SystemId::parse(&system).map_err(|_| ApiError::NotFound)?;
    let customer = OrgNumber::parse(&customer).map_err(|_| ApiError::NotFound)?;
    let request = state
        .store
        .vendor_request_by_reference(&system, &customer, &external_ref)
        .await?;
    let request = own_request(&vendor, request)?;
    Ok(HttpResponse::Ok().json(request_out(&request, &base_url(&state, &req))))
}

/// A request's status as Altinn's API names it.
fn status_name(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => "New",
        RequestStatus::Accepted => "Accepted",
        RequestStatus::Rejected => "Rejected",
        RequestStatus::TimedOut => "Timedout",
    }
}

// ---- Lists and clean-up: a system's requests and system users, paged as Altinn pages ----

/// Items per page of the vendor's lists (Altinn's page size).
const VENDOR_PAGE: i64 = 50;

/// `?token=`: where a page continues (the `links.next` of the page before).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// Where the page continues: the token in the previous page's `links.next`.
    #[serde(default)]
    token: Option<String>,
}

/// A page of a list, as Altinn's `Paginated<T>`: the items and the next page's address.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T> {
    links: PaginatedLinks,
    data: Vec<T>,
}

/// `next`: the next page's absolute address, null on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaginatedLinks {
    next: Option<String>,
}

const TOKEN_TAG: &str = "v1:";

/// The id a continuation token points after; a token this API did not give is refused.
fn continue_after(query: &TokenQuery) -> ApiResult<Option<Uuid>> {
    use base64::Engine as _;
    let Some(token) = query.token.as_deref().filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.strip_prefix(TOKEN_TAG).map(str::to_owned))
        .and_then(|id| Uuid::parse_str(&id).ok())
        .map(Some)
        .ok_or_else(|| {
            ApiError::InvalidParameters(vec![super::problem::ParameterError {
                parameter: "token",
                code: "invalid-token",
                detail: "The token is not one this list gave; start again without it.".into(),
            }])
        })
}

/// One page from `items` (read with one more than a page, in id order) and the address
/// of the next one, absolute like Altinn's.
fn paginated<T, U>(
    state: &AppState,
    req: &HttpRequest,
    mut items: Vec<T>,
    id: impl Fn(&T) -> Uuid,
    out: impl Fn(&T) -> U,
) -> Paginated<U> {
    use base64::Engine as _;
    let more = items.len() as i64 > VENDOR_PAGE;
    items.truncate(VENDOR_PAGE as usize);
    let next = more.then(|| items.last().map(&id)).flatten().map(|last| {
        let token =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{TOKEN_TAG}{last}"));
        format!("{}{}?token={token}", base_url(state, req), req.path())
    });
    Paginated {
        links: PaginatedLinks { next },
        data: items.iter().map(out).collect(),
    }
}

/// `GET …/request/vendor/bysystem/{systemId}` and `…/request/vendor/agent/bysystem/{systemId}`.
async fn requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    system: &str,
    query: &TokenQuery,
    kind: SystemUserKind,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let after = continue_after(query)?;
    let system = SystemId::parse(system).map_err(|_| ApiError::NotFound)?;
    let page = state
        .store
        .vendor_requests_by_system(vendor.id, &system, kind, after, VENDOR_PAGE + 1)
        .await?
        .ok_or(ApiError::NotFound)?;
    let base = base_url(&state, &req);
    let body = paginated(&state, &req, page, |r| r.id, |r| request_out(r, &base));
    Ok(HttpResponse::Ok().json(body))
}

/// The standard requests of one of the vendor's systems.
#[utoipa::path(
    tag = "System user requests",
    params(SystemPath, TokenQuery),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The requests, one page (50), in id order", body = Paginated<RequestOut>),
        VendorProblems,
        (status = 404, description = "No such system of the vendor's (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/request/vendor/bysystem/{system_id}")]
pub async fn list_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    requests_by_system(
        req,
        state,
        vendor,
        &path.system_id,
        &query,
        SystemUserKind::Standard,
    )
    .await
}

/// The agent requests of one of the vendor's systems.
#[utoipa::path(
    tag = "System user requests",
    params(SystemPath, TokenQuery),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The requests, one page (50), in id order", body = Paginated<RequestOut>),
        VendorProblems,
        (status = 404, description = "No such system of the vendor's (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/request/vendor/agent/bysystem/{system_id}")]
pub async fn list_agent_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    requests_by_system(
        req,
        state,
        vendor,
        &path.system_id,
        &query,
        SystemUserKind::Agent,
    )
    .await
}

/// Deletes a request, answered or not.
///
/// The customer's history says the vendor withdrew it; a system user it made stays.
#[utoipa::path(
    tag = "System user requests",
    params(IdPath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.write"])),
    responses(
        (status = 202, description = "The request is deleted"),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/systemuser/request/vendor/{id}", guard = "not_the_agent_path")]
pub async fn delete_request(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<IdPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let id = Uuid::parse_str(&path.id).map_err(|_| ApiError::NotFound)?;
    if state
        .store
        .delete_vendor_request(&vendor.actor(), vendor.id, id)
        .await?
    {
        Ok(HttpResponse::Accepted().finish())
    } else {
        Err(ApiError::NotFound)
    }
}

/// A system user as Altinn's `SystemUserExternalDTO`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemUserOut {
    id: Uuid,
    integration_title: String,
    system_id: String,
    product_name: String,
    reportee_org_no: String,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
    is_deleted: bool,
    supplier_name: String,
    supplier_orgno: String,
    external_ref: String,
    user_type: &'static str,
}

fn system_user_out(su: &crate::store::system_users::VendorSystemUser) -> SystemUserOut {
    SystemUserOut {
        id: su.id,
        integration_title: su.name.clone(),
        system_id: su.system_id.clone(),
        product_name: su.system_name.clone(),
        reportee_org_no: su.owner_org_number.clone(),
        created: su.created_at,
        // Deleting a system user removes it; the lists never show deleted ones.
        is_deleted: false,
        supplier_name: su.vendor_name.clone(),
        supplier_orgno: su.vendor_org_number.clone(),
        external_ref: su.external_ref.clone(),
        user_type: su.kind.code(),
    }
}

/// The system users of one of the vendor's systems.
#[utoipa::path(
    tag = "System users",
    params(SystemPath, TokenQuery),
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The system users, one page (50), in id order", body = Paginated<SystemUserOut>),
        VendorProblems,
        (status = 404, description = "No such system of the vendor's (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/vendor/bysystem/{system_id}")]
pub async fn list_system_users_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let after = continue_after(&query)?;
    let system = SystemId::parse(&path.system_id).map_err(|_| ApiError::NotFound)?;
    let page = state
        .store
        .vendor_system_users(vendor.id, &system, after, VENDOR_PAGE + 1)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = paginated(&state, &req, page, |su| su.id, system_user_out);
    Ok(HttpResponse::Ok().json(body))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SystemUserQuery {
    /// The system's id (required).
    #[serde(rename = "system-id", default)]
    system_id: Option<String>,
    /// The customer's organization number (required).
    #[serde(default)]
    orgno: Option<String>,
    /// The vendor's reference; the customer's number when not given.
    #[serde(rename = "external-ref", default)]
    external_ref: Option<String>,
}

/// One system user of the vendor's system at a customer.
///
/// The external reference is the customer's number when not given, as in Altinn.
#[utoipa::path(
    tag = "System users",
    params(SystemUserQuery),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The system user", body = SystemUserOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/vendor/byquery")]
pub async fn system_user_by_query(
    state: web::Data<AppState>,
    vendor: Vendor,
    query: web::Query<SystemUserQuery>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let mut problems = Vec::new();
    let mut missing = |parameter: &'static str, detail: &str| {
        problems.push(super::problem::ParameterError {
            parameter,
            code: "missing",
            detail: detail.into(),
        })
    };
    let system = query.system_id.as_deref().filter(|s| !s.is_empty());
    let orgno = query.orgno.as_deref().filter(|s| !s.is_empty());
    if system.is_none() {
        missing("system-id", "Give the parameter system-id.");
    }
    if orgno.is_none() {
        missing("orgno", "Give the parameter orgno.");
    }
    let owner = orgno.map(OrgNumber::parse).transpose();
    let owner = match owner {
        Ok(o) => o,
        Err(e) => {
            problems.push(super::problem::ParameterError {
                parameter: "orgno",
                code: "invalid-organization-number",
                detail: e.to_string(),
            });
            None
        }
    };
    if !problems.is_empty() {
        return Err(ApiError::InvalidParameters(problems));
    }
    let (Some(system), Some(owner)) = (system, owner) else {
        return Err(ApiError::NotFound);
    };
    let system = SystemId::parse(system).map_err(|_| ApiError::NotFound)?;
    let external_ref = query
        .external_ref
        .as_deref()
        .filter(|r| !r.is_empty())
        .unwrap_or(owner.as_str());
    let su = state
        .store
        .vendor_system_user_by_reference(vendor.id, &system, &owner, external_ref)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(system_user_out(&su)))
}

// ---- The register: a system's packages, deleting it, its change log ----

/// Replaces a system's access packages.
///
/// Checked as a whole entry is; errors point into the list. System users made for the
/// system keep the packages they were approved with.
#[utoipa::path(
    tag = "System register",
    params(SystemPath),
    request_body = Vec<PackageRef>,
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The system as it is now", body = SystemOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/systemregister/vendor/{system_id}/accesspackages")]
pub async fn replace_access_packages(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    Body(body): Body<Vec<PackageRef>>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let system = own_system(&state, &vendor, &path.system_id).await?;
    let d = &system.definition;
    let entry = SystemJson {
        id: d.id.to_string(),
        vendor: None,
        name: (&d.name).into(),
        description: (&d.description).into(),
        access_packages: body,
        allowed_redirect_urls: d.redirect_urls.iter().map(|u| u.as_str().into()).collect(),
        is_visible: d.visible,
    };
    // Errors point into this body (a list), not into a whole entry.
    let def = entry.validate(&vendor.org).map_err(|e| match e {
        RegisterError::Invalid(errors) => RegisterError::Invalid(
            errors
                .into_iter()
                .map(|mut f| {
                    if let Some(rest) = f.field.strip_prefix("accessPackages") {
                        f.field = rest.trim_start_matches('/').to_owned();
                    }
                    f
                })
                .collect(),
        ),
        other => other,
    })?;
    let (saved, _) = state
        .store
        .save_system(&vendor.actor(), &def, SaveMode::UpdatePackages)
        .await?;
    Ok(HttpResponse::Ok().json(SystemOut::from(&saved)))
}

/// Deletes a system.
///
/// The system leaves the register for good: no new requests, approvals or system users,
/// and its id is not given out again. The system users made for it keep working.
#[utoipa::path(
    tag = "System register",
    params(SystemPath),
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The system is deleted", body = Deleted),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/systemregister/vendor/{system_id}")]
pub async fn delete_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let id = SystemId::parse(&path.system_id).map_err(|_| ApiError::NotFound)?;
    if state
        .store
        .delete_system(&vendor.actor(), vendor.id, &id)
        .await?
    {
        Ok(HttpResponse::Ok().json(Deleted { succeeded: true }))
    } else {
        Err(ApiError::NotFound)
    }
}

/// The answer to a deletion, as Altinn's.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    succeeded: bool,
}

/// One entry of a system's change log, as Altinn's `SystemChangeLog`: `changeType` is
/// `create`, `update`, `accesspackageupdate` or `delete`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeOut {
    change_type: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    change_date: OffsetDateTime,
    changed_by_org_number: Option<String>,
    /// The entry as it was changed (for `accesspackageupdate`, the packages).
    #[schema(value_type = Value)]
    changed_data: serde_json::Value,
}

fn change_out(c: &crate::store::systems::SystemChange) -> ChangeOut {
    use crate::domain::Action;
    let d = &c.details;
    let text = |k: &str| d.get(k).cloned().unwrap_or(serde_json::Value::Null);
    let packages = || {
        serde_json::Value::Array(
            d.get("access_packages")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().map(|u| serde_json::json!({ "urn": u })).collect())
                .unwrap_or_default(),
        )
    };
    let (change_type, changed_data) = match (c.action, d.get("change").and_then(|v| v.as_str())) {
        (Action::SystemDeleted, _) => ("delete", serde_json::json!({ "id": text("system_id") })),
        (_, Some("accesspackageupdate")) => ("accesspackageupdate", packages()),
        (action, _) => (
            if action == Action::SystemRegistered {
                "create"
            } else {
                "update"
            },
            serde_json::json!({
                "id": text("system_id"),
                "name": { "nb": text("name"), "nn": text("name_nn"), "en": text("name_en") },
                "accessPackages": packages(),
                "allowedRedirectUrls": text("allowed_redirect_urls"),
                "isVisible": text("visible"),
            }),
        ),
    };
    ChangeOut {
        change_type,
        change_date: c.at,
        changed_by_org_number: c.changed_by.clone(),
        changed_data,
    }
}

/// A system's change log.
///
/// Every change of the system's entry, oldest first, from the audit trail (a deleted
/// system's too).
#[utoipa::path(
    tag = "System register",
    params(SystemPath),
    security(("maskinporten" = ["altinn:authentication/systemregister.write"])),
    responses(
        (status = 200, description = "The changes, oldest first", body = Vec<ChangeOut>),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemregister/vendor/{system_id}/changelog")]
pub async fn system_changelog(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let id = SystemId::parse(&path.system_id).map_err(|_| ApiError::NotFound)?;
    let changes = state
        .store
        .system_changes(vendor.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let out: Vec<ChangeOut> = changes.iter().map(change_out).collect();
    Ok(HttpResponse::Ok().json(out))
}

// ---- Change requests: a vendor asks to change a system user's access packages ----

const CHANGE: &str = "/systemuser/changerequest/vendor";

/// A change request as a vendor sends it (Altinn's `ChangeRequestSystemUser`). Rights are
/// not used here: lists of them must be empty.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChangeJson {
    #[serde(default)]
    required_access_packages: Vec<PackageRef>,
    #[serde(default)]
    unwanted_access_packages: Vec<PackageRef>,
    /// Not used here: must be empty.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    required_rights: Vec<serde_json::Value>,
    /// Not used here: must be empty.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    unwanted_rights: Vec<serde_json::Value>,
    #[serde(default)]
    redirect_url: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangeQuery {
    /// The vendor's id for this change (a UUID, required): asking again with it answers
    /// with the change request made the first time.
    #[serde(rename = "correlation-id", default)]
    #[param(value_type = Option<String>, format = Uuid)]
    correlation_id: Option<String>,
    /// The system user to change (a UUID, required).
    #[serde(rename = "system-user-id", default)]
    #[param(value_type = Option<String>, format = Uuid)]
    system_user_id: Option<String>,
}

/// A change request as Altinn's `ChangeRequestResponse`: `status` is `New`, `Accepted`,
/// `Rejected`, `Timedout`, or `NoChangeNeeded` (nothing was stored).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeRequestOut {
    id: Uuid,
    external_ref: String,
    system_id: String,
    system_user_id: Uuid,
    party_org_no: String,
    #[schema(value_type = Vec<Object>)]
    required_rights: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    unwanted_rights: Vec<serde_json::Value>,
    required_access_packages: Vec<PackageRef>,
    unwanted_access_packages: Vec<PackageRef>,
    status: &'static str,
    redirect_url: Option<String>,
    confirm_url: String,
    #[serde(with = "time::serde::rfc3339")]
    created: OffsetDateTime,
}

fn package_refs(set: &crate::domain::PackageSet) -> Vec<PackageRef> {
    set.iter()
        .map(|p| PackageRef {
            urn: p.urn().into(),
        })
        .collect()
}

fn change_request_out(
    r: &crate::store::change_requests::ChangeRequest,
    base: &str,
) -> ChangeRequestOut {
    ChangeRequestOut {
        id: r.id,
        external_ref: r.external_ref.clone(),
        system_id: r.system_id.to_string(),
        system_user_id: r.system_user_id,
        party_org_no: r.customer_org_number.as_str().to_owned(),
        required_rights: Vec::new(),
        unwanted_rights: Vec::new(),
        required_access_packages: package_refs(&r.required),
        unwanted_access_packages: package_refs(&r.unwanted),
        status: status_name(r.status),
        redirect_url: r.redirect_url.clone(),
        confirm_url: format!("{base}/endringer/{}", r.id),
        created: r.created_at,
    }
}

/// Asks a customer to change a system user's access packages.
///
/// Answers 200 with the change request made before with this `correlation-id`, and 200
/// with status `NoChangeNeeded` (nothing stored) when the system user already has what is
/// asked. Agent system users too: approval ends the delegations of clients that no longer
/// qualify.
#[utoipa::path(
    tag = "Change requests",
    params(ChangeQuery),
    request_body = ChangeJson,
    security(("maskinporten" = ["altinn:authentication/systemuser.request.write"])),
    responses(
        (status = 201, description = "The change request, made", body = ChangeRequestOut,
            headers(("Location" = String, description = "The change request's address"))),
        (status = 200, description = "The change request made before with this correlation id, or `NoChangeNeeded`", body = ChangeRequestOut),
        VendorProblems,
        (status = 404, description = "No system user of the vendor's systems with this id (`not-found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another change request is open for the system user (`request-conflict`, with `existingRequestId`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/systemuser/changerequest/vendor")]
pub async fn create_change_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    query: web::Query<ChangeQuery>,
    Body(body): Body<ChangeJson>,
) -> ApiResult<HttpResponse> {
    use crate::store::change_requests::Created;
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let mut problems = Vec::new();
    let mut id_param = |name: &'static str, value: Option<&str>| match value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(Uuid::parse_str)
    {
        Some(Ok(id)) if !id.is_nil() => Some(id),
        _ => {
            problems.push(super::problem::ParameterError {
                parameter: name,
                code: "invalid-id",
                detail: format!("Give the parameter {name}: a UUID (RFC 4122)."),
            });
            None
        }
    };
    let correlation = id_param("correlation-id", query.correlation_id.as_deref());
    let system_user = id_param("system-user-id", query.system_user_id.as_deref());
    let (Some(correlation), Some(system_user)) = (correlation, system_user) else {
        return Err(ApiError::InvalidParameters(problems));
    };
    if !body.required_rights.is_empty() || !body.unwanted_rights.is_empty() {
        let field = if body.required_rights.is_empty() {
            "unwantedRights"
        } else {
            "requiredRights"
        };
        return Err(RegisterError::Invalid(vec![FieldError::new(
            field,
            "rights-not-supported",
            "Single rights are not used here; ask for access packages.",
        )])
        .into());
    }
    let draft = crate::domain::change_requests::ChangeDraft {
        required: body
            .required_access_packages
            .iter()
            .map(|p| p.urn.clone())
            .collect(),
        unwanted: body
            .unwanted_access_packages
            .iter()
            .map(|p| p.urn.clone())
            .collect(),
        redirect_url: body.redirect_url.clone(),
    };
    let created = state
        .store
        .create_change_request(
            &vendor.actor(),
            vendor.id,
            correlation,
            system_user,
            &draft,
            state.request_ttl,
        )
        .await?;
    let base = base_url(&state, &req);
    Ok(match created {
        Created::New(r) => HttpResponse::Created()
            .insert_header((header::LOCATION, format!("{API_PREFIX}{CHANGE}/{}", r.id)))
            .json(change_request_out(&r, &base)),
        Created::Existing(r) => HttpResponse::Ok().json(change_request_out(&r, &base)),
        Created::NoChangeNeeded => {
            let su = state
                .store
                .vendor_system_user_by_id(vendor.id, system_user)
                .await?
                .ok_or(ApiError::NotFound)?;
            HttpResponse::Ok().json(ChangeRequestOut {
                id: correlation,
                external_ref: su.external_ref,
                system_id: su.system_id,
                system_user_id: su.id,
                party_org_no: su.owner_org_number,
                required_rights: Vec::new(),
                unwanted_rights: Vec::new(),
                required_access_packages: Vec::new(),
                unwanted_access_packages: Vec::new(),
                status: "NoChangeNeeded",
                redirect_url: body.redirect_url,
                confirm_url: String::new(),
                created: OffsetDateTime::now_utc(),
            })
        }
    })
}

/// One of the vendor's change requests; another vendor's is not found.
fn own_change(
    vendor: &Vendor,
    r: Option<crate::store::change_requests::ChangeRequest>,
) -> ApiResult<crate::store::change_requests::ChangeRequest> {
    r.filter(|r| r.vendor_id == vendor.id)
        .ok_or(ApiError::NotFound)
}

/// A change request, by its id.
#[utoipa::path(
    tag = "Change requests",
    params(IdPath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The change request", body = ChangeRequestOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/changerequest/vendor/{id}")]
pub async fn get_change_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<IdPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let id = Uuid::parse_str(&path.id).map_err(|_| ApiError::NotFound)?;
    let r = own_change(&vendor, state.store.change_request(id).await?)?;
    Ok(HttpResponse::Ok().json(change_request_out(&r, &base_url(&state, &req))))
}

/// A change request, by system, customer and the system user's reference.
#[utoipa::path(
    tag = "Change requests",
    params(ReferencePath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The newest change request of the system user", body = ChangeRequestOut),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/changerequest/vendor/byexternalref/{system_id}/{org_no}/{external_ref}")]
pub async fn get_change_request_by_reference(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<ReferencePath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let ReferencePath {
        system_id: system,
        org_no: owner,
        external_ref,
    } = path.into_inner();
    let system = SystemId::parse(&system).map_err(|_| ApiError::NotFound)?;
    let owner = OrgNumber::parse(&owner).map_err(|_| ApiError::NotFound)?;
    let r = state
        .store
        .change_request_by_reference(vendor.id, &system, &owner, &external_ref)
        .await?;
    let r = own_change(&vendor, r)?;
    Ok(HttpResponse::Ok().json(change_request_out(&r, &base_url(&state, &req))))
}

/// The change requests of one of the vendor's systems.
#[utoipa::path(
    tag = "Change requests",
    params(SystemPath, TokenQuery),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.read"])),
    responses(
        (status = 200, description = "The change requests, one page (50), in id order", body = Paginated<ChangeRequestOut>),
        VendorProblems,
        (status = 404, description = "No such system of the vendor's (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/systemuser/changerequest/vendor/bysystem/{system_id}")]
pub async fn list_change_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<SystemPath>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let after = continue_after(&query)?;
    let system = SystemId::parse(&path.system_id).map_err(|_| ApiError::NotFound)?;
    let page = state
        .store
        .vendor_change_requests_by_system(vendor.id, &system, after, VENDOR_PAGE + 1)
        .await?
        .ok_or(ApiError::NotFound)?;
    let base = base_url(&state, &req);
    let body = paginated(
        &state,
        &req,
        page,
        |r| r.id,
        |r| change_request_out(r, &base),
    );
    Ok(HttpResponse::Ok().json(body))
}

/// Deletes a change request, answered or not.
#[utoipa::path(
    tag = "Change requests",
    params(IdPath),
    security(("maskinporten" = ["altinn:authentication/systemuser.request.write"])),
    responses(
        (status = 202, description = "The change request is deleted"),
        VendorProblems,
        (status = 404, description = "Not found, or not the vendor's own (`not-found`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/systemuser/changerequest/vendor/{id}")]
pub async fn delete_change_request(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<IdPath>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let id = Uuid::parse_str(&path.id).map_err(|_| ApiError::NotFound)?;
    if state
        .store
        .delete_change_request(&vendor.actor(), vendor.id, id)
        .await?
    {
        Ok(HttpResponse::Accepted().finish())
    } else {
        Err(ApiError::NotFound)
    }
}
