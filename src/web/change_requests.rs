//! A vendor's change request for a system user, at its confirm address (`/endringer/{id}`):
//! a person of the customer sees what the system access gets and loses — for an agent,
//! which clients approval takes off it, before anything happens — and approves or rejects
//! it, or, without the right to answer (a client administrator), passes it on (*Send til
//! tilgangsstyrer*). Opened from the vendor's link, the answer goes back to the vendor when
//! its system allows; otherwise the person lands on the system access, with a receipt.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::forms::Form;
use super::i18n::{t, t_args};
/// The answer's form is a vendor request's: where the page was opened from.
pub use super::requests::AnswerForm;
use super::requests::{Concerning, switch_page};
use super::session::{Acting, FlashKind, SignedIn};
use super::{AppState, Layout, WebError, WebResult, see_other};
use crate::domain::Permission;
use crate::domain::requests::RequestStatus;
use crate::domain::systems::RegisterError;
use crate::store::change_requests::{ChangeRequest, EndingPreview};
use crate::store::systems::VendorError;

/// Clients named in the preview of what approval ends; the rest are counted.
const PREVIEW_SHOWN: i64 = 20;

#[derive(Template)]
#[template(path = "change_requests/page.html")]
struct ChangePage {
    layout: Layout,
    request: ChangeRequest,
    ending: EndingPreview,
    return_host: Option<String>,
    from_portal: bool,
    may_answer: bool,
}

impl ChangePage {
    fn status_text(&self) -> String {
        let decided = self
            .request
            .decided_at
            .as_ref()
            .map(super::date)
            .unwrap_or_default();
        match self.request.status {
            RequestStatus::Pending => String::new(),
            RequestStatus::Accepted => t_args("change-accepted", &[("date", decided.into())]),
            RequestStatus::Rejected => t_args("change-rejected", &[("date", decided.into())]),
            RequestStatus::TimedOut => t_args(
                "change-timed-out",
                &[("vendor", (&self.request.vendor_name).into())],
            ),
        }
    }

    fn more_ending(&self) -> i64 {
        self.ending.total - self.ending.first.len() as i64
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
}

async fn change_request(state: &AppState, id: &str) -> WebResult<ChangeRequest> {
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .change_request(id)
        .await?
        .ok_or(WebError::NotFound)
}

/// Where to send the person after answering: the vendor's address, if its system allows.
async fn return_address(state: &AppState, request: &ChangeRequest) -> WebResult<Option<String>> {
    super::requests::allowed_return(state, &request.system_id, request.redirect_url.as_deref())
        .await
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
    query: web::Query<AnswerForm>,
) -> WebResult<HttpResponse> {
    let request = change_request(&state, &path).await?;
    if user.session.party_id() != Some(request.customer_id) {
        let concerning = Concerning {
            title: t("change-title"),
            lead: t_args(
                "change-switch-lead",
                &[
                    ("vendor", (&request.vendor_name).into()),
                    ("customer", (&request.customer_name).into()),
                ],
            ),
            customer_id: request.customer_id,
            customer_name: &request.customer_name,
            customer_org_number: &request.customer_org_number,
            next: format!("/endringer/{}", request.id),
        };
        return switch_page(&state, &user, concerning).await;
    }
    let acting = Acting::load(&req).await?;
    acting.require(Permission::ViewSystemUsers)?;
    let from_portal = query.opened_in_portal();
    let may_answer = acting.may(Permission::ManageSystemUsers);
    let back = if from_portal || !may_answer || !request.is_open() {
        None
    } else {
        return_address(&state, &request)
            .await?
            .and_then(|u| url::Url::parse(&u).ok())
    };
    let ending = if request.is_open() {
        state.store.change_preview(&request, PREVIEW_SHOWN).await?
    } else {
        EndingPreview::default()
    };
    let page = ChangePage {
        layout: Layout::for_acting(&acting, t("change-title")),
        return_host: back.as_ref().and_then(|u| u.host_str().map(str::to_owned)),
        request,
        ending,
        from_portal,
        may_answer,
    };
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

async fn answer(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    form: AnswerForm,
    approve: bool,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageSystemUsers)?;
    let request = change_request(&state, &path).await?;
    if request.customer_id != acting.party.id {
        return Err(super::requests::of_another_party(&state, &acting, request.customer_id).await);
    }
    let vendor = [("vendor", (&request.vendor_name).into())];
    let answered = match state
        .store
        .answer_change_request(&acting.actor(), acting.party.id, request.id, approve)
        .await
    {
        Ok(a) => a,
        Err(VendorError::Refused(e)) => {
            return Err(match e {
                RegisterError::NotFound => WebError::NotFound,
                RegisterError::Expired => WebError::Conflict(t_args("change-timed-out", &vendor)),
                RegisterError::AlreadyAnswered => WebError::Conflict(t("request-already-answered")),
                RegisterError::UnknownSystem => {
                    WebError::Conflict(t_args("request-system-deleted", &vendor))
                }
                RegisterError::PackageNotInSystem(_) | RegisterError::PackageWrongKind { .. } => {
                    WebError::Conflict(t_args("request-system-changed", &vendor))
                }
                other => {
                    tracing::warn!(error = %other, "unexpected refusal of a change request");
                    WebError::Conflict(t("request-failed"))
                }
            });
        }
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    if !form.opened_in_portal()
        && let Some(back) = return_address(&state, &answered).await?
    {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, back))
            .finish());
    }
    if approve {
        // The system access, with the receipt of what was approved and what it did.
        return Ok(see_other(
            &format!(
                "/systemtilganger/{}?endret={}",
                answered.system_user_id, answered.id
            ),
            false,
        ));
    }
    acting
        .session
        .flash(FlashKind::Success, t_args("change-rejected-flash", &vendor));
    Ok(see_other(
        &format!("/systemtilganger/{}", answered.system_user_id),
        false,
    ))
}

/// *Send til tilgangsstyrer*: marks the change request as passed on (once) and goes back
/// to *Systemtilganger*, where those who may answer see it first.
pub async fn escalate(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let request = change_request(&state, &path).await?;
    if request.customer_id != acting.party.id {
        return Err(super::requests::of_another_party(&state, &acting, request.customer_id).await);
    }
    let passed_on = match state
        .store
        .escalate_change_request(&acting.actor(), acting.party.id, request.id)
        .await
    {
        Ok(p) => p,
        Err(VendorError::Refused(e)) => {
            let vendor = [("vendor", (&request.vendor_name).into())];
            return Err(match e {
                RegisterError::NotFound => WebError::NotFound,
                RegisterError::Expired => WebError::Conflict(t_args("change-timed-out", &vendor)),
                _ => WebError::Conflict(t("request-already-answered")),
            });
        }
        Err(VendorError::Store(e)) => return Err(e.into()),
    };
    let access = [("access", (&request.system_user_name).into())];
    let (kind, text) = if passed_on {
        (FlashKind::Success, t_args("change-escalated", &access))
    } else {
        (FlashKind::Info, t_args("change-escalated-before", &access))
    };
    acting.session.flash(kind, text);
    Ok(see_other("/systemtilganger", false))
}
