//! The web layer: translates HTTP to domain calls and back. One module per area of the
//! portal, each with its handlers and view structs; templates mirror them under templates/.
//! Every action works as a plain form post; htmx only makes it smoother.

pub mod add_clients;
#[macro_use]
mod route_table;
pub mod api;
pub mod assets;
pub mod change_requests;
pub mod clients;
pub mod confirm;
pub mod csrf;
pub mod error;
pub mod forms;
pub mod fullmakt;
pub mod fullmakt_requests;
#[doc(hidden)]
pub mod fuzz;
pub mod health;
pub mod history;
pub mod i18n;
pub mod login;
pub mod metrics;
pub mod oidc;
pub mod origin;
mod outage;
pub mod rate_limit;
pub mod requests;
pub mod roles;
mod server;
pub mod session;
pub mod site;
pub mod system_access;
pub mod system_users;
pub mod texts;
pub mod view;

use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::auth::oidc::OidcClient;
use crate::auth::{DemoIssuer, TokenValidator};
use crate::domain::Permission;
use crate::store::Store;
use session::{Acting, Flash};

pub use error::{WebError, WebResult};
pub use server::{allowed_methods, content_security_policy, server, server_on, session_free};
pub use view::{Pager, date, page_number};

/// What every handler can reach.
pub struct AppState {
    pub store: Store,
    pub test_login: bool,
    pub request_ttl: time::Duration,
    /// How many days a request for fullmakt can be answered.
    pub fullmakt_request_ttl_days: u32,
    pub public_url: Option<String>,
    /// Checks the bearer tokens of the APIs.
    pub tokens: Arc<TokenValidator>,
    /// Issues tokens in demo and test mode only.
    pub demo_issuer: Option<Arc<DemoIssuer>>,
    pub login_limiter: rate_limit::LoginLimiter,
    /// This server's Prometheus metrics (`metrics`).
    pub metrics: Arc<metrics::Metrics>,
    /// The login with ID-porten (OpenID Connect), when configured.
    pub oidc: Option<Arc<OidcClient>>,
    /// Served behind https (COOKIE_SECURE): HSTS on every answer.
    pub https: bool,
    /// Proxies whose forwarded headers are believed (`origin`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The frame around every page: title, who is signed in and for whom, a one-time message.
pub struct Layout {
    pub title: String,
    /// The page's `<meta name="description">`: the portal's own unless the page has one.
    pub description: Option<String>,
    pub asset_version: &'static str,
    pub user: Option<UserBar>,
    pub flash: Option<Flash>,
}

pub struct UserBar {
    pub person_name: String,
    pub party_name: Option<String>,
    pub party_number: Option<String>,
    /// Show *Klienter* in the menu.
    pub shows_clients: bool,
    /// Show *Fullmakter* in the menu.
    pub may_manage_fullmakt: bool,
    /// Whether to offer *Roller* in the menu.
    pub may_manage_roles: bool,
}

impl UserBar {
    /// A signed-in person who has not chosen whom to represent.
    pub fn signed_in_only(person_name: &str) -> Self {
        Self {
            person_name: person_name.to_owned(),
            party_name: None,
            party_number: None,
            shows_clients: false,
            may_manage_fullmakt: false,
            may_manage_roles: false,
        }
    }
}

impl Layout {
    pub fn anonymous(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            asset_version: assets::version(),
            user: None,
            flash: None,
        }
    }

    pub fn for_acting(acting: &Acting, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            description: None,
            asset_version: assets::version(),
            user: Some(UserBar {
                person_name: acting.person.name.clone(),
                party_name: Some(acting.party.name.clone()),
                party_number: Some(acting.party.org_number_formatted()),
                shows_clients: acting.roles.shows_clients(acting.shape),
                may_manage_fullmakt: acting.may(Permission::ManageFullmakt),
                may_manage_roles: acting.may(Permission::ManageRoles),
            }),
            flash: acting.session.take_flash(),
        }
    }

    /// The page's own description (a key of the language files) for `<meta name="description">`.
    pub fn described(mut self, key: &str) -> Self {
        self.description = Some(i18n::t(key));
        self
    }

    /// The name of the organization being represented ("" before one is chosen).
    pub fn party_name(&self) -> &str {
        self.user
            .as_ref()
            .and_then(|u| u.party_name.as_deref())
            .unwrap_or("")
    }
}

route_table! {
    page get "/" => login::home,
    page get "/logg-inn" => login::login_page,
    page post "/logg-inn" => login::log_in,
    page get "/logg-inn/oidc" => oidc::start,
    page get "/logg-inn/callback" => oidc::callback,
    page get "/velg-aktor" => login::party_page,
    page post "/velg-aktor" => login::choose_party,
    page post "/logg-ut" => login::log_out,
    page post "/sprak" => i18n::choose,
    page get "/systemtilganger" => system_access::overview,
    page get "/systemtilganger/ny" => system_users::choose,
    page get "/systemtilganger/ny/{system}" => system_users::new,
    page post "/systemtilganger/ny/{system}" => system_users::create,
    page get "/systemtilganger/{id}/slett" => system_users::confirm_delete,
    page post "/systemtilganger/{id}/slett" => system_users::delete,
    page get "/foresporsler/{id}" => requests::show,
    page post "/foresporsler/{id}/godkjenn" => requests::approve,
    page post "/foresporsler/{id}/avvis" => requests::reject,
    page post "/foresporsler/{id}/send-videre" => requests::escalate,
    page get "/endringer/{id}" => change_requests::show,
    page post "/endringer/{id}/godkjenn" => change_requests::approve,
    page post "/endringer/{id}/avvis" => change_requests::reject,
    page post "/endringer/{id}/send-videre" => change_requests::escalate,
    page get "/systemtilganger/{id}" => system_access::detail,
    page get "/systemtilganger/{id}/legg-til-kunder" => add_clients::show,
    page post "/systemtilganger/{id}/legg-til-kunder" => add_clients::update,
    page post "/systemtilganger/{id}/kunder" => add_clients::confirm,
    page get "/systemtilganger/{id}/kunder/{client}/fjern" => system_access::confirm_remove,
    page post "/systemtilganger/{id}/kunder/{client}/fjern" => system_access::remove,
    page post "/systemtilganger/{id}/fjern-kunder" => system_access::confirm_remove_many,
    page post "/systemtilganger/{id}/fjern-kunder/bekreft" => system_access::remove_many,
    page post "/systemtilganger/{id}/automatisk" => system_access::auto_add,
    page post "/systemtilganger/{id}/egen-virksomhet" => system_access::own_organization,
    page get "/klienter" => clients::list,
    page get "/klienter/foresporsler" => fullmakt_requests::list,
    page get "/klienter/foresporsler/ny" => fullmakt_requests::new_form,
    page post "/klienter/foresporsler/ny" => fullmakt_requests::create,
    page get "/klienter/foresporsler/{id}" => fullmakt_requests::detail,
    page get "/klienter/foresporsler/{id}/trekk-tilbake" => fullmakt_requests::confirm_withdraw,
    page post "/klienter/foresporsler/{id}/trekk-tilbake" => fullmakt_requests::withdraw,
    page get "/klienter/{orgnr}" => clients::detail,
    page get "/fullmakter" => fullmakt::list,
    page get "/fullmakter/foresporsler/{id}" => fullmakt_requests::show,
    page post "/fullmakter/foresporsler/{id}/godta" => fullmakt_requests::accept,
    page post "/fullmakter/foresporsler/{id}/avsla" => fullmakt_requests::decline,
    page get "/fullmakter/ny" => fullmakt::find,
    page get "/fullmakter/ny/{orgnr}" => fullmakt::grant_form,
    page post "/fullmakter/ny/{orgnr}" => fullmakt::grant,
    page get "/fullmakter/{orgnr}/trekk-tilbake" => fullmakt::confirm_withdraw,
    page post "/fullmakter/{orgnr}/trekk-tilbake" => fullmakt::withdraw,
    page get "/roller" => roles::page,
    page post "/roller" => roles::grant,
    page get "/roller/{person}/{role}/fjern" => roles::confirm_revoke,
    page post "/roller/{person}/{role}/fjern" => roles::revoke,
    page get "/historikk" => history::page,
    page get "/historikk.csv" => history::export,
    page get "/health/live" => health::live,
    page get "/health/ready" => health::ready,
    page get "/robots.txt" => site::robots,
    page get "/favicon.ico" => site::favicon,
    described post "/authentication/api/v1/systemregister/vendor" => api::vendor::create_system,
    described get "/authentication/api/v1/systemregister/vendor" => api::vendor::list_systems,
    described get "/authentication/api/v1/systemregister/vendor/{system_id}" => api::vendor::get_system,
    described put "/authentication/api/v1/systemregister/vendor/{system_id}" => api::vendor::update_system,
    described delete "/authentication/api/v1/systemregister/vendor/{system_id}" => api::vendor::delete_system,
    described put "/authentication/api/v1/systemregister/vendor/{system_id}/accesspackages" => api::vendor::replace_access_packages,
    described get "/authentication/api/v1/systemregister/vendor/{system_id}/changelog" => api::vendor::system_changelog,
    described post "/authentication/api/v1/systemuser/request/vendor" => api::vendor::create_standard_request,
    described post "/authentication/api/v1/systemuser/request/vendor/agent" => api::vendor::create_agent_request,
    described get "/authentication/api/v1/systemuser/request/vendor/agent/{id}" => api::vendor::get_agent_request,
    described get "/authentication/api/v1/systemuser/request/vendor/byexternalref/{system_id}/{org_no}/{external_ref}" => api::vendor::get_request_by_reference,
    described get "/authentication/api/v1/systemuser/request/vendor/{id}" => api::vendor::get_request,
    described delete "/authentication/api/v1/systemuser/request/vendor/{id}" => api::vendor::delete_request,
    described get "/authentication/api/v1/systemuser/request/vendor/bysystem/{system_id}" => api::vendor::list_requests_by_system,
    described get "/authentication/api/v1/systemuser/request/vendor/agent/bysystem/{system_id}" => api::vendor::list_agent_requests_by_system,
    described get "/authentication/api/v1/systemuser/vendor/bysystem/{system_id}" => api::vendor::list_system_users_by_system,
    described get "/authentication/api/v1/systemuser/vendor/byquery" => api::vendor::system_user_by_query,
    described post "/authentication/api/v1/systemuser/changerequest/vendor" => api::vendor::create_change_request,
    described get "/authentication/api/v1/systemuser/changerequest/vendor/byexternalref/{system_id}/{org_no}/{external_ref}" => api::vendor::get_change_request_by_reference,
    described get "/authentication/api/v1/systemuser/changerequest/vendor/bysystem/{system_id}" => api::vendor::list_change_requests_by_system,
    described get "/authentication/api/v1/systemuser/changerequest/vendor/{id}" => api::vendor::get_change_request,
    described delete "/authentication/api/v1/systemuser/changerequest/vendor/{id}" => api::vendor::delete_change_request,
    described get "/authentication/api/v1/enduser/systemuser/agents" => api::enduser::list_agents,
    described get "/authentication/api/v1/enduser/systemuser/clients/available" => api::enduser::available_clients,
    described get "/authentication/api/v1/enduser/systemuser/clients" => api::enduser::list_clients,
    described post "/authentication/api/v1/enduser/systemuser/clients" => api::enduser::add_client,
    described delete "/authentication/api/v1/enduser/systemuser/clients" => api::enduser::remove_client,
    described post "/authentication/api/v1/enduser/systemuser/clients/bulk" => api::enduser::change_clients,
    described put "/authentication/api/v1/enduser/systemuser/agents/autoadd" => api::enduser::set_auto_add,
    described get "/authentication/api/v1/enduser/systemuser/fullmaktrequests" => api::enduser::list_requests,
    described post "/authentication/api/v1/enduser/systemuser/fullmaktrequests" => api::enduser::create_request,
    described get "/authentication/api/v1/enduser/systemuser/fullmaktrequests/{id}" => api::enduser::read_request,
    described delete "/authentication/api/v1/enduser/systemuser/fullmaktrequests/{id}" => api::enduser::withdraw_request,
    page get "/api/openapi.json" => api::docs::openapi_json,
    page get "/api/dokumentasjon" => api::docs::page,
    api post "/demo/token" => api::demo::token,
    api get "/demo/jwks" => api::demo::jwks,
}

/// Redirect after a successful form post: 303 for a browser, HX-Redirect for htmx.
pub fn see_other(to: &str, htmx: bool) -> HttpResponse {
    if htmx {
        HttpResponse::Ok()
            .insert_header(("HX-Redirect", to))
            .finish()
    } else {
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, to))
            .finish()
    }
}

/// Renders a template to an HTML response with a given status.
pub fn html(
    status: actix_web::http::StatusCode,
    t: &impl askama::Template,
) -> WebResult<HttpResponse> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(t.render()?))
}

/// A page whose form may lead the browser on to `back` (a vendor's address after an
/// answer): the page with a Content-Security-Policy whose form-action allows that origin.
pub fn html_leading_to(
    t: &impl askama::Template,
    back: Option<&url::Url>,
) -> WebResult<HttpResponse> {
    let origin = back.map(|u| u.origin().ascii_serialization());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            content_security_policy(origin.as_deref()),
        ))
        .body(t.render()?))
}
