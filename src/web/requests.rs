//! A vendor's request for a system user, at its confirm address: a person of the customer
//! sees who asks, for which system and which packages, and approves or rejects it.
//! Opening the address switches the person to the customer when they may represent it,
//! so the link a vendor sends works whoever the person last acted for.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind, SignedIn, forbidden};
use super::{AppState, Layout, WebError, WebResult, content_security_policy, html, see_other};
use crate::domain::requests::RequestStatus;
use crate::domain::systems::{RedirectUrl, RegisterError};
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
    request: VendorRequest,
    /// The organization the person acts for now, if any.
    current: Option<String>,
}

/// The page asking a person who acts for another organization (or none yet) to switch to
/// the request's customer first. Opening a link never switches by itself: a link from
/// another site must not change whom a person acts for in their other tabs.
async fn switch_page(
    state: &AppState,
    user: &SignedIn,
    request: VendorRequest,
) -> WebResult<HttpResponse> {
    let roles = state
        .store
        .roles_for(user.person.id, request.customer_id)
        .await?;
    if !roles.permits(Permission::Represent) {
        return Err(WebError::Forbidden(t_args(
            "request-no-role",
            &[
                ("customer", (&request.customer_name).into()),
                ("number", request.customer_org_number.formatted().into()),
            ],
        )));
    }
    if !roles.permits(Permission::ManageSystemUsers) {
        return Err(forbidden(Permission::ManageSystemUsers));
    }
    let current = match user.session.party_id() {
        Some(id) => state.store.organization(id).await?.map(|o| o.name),
        None => None,
    };
    let mut layout = Layout::anonymous(t("request-title"));
    layout.user = Some(super::UserBar::signed_in_only(&user.person.name));
    let page = SwitchPage {
        layout,
        request,
        current,
    };
    html(StatusCode::OK, &page)
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
    let request = request(&state, &path).await?;
    if user.session.party_id() != Some(request.customer_id) {
        return switch_page(&state, &user, request).await;
    }
    let acting = Acting::load(&req).await?;
    acting.require(Permission::ManageSystemUsers)?;
    let back = return_address(&state, &request)
        .await?
        .and_then(|u| url::Url::parse(&u).ok());
    let page = RequestPage {
        layout: Layout::for_acting(&acting, t("request-title")),
        return_host: back.as_ref().and_then(|u| u.host_str().map(str::to_owned)),
        request,
    };
    // The answer's redirect goes to the vendor: the form on this page may lead there.
    let origin = back.map(|u| u.origin().ascii_serialization());
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            content_security_policy(origin.as_deref()),
        ))
        .body(page.render()?))
}

pub async fn approve(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, true).await
}

pub async fn reject(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, false).await
}

async fn answer(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    approve: bool,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let request = request(&state, &path).await?;
    // A page left open from before the person switched, or someone else's request: no
    // answer, and nothing about it told.
    if request.customer_id != acting.party.id {
        return Err(WebError::Forbidden(t("request-other-party")));
    }
    let answered = match state
        .store
        .answer_request(&acting.actor(), acting.party.id, request.id, approve)
        .await
    {
        Ok(a) => a,
        Err(VendorError::Refused(e)) => {
            return Err(WebError::Conflict(match e {
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
                RegisterError::PackageNotInSystem(_) | RegisterError::PackageWrongKind { .. } => {
                    t_args(
                        "request-system-changed",
                        &[("vendor", (&request.vendor_name).into())],
                    )
                }
                RegisterError::NotFound | RegisterError::UnknownSystem => {
                    return Err(WebError::NotFound);
                }
                other => {
                    tracing::warn!(error = %other, "unexpected refusal of an answer");
                    t("request-failed")
                }
            }));
        }
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    let message = match &answered.system_user {
        Some((_, name)) if request.kind.is_agent() => {
            t_args("request-agent-created", &[("name", name.into())])
        }
        Some((_, name)) => t_args("system-access-created", &[("name", name.into())]),
        None => t_args(
            "request-rejected-flash",
            &[("vendor", (&request.vendor_name).into())],
        ),
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
