//! A vendor's request for a system user, at its confirm address: a person of the customer
//! sees who asks, for which system and which packages, and approves or rejects it.
//! Opening the address switches the person to the customer when they may represent it,
//! so the link a vendor sends works whoever the person last acted for.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::session::{Acting, FlashKind, SignedIn};
use super::{AppState, Layout, WebError, WebResult, content_security_policy, see_other};
use crate::domain::systems::{RedirectUrl, RegisterError, RequestStatus};
use crate::domain::{Permission, SystemUserKind};
use crate::store::requests::VendorRequest;
use crate::store::systems::VendorError;

#[derive(Template)]
#[template(path = "requests/page.html")]
struct RequestPage {
    layout: Layout,
    request: VendorRequest,
    /// Where the person is sent after answering, if the system allows it.
    return_host: Option<String>,
}

impl RequestPage {
    fn is_agent(&self) -> bool {
        self.request.kind == SystemUserKind::Agent
    }

    fn status_text(&self) -> String {
        let decided = self
            .request
            .decided_at
            .as_ref()
            .map(super::date_nb)
            .unwrap_or_default();
        match self.request.status {
            RequestStatus::Pending => String::new(),
            RequestStatus::Accepted => format!("Forespørselen ble godkjent {decided}."),
            RequestStatus::Rejected => format!("Forespørselen ble avvist {decided}."),
            RequestStatus::TimedOut => format!(
                "Forespørselen utløp {} uten svar. Be {} om å sende en ny.",
                super::date_nb(&self.request.expires_at),
                self.request.vendor_name
            ),
        }
    }
}

/// The request, with the person acting for its customer (switched to it if they may).
async fn for_customer(
    req: &HttpRequest,
    state: &AppState,
    user: &SignedIn,
    id: &str,
) -> WebResult<(VendorRequest, Acting)> {
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    let request = state
        .store
        .vendor_request(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if user.session.party_id() != Some(request.customer_id) {
        let roles = state
            .store
            .roles_for(user.person.id, request.customer_id)
            .await?;
        if !roles.permits(Permission::Represent) {
            return Err(WebError::Forbidden(format!(
                "Forespørselen gjelder {} (org.nr. {}), og du har ingen rolle for den virksomheten. Be daglig leder eller en tilgangsstyrer der om å svare på den.",
                request.customer_name,
                request.customer_org_number.formatted()
            )));
        }
        user.session.set_party(request.customer_id)?;
    }
    let acting = Acting::load(req).await?;
    acting.require(Permission::ManageSystemUsers)?;
    Ok((request, acting))
}

/// The address to send the person back to: the request's, if its system still allows it.
async fn return_address(state: &AppState, request: &VendorRequest) -> WebResult<Option<String>> {
    let Some(url) = request.redirect_url.as_deref() else {
        return Ok(None);
    };
    let Ok(url) = RedirectUrl::parse(url, "redirectUrl") else {
        return Ok(None);
    };
    let system = state.store.registered_system(&request.system_id).await?;
    Ok(system
        .filter(|s| s.definition.allows_redirect(&url))
        .map(|_| url.as_str().to_owned()))
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    let (request, acting) = for_customer(&req, &state, &user, &path).await?;
    let back = return_address(&state, &request).await?;
    let return_host = back
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_owned));
    let page = RequestPage {
        layout: Layout::for_acting(&acting, "Forespørsel om systemtilgang"),
        request,
        return_host,
    };
    // The answer's redirect goes to the vendor: the form on this page may lead there.
    let origin = back
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin().ascii_serialization());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            content_security_policy(origin.as_deref()),
        ))
        .body(page.render()?))
}

pub async fn approve(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(req, state, user, path, true).await
}

pub async fn reject(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(req, state, user, path, false).await
}

async fn answer(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    approve: bool,
) -> WebResult<HttpResponse> {
    let (request, acting) = for_customer(&req, &state, &user, &path).await?;
    let answered = match state
        .store
        .answer_request(&acting.actor(), acting.party.id, request.id, approve)
        .await
    {
        Ok(a) => a,
        Err(VendorError::Refused(e)) => {
            return Err(WebError::Conflict(match e {
                RegisterError::Expired => format!(
                    "Forespørselen utløp {} og kan ikke lenger besvares. Be {} om å sende en ny.",
                    super::date_nb(&request.expires_at),
                    request.vendor_name
                ),
                RegisterError::AlreadyAnswered => {
                    "Forespørselen er allerede besvart, kanskje av en annen person.".into()
                }
                RegisterError::SystemUserExists => {
                    "Virksomheten har allerede en systemtilgang for dette systemet.".into()
                }
                RegisterError::NotFound => return Err(WebError::NotFound),
                other => other.to_string(),
            }));
        }
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    let message = match &answered.system_user {
        Some((_, name)) if request.kind.is_agent() => format!(
            "Systemtilgangen «{name}» er opprettet. En klientadministrator kan nå legge til kunder."
        ),
        Some((_, name)) => format!("Systemtilgangen «{name}» er opprettet."),
        None => format!("Forespørselen fra {} er avvist.", request.vendor_name),
    };
    // Back to the vendor when its system allows it (a message kept for later would
    // greet the person out of context on their next visit, so none is kept).
    if let Some(back) = return_address(&state, &request).await? {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, back))
            .finish());
    }
    acting.session.flash(FlashKind::Success, message);
    let to = match &answered.system_user {
        Some((id, _)) => format!("/systemtilganger/{id}"),
        None => "/systemtilganger".into(),
    };
    Ok(see_other(&to, false))
}
