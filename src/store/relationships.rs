//! Client relationships (*klientforhold*): what a firm holds from each client through
//! register roles and fullmakter, and the cascade that ends client delegations when a
//! relationship shrinks. The store reads the facts; the domain decides.

use std::collections::HashMap;

use serde_json::json;
use sqlx::{PgConnection, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor};
use super::client_list::push_search;
use super::parties::Organization;
use super::{Page, Store, StoreError, StoreResult};
use crate::domain::packages::packages_from_urns;
use crate::domain::relationships::{Delegation, delegations_to_end};
use crate::domain::{AccessPackage, Action, EndCause, PackageSet, RegisterRole, Relationship};

/// Everything the firm has from one client.
#[derive(Debug, Clone)]
pub struct ClientFacts {
    pub client: Organization,
    pub relationship: Relationship,
}

impl ClientFacts {
    pub fn held(&self) -> PackageSet {
        self.relationship.held()
    }
}

struct FactsRow {
    id: Uuid,
    org_number: String,
    name: String,
    org_form: String,
    register_roles: Vec<String>,
    delegated: Vec<String>,
    has_fullmakt: bool,
}

impl TryFrom<FactsRow> for ClientFacts {
    type Error = StoreError;

    fn try_from(r: FactsRow) -> StoreResult<Self> {
        let register_roles = r
            .register_roles
            .iter()
            .map(|c| RegisterRole::from_code(c))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ClientFacts {
            relationship: Relationship {
                client_form: r.org_form.clone(),
                register_roles,
                has_fullmakt: r.has_fullmakt,
                delegated: packages_from_urns(&r.delegated)?,
            },
            client: Organization {
                id: r.id,
                org_number: r.org_number,
                name: r.name,
                org_form: r.org_form,
            },
        })
    }
}

/// Of `ids`, the clients the firm has a relationship with, and what it holds from each,
/// ordered by name.
pub(crate) async fn client_facts(
    conn: &mut PgConnection,
    firm_id: Uuid,
    ids: &[Uuid],
) -> StoreResult<Vec<ClientFacts>> {
    let rows = sqlx::query_as!(
        FactsRow,
        r#"WITH rel AS (
               SELECT client_id FROM client_packages WHERE firm_id = $1 AND client_id = ANY($2)
           )
           SELECT o.id, o.org_number, o.name, o.org_form,
                  COALESCE((SELECT array_agg(rr.role ORDER BY rr.role)
                              FROM register_roles rr
                             WHERE rr.firm_id = $1 AND rr.client_id = o.id), '{}') AS "register_roles!",
                  COALESCE((SELECT array_agg(fp.package_urn ORDER BY fp.package_urn)
                              FROM fullmakter f JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
                             WHERE f.firm_id = $1 AND f.client_id = o.id), '{}') AS "delegated!",
                  EXISTS (SELECT 1 FROM fullmakter f
                           WHERE f.firm_id = $1 AND f.client_id = o.id) AS "has_fullmakt!"
             FROM rel JOIN organizations o ON o.id = rel.client_id
            ORDER BY o.name COLLATE norwegian, o.org_number"#,
        firm_id,
        ids
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(ClientFacts::try_from).collect()
}

/// Every client of the firm, read from the relationships themselves (not from the
/// derived `client_packages`): the reference the tests check the database's answers
/// against. Reads the whole list, so never on a request path.
pub(crate) async fn all_client_facts(
    conn: &mut PgConnection,
    firm_id: Uuid,
) -> StoreResult<Vec<ClientFacts>> {
    let rows = sqlx::query_as!(
        FactsRow,
        r#"WITH rel AS (
               SELECT client_id FROM register_roles WHERE firm_id = $1
               UNION
               SELECT client_id FROM fullmakter WHERE firm_id = $1
           )
           SELECT o.id, o.org_number, o.name, o.org_form,
                  COALESCE((SELECT array_agg(rr.role ORDER BY rr.role)
                              FROM register_roles rr
                             WHERE rr.firm_id = $1 AND rr.client_id = o.id), '{}') AS "register_roles!",
                  COALESCE((SELECT array_agg(fp.package_urn ORDER BY fp.package_urn)
                              FROM fullmakter f JOIN fullmakt_packages fp ON fp.fullmakt_id = f.id
                             WHERE f.firm_id = $1 AND f.client_id = o.id), '{}') AS "delegated!",
                  EXISTS (SELECT 1 FROM fullmakter f
                           WHERE f.firm_id = $1 AND f.client_id = o.id) AS "has_fullmakt!"
             FROM rel JOIN organizations o ON o.id = rel.client_id
            ORDER BY o.name COLLATE norwegian, o.org_number"#,
        firm_id
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(ClientFacts::try_from).collect()
}

/// A client delegation of the firm, with what its system user requires.
struct DelegationRow {
    system_user_id: Uuid,
    system_user_name: String,
    client_id: Uuid,
    required: PackageSet,
}

async fn delegations_of(
    conn: &mut PgConnection,
    firm_id: Uuid,
    clients: &[Uuid],
) -> StoreResult<Vec<DelegationRow>> {
    let rows = sqlx::query!(
        r#"SELECT d.system_user_id, su.name AS system_user_name, d.client_id,
                  COALESCE((SELECT array_agg(p.package_urn) FROM system_user_packages p
                             WHERE p.system_user_id = su.id), '{}') AS "required!"
             FROM client_delegations d JOIN system_users su ON su.id = d.system_user_id
            WHERE d.firm_id = $1 AND d.client_id = ANY($2)
            ORDER BY su.name COLLATE norwegian"#,
        firm_id,
        clients
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DelegationRow {
                system_user_id: r.system_user_id,
                system_user_name: r.system_user_name,
                client_id: r.client_id,
                required: packages_from_urns(&r.required)?,
            })
        })
        .collect()
}

/// A client delegation that ended (or would end) because a relationship shrank.
#[derive(Debug, Clone)]
pub struct EndedDelegation {
    pub system_user_id: Uuid,
    pub system_user_name: String,
    pub client: Organization,
    pub missing: Vec<AccessPackage>,
}

/// Which of the firm's delegations for `clients` fail the eligibility rule once each
/// client's relationship is `adjust`ed (identity for "as stored now").
async fn failing_delegations(
    conn: &mut PgConnection,
    firm_id: Uuid,
    clients: &[Uuid],
    adjust: impl Fn(&Relationship) -> Relationship,
) -> StoreResult<Vec<EndedDelegation>> {
    let rows = delegations_of(conn, firm_id, clients).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let facts = client_facts(conn, firm_id, clients).await?;
    let held: HashMap<Uuid, PackageSet> = facts
        .iter()
        .map(|f| (f.client.id, adjust(&f.relationship).held()))
        .collect();
    let delegations: Vec<Delegation<'_>> = rows
        .iter()
        .map(|r| Delegation {
            system_user_id: r.system_user_id,
            client_id: r.client_id,
            required: &r.required,
        })
        .collect();
    let ending = delegations_to_end(&delegations, &held);
    if ending.is_empty() {
        return Ok(Vec::new());
    }
    // A client whose relationship is gone entirely is not among the facts: read its name.
    let orgs = organizations(conn, clients).await?;
    let names: HashMap<Uuid, &String> = rows
        .iter()
        .map(|r| (r.system_user_id, &r.system_user_name))
        .collect();
    ending
        .into_iter()
        .map(|e| {
            Ok(EndedDelegation {
                system_user_id: e.system_user_id,
                system_user_name: names
                    .get(&e.system_user_id)
                    .map(|n| (*n).clone())
                    .unwrap_or_default(),
                client: orgs
                    .get(&e.client_id)
                    .cloned()
                    .ok_or_else(|| StoreError::Corrupt("a delegated client is missing".into()))?,
                missing: e.missing,
            })
        })
        .collect()
}

pub(crate) async fn organizations(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> StoreResult<HashMap<Uuid, Organization>> {
    let orgs = sqlx::query_as!(
        Organization,
        "SELECT id, org_number, name, org_form FROM organizations WHERE id = ANY($1)",
        ids
    )
    .fetch_all(conn)
    .await?;
    Ok(orgs.into_iter().map(|o| (o.id, o)).collect())
}

/// THE cascade: after a relationship between `firm_id` and `clients` has shrunk (inside the
/// caller's transaction, which holds `lock_firm`), ends every client delegation that no
/// longer satisfies the eligibility rule, with one audit event each naming the cause.
pub(crate) async fn end_ineligible(
    conn: &mut PgConnection,
    actor: &Actor,
    firm_id: Uuid,
    clients: &[Uuid],
    cause: &EndCause,
) -> StoreResult<Vec<EndedDelegation>> {
    let ended = failing_delegations(conn, firm_id, clients, Relationship::clone).await?;
    if ended.is_empty() {
        return Ok(ended);
    }
    let su_ids: Vec<Uuid> = ended.iter().map(|e| e.system_user_id).collect();
    let client_ids: Vec<Uuid> = ended.iter().map(|e| e.client.id).collect();
    sqlx::query!(
        "DELETE FROM client_delegations d
          USING unnest($1::uuid[], $2::uuid[]) AS e(su, client)
          WHERE d.system_user_id = e.su AND d.client_id = e.client",
        &su_ids,
        &client_ids
    )
    .execute(&mut *conn)
    .await?;
    let (cause_code, subject) = cause.code();
    let events: Vec<(Uuid, Uuid, serde_json::Value)> = ended
        .iter()
        .map(|e| {
            (
                e.system_user_id,
                e.client.id,
                json!({
                    "cause": cause_code,
                    "subject": subject,
                    "missing": e.missing.iter().map(|p| p.urn()).collect::<Vec<_>>(),
                    "system_user_name": e.system_user_name,
                    "client_org_number": e.client.org_number,
                    "client_name": e.client.name,
                }),
            )
        })
        .collect();
    audit::record_many(conn, actor, Action::ClientDelegationEnded, firm_id, &events).await?;
    tracing::info!(
        ended = ended.len(),
        cause = cause_code,
        "client delegations ended"
    );
    Ok(ended)
}

/// A client delegation that ended by itself, as the firm's system access page shows it.
#[derive(Debug, Clone)]
pub struct EndedEvent {
    pub client_name: String,
    pub client_org_number: String,
    pub ended_at: OffsetDateTime,
    pub cause: EndCause,
}

impl EndedEvent {
    pub fn client_org_number_formatted(&self) -> String {
        crate::domain::OrgNumber::parse(&self.client_org_number)
            .map(|n| n.formatted())
            .unwrap_or_else(|_| self.client_org_number.clone())
    }
}

/// One row of the firm's *Klienter* list.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub facts: ClientFacts,
    /// The firm's system accesses the client is on: (id, name).
    pub system_users: Vec<(Uuid, String)>,
}

impl Store {
    /// What the firm holds from one client; None if there is no relationship.
    #[tracing::instrument(skip(self))]
    pub async fn client_relationship(
        &self,
        firm_id: Uuid,
        client_id: Uuid,
    ) -> StoreResult<Option<ClientFacts>> {
        let mut conn = self.pool.acquire().await?;
        Ok(client_facts(&mut conn, firm_id, &[client_id]).await?.pop())
    }

    /// The firm's clients, searched by name or number, one page at a time, each with the
    /// system accesses it is on.
    #[tracing::instrument(skip(self))]
    pub async fn client_page(
        &self,
        firm_id: Uuid,
        search: &str,
        page: i64,
        per_page: i64,
    ) -> StoreResult<Page<ClientRow>> {
        let mut conn = self.pool.acquire().await?;
        let searching = !search.trim().is_empty();
        let total: i64 = if searching {
            let mut qb =
                QueryBuilder::new("SELECT count(*) FROM client_packages cp WHERE cp.firm_id = ");
            qb.push_bind(firm_id);
            push_search(&mut qb, search);
            qb.build_query_scalar()
                .persistent(false)
                .fetch_one(&mut *conn)
                .await?
        } else {
            sqlx::query_scalar!(
                r#"SELECT COALESCE(sum(clients), 0)::int8 AS "n!"
                     FROM client_package_counts WHERE firm_id = $1"#,
                firm_id
            )
            .fetch_one(&mut *conn)
            .await?
        };
        let page = page.clamp(1, ((total + per_page - 1) / per_page).max(1));
        let mut qb =
            QueryBuilder::new("SELECT cp.client_id FROM client_packages cp WHERE cp.firm_id = ");
        qb.push_bind(firm_id);
        push_search(&mut qb, search);
        qb.push(" ORDER BY cp.name, cp.org_number LIMIT ")
            .push_bind(per_page)
            .push(" OFFSET ")
            .push_bind((page - 1) * per_page);
        let ids: Vec<Uuid> = qb
            .build_query_scalar()
            .persistent(!searching)
            .fetch_all(&mut *conn)
            .await?;
        let facts = client_facts(&mut conn, firm_id, &ids).await?;
        let on = sqlx::query!(
            "SELECT d.client_id, su.id, su.name
               FROM client_delegations d JOIN system_users su ON su.id = d.system_user_id
              WHERE d.firm_id = $1 AND d.client_id = ANY($2)
              ORDER BY su.name COLLATE norwegian",
            firm_id,
            &ids
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut by_client: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
        for r in on {
            by_client
                .entry(r.client_id)
                .or_default()
                .push((r.id, r.name));
        }
        Ok(Page {
            items: facts
                .into_iter()
                .map(|f| ClientRow {
                    system_users: by_client.remove(&f.client.id).unwrap_or_default(),
                    facts: f,
                })
                .collect(),
            total,
            page,
            per_page,
        })
    }

    /// The firm's system accesses that would lose `client_id` if `change` happened now:
    /// the preview shown before a withdrawal, decided by the same rule as the cascade.
    #[tracing::instrument(skip(self))]
    pub async fn delegations_lost_by(
        &self,
        firm_id: Uuid,
        client_id: Uuid,
        change: EndCause,
    ) -> StoreResult<Vec<EndedDelegation>> {
        let mut conn = self.pool.acquire().await?;
        failing_delegations(&mut conn, firm_id, &[client_id], |r| r.after(&change)).await
    }

    /// Clients that left a system user by themselves (a cascade) in the last `days` days
    /// and are not back on it: how many, and the newest `limit` of them.
    #[tracing::instrument(skip(self))]
    pub async fn recently_ended(
        &self,
        system_user_id: Uuid,
        days: i32,
        limit: i64,
    ) -> StoreResult<(i64, Vec<EndedEvent>)> {
        // Per client only the latest removal, and not clients that are back on it; the
        // count of them all comes with the newest, in one statement.
        let rows = sqlx::query!(
            r#"SELECT occurred_at AS "occurred_at!", client_name AS "client_name!",
                      client_org_number AS "client_org_number!", cause AS "cause!", subject,
                      count(*) OVER () AS "total!"
                 FROM (SELECT DISTINCT ON (a.client_id) a.occurred_at, a.id,
                              a.details->>'client_name' AS client_name,
                              a.details->>'client_org_number' AS client_org_number,
                              a.details->>'cause' AS cause,
                              a.details->>'subject' AS subject
                         FROM audit_events a
                        WHERE a.system_user_id = $1 AND a.action = 'client_delegation.ended'
                          AND a.occurred_at > now() - make_interval(days => $2)
                          AND NOT EXISTS (SELECT 1 FROM client_delegations d
                                           WHERE d.system_user_id = a.system_user_id
                                             AND d.client_id = a.client_id)
                        ORDER BY a.client_id, a.occurred_at DESC, a.id DESC) latest
                ORDER BY occurred_at DESC, id DESC
                LIMIT $3"#,
            system_user_id,
            days,
            limit
        )
        .fetch_all(&self.pool)
        .await?;
        let total = rows.first().map_or(0, |r| r.total);
        let events = rows
            .into_iter()
            .map(|r| {
                Ok(EndedEvent {
                    cause: EndCause::from_code(&r.cause, r.subject.as_deref())?,
                    client_name: r.client_name,
                    client_org_number: r.client_org_number,
                    ended_at: r.occurred_at,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((total, events))
    }
}
