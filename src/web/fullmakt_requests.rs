//! *Forespørsel om fullmakt*: the firm asks an organization for a fullmakt with chosen
//! access packages — pre-filled with what one of its client system accesses needs — and
//! may ask for the client to be put on that system access once granted. The firm sees its
//! requests and withdraws one; the client answers at the link the firm sends, or from
//! *Fullmakter*, in one step.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::confirm::Confirmation;
use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind, SignedIn};
use super::texts::{join_list, package_name};
use super::{AppState, Layout, Pager, WebError, WebResult, html, page_number, see_other};
use crate::domain::fullmakt_requests::{
    DraftError, FullmaktRequestStatus, MAX_MESSAGE, check_draft,
};
use crate::domain::{AccessPackage, Eligibility, OrgNumber, Permission, Refusal};
use crate::store::fullmakt_requests::{Accepted, FullmaktRequest, RequestError};
use crate::store::parties::Organization;
use crate::store::system_users::SystemUser;

const PER_PAGE: i64 = 50;

/// The address a client opens to answer a request.
pub fn answer_path(id: Uuid) -> String {
    format!("/fullmakter/foresporsler/{id}")
}

/// The whole address of `path` as people reach the portal (PUBLIC_URL, else this request's).
fn full_address(req: &HttpRequest, state: &AppState, path: &str) -> String {
    format!("{}{path}", super::origin::public_origin(state, req))
}

/// A request's state in words ("Venter", "Godtatt 07.12.2026", …).
pub fn status_text(r: &FullmaktRequest) -> String {
    let answered = r.answered_at.as_ref().map(super::date).unwrap_or_default();
    match r.status {
        FullmaktRequestStatus::Pending => t_args(
            "fullmakt-request-pending",
            &[("date", super::date(&r.expires_at).into())],
        ),
        FullmaktRequestStatus::Accepted => {
            t_args("fullmakt-request-accepted", &[("date", answered.into())])
        }
        FullmaktRequestStatus::Declined => {
            t_args("fullmakt-request-declined", &[("date", answered.into())])
        }
        FullmaktRequestStatus::Withdrawn => {
            t_args("fullmakt-request-withdrawn", &[("date", answered.into())])
        }
        FullmaktRequestStatus::Expired => t_args(
            "fullmakt-request-expired",
            &[("date", super::date(&r.expires_at).into())],
        ),
    }
}

/// The Designsystemet colour of a state's tag.
pub fn status_color(s: &FullmaktRequestStatus) -> &'static str {
    match s {
        FullmaktRequestStatus::Pending => "info",
        FullmaktRequestStatus::Accepted => "success",
        FullmaktRequestStatus::Declined => "danger",
        FullmaktRequestStatus::Withdrawn | FullmaktRequestStatus::Expired => "neutral",
    }
}

pub fn packages_text(r: &FullmaktRequest) -> String {
    join_list(&r.packages.iter().map(package_name).collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------------
// The firm's side.

#[derive(Template)]
#[template(path = "fullmakt_requests/list.html")]
struct ListPage {
    layout: Layout,
    requests: Vec<FullmaktRequest>,
    pager: Pager,
    may_ask: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    side: String,
}

/// The firm's requests for fullmakt, newest first.
pub async fn list(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<ListQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let page = page_number(&query.side);
    let (requests, total) = state
        .store
        .fullmakt_requests_of_firm(acting.party.id, page, PER_PAGE)
        .await?;
    let page = ListPage {
        layout: Layout::for_acting(&acting, t("fullmakt-requests-title")),
        requests,
        pager: Pager::new(page, total, PER_PAGE),
        may_ask: acting.may(Permission::ManageClients),
    };
    html(StatusCode::OK, &page)
}

/// What the form was filled in with (from the address, or posted).
#[derive(Debug, Default, Deserialize)]
pub struct AskForm {
    #[serde(default)]
    orgnr: String,
    #[serde(default)]
    systemtilgang: String,
    #[serde(default)]
    pakke: Vec<String>,
    /// "1": put the client on the system access once granted.
    #[serde(default)]
    legg_til: String,
    #[serde(default)]
    melding: String,
    /// "fyll": tick the packages the chosen system access needs, and send nothing.
    #[serde(default)]
    handling: String,
}

/// A package on the form.
struct PackageOption {
    package: AccessPackage,
    checked: bool,
}

#[derive(Template)]
#[template(path = "fullmakt_requests/new.html")]
struct NewPage {
    layout: Layout,
    orgnr: String,
    agents: Vec<SystemUser>,
    chosen_agent: Option<Uuid>,
    options: Vec<PackageOption>,
    add: bool,
    message: String,
    max_message: usize,
    /// (field id, message), in the order of the form.
    errors: Vec<(&'static str, String)>,
}

impl NewPage {
    fn is_chosen(&self, id: &Uuid) -> bool {
        self.chosen_agent.as_ref() == Some(id)
    }

    fn error_at(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The form, filled in from `form`. With a system access chosen and no package ticked (or
/// when asked to, `handling=fyll`), the packages it needs are ticked.
async fn new_page(
    state: &AppState,
    acting: &Acting,
    form: &AskForm,
    errors: Vec<(&'static str, String)>,
) -> WebResult<NewPage> {
    let agents: Vec<SystemUser> = state
        .store
        .system_users(acting.party.id)
        .await?
        .into_iter()
        .filter(|su| su.kind.is_agent())
        .collect();
    let chosen_agent = Uuid::parse_str(form.systemtilgang.trim())
        .ok()
        .filter(|id| agents.iter().any(|a| a.id == *id));
    let fill = form.handling == "fyll" || form.pakke.is_empty();
    let needed = chosen_agent
        .and_then(|id| agents.iter().find(|a| a.id == id))
        .filter(|_| fill)
        .map(|a| a.packages.clone());
    let options = AccessPackage::client_delegable_all()
        .map(|p| PackageOption {
            package: p,
            checked: match &needed {
                Some(n) => n.contains(&p),
                None => form.pakke.iter().any(|s| s == p.slug()),
            },
        })
        .collect();
    Ok(NewPage {
        layout: Layout::for_acting(acting, t("fullmakt-request-new-title")),
        orgnr: form.orgnr.trim().to_owned(),
        // Asked for by default once a system access is chosen from a link or the list.
        add: chosen_agent.is_some() && (form.legg_til == "1" || form.handling != "send"),
        agents,
        chosen_agent,
        options,
        message: form.melding.clone(),
        max_message: MAX_MESSAGE,
        errors,
    })
}

/// GET: the form, pre-filled from the address (`orgnr`, `systemtilgang`, and `pakke` as
/// often as there are packages; an address that does not parse fills nothing).
pub async fn new_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    acting: Acting,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageClients)?;
    let query: AskForm = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let page = new_page(&state, &acting, &query, Vec::new()).await?;
    html(StatusCode::OK, &page)
}

/// The organization the form names, or the message for its field.
async fn organization_asked(
    state: &AppState,
    acting: &Acting,
    orgnr: &str,
) -> WebResult<Result<Organization, String>> {
    let n = match OrgNumber::parse(orgnr) {
        Ok(n) => n,
        Err(e) => return Ok(Err(super::texts::id_error(&e))),
    };
    if n.as_str() == acting.party.org_number {
        return Ok(Err(t("fullmakt-request-own")));
    }
    Ok(state
        .store
        .organization_by_number(&n)
        .await?
        .ok_or_else(|| t_args("find-unknown-number", &[("number", n.formatted().into())])))
}

/// POST: sends the request (or, with `handling=fyll`, shows the form again with the
/// chosen system access's packages ticked).
pub async fn create(
    state: web::Data<AppState>,
    acting: Acting,
    Form(mut form): Form<AskForm>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageClients)?;
    if form.handling == "fyll" {
        let page = new_page(&state, &acting, &form, Vec::new()).await?;
        return html(StatusCode::OK, &page);
    }
    form.handling = "send".to_owned();
    let mut errors = Vec::new();
    let client = organization_asked(&state, &acting, &form.orgnr).await?;
    if let Err(e) = &client {
        errors.push(("orgnr", e.clone()));
    }
    let system_user = match form.systemtilgang.trim() {
        "" => None,
        s => Uuid::parse_str(s).ok(),
    };
    let draft = check_draft(&form.pakke, &form.melding);
    if let Err(problems) = &draft {
        for p in problems {
            match p {
                DraftError::Packages(e) => errors.push(("pakker", super::texts::grant_error(e))),
                DraftError::MessageTooLong => errors.push((
                    "melding",
                    t_args(
                        "fullmakt-request-message-too-long",
                        &[("max", MAX_MESSAGE.into())],
                    ),
                )),
            }
        }
    }
    let (Ok(client), Ok((packages, message))) = (client, draft) else {
        let page = new_page(&state, &acting, &form, errors).await?;
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let add_to = system_user.filter(|_| form.legg_til == "1");
    let refused = match state
        .store
        .ask_for_fullmakt(
            &acting.actor(),
            &acting.party,
            &client,
            &packages,
            add_to,
            &message,
            state.fullmakt_request_ttl_days,
        )
        .await
    {
        Ok(id) => {
            acting.session.flash(
                FlashKind::Success,
                t_args(
                    "fullmakt-request-sent",
                    &[("client", (&client.name).into())],
                ),
            );
            return Ok(see_other(
                &format!("/klienter/foresporsler/{id}"),
                acting.htmx,
            ));
        }
        Err(RequestError::OpenAlready(_)) => (
            "orgnr",
            t_args(
                "fullmakt-request-open-already",
                &[("client", (&client.name).into())],
            ),
        ),
        Err(RequestError::AlreadyHeld) => (
            "pakker",
            t_args(
                "fullmakt-request-already-held",
                &[("client", (&client.name).into())],
            ),
        ),
        Err(RequestError::NotAnAgent) => ("systemtilgang", t("fullmakt-request-not-an-agent")),
        Err(RequestError::ToSelf) => ("orgnr", t("fullmakt-request-own")),
        Err(RequestError::Store(e)) => return Err(e.into()),
        Err(RequestError::NotFound | RequestError::NotOpen(_)) => return Err(WebError::NotFound),
    };
    let page = new_page(&state, &acting, &form, vec![refused]).await?;
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The firm's request by the id in the address; 404 for another firm's.
async fn firms_request(state: &AppState, acting: &Acting, id: &str) -> WebResult<FullmaktRequest> {
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .fullmakt_request(id)
        .await?
        .filter(|r| r.firm.id == acting.party.id)
        .ok_or(WebError::NotFound)
}

#[derive(Template)]
#[template(path = "fullmakt_requests/detail.html")]
struct DetailPage {
    layout: Layout,
    r: FullmaktRequest,
    link: String,
    may_ask: bool,
}

/// One of the firm's requests: where it stands, the link to send the client, *Trekk
/// tilbake* while it is open.
pub async fn detail(
    req: HttpRequest,
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewSystemUsers)?;
    let r = firms_request(&state, &acting, &path).await?;
    let page = DetailPage {
        layout: Layout::for_acting(
            &acting,
            t_args(
                "fullmakt-request-to",
                &[("client", (&r.client.name).into())],
            ),
        ),
        link: full_address(&req, &state, &answer_path(r.id)),
        may_ask: acting.may(Permission::ManageClients),
        r,
    };
    html(StatusCode::OK, &page)
}

/// What withdrawing means.
#[derive(Template)]
#[template(path = "fullmakt_requests/withdraw_question.html")]
struct WithdrawQuestion {
    r: FullmaktRequest,
}

pub async fn confirm_withdraw(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageClients)?;
    let r = firms_request(&state, &acting, &path).await?;
    let back = format!("/klienter/foresporsler/{}", r.id);
    let heading = t_args(
        "fullmakt-request-withdraw-title",
        &[("client", (&r.client.name).into())],
    );
    Confirmation::new(
        heading,
        WithdrawQuestion { r },
        back.clone() + "/trekk-tilbake",
        t("fullmakt-request-withdraw"),
        &back,
    )
    .working(t("busy-withdrawing-request"))
    .respond(&acting)
}

pub async fn withdraw(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageClients)?;
    let r = firms_request(&state, &acting, &path).await?;
    let back = format!("/klienter/foresporsler/{}", r.id);
    let (kind, message) = match state
        .store
        .withdraw_fullmakt_request(&acting.actor(), acting.party.id, r.id)
        .await
    {
        Ok(_) => (
            FlashKind::Success,
            t_args(
                "fullmakt-request-withdrawn-now",
                &[("client", (&r.client.name).into())],
            ),
        ),
        Err(RequestError::NotOpen(_)) => {
            let now = state.store.fullmakt_request(r.id).await?.unwrap_or(r);
            (
                FlashKind::Info,
                t_args(
                    "fullmakt-request-not-open",
                    &[("state", status_text(&now).into())],
                ),
            )
        }
        Err(RequestError::NotFound) => return Err(WebError::NotFound),
        Err(RequestError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Conflict(e.to_string())),
    };
    acting.session.flash(kind, message);
    Ok(see_other(&back, acting.htmx))
}

// ---------------------------------------------------------------------------------------
// The client's side.

#[derive(Template)]
#[template(path = "fullmakt_requests/answer.html")]
struct AnswerPage {
    layout: Layout,
    r: FullmaktRequest,
}

#[derive(Template)]
#[template(path = "fullmakt_requests/switch.html")]
struct SwitchPage {
    layout: Layout,
    r: FullmaktRequest,
    current: Option<String>,
}

/// The request at the address the firm sent. A person acting for another organization
/// (or none yet) is asked to switch first; opening a link never switches by itself.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: SignedIn,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    let id = Uuid::parse_str(&path).map_err(|_| WebError::NotFound)?;
    let r = state
        .store
        .fullmakt_request(id)
        .await?
        .ok_or(WebError::NotFound)?;
    if user.session.party_id() != Some(r.client.id) {
        let roles = state.store.roles_for(user.person.id, r.client.id).await?;
        if !roles.permits(Permission::ManageFullmakt) {
            return Err(WebError::Forbidden(t_args(
                "fullmakt-request-no-role",
                &[("client", (&r.client.name).into())],
            )));
        }
        let current = match user.session.party_id() {
            Some(id) => state.store.organization(id).await?.map(|o| o.name),
            None => None,
        };
        let mut layout = Layout::anonymous(t("fullmakt-request-title"));
        layout.user = Some(super::UserBar::signed_in_only(&user.person.name));
        return html(StatusCode::OK, &SwitchPage { layout, r, current });
    }
    let acting = Acting::load(&req).await?;
    acting.require(Permission::ManageFullmakt)?;
    let page = AnswerPage {
        layout: Layout::for_acting(&acting, t("fullmakt-request-title")),
        r,
    };
    html(StatusCode::OK, &page)
}

pub async fn accept(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, true).await
}

pub async fn decline(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    answer(state, acting, path, false).await
}

/// What accepting did, in one message.
fn accepted_text(r: &FullmaktRequest, a: &Accepted) -> String {
    let firm = (&r.firm.name).into();
    let mut text = match &a.grant {
        Some(g) => t_args(
            "fullmakt-request-accepted-now",
            &[
                ("firm", firm),
                ("count", g.added.len().into()),
                (
                    "packages",
                    join_list(&g.added.iter().map(package_name).collect::<Vec<_>>()).into(),
                ),
            ],
        ),
        None => t_args("fullmakt-request-accepted-held", &[("firm", firm)]),
    };
    if let Some(name) = &a.added_to {
        text.push(' ');
        text.push_str(&t_args(
            "fullmakt-request-added-to",
            &[("access", name.into())],
        ));
    }
    let automatic = a.grant.as_ref().map_or(0, |g| g.added_automatically);
    if a.added_to.is_none() && automatic > 0 {
        text.push(' ');
        text.push_str(&t_args(
            "fullmakt-added-automatically",
            &[("firm", (&r.firm.name).into()), ("count", automatic.into())],
        ));
    }
    if let Some((name, refused)) = &a.not_added {
        let missing: Vec<String> = refused
            .iter()
            .filter_map(|r| match &r.refusal {
                Refusal::NotEligible(Eligibility::Missing(m)) => Some(m.clone()),
                _ => None,
            })
            .flatten()
            .map(|p| package_name(&p))
            .collect();
        text.push(' ');
        text.push_str(&t_args(
            "fullmakt-request-not-added",
            &[
                ("access", name.into()),
                ("packages", join_list(&missing).into()),
            ],
        ));
    }
    text
}

async fn answer(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    accept: bool,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let id = Uuid::parse_str(&path).map_err(|_| WebError::NotFound)?;
    let back = answer_path(id);
    let (kind, message, to) = match state
        .store
        .answer_fullmakt_request(&acting.actor(), acting.party.id, id, accept)
        .await
    {
        Ok((r, a)) if accept => (
            FlashKind::Success,
            accepted_text(&r, &a),
            "/fullmakter".to_owned(),
        ),
        Ok((r, _)) => (
            FlashKind::Success,
            t_args(
                "fullmakt-request-declined-now",
                &[("firm", (&r.firm.name).into())],
            ),
            "/fullmakter".to_owned(),
        ),
        Err(RequestError::NotOpen(_)) => {
            let r = state
                .store
                .fullmakt_request(id)
                .await?
                .ok_or(WebError::NotFound)?;
            (
                FlashKind::Info,
                t_args(
                    "fullmakt-request-not-open",
                    &[("state", status_text(&r).into())],
                ),
                back,
            )
        }
        // Another organization's request (a page left open from before a switch):
        // nothing about it told.
        Err(RequestError::NotFound) => return Err(WebError::NotFound),
        Err(RequestError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Conflict(e.to_string())),
    };
    acting.session.flash(kind, message);
    Ok(see_other(&to, acting.htmx))
}

/// The open requests shown on *Fullmakter*.
pub async fn open_to(state: &AppState, acting: &Acting) -> WebResult<Vec<FullmaktRequest>> {
    Ok(state.store.fullmakt_requests_to(acting.party.id).await?)
}
