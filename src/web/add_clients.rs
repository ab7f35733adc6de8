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
use crate::domain::Refused;
use crate::domain::selection::Removal;
use crate::domain::{ClientSelection, Permission};
use crate::store::client_list::{AgentScope, ListKey, ListRequest, Listing, Window};
use crate::store::delegations::{AddError, AddOutcome};
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
    /// Clients already added that were on the page shown, those of them still ticked,
    /// and those unticked on other pages (to be removed at confirmation).
    #[serde(default)]
    lagt_vist: Vec<String>,
    #[serde(default)]
    beholdt: Vec<String>,
    #[serde(default)]
    fjernes: Vec<String>,
    #[serde(default)]
    handling: String,
    /// How many clients the page said were selected (checked at confirmation).
    #[serde(default)]
    antall: String,
    /// The first and last client of the page shown (`ListKey`), where the next, the
    /// previous or the same page starts.
    #[serde(default)]
    forste: String,
    #[serde(default)]
    siste: String,
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

    /// The search, unless *Tøm søket* was pressed.
    fn query(&self) -> &str {
        match self.handling.as_str() {
            "tom_sok" => "",
            _ => self.q.trim(),
        }
    }

    /// The added clients unticked so far; "clear the selection" clears them too.
    fn removal(&self) -> Removal {
        if self.handling == "fjern_alle" {
            return Removal::default();
        }
        Removal::new(ids(&self.fjernes)).with_page(&ids(&self.lagt_vist), &ids(&self.beholdt))
    }

    fn page(&self) -> i64 {
        if matches!(self.handling.as_str(), "sok" | "tom_sok") {
            return 1;
        }
        page_number(self.til_side.as_deref().unwrap_or(&self.side))
    }

    /// Where the page asked for starts, read from the page shown: the next and the
    /// previous page and the same page again by their neighbour's key, the last from the
    /// end, so no page costs more than its own rows. Only a jump to a page in the middle
    /// skips rows.
    fn window(&self, pager: &Pager) -> Window {
        let page = pager.page;
        let shown = page_number(&self.side);
        let key = |s: &str| ListKey::decode(s.trim());
        if matches!(self.handling.as_str(), "sok" | "tom_sok") || page == 1 {
            return Window::First;
        }
        if page == pager.page_count {
            return Window::Last(pager.total - (page - 1) * PER_PAGE);
        }
        match (page - shown, key(&self.forste), key(&self.siste)) {
            (1, _, Some(last)) => Window::After(last),
            (-1, Some(first), _) => Window::Before(first),
            (0, Some(first), _) => Window::From(first),
            _ => Window::Skip((page - 1) * PER_PAGE),
        }
    }
}

pub struct Row {
    pub id: Uuid,
    pub name: String,
    pub org_number: String,
    pub already_added: bool,
    pub checked: bool,
    /// Added, and unticked: to be removed at confirmation.
    pub removing: bool,
    /// For one added: when, and by whom ("07.12.2026 av Kari Klient").
    pub added_note: Option<String>,
}

pub struct UnavailableRow {
    pub name: String,
    pub org_number: String,
    /// Unformatted, for the client's page under *Klienter*.
    pub org_number_plain: String,
    pub reason: String,
    /// The packages the firm lacks from the client (slugs), for *Be om fullmakt*.
    pub missing: Vec<&'static str>,
}

/// Everything the panel shows; shared by the page, the dialog and the panel alone.
pub struct AddClientsView {
    pub su: SystemUser,
    pub q: String,
    pub hide_added: bool,
    pub rows: Vec<Row>,
    pub unavailable: Vec<UnavailableRow>,
    /// All that match the search, of which `unavailable` are the first.
    pub unavailable_count: i64,
    /// With a search: how many of its hits can be added ("Velg de 2 treffene").
    pub hits_available: i64,
    pub pager: Pager,
    pub all: bool,
    pub carried: Vec<Uuid>,
    pub selected_count: usize,
    pub available_count: usize,
    /// Added clients unticked: removed at confirmation.
    pub removal: Removal,
    /// *Vis valgte*: names of the chosen (or, for "all", the unticked) clients, and how
    /// many more there are.
    pub named: Vec<String>,
    pub named_more: usize,
    /// Clients the firm has any relationship with, and of those the ones that hold every
    /// package the agent needs: what the empty states explain.
    pub related: i64,
    pub eligible: i64,
    /// `SelectionForm::forste` and `siste` for the page shown.
    pub first_key: String,
    pub last_key: String,
    pub error: Option<String>,
    pub refused: Vec<Refused>,
    /// Selected clients that can no longer be added (a relationship ended meanwhile).
    pub dropped: usize,
}

impl AddClientsView {
    /// "Legg til kunder", or "Legg til eller fjern kunder" once there are clients to untick.
    pub fn heading(&self) -> String {
        if self.su.client_count > 0 {
            t("add-or-remove-clients")
        } else {
            t("add-clients")
        }
    }

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

    /// What *Bekreft og lukk* says while it works: "Legger til 3 kunder …", or "Legger
    /// til 3 og fjerner 1 …" when added clients were unticked.
    pub fn busy_text(&self) -> String {
        if self.removal.is_empty() {
            return t_args("add-busy", &[("count", self.selected_count.into())]);
        }
        t_args(
            "add-busy-removing",
            &[
                ("added", self.selected_count.into()),
                ("removed", self.removal.len().into()),
            ],
        )
    }

    /// The limit of "select the hits", for the template.
    pub fn select_hits_max(&self) -> i64 {
        SELECT_HITS_MAX
    }

    pub fn summary(&self) -> String {
        let selected = match (self.all, self.selected_count) {
            (true, n) if n == self.available_count && n > 0 => {
                t_args("selection-all", &[("count", n.into())])
            }
            (_, n) => t_args("selection-count", &[("count", n.into())]),
        };
        if self.removal.is_empty() {
            return selected;
        }
        let removing = t_args(
            "selection-removing",
            &[("count", self.removal.len().into())],
        );
        format!("{selected} · {removing}")
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
#[template(path = "add_clients/panel_partial.html")]
struct AddClientsPanel {
    v: AddClientsView,
}

/// How many clients that cannot be added the dialog names (with the reason); the rest are
/// found by searching.
const UNAVAILABLE_SHOWN: i64 = 20;

/// "Velg de 40 treffene" is offered up to this many hits: the form carries each chosen
/// id, so a larger set is chosen by "select all" (and unticking) or a narrower search.
pub const SELECT_HITS_MAX: i64 = 500;

/// *Vis valgte* names this many of the selection, and counts the rest.
const SHOWN_NAMES: usize = 20;

/// Reads one page and the counts the panel shows; never the whole client list.
async fn build_view(
    state: &AppState,
    su: SystemUser,
    scope: &AgentScope,
    form: &SelectionForm,
) -> WebResult<AddClientsView> {
    let store = &state.store;
    let hide_added = form.hide_added();
    let q = form.query().to_owned();
    // A search finds the clients already added too (shown as such): "no client matches"
    // must not be said of one that is there.
    let list_hides_added = hide_added && q.is_empty();
    let mut selection = form.selection();
    if form.handling == "velg_treff" && !q.is_empty() {
        let hits = store
            .list_clients(
                scope,
                Listing::Eligible { hide_added: true },
                &q,
                &Window::First,
                SELECT_HITS_MAX,
            )
            .await?;
        selection = selection.with_chosen(hits.into_iter().map(|c| c.id));
    }
    // Only clients that can still be added stay selected, so none gets stuck unseen.
    let still = store
        .candidates_among(
            scope,
            &selection.carried().iter().copied().collect::<Vec<_>>(),
        )
        .await?;
    let (selection, dropped) = selection.retain_candidates(&still);
    let counts = store.search_counts(scope, list_hides_added, &q).await?;
    let pager = Pager::new(form.page(), counts.listed, PER_PAGE);
    let listing = Listing::Eligible {
        hide_added: list_hides_added,
    };
    let window = form.window(&pager);
    // The page and the first of the clients that cannot be added, in one statement.
    let mut requests = vec![ListRequest {
        listing,
        window: &window,
        limit: PER_PAGE,
    }];
    if counts.unavailable > 0 {
        requests.push(ListRequest {
            listing: Listing::Unavailable,
            window: &Window::First,
            limit: UNAVAILABLE_SHOWN,
        });
    }
    let mut parts = store
        .list_clients_many(scope, &q, &requests)
        .await?
        .into_iter();
    let mut listed = parts.next().unwrap_or_default();
    let unavailable = parts.next().unwrap_or_default();
    if (listed.len() as i64) < PER_PAGE.min(counts.listed) && window != Window::First {
        // The list changed under the keys the form carried: count from the start instead.
        let skip = Window::Skip((pager.page - 1) * PER_PAGE);
        listed = store
            .list_clients(scope, listing, &q, &skip, PER_PAGE)
            .await?;
    }
    let first = listed.first().map(|c| ListKey::from(c).encode());
    let last = listed.last().map(|c| ListKey::from(c).encode());
    let removal = form.removal();
    let rows = listed
        .into_iter()
        .map(|c| Row {
            removing: c.added && removal.contains(&c.id),
            checked: if c.added {
                !removal.contains(&c.id)
            } else {
                selection.contains(&c.id)
            },
            id: c.id,
            org_number: c.org_number_formatted(),
            already_added: c.added,
            name: c.name,
            added_note: None,
        })
        .collect::<Vec<_>>();
    let rows = with_added_notes(store, scope, rows).await?;
    let unavailable = unavailable
        .into_iter()
        .map(|c| {
            let eligibility = c.eligibility(&scope.required);
            UnavailableRow {
                reason: super::texts::eligibility(&eligibility).unwrap_or_default(),
                missing: match &eligibility {
                    crate::domain::Eligibility::Missing(m) => m.iter().map(|p| p.slug()).collect(),
                    _ => Vec::new(),
                },
                org_number: c.org_number_formatted(),
                org_number_plain: c.org_number,
                name: c.name,
            }
        })
        .collect();
    let (named, named_more) = named_selection(store, &selection).await?;
    let available_count = scope.candidates() as usize;
    let hits_available = if q.is_empty() { 0 } else { counts.available };
    Ok(AddClientsView {
        su,
        q,
        hide_added,
        rows,
        unavailable,
        unavailable_count: counts.unavailable,
        hits_available,
        pager,
        all: selection.is_all(),
        carried: selection.carried().iter().copied().collect(),
        selected_count: selection.count_of(available_count),
        available_count,
        removal,
        named,
        named_more,
        related: scope.related,
        eligible: scope.eligible,
        first_key: first.unwrap_or_default(),
        last_key: last.unwrap_or_default(),
        error: None,
        refused: Vec::new(),
        dropped,
    })
}

/// The rows of clients already added, with when and by whom: one lookup for the page, and
/// none when no row is added (the usual list hides them).
async fn with_added_notes(
    store: &crate::store::Store,
    scope: &AgentScope,
    mut rows: Vec<Row>,
) -> WebResult<Vec<Row>> {
    let added: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.already_added)
        .map(|r| r.id)
        .collect();
    if added.is_empty() {
        return Ok(rows);
    }
    let notes = store.added_notes(scope.system_user_id, &added).await?;
    for row in &mut rows {
        if let Some((_, at, by)) = notes.iter().find(|(id, _, _)| *id == row.id) {
            let date = super::date(at);
            row.added_note = Some(match by {
                Some(person) => t_args(
                    "add-added-by",
                    &[("date", date.into()), ("person", person.into())],
                ),
                None => date,
            });
        }
    }
    Ok(rows)
}

/// Names of the selected clients (or, for "all", of those unticked), for *Vis valgte*:
/// at most `SHOWN_NAMES`, by name; and how many more there are.
async fn named_selection(
    store: &crate::store::Store,
    selection: &ClientSelection,
) -> WebResult<(Vec<String>, usize)> {
    let ids: Vec<Uuid> = selection.carried().iter().copied().collect();
    if ids.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let shown: Vec<Uuid> = ids.iter().copied().take(SHOWN_NAMES).collect();
    let mut names: Vec<String> = store
        .organizations_among(&shown, &[])
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    names.sort();
    Ok((names, ids.len().saturating_sub(SHOWN_NAMES)))
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

/// The agent system user as `agent` finds it, and what its clients are counted against,
/// in one query.
async fn load(state: &AppState, acting: &Acting, id: &str) -> WebResult<(SystemUser, AgentScope)> {
    acting.require(Permission::ManageClients)?;
    let id = Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    let (su, counts) = state
        .store
        .system_user_with_counts(acting.party.id, id)
        .await?
        .filter(|(su, _)| su.kind.is_agent())
        .ok_or(WebError::NotFound)?;
    let scope = AgentScope::of(&su, counts);
    Ok((su, scope))
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
            let layout = Layout::for_acting(acting, format!("{} – {}", v.heading(), v.su.name));
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
    let (su, scope) = load(&state, &acting, &path).await?;
    let form: SelectionForm = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let v = build_view(&state, su, &scope, &form).await?;
    render(&acting, v, StatusCode::OK, false)
}

/// POST: search, page, tick, select all; the staged selection comes back updated.
pub async fn update(
    state: web::Data<AppState>,
    acting: Acting,
    path: web::Path<String>,
    Form(form): Form<SelectionForm>,
) -> WebResult<HttpResponse> {
    let (su, scope) = load(&state, &acting, &path).await?;
    let v = build_view(&state, su, &scope, &form).await?;
    render(&acting, v, StatusCode::OK, true)
}

fn outcome_message(o: &AddOutcome) -> String {
    let added = match (o.added, &o.first_added) {
        (1, Some(name)) => t_args("added-one", &[("client", name.into())]),
        (n, _) => t_args("added-count", &[("count", n.into())]),
    };
    let added = match o.already_added {
        0 => added,
        n => format!(
            "{added} {}",
            t_args("added-already", &[("count", n.into())])
        ),
    };
    let removed = match (o.removed, &o.first_removed) {
        (0, _) => return added,
        (1, Some(name)) => t_args("client-removed", &[("client", name.into())]),
        (n, _) => t_args("removed-count", &[("count", n.into())]),
    };
    if o.added + o.already_added == 0 {
        return removed;
    }
    format!("{added} {removed}")
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
        .apply_selection(
            &acting.actor(),
            acting.party.id,
            su.id,
            &form.selection(),
            form.antall.trim().parse().ok(),
            form.removal().ids(),
        )
        .await;
    let status = match &result {
        Err(e) => super::error::change_refused_status(e),
        Ok(_) => StatusCode::OK,
    };
    let (error, refused) = match result {
        Ok(outcome) => {
            state.metrics.client_change(outcome.added, outcome.removed);
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
    // Show the dialog again with the message, counted anew; the user's selection is kept.
    let (su, scope) = load(&state, &acting, &path).await?;
    let mut v = build_view(&state, su, &scope, &form).await?;
    v.error = Some(error);
    v.refused = refused;
    v.dropped = 0; // the refusal already names them
    render(&acting, v, status, true)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let o = AddOutcome {
            added: 3,
            first_added: Some("A".into()),
            ..AddOutcome::default()
        };
        assert_eq!(outcome_message(&o), "3 kunder er lagt til.");
        let both = AddOutcome {
            removed: 2,
            first_removed: Some("B".into()),
            ..o.clone()
        };
        assert_eq!(
            outcome_message(&both),
            "3 kunder er lagt til. 2 kunder er fjernet."
        );
        let one_gone = AddOutcome {
            removed: 1,
            first_removed: Some("Bakeriet AS".into()),
            ..AddOutcome::default()
        };
        assert_eq!(
            outcome_message(&one_gone),
            "Bakeriet AS er fjernet fra systemtilgangen."
        );
        let o = AddOutcome {
            already_added: 2,
            ..AddOutcome::default()
        };
        assert_eq!(
            outcome_message(&o),
            "Ingen nye kunder ble lagt til. 2 av de valgte var allerede lagt til."
        );
    }
}
