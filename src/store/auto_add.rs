//! Agent system users that take new clients by themselves (`system_users.auto_add`).
//! Whatever makes a client eligible — a fullmakt or a package given, an accepted request
//! for fullmakt, a register role added — calls [`add_automatically`] in its own
//! transaction, under the firm's lock, after the change: one statement puts every such
//! client on every such agent of the firms concerned, with one audit event each naming the
//! cause, by the portal itself. The rows never leave the database.

use serde_json::{Value, json};
use uuid::Uuid;

use super::StoreResult;
use super::audit::{self, Actor, AuditEvent};
use super::client_list::agent_scope;
use super::delegations::{AddError, add_all_except, lock_firm};
use crate::domain::Action;

/// For each (firm, client, cause), puts the client on each agent system user of the firm
/// that takes new clients by itself and needs no more than the firm now holds from the
/// client. The cause goes into the audit event's details (`{"cause": "fullmakt"}`).
/// Returns how many were added.
pub(crate) async fn add_automatically(
    conn: &mut sqlx::PgConnection,
    changes: &[(Uuid, Uuid, Value)],
) -> StoreResult<i64> {
    let actor = Actor::automatic();
    let firms: Vec<Uuid> = changes.iter().map(|(f, _, _)| *f).collect();
    let clients: Vec<Uuid> = changes.iter().map(|(_, c, _)| *c).collect();
    let causes: Vec<Value> = changes.iter().map(|(_, _, v)| v.clone()).collect();
    let r = sqlx::query!(
        r#"WITH changed AS (
               SELECT DISTINCT ON (firm_id, client_id) firm_id, client_id, cause
                 FROM unnest($1::uuid[], $2::uuid[], $6::jsonb[]) AS c(firm_id, client_id, cause)
           ), agents AS (
               SELECT su.id, su.owner_id,
                      (SELECT COALESCE(bit_or(1 << ap.bit), 0)
                         FROM system_user_packages sp
                         JOIN access_packages ap ON ap.urn = sp.package_urn
                        WHERE sp.system_user_id = su.id) AS mask
                 FROM system_users su
                WHERE su.owner_id IN (SELECT firm_id FROM changed)
                  AND su.auto_add AND su.kind = 'agent'
           ), added AS (
               INSERT INTO client_delegations (system_user_id, firm_id, client_id, automatic)
               SELECT a.id, a.owner_id, cp.client_id, true
                 FROM changed c
                 JOIN agents a ON a.owner_id = c.firm_id
                 JOIN client_packages cp ON cp.firm_id = c.firm_id AND cp.client_id = c.client_id
                WHERE a.mask <> 0 AND cp.packages & a.mask = a.mask
               ON CONFLICT DO NOTHING
               RETURNING system_user_id, firm_id, client_id
           ), audited AS (
               INSERT INTO audit_events
                   (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                    system_user_id, client_id, firm_id, details)
               SELECT $3, NULL, $4, NULL, $5, d.system_user_id, d.client_id, d.firm_id,
                      jsonb_build_object('client_org_number', o.org_number,
                                         'client_name', o.name,
                                         'automatic', true) || c.cause
                 FROM added d
                 JOIN organizations o ON o.id = d.client_id
                 JOIN changed c ON c.firm_id = d.firm_id AND c.client_id = d.client_id
               RETURNING 1
           )
           SELECT (SELECT count(*) FROM added) AS "added!",
                  (SELECT count(*) FROM audited) AS "audited!""#,
        &firms,
        &clients,
        actor.kind.code(),
        actor.person_name,
        Action::ClientDelegationAdded.code(),
        &causes
    )
    .fetch_one(conn)
    .await?;
    if r.added != r.audited {
        return Err(super::StoreError::Corrupt(format!(
            "{} clients added automatically, {} audit events",
            r.added, r.audited
        )));
    }
    Ok(r.added)
}

/// After the agent system user `system_user_id` came to need other packages than `before`
/// (URNs), puts on it, if it takes new clients by itself, every client of its firm that
/// qualifies now and did not before — as if the client had just become eligible — with one
/// audit event each naming `cause`, in one statement whatever the number of clients.
/// Clients that qualified before and are not on it were left off by a person: they stay
/// off. Returns how many were added.
pub(crate) async fn add_automatically_to(
    conn: &mut sqlx::PgConnection,
    system_user_id: Uuid,
    before: &[String],
    cause: Value,
) -> StoreResult<i64> {
    let actor = Actor::automatic();
    let r = sqlx::query!(
        r#"WITH agent AS (
               SELECT su.id, su.owner_id,
                      (SELECT COALESCE(bit_or(1 << ap.bit), 0)
                         FROM system_user_packages sp
                         JOIN access_packages ap ON ap.urn = sp.package_urn
                        WHERE sp.system_user_id = su.id) AS mask
                 FROM system_users su
                WHERE su.id = $1 AND su.auto_add AND su.kind = 'agent'
           ), was AS (
               SELECT COALESCE(bit_or(1 << ap.bit), 0) AS mask
                 FROM access_packages ap WHERE ap.urn = ANY($6::text[])
           ), added AS (
               INSERT INTO client_delegations (system_user_id, firm_id, client_id, automatic)
               SELECT a.id, a.owner_id, cp.client_id, true
                 FROM agent a
                 CROSS JOIN was
                 JOIN client_packages cp ON cp.firm_id = a.owner_id
                WHERE a.mask <> 0 AND cp.packages & a.mask = a.mask
                  AND (was.mask = 0 OR cp.packages & was.mask <> was.mask)
                  AND cp.client_id <> a.owner_id
               ON CONFLICT DO NOTHING
               RETURNING system_user_id, firm_id, client_id
           ), audited AS (
               INSERT INTO audit_events
                   (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                    system_user_id, client_id, firm_id, details)
               SELECT $2, NULL, $3, NULL, $4, d.system_user_id, d.client_id, d.firm_id,
                      jsonb_build_object('client_org_number', o.org_number,
                                         'client_name', o.name,
                                         'automatic', true) || $5::jsonb
                 FROM added d
                 JOIN organizations o ON o.id = d.client_id
               RETURNING 1
           )
           SELECT (SELECT count(*) FROM added) AS "added!",
                  (SELECT count(*) FROM audited) AS "audited!""#,
        system_user_id,
        actor.kind.code(),
        actor.person_name,
        Action::ClientDelegationAdded.code(),
        cause,
        before
    )
    .fetch_one(conn)
    .await?;
    if r.added != r.audited {
        return Err(super::StoreError::Corrupt(format!(
            "{} clients added automatically, {} audit events",
            r.added, r.audited
        )));
    }
    Ok(r.added)
}

/// What turning automatic adding on or off did.
#[derive(Debug, Clone, Copy, Default)]
pub struct AutoAddChange {
    /// False when the setting was already as asked (nothing written).
    pub changed: bool,
    /// Clients added at once, when asked to add the available ones too.
    pub added_now: usize,
}

impl super::Store {
    /// How many of the firm's clients could be put on the agent now (not on it yet, and
    /// holding every package it needs); from the firm's counts, not by reading clients.
    #[tracing::instrument(skip(self))]
    pub async fn available_now(&self, firm_id: Uuid, system_user_id: Uuid) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        let scope = agent_scope(&mut conn, firm_id, system_user_id)
            .await?
            .ok_or(super::StoreError::NotFound)?;
        Ok(scope.candidates())
    }

    /// Turns automatic adding on or off for an agent the firm owns (one audit event when
    /// it changes), and when turning it on with `add_now`, adds every client available now
    /// as the person's own change (one event per client), in the same transaction.
    #[tracing::instrument(skip(self, actor))]
    pub async fn set_auto_add(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        system_user_id: Uuid,
        on: bool,
        add_now: bool,
    ) -> Result<AutoAddChange, AddError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let scope = agent_scope(&mut tx, firm_id, system_user_id)
            .await?
            .ok_or(AddError::NotFound)?;
        let changed = sqlx::query_scalar!(
            "UPDATE system_users SET auto_add = $3
              WHERE id = $1 AND owner_id = $2 AND kind = 'agent' AND auto_add <> $3
             RETURNING id",
            system_user_id,
            firm_id,
            on
        )
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if changed {
            audit::record(
                &mut tx,
                actor,
                AuditEvent {
                    action: Action::SystemUserAutoAddChanged,
                    system_user_id: Some(system_user_id),
                    client_id: None,
                    firm_id: None,
                    details: json!({ "auto_add": on }),
                },
            )
            .await?;
        }
        let added_now = if on && add_now && scope.candidates() > 0 {
            add_all_except(&mut tx, actor, &scope, &[]).await?.added
        } else {
            0
        };
        tx.commit().await?;
        Ok(AutoAddChange { changed, added_now })
    }
}
