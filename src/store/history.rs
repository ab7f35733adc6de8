//! *Historikk*: the audit trail as one organization may read it. An organization sees what
//! it did itself (`on_behalf_of_id`), what others did that concerns it as the firm
//! (`firm_id`) or as the client (`client_id`), and, for a vendor, changes to its systems
//! made on the command line. Nothing else: the four branches of every query below are the
//! whole rule, and each matches one index of migrations/20261128000001_history.sql.

use std::collections::HashMap;

use time::{Date, OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use super::parties::Organization;
use super::{Page, Store, StoreResult, like_pattern};
use crate::domain::ActorKind;
use crate::domain::systems::Localized;

/// What a person narrowed the history to; every part may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Part of a client's name or organization number ("" for every event).
    pub client: String,
    pub system_user: Option<Uuid>,
    /// First and last day to include, as dates in Norway (Europe/Oslo).
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// An organization an event names, with its number and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedOrganization {
    pub id: Uuid,
    pub org_number: String,
    pub name: String,
}

/// One audit event with the names it needs to be read.
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    pub id: i64,
    pub occurred_at: OffsetDateTime,
    /// The same moment on a clock in Norway, by the database's time zone rules.
    pub local_time: PrimitiveDateTime,
    /// The action's code (`domain::Action`), kept as stored: a newer version may write
    /// codes this one does not know.
    pub action: String,
    pub actor_kind: ActorKind,
    pub actor_person_id: Option<Uuid>,
    /// A person's or a vendor's name; for the others their name in bokmål.
    pub actor_name: Option<String>,
    /// The organization the actor acted for.
    pub on_behalf_of: Option<NamedOrganization>,
    pub system_user_id: Option<Uuid>,
    /// The system access's name now, or when it was deleted.
    pub system_user_name: Option<String>,
    /// The client, named as it was when the event happened where the event says so.
    pub client: Option<NamedOrganization>,
    pub firm: Option<NamedOrganization>,
    /// The name of the system in `details.system_id`, if it is still registered.
    pub system_name: Option<Localized>,
    pub details: serde_json::Value,
}

impl HistoryEvent {
    /// Where the next chunk of an export starts (just after this event).
    pub fn position(&self) -> (OffsetDateTime, i64) {
        (self.occurred_at, self.id)
    }
}

/// A system access the history can be filtered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemAccessChoice {
    pub id: Uuid,
    /// None when the trail has no name for a deleted one.
    pub name: Option<String>,
    /// Another organization's system access (one this organization is a client on).
    pub owner: Option<String>,
    /// Deleted: known only from the trail.
    pub deleted: bool,
}

/// Names sort without regard to case; an unnamed one last among its kind.
fn sort_name(name: &Option<String>) -> (bool, String) {
    (
        name.is_none(),
        name.as_deref().unwrap_or_default().to_lowercase(),
    )
}

/// Historikk counts events up to this many, and pages through the newest this many: a
/// count of all 250,000 events of a large firm, or a page 5,000 deep, would read them all
/// on every view. Older events are reached by narrowing the period, and the CSV export
/// has them all.
pub const HISTORY_COUNT_CAP: i64 = 10_000;

/// One page of the history.
#[derive(Debug, Clone)]
pub struct EventPage {
    /// `total` is at most `HISTORY_COUNT_CAP`.
    pub page: Page<HistoryEvent>,
    /// More events match than `HISTORY_COUNT_CAP`.
    pub more: bool,
}

/// Bounds that include everything; the queries always get a real range, so the date is
/// part of the index walk rather than a filter after it.
const EARLIEST: OffsetDateTime = time::macros::datetime!(1900-01-01 0:00 UTC);
const LATEST: OffsetDateTime = time::macros::datetime!(9999-01-01 0:00 UTC);

/// A filter resolved for one organization, in the shape the queries take (date bounds
/// already turned into moments). Cheap to clone, so an export can carry it along.
#[derive(Debug, Clone)]
pub struct HistoryScope {
    org_id: Uuid,
    org_number: String,
    client_pattern: Option<String>,
    number_pattern: Option<String>,
    system_user: Option<Uuid>,
    from: OffsetDateTime,
    until: OffsetDateTime,
}

impl Store {
    /// What `org` may see of its history, narrowed by `filter`.
    #[tracing::instrument(skip(self, org), fields(org = %org.org_number))]
    pub async fn history_scope(
        &self,
        org: &Organization,
        filter: &HistoryFilter,
    ) -> StoreResult<HistoryScope> {
        let client = filter.client.trim();
        let digits: String = client.chars().filter(|c| !c.is_whitespace()).collect();
        let (from, until) = if filter.from.is_none() && filter.to.is_none() {
            (None, None)
        } else {
            // Midnight in Norway, whatever the season: the database knows the rules.
            let bounds = sqlx::query!(
                r#"SELECT ($1::date)::timestamp AT TIME ZONE 'Europe/Oslo' AS "from?",
                          ($2::date + 1)::timestamp AT TIME ZONE 'Europe/Oslo' AS "until?""#,
                filter.from,
                filter.to
            )
            .fetch_one(&self.pool)
            .await?;
            (bounds.from, bounds.until)
        };
        Ok(HistoryScope {
            org_id: org.id,
            org_number: org.org_number.clone(),
            client_pattern: (!client.is_empty()).then(|| like_pattern(client)),
            number_pattern: (!client.is_empty()).then(|| like_pattern(&digits)),
            system_user: filter.system_user,
            from: from.unwrap_or(EARLIEST),
            until: until.unwrap_or(LATEST),
        })
    }

    /// One page of the history, newest first, among the newest `HISTORY_COUNT_CAP`.
    #[tracing::instrument(skip(self, p))]
    pub async fn history_page(
        &self,
        p: &HistoryScope,
        page: i64,
        per_page: i64,
    ) -> StoreResult<EventPage> {
        let counted = self.history_count(p, HISTORY_COUNT_CAP + 1).await?;
        let total = counted.min(HISTORY_COUNT_CAP);
        let page = page.clamp(1, ((total + per_page - 1) / per_page).max(1));
        let items = self
            .history_events(p, (LATEST, i64::MAX), per_page, (page - 1) * per_page)
            .await?;
        Ok(EventPage {
            page: Page {
                items,
                total,
                page,
                per_page,
            },
            more: counted > HISTORY_COUNT_CAP,
        })
    }

    /// Up to `limit` events older than `after` (or the newest, without it): an export
    /// walks the whole history this way without holding it all, or a connection, at once.
    #[tracing::instrument(skip(self, p))]
    pub async fn history_chunk(
        &self,
        p: &HistoryScope,
        after: Option<(OffsetDateTime, i64)>,
        limit: i64,
    ) -> StoreResult<Vec<HistoryEvent>> {
        self.history_events(p, after.unwrap_or((LATEST, i64::MAX)), limit, 0)
            .await
    }

    /// How many events match, counting no further than `up_to`.
    async fn history_count(&self, p: &HistoryScope, up_to: i64) -> StoreResult<i64> {
        // Without LIMITs in the branches the filter is written once: PostgreSQL pushes it
        // down into each of them. The outer LIMIT stops the count at `up_to`.
        let n = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM (SELECT 1 FROM (
                   SELECT a.occurred_at, a.system_user_id, a.client_id FROM audit_events a
                    WHERE a.on_behalf_of_id = $1
                   UNION ALL
                   SELECT a.occurred_at, a.system_user_id, a.client_id FROM audit_events a
                    WHERE a.firm_id = $1 AND a.on_behalf_of_id IS DISTINCT FROM a.firm_id
                   UNION ALL
                   SELECT a.occurred_at, a.system_user_id, a.client_id FROM audit_events a
                    WHERE a.client_id = $1 AND a.on_behalf_of_id IS DISTINCT FROM a.client_id
                      AND a.firm_id IS DISTINCT FROM a.client_id
                   UNION ALL
                   SELECT a.occurred_at, a.system_user_id, a.client_id FROM audit_events a
                    WHERE a.action IN ('system.registered', 'system.updated')
                      AND a.details->>'vendor_org_number' = $2
                      AND a.on_behalf_of_id IS DISTINCT FROM $1
               ) v
               WHERE v.occurred_at >= $6 AND v.occurred_at < $7
                 AND ($5::uuid IS NULL OR v.system_user_id = $5)
                 AND ($3::text IS NULL OR v.client_id IN
                      (SELECT o.id FROM organizations o
                        WHERE o.name ILIKE $3 OR o.org_number LIKE $4))
               LIMIT $8) capped"#,
            p.org_id,
            p.org_number,
            p.client_pattern,
            p.number_pattern,
            p.system_user,
            p.from,
            p.until,
            up_to
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// Events `offset..offset + limit` of those before `before`, newest first.
    async fn history_events(
        &self,
        p: &HistoryScope,
        before: (OffsetDateTime, i64),
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<HistoryEvent>> {
        // Each branch walks its own index newest first and stops after limit + offset
        // events; merging the four gives the page without sorting the whole history. The
        // filter is repeated in each branch because a LIMIT stops the planner pushing it.
        let rows = sqlx::query!(
            r#"WITH hits AS (
                   (SELECT a.id, a.occurred_at FROM audit_events a
                     WHERE a.on_behalf_of_id = $1
                       AND a.occurred_at >= $6 AND a.occurred_at < $7
                       AND (a.occurred_at, a.id) < ($8, $9)
                       AND ($5::uuid IS NULL OR a.system_user_id = $5)
                       AND ($3::text IS NULL OR a.client_id IN
                            (SELECT o.id FROM organizations o
                              WHERE o.name ILIKE $3 OR o.org_number LIKE $4))
                     ORDER BY a.occurred_at DESC, a.id DESC LIMIT $10)
                   UNION ALL
                   (SELECT a.id, a.occurred_at FROM audit_events a
                     WHERE a.firm_id = $1 AND a.on_behalf_of_id IS DISTINCT FROM a.firm_id
                       AND a.occurred_at >= $6 AND a.occurred_at < $7
                       AND (a.occurred_at, a.id) < ($8, $9)
                       AND ($5::uuid IS NULL OR a.system_user_id = $5)
                       AND ($3::text IS NULL OR a.client_id IN
                            (SELECT o.id FROM organizations o
                              WHERE o.name ILIKE $3 OR o.org_number LIKE $4))
                     ORDER BY a.occurred_at DESC, a.id DESC LIMIT $10)
                   UNION ALL
                   (SELECT a.id, a.occurred_at FROM audit_events a
                     WHERE a.client_id = $1 AND a.on_behalf_of_id IS DISTINCT FROM a.client_id
                       AND a.firm_id IS DISTINCT FROM a.client_id
                       AND a.occurred_at >= $6 AND a.occurred_at < $7
                       AND (a.occurred_at, a.id) < ($8, $9)
                       AND ($5::uuid IS NULL OR a.system_user_id = $5)
                       AND ($3::text IS NULL OR a.client_id IN
                            (SELECT o.id FROM organizations o
                              WHERE o.name ILIKE $3 OR o.org_number LIKE $4))
                     ORDER BY a.occurred_at DESC, a.id DESC LIMIT $10)
                   UNION ALL
                   (SELECT a.id, a.occurred_at FROM audit_events a
                     WHERE a.action IN ('system.registered', 'system.updated')
                       AND a.details->>'vendor_org_number' = $2
                       AND a.on_behalf_of_id IS DISTINCT FROM $1
                       AND a.occurred_at >= $6 AND a.occurred_at < $7
                       AND (a.occurred_at, a.id) < ($8, $9)
                       AND ($5::uuid IS NULL OR a.system_user_id = $5)
                       AND ($3::text IS NULL OR a.client_id IN
                            (SELECT o.id FROM organizations o
                              WHERE o.name ILIKE $3 OR o.org_number LIKE $4))
                     ORDER BY a.occurred_at DESC, a.id DESC LIMIT $10)
                   ORDER BY occurred_at DESC, id DESC
                   LIMIT $11 OFFSET $12)
               SELECT a.id, a.occurred_at,
                      a.occurred_at AT TIME ZONE 'Europe/Oslo' AS "local_time!",
                      a.action, a.actor_kind, a.actor_person_id, a.actor_name,
                      a.on_behalf_of_id, ob.org_number AS "on_behalf_of_number?",
                      ob.name AS "on_behalf_of_name?",
                      a.system_user_id, su.name AS "system_user_name?",
                      a.client_id, c.org_number AS "client_number?", c.name AS "client_name?",
                      a.firm_id, f.org_number AS "firm_number?", f.name AS "firm_name?",
                      s.name_nb AS "system_name_nb?", s.name_nn AS "system_name_nn?",
                      s.name_en AS "system_name_en?", a.details
                 FROM hits JOIN audit_events a ON a.id = hits.id
                 LEFT JOIN organizations ob ON ob.id = a.on_behalf_of_id
                 LEFT JOIN system_users su ON su.id = a.system_user_id
                 LEFT JOIN organizations c ON c.id = a.client_id
                 LEFT JOIN organizations f ON f.id = a.firm_id
                 LEFT JOIN systems s ON s.id = a.details->>'system_id'
                ORDER BY a.occurred_at DESC, a.id DESC"#,
            p.org_id,
            p.org_number,
            p.client_pattern,
            p.number_pattern,
            p.system_user,
            p.from,
            p.until,
            before.0,
            before.1,
            limit + offset,
            limit,
            offset
        )
        .fetch_all(&self.pool)
        .await?;

        let text = |d: &serde_json::Value, key: &str| {
            d.get(key).and_then(|v| v.as_str()).map(str::to_owned)
        };
        let mut events: Vec<HistoryEvent> = rows
            .into_iter()
            .map(|r| {
                let named = |id: Option<Uuid>, number: Option<String>, name: Option<String>| {
                    id.map(|id| NamedOrganization {
                        id,
                        org_number: number.unwrap_or_default(),
                        name: name.unwrap_or_default(),
                    })
                };
                // Names as the event recorded them; the register's current ones otherwise.
                let client = named(
                    r.client_id,
                    text(&r.details, "client_org_number").or(r.client_number),
                    text(&r.details, "client_name").or(r.client_name),
                );
                let firm = named(
                    r.firm_id,
                    text(&r.details, "firm_org_number").or(r.firm_number),
                    text(&r.details, "firm_name").or(r.firm_name),
                );
                HistoryEvent {
                    id: r.id,
                    occurred_at: r.occurred_at,
                    local_time: r.local_time,
                    action: r.action,
                    // audit_events_actor_kind_check allows only the codes ActorKind has.
                    actor_kind: ActorKind::from_code(&r.actor_kind).unwrap_or(ActorKind::Person),
                    actor_person_id: r.actor_person_id,
                    actor_name: r.actor_name,
                    on_behalf_of: named(
                        r.on_behalf_of_id,
                        r.on_behalf_of_number,
                        r.on_behalf_of_name,
                    ),
                    system_user_id: r.system_user_id,
                    system_user_name: r
                        .system_user_name
                        .or_else(|| text(&r.details, "system_user_name")),
                    client,
                    firm,
                    system_name: match (r.system_name_nb, r.system_name_nn, r.system_name_en) {
                        (Some(nb), Some(nn), Some(en)) => Some(Localized { nb, nn, en }),
                        _ => None,
                    },
                    details: r.details,
                }
            })
            .collect();

        // System accesses deleted since: their names from the event that deleted them.
        let unnamed: Vec<Uuid> = events
            .iter()
            .filter(|e| e.system_user_name.is_none())
            .filter_map(|e| e.system_user_id)
            .collect();
        if !unnamed.is_empty() {
            let names = deleted_names(&self.pool, &unnamed).await?;
            for e in &mut events {
                if e.system_user_name.is_none() {
                    e.system_user_name = e.system_user_id.and_then(|id| names.get(&id).cloned());
                }
            }
        }
        Ok(events)
    }

    /// The system accesses the organization's history can be filtered by: its own, those
    /// it has deleted, and other organizations' that it has been a client on.
    #[tracing::instrument(skip(self))]
    pub async fn history_system_accesses(
        &self,
        org_id: Uuid,
    ) -> StoreResult<Vec<SystemAccessChoice>> {
        let mut choices: Vec<SystemAccessChoice> = sqlx::query!(
            "SELECT id, name FROM system_users WHERE owner_id = $1",
            org_id
        )
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|r| SystemAccessChoice {
            id: r.id,
            name: Some(r.name),
            owner: None,
            deleted: false,
        })
        .collect();
        let deleted = sqlx::query!(
            r#"SELECT DISTINCT ON (system_user_id) system_user_id AS "id!",
                      details->>'name' AS "name?"
                 FROM audit_events
                WHERE action = 'system_user.deleted' AND on_behalf_of_id = $1
                  AND system_user_id IS NOT NULL
                ORDER BY system_user_id, id DESC"#,
            org_id
        )
        .fetch_all(&self.pool)
        .await?;
        choices.extend(deleted.into_iter().map(|r| SystemAccessChoice {
            id: r.id,
            name: r.name,
            owner: None,
            deleted: true,
        }));

        // Firms' system accesses the organization has been on as a client.
        let others = sqlx::query!(
            r#"SELECT e.system_user_id AS "id!", su.name AS "name?", o.name AS "owner?",
                      e.recorded_name
                 FROM (SELECT DISTINCT ON (a.system_user_id) a.system_user_id,
                              a.firm_id, a.details->>'system_user_name' AS recorded_name
                         FROM audit_events a
                        WHERE a.client_id = $1 AND a.on_behalf_of_id IS DISTINCT FROM a.client_id
                          AND a.firm_id IS DISTINCT FROM a.client_id
                          AND a.system_user_id IS NOT NULL
                        ORDER BY a.system_user_id, a.id DESC) e
                 LEFT JOIN system_users su ON su.id = e.system_user_id
                 LEFT JOIN organizations o ON o.id = e.firm_id"#,
            org_id
        )
        .fetch_all(&self.pool)
        .await?;
        let missing: Vec<Uuid> = others
            .iter()
            .filter(|r| r.name.is_none() && r.recorded_name.is_none())
            .map(|r| r.id)
            .collect();
        let names = if missing.is_empty() {
            HashMap::new()
        } else {
            deleted_names(&self.pool, &missing).await?
        };
        for r in others {
            if choices.iter().any(|c| c.id == r.id) {
                continue;
            }
            let deleted = r.name.is_none();
            let name = r
                .name
                .or(r.recorded_name)
                .or_else(|| names.get(&r.id).cloned());
            choices.push(SystemAccessChoice {
                id: r.id,
                name,
                owner: r.owner,
                deleted,
            });
        }
        choices.sort_by(|a, b| {
            (a.owner.is_some(), a.deleted, sort_name(&a.name), a.id).cmp(&(
                b.owner.is_some(),
                b.deleted,
                sort_name(&b.name),
                b.id,
            ))
        });
        Ok(choices)
    }

    /// Today's date in Norway, for naming an export.
    pub async fn today_in_norway(&self) -> StoreResult<Date> {
        let today =
            sqlx::query_scalar!(r#"SELECT (now() AT TIME ZONE 'Europe/Oslo')::date AS "today!""#)
                .fetch_one(&self.pool)
                .await?;
        Ok(today)
    }
}

/// The names deleted system accesses had, from the events that deleted them.
async fn deleted_names(pool: &sqlx::PgPool, ids: &[Uuid]) -> StoreResult<HashMap<Uuid, String>> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT ON (system_user_id) system_user_id AS "id!",
                  details->>'name' AS "name!"
             FROM audit_events
            WHERE action = 'system_user.deleted' AND system_user_id = ANY($1)
              AND details ? 'name'
            ORDER BY system_user_id, id DESC"#,
        ids
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}
