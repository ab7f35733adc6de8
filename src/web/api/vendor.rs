//! The vendor API, with the real Altinn paths under `/authentication/api/v1`: a vendor
//! manages its systems in the system register and asks customers for system users. The
//! vendor is the organization in the Maskinporten token's `consumer` claim; it sees and
//! changes only its own systems and requests.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::pin::Pin;
use time::OffsetDateTime;
use uuid::Uuid;

use super::problem::{ApiError, ApiResult};
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedJson {
    #[serde(default)]
    pub nb: String,
    #[serde(default)]
    pub nn: String,
    #[serde(default)]
    pub en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRef {
    pub urn: String,
}

/// An organization as Maskinporten names it.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Deserialize)]
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

#[derive(Debug, Serialize)]
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

pub async fn create_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    body: web::Json<SystemJson>,
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

pub async fn update_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    body: web::Json<SystemJson>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let def = body.validate(&vendor.org)?;
    if def.id.as_str() != path.as_str() {
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

pub async fn get_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let system = own_system(&state, &vendor, &path).await?;
    Ok(HttpResponse::Ok().json(SystemOut::from(&system)))
}

pub async fn list_systems(state: web::Data<AppState>, vendor: Vendor) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let systems = state.store.vendor_systems(vendor.id).await?;
    let out: Vec<SystemOut> = systems.iter().map(SystemOut::from).collect();
    Ok(HttpResponse::Ok().json(out))
}

// ---- Requests for system users ----

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Serialize)]
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
    match &state.public_url {
        Some(url) => url.clone(),
        None => {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    }
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

async fn create_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    body: web::Json<RequestJson>,
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

pub async fn create_standard_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    body: web::Json<RequestJson>,
) -> ApiResult<HttpResponse> {
    create_request(req, state, vendor, body, SystemUserKind::Standard).await
}

pub async fn create_agent_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    body: web::Json<RequestJson>,
) -> ApiResult<HttpResponse> {
    create_request(req, state, vendor, body, SystemUserKind::Agent).await
}

/// A request of the vendor's own systems; another vendor's is not found.
fn own_request(vendor: &Vendor, request: Option<VendorRequest>) -> ApiResult<VendorRequest> {
    request
        .filter(|r| r.vendor_id == vendor.id)
        .ok_or(ApiError::NotFound)
}

pub async fn get_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    read_request(&req, &state, &vendor, &path, None).await
}

/// The agent path answers only for agent requests, as in Altinn.
pub async fn get_agent_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    read_request(&req, &state, &vendor, &path, Some(SystemUserKind::Agent)).await
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

pub async fn get_request_by_reference(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let (system, customer, external_ref) = path.into_inner();
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
#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: Option<String>,
}

/// A page of a list, as Altinn's `Paginated<T>`: the items and the next page's address.
#[derive(Debug, Serialize)]
struct Paginated<T> {
    links: PaginatedLinks,
    data: Vec<T>,
}

#[derive(Debug, Serialize)]
struct PaginatedLinks {
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

pub async fn list_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    requests_by_system(req, state, vendor, &path, &query, SystemUserKind::Standard).await
}

pub async fn list_agent_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    requests_by_system(req, state, vendor, &path, &query, SystemUserKind::Agent).await
}

/// `DELETE …/request/vendor/{id}`: the vendor deletes its request, answered or not
/// (202); another vendor's is not found.
pub async fn delete_request(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let id = Uuid::parse_str(&path).map_err(|_| ApiError::NotFound)?;
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
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SystemUserOut {
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

/// `GET …/systemuser/vendor/bysystem/{systemId}`: the system users of the vendor's system.
pub async fn list_system_users_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let after = continue_after(&query)?;
    let system = SystemId::parse(&path).map_err(|_| ApiError::NotFound)?;
    let page = state
        .store
        .vendor_system_users(vendor.id, &system, after, VENDOR_PAGE + 1)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = paginated(&state, &req, page, |su| su.id, system_user_out);
    Ok(HttpResponse::Ok().json(body))
}

#[derive(Debug, Deserialize)]
pub struct SystemUserQuery {
    #[serde(rename = "system-id", default)]
    system_id: Option<String>,
    #[serde(default)]
    orgno: Option<String>,
    #[serde(rename = "external-ref", default)]
    external_ref: Option<String>,
}

/// `GET …/systemuser/vendor/byquery?system-id=&orgno=&external-ref=`: one system user of
/// the vendor's system at a customer; the external reference is the customer's number
/// when not given, as in Altinn.
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

/// `PUT …/systemregister/vendor/{systemId}/accesspackages`: replaces the system's access
/// packages (a list of `{"urn"}`), checked as a whole entry is. System users made for the
/// system keep the packages they were approved with.
pub async fn replace_access_packages(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    body: web::Json<Vec<PackageRef>>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let system = own_system(&state, &vendor, &path).await?;
    let d = &system.definition;
    let entry = SystemJson {
        id: d.id.to_string(),
        vendor: None,
        name: (&d.name).into(),
        description: (&d.description).into(),
        access_packages: body.into_inner(),
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

/// `DELETE …/systemregister/vendor/{systemId}`: the system leaves the register (no new
/// requests, approvals or system users; its id is not given out again); the system users
/// made for it keep working. Answers as Altinn: `{"succeeded": true}`.
pub async fn delete_system(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let id = SystemId::parse(&path).map_err(|_| ApiError::NotFound)?;
    if state
        .store
        .delete_system(&vendor.actor(), vendor.id, &id)
        .await?
    {
        Ok(HttpResponse::Ok().json(serde_json::json!({ "succeeded": true })))
    } else {
        Err(ApiError::NotFound)
    }
}

/// One entry of a system's change log, as Altinn's `SystemChangeLog`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeOut {
    change_type: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    change_date: OffsetDateTime,
    changed_by_org_number: Option<String>,
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

/// `GET …/systemregister/vendor/{systemId}/changelog`: every change of the system's entry,
/// oldest first, from the audit trail (a deleted system's too).
pub async fn system_changelog(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REGISTER_WRITE)?;
    let id = SystemId::parse(&path).map_err(|_| ApiError::NotFound)?;
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChangeJson {
    #[serde(default)]
    required_access_packages: Vec<PackageRef>,
    #[serde(default)]
    unwanted_access_packages: Vec<PackageRef>,
    #[serde(default)]
    required_rights: Vec<serde_json::Value>,
    #[serde(default)]
    unwanted_rights: Vec<serde_json::Value>,
    #[serde(default)]
    redirect_url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ChangeQuery {
    #[serde(rename = "correlation-id", default)]
    correlation_id: Option<String>,
    #[serde(rename = "system-user-id", default)]
    system_user_id: Option<String>,
}

/// A change request as Altinn's `ChangeRequestResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ChangeRequestOut {
    id: Uuid,
    external_ref: String,
    system_id: String,
    system_user_id: Uuid,
    party_org_no: String,
    required_rights: Vec<serde_json::Value>,
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

/// `POST …/changerequest/vendor?correlation-id=&system-user-id=`: 201 for a new change
/// request, 200 for the one made with this correlation id before, 200 with status
/// `NoChangeNeeded` (nothing stored) when the system user already has what is asked;
/// 409 `request-conflict` while another is open for the system user.
pub async fn create_change_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    query: web::Query<ChangeQuery>,
    body: web::Json<ChangeJson>,
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
    let body = body.into_inner();
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

pub async fn get_change_request(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let id = Uuid::parse_str(&path).map_err(|_| ApiError::NotFound)?;
    let r = own_change(&vendor, state.store.change_request(id).await?)?;
    Ok(HttpResponse::Ok().json(change_request_out(&r, &base_url(&state, &req))))
}

pub async fn get_change_request_by_reference(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let (system, owner, external_ref) = path.into_inner();
    let system = SystemId::parse(&system).map_err(|_| ApiError::NotFound)?;
    let owner = OrgNumber::parse(&owner).map_err(|_| ApiError::NotFound)?;
    let r = state
        .store
        .change_request_by_reference(vendor.id, &system, &owner, &external_ref)
        .await?;
    let r = own_change(&vendor, r)?;
    Ok(HttpResponse::Ok().json(change_request_out(&r, &base_url(&state, &req))))
}

pub async fn list_change_requests_by_system(
    req: HttpRequest,
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
    query: web::Query<TokenQuery>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_READ)?;
    let after = continue_after(&query)?;
    let system = SystemId::parse(&path).map_err(|_| ApiError::NotFound)?;
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

pub async fn delete_change_request(
    state: web::Data<AppState>,
    vendor: Vendor,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    vendor.require(SCOPE_REQUEST_WRITE)?;
    let id = Uuid::parse_str(&path).map_err(|_| ApiError::NotFound)?;
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
