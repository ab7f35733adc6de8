//! *Legg til kunder*: a dialog (htmx) or page (no JavaScript) that lists the clients
//! available for an agent system user, with search, paging, "hide those already added",
//! a checkbox per client and "select all". The selection is staged in the form itself
//! and applied by *Bekreft og lukk* as one transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::Form;
use super::i18n::{t, t_args};
use super::session::{Acting, FlashKind};
use super::{AppState, Layout, Pager, WebError, WebResult, html, page_number, see_other};
use crate::domain::{ClientSelection, Permission};
use crate::store::delegations::{AddError, AddOutcome, ClientOption, Refused};
use crate::store::system_users::SystemUser;

pub const PER_PAGE: i64 = 10;

/// The state the form carries between requests (see `domain::selection`).
#[derive(Debug, Default, Deserialize)]
pub struct SelectionForm {
    #[serde(default)]
    q: String,
    /// Present when the form itself was posted (a missing checkbox then means "off").
    #[serde(default)]
    skjema: Option<String>,
    #[serde(default)]
    skjul: Option<String>,
    #[serde(default)]
    side: String,
    #[serde(default)]
    til_side: Option<String>,
    #[serde(default)]
    modus: String,
    #[serde(default)]
    bevart: Vec<String>,
    #[serde(default)]
    vist: Vec<String>,
    #[serde(default)]
    valgt: Vec<String>,
    #[serde(default)]
    handling: String,
    /// How many clients the page said were selected (checked at confirmation).
    #[serde(default)]
    antall: String,
}

/// Client ids from the form. One that does not parse was not written by our page; it is
/// dropped rather than failing the whole form and losing the user's selection.
fn ids(values: &[String]) -> Vec<Uuid> {
    values
        .iter()
        .filter_map(|v| Uuid::parse_str(v.trim()).ok())
        .collect()
}

impl SelectionForm {
    fn hide_added(&self) -> bool {
        self.skjema.is_none() || self.skjul.is_some()
    }

    fn selection(&self) -> ClientSelection {
        let carried = ids(&self.bevart).into_iter().collect();
        let base = if self.modus == "alle" {
            ClientSelection::AllExcept(carried)
        } else {
            ClientSelection::Chosen(carried)
        };
        let selection = base.with_page(&ids(&self.vist), &ids(&self.valgt));
        match self.handling.as_str() {
            "velg_alle" => ClientSelection::AllExcept(Default::default()),
            "fjern_alle" => ClientSelection::default(),
            _ => selection,
        }
    }

    fn page(&self) -> i64 {
        if self.handling == "sok" {
            return 1;
        }
        page_number(self.til_side.as_deref().unwrap_or(&self.side))
    }
}

pub struct Row {
    pub id: Uuid,
    pub name: String,
    pub org_number: String,
    pub already_added: bool,
    pub checked: bool,
}

pub struct UnavailableRow {
    pub name: String,
    pub org_number: String,
    pub reason: String,
}

/// Everything the panel shows; shared by the page, the dialog and the panel alone.
pub struct AddClientsView {
    pub su: SystemUser,
    pub q: String,
    pub hide_added: bool,
    pub rows: Vec<Row>,
    pub unavailable: Vec<UnavailableRow>,
    pub pager: Pager,
    pub all: bool,
    pub carried: Vec<Uuid>,
    pub selected_count: usize,
    pub available_count: usize,
    pub error: Option<String>,
    pub refused: Vec<Refused>,
    /// Selected clients that can no longer be added (a relationship ended meanwhile).
    pub dropped: usize,
}

impl AddClientsView {
    /// What the list shows, for screen readers after a search (app.js announces it).
    pub fn list_status(&self) -> String {
        let count = self.pager.total;
        if self.q.is_empty() {
            return t_args("add-list-count", &[("count", count.into())]);
        }
        t_args(
            "add-match-count",
            &[("count", count.into()), ("query", (&self.q).into())],
        )
    }

    pub fn summary(&self) -> String {
        match (self.all, self.selected_count) {
            (true, n) if n == self.available_count && n > 0 => {
                t_args("selection-all", &[("count", n.into())])
            }
            (_, n) => t_args("selection-count", &[("count", n.into())]),
        }
    }
}

#[derive(Template)]
#[template(path = "add_clients/page.html")]
struct AddClientsPage {
    layout: Layout,
    v: AddClientsView,
}

#[derive(Template)]
#[template(path = "add_clients/dialog_partial.html")]
struct AddClientsDialog {
    v: AddClientsView,
}

#[derive(Template)]
#[template(path = "add_clients/panel_response.html")]
struct AddClientsPanel {
    v: AddClientsView,
}

fn matches(search: &str, name: &str, org_number: &str) -> bool {
    let s = search.trim().to_lowercase();
    if s.is_empty() {
        return true;
    }
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    name.to_lowercase().contains(&s)
        || (!digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && org_number.contains(&digits))
}

fn build_view(su: SystemUser, options: Vec<ClientOption>, form: &SelectionForm) -> AddClientsView {
    let hide_added = form.hide_added();
    let q = form.q.trim().to_owned();
    let candidates: Vec<Uuid> = options
        .iter()
        .filter(|o| o.eligibility.is_available() && !o.already_added)
        .map(|o| o.facts.client.id)
        .collect();
    // Only clients that can still be added stay selected, so none gets stuck unseen.
    let (selection, dropped) = form.selection().retain_candidates(&candidates);
    let (available, unavailable): (Vec<_>, Vec<_>) = options
        .into_iter()
        .filter(|o| matches(&q, &o.facts.client.name, &o.facts.client.org_number))
        .partition(|o| o.eligibility.is_available());
    let listed: Vec<ClientOption> = available
        .into_iter()
        .filter(|o| !(hide_added && o.already_added))
        .collect();
    let pager = Pager::new(form.page(), listed.len() as i64, PER_PAGE);
    let start = ((pager.page - 1) * PER_PAGE) as usize;
    let rows = listed
        .into_iter()
        .skip(start)
        .take(PER_PAGE as usize)
        .map(|o| Row {
            checked: o.already_added || selection.contains(&o.facts.client.id),
            id: o.facts.client.id,
            org_number: o.facts.client.org_number_formatted(),
            name: o.facts.client.name,
            already_added: o.already_added,
        })
        .collect();
    let unavailable = unavailable
        .into_iter()
        .map(|o| UnavailableRow {
            reason: super::texts::eligibility(&o.eligibility).unwrap_or_default(),
            org_number: o.facts.client.org_number_formatted(),
            name: o.facts.client.name,
        })
        .collect();
    AddClientsView {
        su,
        q,
        hide_added,
        rows,
        unavailable,
        pager,
        all: selection.is_all(),
        carried: selection.carried().iter().copied().collect(),
        selected_count: selection.count(&candidates),
        available_count: candidates.len(),
        error: None,
        refused: Vec::new(),
        dropped,
    }
}

/// The agent system user (owned by the represented organization) and its client options.
async fn load(
    state: &AppState,
    acting: &Acting,
    id: &str,
) -> WebResult<(SystemUser, Vec<ClientOption>)> {
    let su = agent(state, acting, id).await?;
    let options = options(state, acting, &su).await?;
    Ok((su, options))
}

/// The represented organization's agent system user, for someone who may manage clients.
async fn agent(state: &AppState, acting: &Acting, id: &str) -> WebResult<SystemUser> {
    acting.require(Permission::ManageClients)?;
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    state
        .store
        .system_user(acting.party.id, id)
        .await?
        .filter(|su| su.kind.is_agent())
        .ok_or(WebError::NotFound)
}

async fn options(
    state: &AppState,
    acting: &Acting,
    su: &SystemUser,
) -> WebResult<Vec<ClientOption>> {
    state
        .store
        .client_options(acting.party.id, su.id)
        .await?
        .ok_or(WebError::NotFound)
}

fn render(
    acting: &Acting,
    v: AddClientsView,
    status: StatusCode,
    panel_only: bool,
) -> WebResult<HttpResponse> {
    match (acting.htmx, panel_only) {
        (true, true) => html(status, &AddClientsPanel { v }),
        (true, false) => html(status, &AddClientsDialog { v }),
        (false, _) => {
            let layout =
                Layout::for_acting(acting, format!("{} – {}", t("add-clients"), v.su.name));
            html(status, &AddClientsPage { layout, v })
        }
    }
}

/// GET: opens the dialog (htmx) or the page.
pub async fn show(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    req: HttpRequest,
) -> WebResult<HttpResponse> {
    let (su, options) = load(&state, &acting, &path).await?;
    let form: SelectionForm = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let v = build_view(su, options, &form);
    render(&acting, v, StatusCode::OK, false)
}

/// POST: search, page, tick, select all; the staged selection comes back updated.
pub async fn update(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<SelectionForm>,
) -> WebResult<HttpResponse> {
    let (su, options) = load(&state, &acting, &path).await?;
    let v = build_view(su, options, &form);
    render(&acting, v, StatusCode::OK, true)
}

fn outcome_message(o: &AddOutcome) -> String {
    let added = match o.added.as_slice() {
        [one] => t_args("added-one", &[("client", (&one.name).into())]),
        all => t_args("added-count", &[("count", all.len().into())]),
    };
    match o.already_added {
        0 => added,
        n => format!(
            "{added} {}",
            t_args("added-already", &[("count", n.into())])
        ),
    }
}

/// POST *Bekreft og lukk*: applies the whole selection or nothing.
pub async fn confirm(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<SelectionForm>,
) -> WebResult<HttpResponse> {
    // The store reads the clients itself, inside its transaction.
    let su = agent(&state, &acting, &path).await?;
    let result = state
        .store
        .add_clients(
            &acting.actor(),
            acting.party.id,
            su.id,
            &form.selection(),
            form.antall.trim().parse().ok(),
        )
        .await;
    let status = match &result {
        Err(e) => super::error::change_refused_status(e),
        Ok(_) => StatusCode::OK,
    };
    let (error, refused) = match result {
        Ok(outcome) => {
            acting
                .session
                .flash(FlashKind::Success, outcome_message(&outcome));
            return Ok(see_other(
                &format!("/systemtilganger/{}", su.id),
                acting.htmx,
            ));
        }
        Err(AddError::NotFound) => return Err(WebError::NotFound),
        Err(AddError::Store(e)) => return Err(e.into()),
        Err(AddError::NothingSelected) => (t("add-nothing-selected"), Vec::new()),
        Err(AddError::NoneAvailable) => (t("add-none-available"), Vec::new()),
        Err(AddError::SelectionChanged { seen, now }) => (
            t_args(
                "add-selection-changed",
                &[("seen", seen.into()), ("now", now.into())],
            ),
            Vec::new(),
        ),
        Err(AddError::Refused(refused)) => {
            let message = t_args("add-refused", &[("count", refused.len().into())]);
            (message, refused)
        }
    };
    // Show the dialog again with the message; the user's selection is kept.
    let options = options(&state, &acting, &su).await?;
    let mut v = build_view(su, options, &form);
    v.error = Some(error);
    v.refused = refused;
    v.dropped = 0; // the refusal already names them
    render(&acting, v, status, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_name_or_number_with_spaces() {
        assert!(matches("bakeri", "Nordlys Bakeri AS", "315000011"));
        assert!(matches("315 000", "Nordlys Bakeri AS", "315000011"));
        assert!(!matches("rørlegger", "Nordlys Bakeri AS", "315000011"));
        assert!(matches("  ", "x", "1"));
    }

    #[test]
    fn select_all_then_untick_keeps_the_rest() {
        let a = Uuid::new_v4();
        let b = Uuid::new_v4();
        let form = SelectionForm {
            skjema: Some("1".into()),
            modus: "alle".into(),
            vist: vec![a.to_string(), b.to_string()],
            valgt: vec![b.to_string(), "not-a-uuid".into()],
            ..Default::default()
        };
        let s = form.selection();
        assert!(s.is_all());
        assert!(!s.contains(&a));
        assert!(s.contains(&b));
    }

    #[test]
    fn messages_count_in_norwegian() {
        let org = |n: &str| crate::store::parties::Organization {
            id: Uuid::new_v4(),
            org_number: "311037889".into(),
            name: n.into(),
            org_form: "AS".into(),
        };
        let o = AddOutcome {
            added: vec![org("A"), org("B"), org("C")],
            already_added: 0,
        };
        assert_eq!(outcome_message(&o), "3 kunder er lagt til.");
        let o = AddOutcome {
            added: vec![],
            already_added: 2,
        };
        assert_eq!(
            outcome_message(&o),
            "Ingen nye kunder ble lagt til. 2 av de valgte var allerede lagt til."
        );
    }
}
