//! A firm's clients as one agent system user sees them, one page at a time, read from
//! `client_packages` (the packages each client gives the firm, kept by the database in
//! the same transaction as the relationship; migrations/20261205000001_client_packages.sql).
//!
//! Nothing here reads all of a firm's clients: a page is one walk down
//! `client_packages_list_idx` from a key (name in Norwegian collation, then number), the
//! counts come from `client_package_counts` and `system_users.client_count`, and a search
//! is served by the trigram indexes. Whether a client is available is the test "holds
//! every package the system user needs" as a bit-mask `&`; the domain's rule
//! (`domain::eligibility`) is its specification, and tests/eligibility_property.rs checks
//! that both agree client by client.

use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use super::parties::Organization;
use super::system_users::{FirmClientCounts, SystemUser};
use super::{Store, StoreError, StoreResult, like_pattern};
use crate::domain::packages::{package_mask, packages_from_mask, packages_from_urns};
use crate::domain::{Eligibility, OrgNumber, PackageSet};

/// An agent system user owned by a firm, and what its clients are counted against.
#[derive(Debug, Clone)]
pub struct AgentScope {
    pub firm_id: Uuid,
    pub system_user_id: Uuid,
    pub required: PackageSet,
    /// `required` as `client_packages.packages` stores it.
    pub mask: i32,
    /// Clients the firm has any relationship with.
    pub related: i64,
    /// Of those, the ones that hold every required package.
    pub eligible: i64,
    /// Clients on the system user (all of them eligible: the cascade keeps it so).
    pub added: i64,
}

impl AgentScope {
    /// The scope of an agent read with its counts (`Store::system_user_with_counts`).
    pub fn of(su: &SystemUser, counts: FirmClientCounts) -> Self {
        Self {
            firm_id: su.owner_id,
            system_user_id: su.id,
            mask: package_mask(&su.packages),
            required: su.packages.clone(),
            related: counts.related,
            eligible: counts.eligible,
            added: su.client_count,
        }
    }

    /// The clients that can be added now: eligible and not yet on the system user.
    pub fn candidates(&self) -> i64 {
        (self.eligible - self.added).max(0)
    }

    pub fn unavailable(&self) -> i64 {
        self.related - self.eligible
    }
}

/// One client in a list.
#[derive(Debug, Clone)]
pub struct ListedClient {
    pub id: Uuid,
    pub name: String,
    pub org_number: String,
    pub held: PackageSet,
    /// Already on the system user.
    pub added: bool,
}

impl ListedClient {
    pub fn org_number_formatted(&self) -> String {
        OrgNumber::parse(&self.org_number)
            .map(|n| n.formatted())
            .unwrap_or_else(|_| self.org_number.clone())
    }

    /// The domain's verdict for this client.
    pub fn eligibility(&self, required: &PackageSet) -> Eligibility {
        Eligibility::decide(required, &self.held)
    }
}

/// Where a list is sorted: by name, then organization number (which is unique).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListKey {
    pub name: String,
    pub org_number: String,
}

impl ListKey {
    /// The key as a form carries it: the number (nine digits), a colon, the name.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.org_number, self.name)
    }

    /// A key from a form; None for anything our page did not write.
    pub fn decode(s: &str) -> Option<Self> {
        let (number, name) = s.split_once(':')?;
        (number.len() == 9 && number.bytes().all(|b| b.is_ascii_digit())).then(|| Self {
            name: name.to_owned(),
            org_number: number.to_owned(),
        })
    }
}

impl From<&ListedClient> for ListKey {
    fn from(c: &ListedClient) -> Self {
        Self {
            name: c.name.clone(),
            org_number: c.org_number.clone(),
        }
    }
}

/// Which part of a list to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    /// The first rows.
    First,
    /// The rows after this key.
    After(ListKey),
    /// The rows before this key (the previous page).
    Before(ListKey),
    /// The rows from this key on (the same page again).
    From(ListKey),
    /// The last `n` rows.
    Last(i64),
    /// The rows after skipping this many (a jump to a page in the middle).
    Skip(i64),
}

/// Which clients a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// The clients that hold every required package, with or without those added.
    Eligible { hide_added: bool },
    /// The clients that lack a required package.
    Unavailable,
}

/// The counts of a search: how many it lists, and how many it finds that cannot be added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchCounts {
    pub listed: i64,
    pub unavailable: i64,
    /// Of the matches, those that can be added now (eligible, not yet added).
    pub available: i64,
}

/// The agent `system_user_id` owned by `firm_id`, with its counts; None if there is none.
pub(crate) async fn agent_scope(
    conn: &mut PgConnection,
    firm_id: Uuid,
    system_user_id: Uuid,
) -> StoreResult<Option<AgentScope>> {
    let row = sqlx::query!(
        r#"WITH agent AS (
               SELECT su.id, su.client_count,
                      COALESCE(array_agg(p.package_urn) FILTER (WHERE p.package_urn IS NOT NULL),
                               '{}') AS urns,
                      COALESCE(bit_or(1 << ap.bit), 0) AS mask
                 FROM system_users su
                 LEFT JOIN system_user_packages p ON p.system_user_id = su.id
                 LEFT JOIN access_packages ap ON ap.urn = p.package_urn
                WHERE su.id = $1 AND su.owner_id = $2 AND su.kind = 'agent'
                GROUP BY su.id
           )
           SELECT a.urns AS "urns!", a.client_count::int8 AS "added!",
                  (SELECT COALESCE(sum(c.clients), 0) FROM client_package_counts c
                    WHERE c.firm_id = $2)::int8 AS "related!",
                  (SELECT COALESCE(sum(c.clients), 0) FROM client_package_counts c
                    WHERE c.firm_id = $2 AND a.mask <> 0
                      AND c.packages & a.mask = a.mask)::int8 AS "eligible!"
             FROM agent a"#,
        system_user_id,
        firm_id
    )
    .fetch_optional(conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let required = packages_from_urns(&r.urns)?;
    Ok(Some(AgentScope {
        firm_id,
        system_user_id,
        mask: package_mask(&required),
        required,
        related: r.related,
        eligible: r.eligible,
        added: r.added,
    }))
}

/// A search as SQL patterns, the way people type one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Patterns {
    /// Digits, spaces allowed ("311 037"): part of the number, or of the name as typed.
    Number { name: String, number: String },
    /// Words ("fjord bakeri"): names that contain every word, in any order.
    Words(Vec<String>),
}

/// At most this many words of a search count; the rest only narrow what is already few.
const MAX_WORDS: usize = 6;

fn patterns(search: &str) -> Option<Patterns> {
    let search = search.trim();
    if search.is_empty() {
        return None;
    }
    let digits: String = search.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Patterns::Number {
            name: like_pattern(search),
            number: like_pattern(&digits),
        });
    }
    let words = search
        .split_whitespace()
        .take(MAX_WORDS)
        .map(like_pattern)
        .collect();
    Some(Patterns::Words(words))
}

/// Where the rows of a listing come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// `client_packages` itself, searched here.
    Table,
    /// `matches`, the firm's clients that match the search, read once for the statement.
    Matches,
}

/// `WITH matches AS MATERIALIZED (…)`: the firm's clients that match a search, read once
/// by the trigram index. The windows of one statement then sort what they need of them,
/// instead of walking the whole list in order in the hope of meeting matches early (the
/// planner cannot know how many of a firm's clients hold an agent's packages, and for the
/// few that do not, it guessed the walk and read 52,000 rows to find 16).
fn push_matches(qb: &mut QueryBuilder<Postgres>, scope: &AgentScope, search: &str) {
    qb.push(
        "WITH matches AS MATERIALIZED (SELECT cp.* FROM client_packages cp WHERE cp.firm_id = ",
    )
    .push_bind(scope.firm_id);
    push_search(qb, search);
    qb.push(") ");
}

/// `FROM … cp WHERE …` for one listing (None: every client) and search.
fn push_filter(
    qb: &mut QueryBuilder<Postgres>,
    scope: &AgentScope,
    listing: Option<Listing>,
    search: &str,
    source: Source,
) {
    match source {
        Source::Table => qb
            .push(" FROM client_packages cp WHERE cp.firm_id = ")
            .push_bind(scope.firm_id),
        Source::Matches => qb.push(" FROM matches cp WHERE true"),
    };
    match listing {
        None => {}
        Some(Listing::Eligible { hide_added }) => {
            if scope.mask == 0 {
                // Nothing required: nothing can be added (domain::Eligibility::NothingRequired).
                qb.push(" AND false");
            }
            qb.push(" AND ");
            push_holds(qb, "cp.packages", scope, true);
            if hide_added {
                push_added(qb, scope, "NOT EXISTS");
            }
        }
        // With nothing required, every client is listed as unavailable.
        Some(Listing::Unavailable) if scope.mask != 0 => {
            qb.push(" AND ");
            push_holds(qb, "cp.packages", scope, false);
        }
        Some(Listing::Unavailable) => {}
    }
    if source == Source::Table {
        push_search(qb, search);
    }
}

/// ` AND (…)`: the clients (`cp`) whose name or number contains the search; nothing for
/// an empty search. Names are searched in `name_search`, which only the trigram index
/// holds (migrations/20261207000002_client_packages_search.sql says why).
pub(crate) fn push_search(qb: &mut QueryBuilder<Postgres>, search: &str) {
    match patterns(search) {
        None => {}
        Some(Patterns::Number { name, number }) => {
            qb.push(" AND (cp.name_search ILIKE ")
                .push_bind(name)
                .push(" OR cp.org_number LIKE ")
                .push_bind(number)
                .push(")");
        }
        Some(Patterns::Words(words)) => {
            for word in words {
                qb.push(" AND cp.name_search ILIKE ").push_bind(word);
            }
        }
    }
}

/// `column & mask = mask` (the client gives every package the agent needs) or, with
/// `holds` false, `<>` (it lacks one).
fn push_holds(qb: &mut QueryBuilder<Postgres>, column: &str, scope: &AgentScope, holds: bool) {
    qb.push(column)
        .push(" & ")
        .push_bind(scope.mask)
        .push(if holds { " = " } else { " <> " })
        .push_bind(scope.mask);
}

fn push_added(qb: &mut QueryBuilder<Postgres>, scope: &AgentScope, exists: &str) {
    qb.push(format_args!(
        " AND {exists} (SELECT 1 FROM client_delegations d WHERE d.system_user_id = "
    ))
    .push_bind(scope.system_user_id)
    .push(" AND d.client_id = cp.client_id)");
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    /// Which of the windows of one statement the row belongs to.
    part: i32,
    client_id: Uuid,
    name: String,
    org_number: String,
    packages: i32,
    added: bool,
}

impl From<ListedRow> for ListedClient {
    fn from(r: ListedRow) -> Self {
        Self {
            id: r.client_id,
            name: r.name,
            org_number: r.org_number,
            held: packages_from_mask(r.packages),
            added: r.added,
        }
    }
}

/// One window of a listing to read.
#[derive(Debug, Clone, Copy)]
pub struct ListRequest<'a> {
    pub listing: Listing,
    pub window: &'a Window,
    pub limit: i64,
}

/// ` AND (cp.name, cp.org_number) > (…)` and the like: where a window starts.
fn push_key_bound(qb: &mut QueryBuilder<Postgres>, op: &str, key: &ListKey) {
    qb.push(format_args!(" AND (cp.name, cp.org_number) {op} ("))
        .push_bind(key.name.clone())
        .push(", ")
        .push_bind(key.org_number.clone())
        .push(")");
}

/// For a window that starts at a key (or an end): the key's bound, and whether it reads
/// the list backwards. None for a window that skips rows.
fn window_bound(window: &Window) -> Option<(Option<(&'static str, &ListKey)>, bool)> {
    match window {
        Window::First => Some((None, false)),
        Window::After(k) => Some((Some((">", k)), false)),
        Window::From(k) => Some((Some((">=", k)), false)),
        Window::Before(k) => Some((Some(("<", k)), true)),
        Window::Last(_) => Some((None, true)),
        Window::Skip(_) => None,
    }
}

/// `(SELECT part, … LIMIT n)` for a window of the firm's whole list that starts at a key:
/// the first n rows from each set of packages that qualifies (`client_package_counts`
/// names the firm's sets; `client_packages_set_idx` has each in list order), merged.
/// Whatever share of the firm's clients qualify, it reads at most n rows per set.
fn push_window_by_sets(
    qb: &mut QueryBuilder<Postgres>,
    part: i32,
    scope: &AgentScope,
    request: ListRequest<'_>,
    bound: Option<(&'static str, &ListKey)>,
    descending: bool,
    limit: i64,
) {
    let order = if descending {
        " ORDER BY cp.name DESC, cp.org_number DESC"
    } else {
        " ORDER BY cp.name, cp.org_number"
    };
    qb.push(format_args!(
        "(SELECT {part} AS part, cp.client_id, cp.name::text AS name, cp.org_number, \
         cp.packages, EXISTS (SELECT 1 FROM client_delegations d WHERE d.system_user_id = "
    ));
    qb.push_bind(scope.system_user_id).push(
        " AND d.client_id = cp.client_id) AS added \
         FROM client_package_counts s CROSS JOIN LATERAL (\
         SELECT cp.client_id, cp.name, cp.org_number, cp.packages FROM client_packages cp \
         WHERE cp.firm_id = s.firm_id AND cp.packages = s.packages",
    );
    if let Listing::Eligible { hide_added: true } = request.listing {
        push_added(qb, scope, "NOT EXISTS");
    }
    if let Some((op, key)) = bound {
        push_key_bound(qb, op, key);
    }
    qb.push(order).push(" LIMIT ").push_bind(limit);
    qb.push(") cp WHERE s.firm_id = ")
        .push_bind(scope.firm_id)
        .push(" AND s.clients > 0");
    match request.listing {
        Listing::Eligible { .. } if scope.mask == 0 => {
            // Nothing required: nothing can be added (domain::Eligibility::NothingRequired).
            qb.push(" AND false");
        }
        Listing::Eligible { .. } => {
            qb.push(" AND ");
            push_holds(qb, "s.packages", scope, true);
        }
        Listing::Unavailable if scope.mask != 0 => {
            qb.push(" AND ");
            push_holds(qb, "s.packages", scope, false);
        }
        Listing::Unavailable => {}
    }
    qb.push(order).push(" LIMIT ").push_bind(limit).push(")");
}

/// `(SELECT part, … LIMIT n)` for one window; whether its rows come in reverse order.
fn push_window(
    qb: &mut QueryBuilder<Postgres>,
    part: i32,
    scope: &AgentScope,
    search: &str,
    source: Source,
    request: ListRequest<'_>,
) -> bool {
    let limit = match request.window {
        Window::Last(n) => (*n).clamp(0, request.limit),
        _ => request.limit,
    };
    if source == Source::Table
        && let Some((bound, descending)) = window_bound(request.window)
    {
        push_window_by_sets(qb, part, scope, request, bound, descending, limit);
        return descending;
    }
    qb.push(format_args!(
        "(SELECT {part} AS part, cp.client_id, cp.name::text AS name, cp.org_number, \
         cp.packages, EXISTS (SELECT 1 FROM client_delegations d WHERE d.system_user_id = "
    ));
    qb.push_bind(scope.system_user_id)
        .push(" AND d.client_id = cp.client_id) AS added");
    push_filter(qb, scope, Some(request.listing), search, source);
    let (bound, descending) = window_bound(request.window).unwrap_or((None, false));
    if let Some((op, key)) = bound {
        push_key_bound(qb, op, key);
    }
    qb.push(if descending {
        " ORDER BY cp.name DESC, cp.org_number DESC"
    } else {
        " ORDER BY cp.name, cp.org_number"
    });
    qb.push(" LIMIT ").push_bind(limit);
    if let Window::Skip(n) = request.window {
        qb.push(" OFFSET ").push_bind((*n).max(0));
    }
    qb.push(")");
    descending
}

/// Windows of listings read in one statement, each in list order.
pub(crate) async fn list_many(
    conn: &mut PgConnection,
    scope: &AgentScope,
    search: &str,
    requests: &[ListRequest<'_>],
) -> StoreResult<Vec<Vec<ListedClient>>> {
    let mut qb = QueryBuilder::new("");
    let source = if patterns(search).is_some() {
        push_matches(&mut qb, scope, search);
        Source::Matches
    } else {
        Source::Table
    };
    let mut descending = Vec::new();
    for (part, request) in requests.iter().enumerate() {
        if part > 0 {
            qb.push(" UNION ALL ");
        }
        descending.push(push_window(
            &mut qb,
            part as i32,
            scope,
            search,
            source,
            *request,
        ));
    }
    let mut parts: Vec<Vec<ListedClient>> = vec![Vec::new(); requests.len()];
    if requests.is_empty() {
        return Ok(parts);
    }
    // A search's best plan depends on the words (a rare word: the trigram index; a common
    // one: the list index in order), so it is planned with its values each time.
    let persistent = patterns(search).is_none();
    let rows = qb
        .build_query_as::<ListedRow>()
        .persistent(persistent)
        .fetch_all(conn)
        .await?;
    for row in rows {
        let part = usize::try_from(row.part)
            .ok()
            .filter(|p| *p < parts.len())
            .ok_or_else(|| StoreError::Corrupt(format!("no window {}", row.part)))?;
        parts[part].push(ListedClient::from(row));
    }
    for (rows, reverse) in parts.iter_mut().zip(descending) {
        if reverse {
            rows.reverse();
        }
    }
    Ok(parts)
}

/// One window of a listing, in list order.
pub(crate) async fn list(
    conn: &mut PgConnection,
    scope: &AgentScope,
    listing: Listing,
    search: &str,
    window: &Window,
    limit: i64,
) -> StoreResult<Vec<ListedClient>> {
    let request = ListRequest {
        listing,
        window,
        limit,
    };
    Ok(list_many(conn, scope, search, &[request])
        .await?
        .pop()
        .unwrap_or_default())
}

/// How many clients a search lists (for a listing of eligible clients) and how many it
/// finds that cannot be added, in one pass over the matches.
pub(crate) async fn search_counts(
    conn: &mut PgConnection,
    scope: &AgentScope,
    hide_added: bool,
    search: &str,
) -> StoreResult<SearchCounts> {
    if patterns(search).is_none() {
        let added = if hide_added { scope.added } else { 0 };
        return Ok(SearchCounts {
            listed: scope.eligible - added,
            unavailable: scope.unavailable(),
            available: scope.candidates(),
        });
    }
    // The eligible clients (with nothing required, none), or of those the ones not added.
    let eligible = |qb: &mut QueryBuilder<Postgres>, not_added: bool| {
        if scope.mask == 0 {
            qb.push("false");
        } else {
            push_holds(qb, "cp.packages", scope, true);
            if not_added {
                push_added(qb, scope, "NOT EXISTS");
            }
        }
    };
    let mut qb = QueryBuilder::new("SELECT count(*) FILTER (WHERE ");
    eligible(&mut qb, hide_added);
    qb.push(") AS listed, count(*) FILTER (WHERE ");
    if scope.mask == 0 {
        qb.push("true");
    } else {
        push_holds(&mut qb, "cp.packages", scope, false);
    }
    qb.push(") AS unavailable");
    if hide_added {
        qb.push(", 0::int8 AS available");
    } else {
        // Listed with those added: which of them could still be added, for "select the
        // hits". (With them hidden, that is `listed` itself.)
        qb.push(", count(*) FILTER (WHERE ");
        eligible(&mut qb, true);
        qb.push(") AS available");
    }
    // Every client of the firm that matches the search.
    push_filter(&mut qb, scope, None, search, Source::Table);
    let (listed, unavailable, available): (i64, i64, i64) = qb
        .build_query_as()
        .persistent(false)
        .fetch_one(conn)
        .await?;
    Ok(SearchCounts {
        listed,
        unavailable,
        available: if hide_added { listed } else { available },
    })
}

/// Of `ids`, those that can be added now (eligible, not yet on the system user).
pub(crate) async fn candidates_among(
    conn: &mut PgConnection,
    scope: &AgentScope,
    ids: &[Uuid],
) -> StoreResult<Vec<Uuid>> {
    if ids.is_empty() || scope.mask == 0 {
        return Ok(Vec::new());
    }
    let ids = sqlx::query_scalar!(
        "SELECT cp.client_id FROM client_packages cp
          WHERE cp.firm_id = $1 AND cp.client_id = ANY($2) AND cp.packages & $3 = $3
            AND NOT EXISTS (SELECT 1 FROM client_delegations d
                             WHERE d.system_user_id = $4 AND d.client_id = cp.client_id)",
        scope.firm_id,
        ids,
        scope.mask,
        scope.system_user_id
    )
    .fetch_all(conn)
    .await?;
    Ok(ids)
}

impl Store {
    /// The agent system user and its counts; None if the firm owns no such agent.
    #[tracing::instrument(skip(self))]
    pub async fn agent_scope(
        &self,
        firm_id: Uuid,
        system_user_id: Uuid,
    ) -> StoreResult<Option<AgentScope>> {
        let mut conn = self.pool.acquire().await?;
        agent_scope(&mut conn, firm_id, system_user_id).await
    }

    /// One window of the clients of a listing.
    #[tracing::instrument(skip(self, scope), fields(su = %scope.system_user_id))]
    pub async fn list_clients(
        &self,
        scope: &AgentScope,
        listing: Listing,
        search: &str,
        window: &Window,
        limit: i64,
    ) -> StoreResult<Vec<ListedClient>> {
        let mut conn = self.pool.acquire().await?;
        list(&mut conn, scope, listing, search, window, limit).await
    }

    /// Several windows, in one statement (the dialog's page and the first of the clients
    /// that cannot be added).
    #[tracing::instrument(skip(self, scope, requests), fields(su = %scope.system_user_id))]
    pub async fn list_clients_many(
        &self,
        scope: &AgentScope,
        search: &str,
        requests: &[ListRequest<'_>],
    ) -> StoreResult<Vec<Vec<ListedClient>>> {
        let mut conn = self.pool.acquire().await?;
        list_many(&mut conn, scope, search, requests).await
    }

    #[tracing::instrument(skip(self, scope), fields(su = %scope.system_user_id))]
    pub async fn search_counts(
        &self,
        scope: &AgentScope,
        hide_added: bool,
        search: &str,
    ) -> StoreResult<SearchCounts> {
        let mut conn = self.pool.acquire().await?;
        search_counts(&mut conn, scope, hide_added, search).await
    }

    /// Of `ids`, those that can be added now.
    #[tracing::instrument(skip(self, scope, ids), fields(ids = ids.len()))]
    pub async fn candidates_among(
        &self,
        scope: &AgentScope,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Uuid>> {
        let mut conn = self.pool.acquire().await?;
        candidates_among(&mut conn, scope, ids).await
    }

    /// The available clients of an agent's firm that are not on it, in organization
    /// number order after `after`: the API's pages.
    #[tracing::instrument(skip(self, su), fields(su = %su.id))]
    pub async fn available_clients_after(
        &self,
        su: &SystemUser,
        after: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<Organization>> {
        let mask = package_mask(&su.packages);
        if mask == 0 {
            return Ok(Vec::new());
        }
        let rows = sqlx::query_as!(
            Organization,
            "SELECT o.id, o.org_number, o.name, o.org_form
               FROM client_packages cp JOIN organizations o ON o.id = cp.client_id
              WHERE cp.firm_id = $1 AND cp.packages & $2 = $2
                AND ($3::text IS NULL OR cp.org_number > $3)
                AND NOT EXISTS (SELECT 1 FROM client_delegations d
                                 WHERE d.system_user_id = $4 AND d.client_id = cp.client_id)
              ORDER BY cp.org_number
              LIMIT $5",
            su.owner_id,
            mask,
            after,
            su.id,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_refuse_what_we_did_not_write() {
        let k = ListKey {
            name: "Ærlig Bakeri: Øst AS".into(),
            org_number: "311037889".into(),
        };
        assert_eq!(ListKey::decode(&k.encode()), Some(k));
        assert_eq!(ListKey::decode("31103788:x"), None);
        assert_eq!(ListKey::decode("abc"), None);
    }

    #[test]
    fn a_search_is_a_number_or_words() {
        assert_eq!(
            patterns(" 311 037 "),
            Some(Patterns::Number {
                name: "%311 037%".into(),
                number: "%311037%".into()
            })
        );
        assert_eq!(
            patterns("bakeri"),
            Some(Patterns::Words(vec!["%bakeri%".into()]))
        );
        assert_eq!(
            patterns(" Fjord  bakeri 50%"),
            Some(Patterns::Words(vec![
                "%Fjord%".into(),
                "%bakeri%".into(),
                "%50\\%%".into()
            ]))
        );
        assert_eq!(patterns("  "), None);
    }
}
