//! *Fullmakter*, the client's side of a relationship: find a firm, *Gi fullmakt* with
//! chosen access packages, see what has been given, and withdraw a package or a whole
//! fullmakt after a confirmation that says which of the firm's system accesses lose you.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::confirm::Confirmation;
use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::texts::{join_list, package_name};
use super::{AppState, Layout, WebError, WebResult, html, see_other};
use crate::domain::relationships::packages_to_delegate;
use crate::domain::{AccessPackage, OrgNumber, Permission, Withdrawal};
use crate::store::fullmakt::{FullmaktError, GivenFullmakt};
use crate::store::parties::Organization;
use crate::store::relationships::EndedDelegation;

/// How many name matches the firm search shows.
const SEARCH_LIMIT: i64 = 20;

#[derive(Template)]
#[template(path = "fullmakt/list.html")]
struct ListPage {
    layout: Layout,
    fullmakter: Vec<GivenFullmakt>,
    /// Requests for fullmakt from firms, still open.
    requests: Vec<crate::store::fullmakt_requests::FullmaktRequest>,
}

pub async fn list(state: web::Data<AppState>, acting: Acting) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let fullmakter = state.store.fullmakter_given(acting.party.id).await?;
    let requests = super::fullmakt_requests::open_to(&state, &acting).await?;
    let page = ListPage {
        requests,
        layout: Layout::for_acting(&acting, t("nav-fullmakt"))
            .described("meta-description-fullmakt"),
        fullmakter,
    };
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct FindQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "fullmakt/find.html")]
struct FindPage {
    layout: Layout,
    q: String,
    error: Option<String>,
    /// None before a search; the matches after one.
    results: Option<Vec<Organization>>,
}

/// A search of digits (grouped by spaces, dashes or dots) is an organization number,
/// returned without the separators; anything else is a name.
fn as_number(q: &str) -> Option<String> {
    let separator = |c: char| c.is_whitespace() || c == '-' || c == '.';
    let number_like = q.chars().any(|c| c.is_ascii_digit())
        && q.chars().all(|c| c.is_ascii_digit() || separator(c));
    number_like.then(|| q.chars().filter(|c| !separator(*c)).collect())
}

/// *Gi fullmakt*, step 1: find the firm by organization number or by name.
pub async fn find(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<FindQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let q = query.q.trim().to_owned();
    let mut page = FindPage {
        layout: Layout::for_acting(&acting, t("give-fullmakt")),
        q: q.clone(),
        error: None,
        results: None,
    };
    if q.is_empty() {
        return html(StatusCode::OK, &page);
    }
    if let Some(e) = super::forms::unstorable(&q) {
        page.q = q.replace('\0', "");
        page.error = Some(e);
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if let Some(number) = as_number(&q) {
        let refused = match OrgNumber::parse(&number) {
            Err(e) => super::texts::id_error(&e),
            Ok(n) if n.as_str() == acting.party.org_number => t("find-own-organization"),
            Ok(n) => match state.store.organization_by_number(&n).await? {
                Some(firm) => {
                    return Ok(see_other(
                        &format!("/fullmakter/ny/{}", firm.org_number),
                        false,
                    ));
                }
                None => t_args("find-unknown-number", &[("number", n.formatted().into())]),
            },
        };
        page.error = Some(refused);
        return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let results = state
        .store
        .search_organizations(&q, acting.party.id, SEARCH_LIMIT)
        .await?;
    page.results = Some(results);
    html(StatusCode::OK, &page)
}

/// A package on the *Gi fullmakt* form.
struct PackageOption {
    package: AccessPackage,
    checked: bool,
    /// The firm already has it from this organization.
    held: bool,
}

#[derive(Template)]
#[template(path = "fullmakt/grant.html")]
struct GrantPage {
    layout: Layout,
    firm: Organization,
    existing: Option<GivenFullmakt>,
    options: Vec<PackageOption>,
    error: Option<String>,
}

impl GrantPage {
    fn all_held(&self) -> bool {
        self.options.iter().all(|o| o.held)
    }

    /// The first package that can still be ticked, for the error summary's link.
    fn first_open(&self) -> &'static str {
        self.options
            .iter()
            .find(|o| !o.held)
            .map(|o| o.package.slug())
            .unwrap_or_default()
    }
}

/// The firm named in an address, if it exists and is not the organization itself.
async fn firm_in_path(state: &AppState, acting: &Acting, number: &str) -> WebResult<Organization> {
    let n = OrgNumber::parse(number).map_err(|_| WebError::NotFound)?;
    let firm = state
        .store
        .organization_by_number(&n)
        .await?
        .ok_or(WebError::NotFound)?;
    if firm.id == acting.party.id {
        return Err(WebError::NotFound);
    }
    Ok(firm)
}

async fn grant_page(
    state: &AppState,
    acting: &Acting,
    firm: Organization,
    chosen: &[String],
    error: Option<String>,
) -> WebResult<GrantPage> {
    let existing = state.store.fullmakt_given(acting.party.id, firm.id).await?;
    let options = AccessPackage::client_delegable_all()
        .map(|p| {
            let held = existing.as_ref().is_some_and(|f| f.holds(&p));
            PackageOption {
                package: p,
                held,
                checked: held || chosen.iter().any(|c| c == p.slug()),
            }
        })
        .collect();
    Ok(GrantPage {
        layout: Layout::for_acting(
            acting,
            t_args("give-fullmakt-to", &[("firm", (&firm.name).into())]),
        ),
        firm,
        existing,
        options,
        error,
    })
}

/// *Gi fullmakt*, step 2: the firm's name shown, the packages to delegate chosen.
pub async fn grant_form(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let firm = firm_in_path(&state, &acting, &path).await?;
    let page = grant_page(&state, &acting, firm, &[], None).await?;
    html(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    pakke: Vec<String>,
}

pub async fn grant(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<GrantForm>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let firm = firm_in_path(&state, &acting, &path).await?;
    let packages = match packages_to_delegate(&form.pakke) {
        Ok(p) => p,
        Err(e) => {
            let message = super::texts::grant_error(&e);
            return refuse_grant(&state, &acting, firm, &form.pakke, message).await;
        }
    };
    let outcome = match state
        .store
        .grant_fullmakt(&acting.actor(), &acting.party, &firm, &packages)
        .await
    {
        Ok(o) => o,
        Err(FullmaktError::Store(e)) => return Err(e.into()),
        Err(e) => {
            let message = fullmakt_error(&e);
            return refuse_grant(&state, &acting, firm, &form.pakke, message).await;
        }
    };
    let args = [
        ("firm", (&firm.name).into()),
        ("count", outcome.added.len().into()),
        ("packages", package_list(&outcome.added).into()),
    ];
    let mut text = if outcome.new_fullmakt {
        t_args("fullmakt-given", &args)
    } else {
        t_args("packages-given", &args)
    };
    if !outcome.already.is_empty() {
        text.push(' ');
        text.push_str(&t_args(
            "packages-held-before",
            &[("packages", package_list(&outcome.already).into())],
        ));
    }
    if outcome.added_automatically > 0 {
        text.push(' ');
        text.push_str(&t_args(
            "fullmakt-added-automatically",
            &[
                ("firm", (&firm.name).into()),
                ("count", outcome.added_automatically.into()),
            ],
        ));
    }
    acting.session.flash(FlashKind::Success, text);
    Ok(see_other("/fullmakter", acting.htmx))
}

/// The form again, with what was chosen kept and the message at the packages.
async fn refuse_grant(
    state: &AppState,
    acting: &Acting,
    firm: Organization,
    chosen: &[String],
    error: String,
) -> WebResult<HttpResponse> {
    let page = grant_page(state, acting, firm, chosen, Some(error)).await?;
    html(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Deserialize)]
pub struct WithdrawQuery {
    #[serde(default)]
    pakke: String,
}

/// What a withdrawal is about, as the confirmation shows it.
struct WithdrawView {
    firm: Organization,
    package: Option<AccessPackage>,
    lost: Vec<EndedDelegation>,
}

impl WithdrawView {
    fn title(&self) -> String {
        match self.package {
            Some(p) => t_args(
                "withdraw-package-title",
                &[
                    ("package", package_name(&p).into()),
                    ("firm", (&self.firm.name).into()),
                ],
            ),
            None => t_args(
                "withdraw-fullmakt-title",
                &[("firm", (&self.firm.name).into())],
            ),
        }
    }
}

/// What a withdrawal takes away, and from which system accesses.
#[derive(Template)]
#[template(path = "fullmakt/withdraw_question.html")]
struct WithdrawQuestion {
    v: WithdrawView,
}

/// "" means the whole fullmakt; anything else must name a delegable package.
fn withdrawal(pakke: &str) -> WebResult<Withdrawal> {
    if pakke.is_empty() {
        return Ok(Withdrawal::Fullmakt);
    }
    AccessPackage::from_slug(pakke)
        .ok()
        .filter(|p| p.client_delegable())
        .map(Withdrawal::Package)
        .ok_or_else(|| WebError::BadRequest(t("grant-unknown-package")))
}

/// The confirmation before a withdrawal, naming the firm's system accesses that will lose
/// this organization as a client.
pub async fn confirm_withdraw(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    query: web::Query<WithdrawQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let firm = firm_in_path(&state, &acting, &path).await?;
    let what = withdrawal(&query.pakke)?;
    let given = state
        .store
        .fullmakt_given(acting.party.id, firm.id)
        .await?
        .ok_or_else(|| WebError::Conflict(fullmakt_error(&FullmaktError::NotGiven)))?;
    if let Withdrawal::Package(p) = what
        && !given.holds(&p)
    {
        return Err(WebError::Conflict(fullmakt_error(
            &FullmaktError::PackageNotDelegated(p),
        )));
    }
    let lost = state
        .store
        .delegations_lost_by(firm.id, acting.party.id, what.cause())
        .await?;
    let v = WithdrawView {
        firm,
        package: match what {
            Withdrawal::Package(p) => Some(p),
            Withdrawal::Fullmakt => None,
        },
        lost,
    };
    let action = format!("/fullmakter/{}/trekk-tilbake", v.firm.org_number);
    let package = v.package.map(|p| p.slug().to_owned());
    let mut confirmation = Confirmation::new(
        v.title(),
        WithdrawQuestion { v },
        action,
        t("withdraw"),
        "/fullmakter",
    )
    .working(t("busy-withdrawing"));
    if let Some(slug) = package {
        confirmation = confirmation.carrying("pakke", slug);
    }
    confirmation.respond(&acting)
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    pakke: String,
}

pub async fn withdraw(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<WithdrawForm>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ManageFullmakt)?;
    let firm = firm_in_path(&state, &acting, &path).await?;
    let what = withdrawal(&form.pakke)?;
    let ended = match state
        .store
        .withdraw(&acting.actor(), &acting.party, &firm, what)
        .await
    {
        Ok(ended) => ended,
        Err(FullmaktError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(WebError::Conflict(fullmakt_error(&e))),
    };
    let mut text = match what {
        Withdrawal::Package(p) => t_args(
            "package-withdrawn",
            &[
                ("package", package_name(&p).into()),
                ("firm", (&firm.name).into()),
            ],
        ),
        Withdrawal::Fullmakt => t_args("fullmakt-withdrawn", &[("firm", (&firm.name).into())]),
    };
    if !ended.is_empty() {
        let names: Vec<String> = ended.iter().map(|e| e.system_user_name.clone()).collect();
        text.push(' ');
        text.push_str(&t_args(
            "withdrawn-no-longer-acts",
            &[
                ("systems", join_list(&names).into()),
                ("party", (&acting.party.name).into()),
            ],
        ));
    }
    acting.session.flash(FlashKind::Success, text);
    Ok(see_other("/fullmakter", acting.htmx))
}

/// "Regnskapsfører lønn og Ansvarlig revisor", in the page's language.
fn package_list(packages: &[AccessPackage]) -> String {
    let names: Vec<String> = packages.iter().map(package_name).collect();
    join_list(&names)
}

/// A refused fullmakt change, as the person reads it.
fn fullmakt_error(e: &FullmaktError) -> String {
    match e {
        FullmaktError::ToSelf => t("grant-to-self"),
        FullmaktError::AlreadyDelegated { firm, packages } => t_args(
            "fullmakt-already-delegated",
            &[
                ("firm", firm.into()),
                ("count", packages.len().into()),
                ("packages", package_list(packages).into()),
            ],
        ),
        FullmaktError::NotGiven => t("fullmakt-not-given"),
        FullmaktError::PackageNotDelegated(p) => t_args(
            "fullmakt-package-not-delegated",
            &[("package", package_name(p).into())],
        ),
        FullmaktError::Store(_) => t("error-internal"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_may_be_grouped_with_spaces_dashes_or_dots() {
        assert_eq!(as_number("311 037 889").as_deref(), Some("311037889"));
        assert_eq!(as_number("311-037-889").as_deref(), Some("311037889"));
        assert_eq!(as_number("311.037.889").as_deref(), Some("311037889"));
        assert_eq!(as_number("Varm Økonomisk Ape"), None);
        assert_eq!(as_number("Bygg 2 AS"), None);
        assert_eq!(as_number("- -"), None);
    }
}
