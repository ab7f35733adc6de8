//! *Historikk*: who did what for the organization, on behalf of whom and when, newest
//! first, with a filter (a GET form that works without JavaScript) and an export of every
//! matching event as CSV, streamed a chunk at a time.

pub mod csv;
pub mod describe;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use super::i18n::{t, t_args};
use super::session::Acting;
use super::{AppState, Layout, Pager, WebResult, html, page_number};
use crate::domain::Permission;
use crate::store::history::{EventPage, HistoryFilter, HistoryScope, SystemAccessChoice};
use crate::store::{Store, StoreError};
use describe::EventView;

pub const EVENTS_PER_PAGE: i64 = 25;

/// Events per database round trip of an export: enough to keep it quick, few enough that
/// a firm with a long history never has more than this in memory.
pub const EXPORT_CHUNK: i64 = 1000;

/// The filter as it arrives in the address; the same for the page and the export.
#[derive(Debug, Default, Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    kunde: String,
    #[serde(default)]
    systemtilgang: String,
    #[serde(default)]
    fra: String,
    #[serde(default)]
    til: String,
    #[serde(default)]
    side: String,
}

/// What was wrong with the filter, per field.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FilterErrors {
    pub kunde: Option<String>,
    pub systemtilgang: Option<String>,
    pub fra: Option<String>,
    pub til: Option<String>,
}

impl FilterErrors {
    fn is_empty(&self) -> bool {
        self.kunde.is_none()
            && self.systemtilgang.is_none()
            && self.fra.is_none()
            && self.til.is_none()
    }

    /// (field id, message) for the error summary, in the order of the form.
    fn list(&self) -> Vec<(&'static str, &str)> {
        [
            ("kunde", &self.kunde),
            ("systemtilgang", &self.systemtilgang),
            ("fra", &self.fra),
            ("til", &self.til),
        ]
        .into_iter()
        .filter_map(|(id, m)| m.as_deref().map(|m| (id, m)))
        .collect()
    }
}

/// A date as people write it in Norway (24.11.2026, 1.2.2026) or as a date field sends it
/// (2026-11-24); empty means no limit.
pub fn parse_date(input: &str) -> Result<Option<Date>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let numbers = |parts: Vec<&str>, widths: [(usize, usize); 3]| -> Option<[u32; 3]> {
        if parts.len() != 3 {
            return None;
        }
        let mut out = [0; 3];
        for (i, (p, (min, max))) in parts.iter().zip(widths).enumerate() {
            if !(min..=max).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            out[i] = p.parse().ok()?;
        }
        Some(out)
    };
    let (year, month, day) =
        if let Some([d, m, y]) = numbers(s.split('.').collect(), [(1, 2), (1, 2), (4, 4)]) {
            (y, m, d)
        } else if let Some([y, m, d]) = numbers(s.split('-').collect(), [(4, 4), (1, 2), (1, 2)]) {
            (y, m, d)
        } else {
            return Err(t("history-date-format"));
        };
    if !(1900..=2999).contains(&year) {
        return Err(t("history-date-year"));
    }
    let date = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .and_then(|m| Date::from_calendar_date(year as i32, m, u8::try_from(day).ok()?).ok());
    date.map(Some)
        .ok_or_else(|| t_args("history-date-missing", &[("date", s.into())]))
}

/// The filter checked against what the organization may filter by. Every field is
/// checked, so each wrong one gets its own message.
pub fn parse_filter(
    q: &HistoryQuery,
    choices: &[SystemAccessChoice],
) -> Result<HistoryFilter, FilterErrors> {
    let mut errors = FilterErrors {
        kunde: super::forms::unstorable(&q.kunde),
        ..FilterErrors::default()
    };
    let system_user = match q.systemtilgang.trim() {
        "" => None,
        s => {
            let id = Uuid::parse_str(s)
                .ok()
                .filter(|id| choices.iter().any(|c| c.id == *id));
            if id.is_none() {
                errors.systemtilgang = Some(t("history-choose-system-access"));
            }
            id
        }
    };
    let from = parse_date(&q.fra).unwrap_or_else(|e| {
        errors.fra = Some(e);
        None
    });
    let to = parse_date(&q.til).unwrap_or_else(|e| {
        errors.til = Some(e);
        None
    });
    if let (Some(f), Some(to)) = (from, to)
        && to < f
    {
        errors.til = Some(t("history-to-before-from"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(HistoryFilter {
        client: q.kunde.trim().to_owned(),
        system_user,
        from,
        to,
    })
}

/// One option of the system access select.
pub struct AccessOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The filter form as it is shown: what was typed, and what was wrong with it.
pub struct FilterView {
    pub kunde: String,
    pub fra: String,
    pub til: String,
    pub options: Vec<AccessOption>,
    pub errors: FilterErrors,
    /// The filter for links (paging, export): "kunde=…&fra=…", without empty fields.
    pub query: String,
    /// Offer the *Kunde* field: not to an organization without clients, whose history is
    /// about itself (unless the address already filters by client).
    pub offers_client: bool,
}

impl FilterView {
    fn new(q: &HistoryQuery, choices: &[SystemAccessChoice], errors: FilterErrors) -> Self {
        let chosen = q.systemtilgang.trim();
        let options = choices
            .iter()
            .map(|c| {
                let mut label = c
                    .name
                    .clone()
                    .unwrap_or_else(|| t("history-unnamed-system-access"));
                if let Some(owner) = &c.owner {
                    label.push_str(&format!(" ({owner})"));
                }
                if c.deleted {
                    label.push_str(&format!(" – {}", t("history-deleted")));
                }
                AccessOption {
                    value: c.id.to_string(),
                    label,
                    selected: c.id.to_string() == chosen,
                }
            })
            .collect();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("kunde", q.kunde.trim()),
            ("systemtilgang", chosen),
            ("fra", q.fra.trim()),
            ("til", q.til.trim()),
        ] {
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        }
        Self {
            kunde: q.kunde.replace('\0', ""),
            fra: q.fra.clone(),
            til: q.til.clone(),
            options,
            errors,
            query: query.finish(),
            offers_client: true,
        }
    }

    /// The form as `acting`'s organization reads it (see `offers_client`).
    fn read_by(mut self, acting: &Acting) -> Self {
        self.offers_client = acting.shape.serves_clients || !self.kunde.trim().is_empty();
        self
    }

    pub fn filtered(&self) -> bool {
        !self.query.is_empty()
    }

    pub fn error_list(&self) -> Vec<(&'static str, &str)> {
        self.errors.list()
    }

    /// The page's address with this filter and page `n`.
    pub fn page_link(&self, n: impl std::fmt::Display) -> String {
        if self.query.is_empty() {
            format!("/historikk?side={n}")
        } else {
            format!("/historikk?{}&side={n}", self.query)
        }
    }

    pub fn export_link(&self) -> String {
        if self.query.is_empty() {
            "/historikk.csv".to_owned()
        } else {
            format!("/historikk.csv?{}", self.query)
        }
    }
}

pub struct Results {
    pub rows: Vec<EventView>,
    pub pager: Pager,
    /// More events match than the pages reach (`HISTORY_COUNT_CAP`).
    pub more: bool,
}

impl Results {
    /// "1 hendelse", "50 000 hendelser" (thousands as the language writes them).
    pub fn count(&self) -> String {
        let key = if self.more {
            "history-count-more"
        } else {
            "history-count"
        };
        t_args(key, &[("count", self.pager.total.into())])
    }
}

#[derive(Template)]
#[template(path = "history/page.html")]
struct HistoryPage {
    layout: Layout,
    form: FilterView,
    results: Option<Results>,
}

/// The form and the results without the page around them, for htmx.
#[derive(Template)]
#[template(path = "history/body_partial.html")]
struct HistoryBody {
    form: FilterView,
    results: Option<Results>,
}

/// The page, or for htmx its body; with errors at their fields and no results when the
/// filter was wrong.
fn respond(
    acting: &Acting,
    status: StatusCode,
    form: FilterView,
    results: Option<Results>,
) -> WebResult<HttpResponse> {
    let form = form.read_by(acting);
    if acting.htmx {
        return html(status, &HistoryBody { form, results });
    }
    let page = HistoryPage {
        layout: Layout::for_acting(acting, t("nav-history")).described("meta-description-history"),
        form,
        results,
    };
    html(status, &page)
}

pub async fn page(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<HistoryQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewHistory)?;
    let choices = state.store.history_system_accesses(acting.party.id).await?;
    let filter = match parse_filter(&query, &choices) {
        Ok(f) => f,
        Err(errors) => {
            let form = FilterView::new(&query, &choices, errors);
            return respond(&acting, StatusCode::UNPROCESSABLE_ENTITY, form, None);
        }
    };
    let scope = state.store.history_scope(&acting.party, &filter).await?;
    let page = state
        .store
        .history_page(&scope, page_number(&query.side), EVENTS_PER_PAGE)
        .await?;
    let EventPage { page, more } = page;
    let results = Results {
        pager: Pager::new(page.page, page.total, EVENTS_PER_PAGE),
        more,
        rows: page
            .items
            .iter()
            .map(|e| EventView::new(e, acting.party.id))
            .collect(),
    };
    let form = FilterView::new(&query, &choices, FilterErrors::default());
    respond(&acting, StatusCode::OK, form, Some(results))
}

/// `/historikk.csv` with the page's filter: every matching event, not only one page.
pub async fn export(
    state: web::Data<AppState>,
    acting: Acting,
    query: web::Query<HistoryQuery>,
) -> WebResult<HttpResponse> {
    acting.require(Permission::ViewHistory)?;
    let choices = state.store.history_system_accesses(acting.party.id).await?;
    let filter = match parse_filter(&query, &choices) {
        Ok(f) => f,
        Err(errors) => {
            // A download link with a wrong date: the page, saying what is wrong.
            let page = HistoryPage {
                layout: Layout::for_acting(&acting, t("nav-history")),
                form: FilterView::new(&query, &choices, errors).read_by(&acting),
                results: None,
            };
            return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let scope = state.store.history_scope(&acting.party, &filter).await?;
    let today = state.store.today_in_norway().await?;
    let export = Export {
        store: state.store.clone(),
        scope,
        viewer: acting.party.id,
        after: None,
        lang: super::i18n::lang(),
    };
    // The first chunk is read before answering, so that a failing database gives an
    // error page rather than a file that is cut short.
    let mut head = String::from(csv::BOM);
    head.push_str(&csv::header());
    let mut first = head.into_bytes();
    let rest = match export.next().await? {
        Some((chunk, rest)) => {
            first.extend_from_slice(&chunk);
            rest
        }
        None => None,
    };
    let filename = format!("historikk-{}-{today}.csv", acting.party.org_number);
    tracing::info!(org = %acting.party.org_number, "history exported");
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(ExportBody {
            first: Some(Bytes::from(first)),
            rest,
            pending: None,
        }))
}

/// Where an export has got to.
struct Export {
    store: Store,
    scope: HistoryScope,
    viewer: Uuid,
    after: Option<(OffsetDateTime, i64)>,
    /// The request's language: later chunks are read after the handler has returned.
    lang: super::i18n::Lang,
}

impl Export {
    /// The next chunk of rows, and what is left after it (None when this was the last).
    async fn next(self) -> Result<Option<(Bytes, Option<Export>)>, StoreError> {
        let events = self
            .store
            .history_chunk(&self.scope, self.after, EXPORT_CHUNK)
            .await?;
        let Some(last) = events.last() else {
            return Ok(None);
        };
        let after = Some(last.position());
        let mut out = String::with_capacity(events.len() * 256);
        super::i18n::in_lang(self.lang, || {
            for e in &events {
                out.push_str(&csv::event_row(&EventView::new(e, self.viewer)));
            }
        });
        let rest = (events.len() as i64 == EXPORT_CHUNK).then_some(Export { after, ..self });
        Ok(Some((Bytes::from(out), rest)))
    }
}

type NextChunk = Pin<Box<dyn Future<Output = Result<Option<(Bytes, Option<Export>)>, StoreError>>>>;

/// The response body of an export: the first chunk, then one query per chunk as the
/// client reads, so memory stays at one chunk however long the history is.
struct ExportBody {
    first: Option<Bytes>,
    rest: Option<Export>,
    pending: Option<NextChunk>,
}

impl MessageBody for ExportBody {
    type Error = StoreError;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        if this.pending.is_none() {
            match this.rest.take() {
                Some(export) => this.pending = Some(Box::pin(export.next())),
                None => return Poll::Ready(None),
            }
        }
        let Some(pending) = this.pending.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.pending = None;
        match result {
            Ok(Some((chunk, rest))) => {
                this.rest = rest;
                Poll::Ready(Some(Ok(chunk)))
            }
            Ok(None) => Poll::Ready(None),
            Err(e) => {
                // The headers are sent; all that is left is to stop and say so in the log.
                tracing::error!(error = ?e, "history export failed part way");
                Poll::Ready(Some(Err(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_are_read_the_norwegian_way_and_as_date_fields_send_them() {
        assert_eq!(parse_date("24.11.2026"), Ok(Some(date!(2026 - 11 - 24))));
        assert_eq!(parse_date(" 1.2.2026 "), Ok(Some(date!(2026 - 02 - 01))));
        assert_eq!(parse_date("2026-11-24"), Ok(Some(date!(2026 - 11 - 24))));
        assert_eq!(parse_date(""), Ok(None));
        assert_eq!(parse_date("   "), Ok(None));
    }

    #[test]
    fn a_wrong_date_says_what_is_wrong() {
        for bad in [
            "24.11.26",
            "24/11/2026",
            "i går",
            "24.11.2026.",
            "+1.1.2026",
            "2026-1124",
        ] {
            assert_eq!(parse_date(bad), Err(t("history-date-format")), "{bad}");
        }
        assert_eq!(
            parse_date("31.02.2026"),
            Err("Datoen 31.02.2026 finnes ikke.".to_owned())
        );
        assert_eq!(
            parse_date("01.13.2026"),
            Err("Datoen 01.13.2026 finnes ikke.".to_owned())
        );
        assert_eq!(
            parse_date("01.01.0001"),
            Err("Året må være mellom 1900 og 2999.".to_owned())
        );
    }

    fn query(fra: &str, til: &str, systemtilgang: &str) -> HistoryQuery {
        HistoryQuery {
            kunde: " Bergtatt ".to_owned(),
            systemtilgang: systemtilgang.to_owned(),
            fra: fra.to_owned(),
            til: til.to_owned(),
            side: String::new(),
        }
    }

    #[test]
    fn every_wrong_field_is_named_and_the_rest_is_kept() {
        let errors = parse_filter(&query("32.01.2026", "x", "not-a-uuid"), &[]).unwrap_err();
        assert_eq!(
            errors.list().iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["systemtilgang", "fra", "til"]
        );
        let view = FilterView::new(&query("32.01.2026", "x", ""), &[], errors);
        assert_eq!(view.fra, "32.01.2026");
        assert_eq!(view.kunde, " Bergtatt ");
        assert_eq!(view.query, "kunde=Bergtatt&fra=32.01.2026&til=x");
    }

    #[test]
    fn the_end_cannot_come_before_the_start() {
        let errors = parse_filter(&query("24.11.2026", "23.11.2026", ""), &[]).unwrap_err();
        assert_eq!(
            errors.til.as_deref(),
            Some("Til-datoen kan ikke være før fra-datoen.")
        );
        let ok = parse_filter(&query("24.11.2026", "24.11.2026", ""), &[]).unwrap();
        assert_eq!(ok.client, "Bergtatt");
        assert_eq!(ok.from, ok.to);
    }

    #[test]
    fn only_the_organizations_own_choices_can_be_filtered_by() {
        let id = Uuid::new_v4();
        let choices = [SystemAccessChoice {
            id,
            name: Some("Smart".into()),
            owner: None,
            deleted: true,
        }];
        let ok = parse_filter(&query("", "", &id.to_string()), &choices).unwrap();
        assert_eq!(ok.system_user, Some(id));
        let other = Uuid::new_v4().to_string();
        assert!(parse_filter(&query("", "", &other), &choices).is_err());
    }
}
