//! A vendor's request for a system user, at its confirm address: a person of the customer
//! sees who asks, for which system and which packages, and approves or rejects it — or,
//! without the right to answer (a client administrator), passes it on to those who have
//! it (*Send til tilgangsstyrer*). Opening the address asks the person to switch to the
//! customer first when they act for another organization, so the link a vendor sends
//! works whoever the person last acted for. Opened from the vendor's link, an answer goes
//! back to the vendor when its system allows; opened from *Systemtilganger*, it stays in
//! the portal, on the new system access with a receipt.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind, SignedIn, forbidden};
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::requests::RequestStatus;
use crate::domain::systems::{RedirectUrl, RegisterError, SystemId};
use crate::domain::{OrgNumber, Permission, SystemUserKind};
use crate::store::requests::VendorRequest;
use crate::store::systems::VendorError;

#[derive(Template)]
#[template(path = "requests/page.html")]
struct RequestPage {
    layout: Layout,
    request: VendorRequest,
    /// Where the person is sent after answering, if the system allows it and the person
    /// came from the vendor.
    return_host: Option<String>,
    /// Opened from *Systemtilganger*: the answer stays in the portal.
    from_portal: bool,
    /// Whether the person may approve or reject; if not, they may pass it on.
    may_answer: bool,
}

impl RequestPage {
    fn is_agent(&self) -> bool {
        self.request.kind == SystemUserKind::Agent
    }

    /// "Sent to the access managers on 7. desember 2026 by Ola Klientsen", if it was.
    fn escalated_text(&self) -> Option<String> {
        self.request.escalated.as_ref().map(|(at, by)| {
            t_args(
                "request-escalated-by",
                &[("date", super::date(at).into()), ("person", by.into())],
            )
        })
    }

    fn status_text(&self) -> String {
        let decided = self
            .request
            .decided_at
            .as_ref()
            .map(super::date)
            .unwrap_or_default();
        match self.request.status {
            RequestStatus::Pending => String::new(),
            RequestStatus::Accepted => t_args("request-accepted", &[("date", decided.into())]),
            RequestStatus::Rejected => t_args("request-rejected", &[("date", decided.into())]),
            RequestStatus::TimedOut => t_args(
                "request-timed-out",
                &[
                    ("date", super::date(&self.request.expires_at).into()),
                    ("vendor", (&self.request.vendor_name).into()),
                ],
            ),
        }
    }
}

/// The request by its id in the address.
async fn request(state: &AppState, id: &str) -> WebResult<VendorRequest> {
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .vendor_request(id)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Template)]
#[template(path = "requests/switch.html")]
struct SwitchPage {
    layout: Layout,
    /// "Smart Regnskap AS ber om en systemtilgang for Varm Økonomisk Ape".
    lead: String,
    customer_id: Uuid,
    customer_name: String,
    customer_org_number: String,
    /// The organization the person acts for now, if any.
    current: Option<String>,
    /// Where to go once switched.
    next: String,
}

/// Who a vendor's request or change request concerns, for the page that asks a person
/// to switch to it first.
pub(super) struct Concerning<'a> {
    pub title: String,
    pub lead: String,
    pub customer_id: Uuid,
    pub customer_name: &'a str,
    pub customer_org_number: &'a OrgNumber,
    pub next: String,
}

/// The page asking a person who acts for another organization (or none yet) to switch to
/// the customer a request concerns first. Opening a link never switches by itself: a link
/// from another site must not change whom a person acts for in their other tabs.
pub(super) async fn switch_page(
    state: &AppState,
    user: &SignedIn,
    c: Concerning<'_>,
) -> WebResult<HttpResponse> {
    let roles = state.store.roles_for(user.person.id, c.customer_id).await?;
    if !roles.permits(Permission::Represent) {
        // Like any other organization's id: nothing named.
        return Err(WebError::NotFound);
    }
    if !roles.permits(Permission::ViewSystemUsers) {
        return Err(forbidden(Permission::ViewSystemUsers));
    }
    let current = match user.session.party_id() {
        Some(id) => state.store.organization(id).await?.map(|o| o.name),
        None => None,
    };
    let mut layout = Layout::anonymous(c.title);
    layout.user = Some(super::UserBar::signed_in_only(&user.person.name));
    let page = SwitchPage {
        layout,
        lead: c.lead,
        customer_id: c.customer_id,
        customer_name: c.customer_name.to_owned(),
        customer_org_number: c.customer_org_number.formatted(),
        current,
        next: c.next,
    };
    html(StatusCode::OK, &page)
}

/// A request (or change request) of another organization than the one the person acts
/// for: refused with the reason when the person has a role there too (a page from before
/// they switched), else not found, like any other organization's id.
pub(super) async fn of_another_party(
    state: &AppState,
    acting: &Acting,
    customer_id: Uuid,
) -> WebError {
    match state.store.roles_for(acting.person.id, customer_id).await {
        Ok(roles) if roles.permits(Permission::Represent) => {
            WebError::Forbidden(t("request-other-party"))
        }
        Ok(_) => WebError::NotFound,
        Err(e) => e.into(),
    }
}

/// The address to send the person back to: the request's, if its system still allows it.
pub(super) async fn return_address(
    state: &AppState,
    request: &VendorRequest,
) -> WebResult<Option<String>> {
    allowed_return(state, &request.system_id, request.redirect_url.as_deref()).await
}

/// A vendor's `redirect_url`, if the system (still in the register) allows it.
pub(super) async fn allowed_return(
    state: &AppState,
    system: &SystemId,
    redirect_url: Option<&str>,
) -> WebResult<Option<String>> {
    let Some(Ok(url)) = redirect_url.map(|u| RedirectUrl::parse(u, "redirectUrl")) else {
        return Ok(None);
    };
    let system = state.store.registered_system(system).await?;
    Ok(system
        .filter(|s| s.definition.allows_redirect(&url))
        .map(|_| url.as_str().to_owned()))
}

/// Where a request page was opened from (`?fra=portal` from *Systemtilganger*), carried
/// by its forms into the answer.
#[derive(Debug, Default, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub fra: String,
}

impl AnswerForm {
    pub(super) fn opened_in_portal(&self) -> bool {
        self.fra == "portal"
    }
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    query: web::Query<AnswerForm>,
) -> WebResult<HttpResponse> {
    let request = request(&state, &path).await?;
    if user.session.party_id() != Some(request.customer_id) {
        let concerning = Concerning {
            title: t("request-title"),
            lead: t_args(
                "request-switch-lead",
                &[
                    ("vendor", (&request.vendor_name).into()),
                    ("customer", (&request.customer_name).into()),
                ],
            ),
            customer_id: request.customer_id,
            customer_name: &request.customer_name,
            customer_org_number: &request.customer_org_number,
            next: format!("/foresporsler/{}", request.id),
        };
        return switch_page(&state, &user, concerning).await;
    }
    let acting = Acting::load(&req).await?;
    acting.require(Permission::ViewSystemUsers)?;
    let from_portal = query.opened_in_portal();
    let may_answer = acting.may(Permission::ManageSystemUsers);
    let back = if from_portal || !may_answer {
        None
    } else {
        return_address(&state, &request)
            .await?
            .and_then(|u| url::Url::parse(&u).ok())
    };
    let page = RequestPage {
        layout: Layout::for_acting(&acting, t("request-title")),
        return_host: back.as_ref().and_then(|u| u.host_str().map(str::to_owned)),
        request,
        from_portal,
        may_answer,
    };
    // The answer's redirect goes to the vendor: the form on this page may lead there.
    super::html_leading_to(&page, back.as_ref())
}

pub async fn approve(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<AnswerForm>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, form, true).await
}

pub async fn reject(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<AnswerForm>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, form, false).await
}

/// *Send til tilgangsstyrer*: marks the request as passed on (once) and goes back to
/// *Systemtilganger*, where those who may answer see it first.
pub async fn escalate(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let request = request(&state, &path).await?;
    if request.customer_id != acting.party.id {
        return Err(of_another_party(&state, &acting, request.customer_id).await);
    }
    let passed_on = match state
        .store
        .escalate_request(&acting.actor(), acting.party.id, request.id)
        .await
    {
        Ok(p) => p,
        Err(VendorError::Refused(e)) => return Err(refusal(e, &request)),
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    let system = [(
        "system",
        super::texts::localized(&request.system_name).into(),
    )];
    let (kind, text) = if passed_on {
        (FlashKind::Success, t_args("request-escalated", &system))
    } else {
        (FlashKind::Info, t_args("request-escalated-before", &system))
    };
    acting.session.flash(kind, text);
    Ok(see_other("/systemtilganger", false))
}

/// An answer or a passing-on the store refused, told in the person's words.
fn refusal(e: RegisterError, request: &VendorRequest) -> WebError {
    WebError::Conflict(match e {
        RegisterError::Expired => t_args(
            "request-expired",
            &[
                ("date", super::date(&request.expires_at).into()),
                ("vendor", (&request.vendor_name).into()),
            ],
        ),
        RegisterError::AlreadyAnswered => t("request-already-answered"),
        RegisterError::SystemUserExists => t_args(
            "request-system-user-exists",
            &[(
                "system",
                super::texts::localized(&request.system_name).into(),
            )],
        ),
        RegisterError::PackageNotInSystem(_) | RegisterError::PackageWrongKind { .. } => t_args(
            "request-system-changed",
            &[("vendor", (&request.vendor_name).into())],
        ),
        RegisterError::UnknownSystem => t_args(
            "request-system-deleted",
            &[("vendor", (&request.vendor_name).into())],
        ),
        RegisterError::NotFound => return WebError::NotFound,
        other => {
            tracing::warn!(error = %other, "unexpected refusal of an answer");
            t("request-failed")
        }
    })
}

async fn answer(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    form: AnswerForm,
    approve: bool,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let request = request(&state, &path).await?;
    // A page left open from before the person switched, or someone else's request: no
    // answer, and nothing about it told.
    if request.customer_id != acting.party.id {
        return Err(of_another_party(&state, &acting, request.customer_id).await);
    }
    let answered = match state
        .store
        .answer_request(&acting.actor(), acting.party.id, request.id, approve)
        .await
    {
        Ok(a) => a,
        Err(VendorError::Refused(e)) => return Err(refusal(e, &request)),
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    // Back to the vendor when the person came from its link and its system allows it (a
    // message kept for later would greet the person out of context on their next visit,
    // so none is kept).
    if !form.opened_in_portal()
        && let Some(back) = return_address(&state, &request).await?
    {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, back))
            .finish());
    }
    match &answered.system_user {
        // The new system access, with the receipt of what was approved.
        Some((id, _)) => Ok(see_other(
            &format!("/systemtilganger/{id}?godkjent={}", request.id),
            false,
        )),
        None => {
            acting.session.flash(
                FlashKind::Success,
                t_args(
                    "request-rejected-flash",
                    &[("vendor", (&request.vendor_name).into())],
                ),
            );
            Ok(see_other("/systemtilganger", false))
        }
    }
}
