//! Register roles from Enhetsregisteret: synchronizing the REGN, REVI and FFØR roles that
//! firms hold for one organization with what the register says. Roles that vanished end
//! the client delegations that depended on them, in the same transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::auto_add::add_automatically;
use super::delegations::lock_firms;
use super::parties::Organization;
use super::relationships::{EndedDelegation, end_ineligible, organizations};
use super::{Store, StoreError, StoreResult};
use crate::domain::relationships::RegisterEntry;
use crate::domain::{Action, EndCause, OrgNumber, RegisterRole};
use crate::enhetsregisteret::OrganizationRoles;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the organization {} is not known to the portal", .0.formatted())]
    UnknownOrganization(OrgNumber),
    #[error(
        "{} holds the role {} according to the file, but is not known to the portal, and the file gives no name and organization form for it; nothing was changed",
        .firm.formatted(), .role.code()
    )]
    UnknownFirm { role: RegisterRole, firm: OrgNumber },
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(SyncError);

/// What a synchronization changed.
#[derive(Debug, Clone)]
pub struct SyncReport {
    pub client: Organization,
    /// Firms the portal had not seen, added from the register's data about them.
    pub new_organizations: Vec<Organization>,
    pub added: Vec<(RegisterRole, Organization)>,
    pub removed: Vec<(RegisterRole, Organization)>,
    pub ended: Vec<EndedDelegation>,
    /// Delegations made by agents that take new clients by themselves (`auto_add`).
    pub added_automatically: i64,
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }
}

async fn org_by_number(
    conn: &mut sqlx::PgConnection,
    n: &OrgNumber,
) -> StoreResult<Option<Organization>> {
    Ok(sqlx::query_as!(
        Organization,
        "SELECT id, org_number, name, org_form FROM organizations WHERE org_number = $1",
        n.as_str()
    )
    .fetch_optional(conn)
    .await?)
}

async fn current_roles(
    conn: &mut sqlx::PgConnection,
    client_id: Uuid,
) -> StoreResult<BTreeSet<(Uuid, RegisterRole)>> {
    let rows = sqlx::query!(
        "SELECT firm_id, role FROM register_roles WHERE client_id = $1",
        client_id
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| Ok((r.firm_id, RegisterRole::from_code(&r.role)?)))
        .collect()
}

impl Store {
    /// Makes the firms' register roles for `client` exactly `entries`: adds new ones,
    /// removes vanished ones (ending the delegations that needed them), all or nothing.
    #[tracing::instrument(skip(self, entries))]
    pub async fn sync_register_roles(
        &self,
        client: &OrgNumber,
        entries: &[RegisterEntry],
    ) -> Result<SyncReport, SyncError> {
        let mut tx = self.pool.begin().await?;
        let client = org_by_number(&mut tx, client)
            .await?
            .ok_or_else(|| SyncError::UnknownOrganization(client.clone()))?;
        // Never beside a bulk import (which takes this lock exclusively), and one import
        // per client at a time: the roles read below stay true until commit.
        sqlx::query!(
            "SELECT pg_advisory_xact_lock_shared(hashtextextended('register_roles:bulk', 0))"
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "SELECT pg_advisory_xact_lock(hashtextextended('register_roles:' || $1, 0))",
            client.org_number
        )
        .execute(&mut *tx)
        .await?;
        let mut desired: BTreeSet<(Uuid, RegisterRole)> = BTreeSet::new();
        let mut firms: Vec<Organization> = Vec::new();
        let mut new_organizations = Vec::new();
        for e in entries {
            let firm = match org_by_number(&mut tx, &e.firm).await? {
                Some(f) => f,
                None => {
                    let created = add_organization(&mut tx, e).await?.ok_or_else(|| {
                        SyncError::UnknownFirm {
                            role: e.role,
                            firm: e.firm.clone(),
                        }
                    })?;
                    audit::record(
                        &mut tx,
                        &Actor::register(),
                        AuditEvent {
                            action: Action::OrganizationAdded,
                            system_user_id: None,
                            client_id: None,
                            firm_id: Some(created.id),
                            details: json!({
                                "org_number": created.org_number,
                                "name": created.name,
                                "org_form": created.org_form,
                                "named_by": client.org_number,
                            }),
                        },
                    )
                    .await?;
                    new_organizations.push(created.clone());
                    created
                }
            };
            // The register does not name an organization as its own accountant; if a file
            // does, there is nothing for the portal to hold.
            if firm.id != client.id {
                desired.insert((firm.id, e.role));
                firms.push(firm);
            }
        }

        // Lock every firm concerned (the locking rule) before changing their roles.
        let before = current_roles(&mut tx, client.id).await?;
        let mut concerned: Vec<Uuid> = before.iter().map(|(f, _)| *f).collect();
        concerned.extend(desired.iter().map(|(f, _)| *f));
        lock_firms(&mut tx, &concerned).await?;
        let known: Vec<Uuid> = before
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| !firms.iter().any(|x| x.id == *f))
            .collect();
        firms.extend(organizations(&mut tx, &known).await?.into_values());
        let firm = |id: Uuid| {
            firms
                .iter()
                .find(|f| f.id == id)
                .cloned()
                .ok_or(StoreError::NotFound)
        };

        let actor = Actor::register();
        let mut report = SyncReport {
            client: client.clone(),
            new_organizations,
            added: Vec::new(),
            removed: Vec::new(),
            ended: Vec::new(),
            added_automatically: 0,
        };
        // Additions first, so a role that replaces another never ends a delegation needlessly.
        for (firm_id, role) in desired.difference(&before) {
            sqlx::query!(
                "INSERT INTO register_roles (firm_id, client_id, role) VALUES ($1, $2, $3)",
                firm_id,
                client.id,
                role.code()
            )
            .execute(&mut *tx)
            .await?;
            let f = firm(*firm_id)?;
            record_role_event(
                &mut tx,
                &actor,
                Action::RegisterRoleAdded,
                &client,
                &f,
                *role,
            )
            .await?;
            let cause = json!({ "cause": "register_role", "role": role.code() });
            report.added_automatically +=
                add_automatically(&mut tx, &[(*firm_id, client.id, cause)]).await?;
            report.added.push((*role, f));
        }
        // One role at a time, each followed by its cascade, so each ended delegation names
        // the role whose removal ended it (if a firm loses two roles that a delegation
        // needed, the first in code order is named; the delegation ends once either way).
        for (firm_id, role) in before.difference(&desired) {
            sqlx::query!(
                "DELETE FROM register_roles WHERE firm_id = $1 AND client_id = $2 AND role = $3",
                firm_id,
                client.id,
                role.code()
            )
            .execute(&mut *tx)
            .await?;
            let f = firm(*firm_id)?;
            record_role_event(
                &mut tx,
                &actor,
                Action::RegisterRoleRemoved,
                &client,
                &f,
                *role,
            )
            .await?;
            let cause = EndCause::RegisterRoleRemoved(*role);
            report
                .ended
                .extend(end_ineligible(&mut tx, &actor, *firm_id, &[client.id], &cause).await?);
            report.removed.push((*role, f));
        }
        tx.commit().await?;
        Ok(report)
    }
}

/// Adds a firm the register names but the portal has not seen, from the register's own
/// data about it; None if the file does not say enough (name and organization form).
async fn add_organization(
    conn: &mut sqlx::PgConnection,
    e: &RegisterEntry,
) -> StoreResult<Option<Organization>> {
    let Some((name, form)) = firm_data(e) else {
        return Ok(None);
    };
    let org = sqlx::query_as!(
        Organization,
        "INSERT INTO organizations (org_number, name, org_form) VALUES ($1, $2, $3)
         RETURNING id, org_number, name, org_form",
        e.firm.as_str(),
        name,
        form
    )
    .fetch_one(conn)
    .await?;
    Ok(Some(org))
}

/// The name and organization form the register gives for a firm, when they are enough to
/// add it to the portal.
fn firm_data(e: &RegisterEntry) -> Option<(&str, &str)> {
    let (Some(name), Some(form)) = (&e.firm_name, &e.firm_form) else {
        return None;
    };
    let valid_form = (2..=5).contains(&form.len()) && form.chars().all(|c| c.is_ascii_uppercase());
    let name = name.trim();
    (valid_form && !name.is_empty() && name.len() <= 200).then_some((name, form.as_str()))
}

async fn record_role_event(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: Action,
    client: &Organization,
    firm: &Organization,
    role: RegisterRole,
) -> StoreResult<()> {
    audit::record(
        conn,
        actor,
        AuditEvent {
            action,
            system_user_id: None,
            client_id: Some(client.id),
            firm_id: Some(firm.id),
            details: json!({
                "role": role.code(),
                "firm_name": firm.name,
                "firm_org_number": firm.org_number,
                "client_name": client.name,
                "client_org_number": client.org_number,
            }),
        },
    )
    .await
}

/// Organizations synchronized in one transaction by a bulk import.
pub const BULK_CHUNK: usize = 5_000;

/// What a bulk synchronization changed, counted (each change is in the audit trail).
#[derive(Debug, Clone, Default)]
pub struct BulkSyncReport {
    /// Organizations in the file.
    pub organizations: usize,
    /// Organizations in the file the portal does not know (left alone), the first few named.
    pub unknown: usize,
    pub unknown_named: Vec<OrgNumber>,
    /// Firms the portal had not seen, added from the register's data about them.
    pub new_organizations: usize,
    /// Roles held by a firm the portal does not know and the file does not describe
    /// (name and organization form): left out, the first few named (firm, client).
    pub skipped_roles: usize,
    pub skipped_named: Vec<(OrgNumber, OrgNumber)>,
    pub added: usize,
    pub removed: usize,
    pub ended: usize,
    pub added_automatically: i64,
}

const NAMED: usize = 10;

impl Store {
    /// Makes the register roles of every organization in `file` exactly what it says, set
    /// by set: [`BULK_CHUNK`] organizations per transaction, each all or nothing, with no
    /// single-organization import beside it. Organizations the file does not name are left
    /// alone. Each role added or removed, each delegation ended and each client added
    /// automatically writes its audit event, as a single import does.
    #[tracing::instrument(skip_all, fields(organizations = file.len()))]
    pub async fn sync_register_roles_bulk(
        &self,
        file: &[OrganizationRoles],
    ) -> Result<BulkSyncReport, SyncError> {
        let mut report = BulkSyncReport {
            organizations: file.len(),
            ..BulkSyncReport::default()
        };
        for chunk in file.chunks(BULK_CHUNK) {
            self.sync_chunk(chunk, &mut report).await?;
        }
        Ok(report)
    }

    async fn sync_chunk(
        &self,
        chunk: &[OrganizationRoles],
        report: &mut BulkSyncReport,
    ) -> Result<(), SyncError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended('register_roles:bulk', 0))")
            .execute(&mut *tx)
            .await?;
        let numbers: Vec<String> = chunk
            .iter()
            .map(|o| o.organization.as_str().to_owned())
            .collect();
        let clients: HashMap<String, Uuid> = ids_by_number(&mut tx, &numbers).await?;
        for o in chunk {
            if !clients.contains_key(o.organization.as_str()) {
                report.unknown += 1;
                if report.unknown_named.len() < NAMED {
                    report.unknown_named.push(o.organization.clone());
                }
            }
        }
        let known: Vec<&OrganizationRoles> = chunk
            .iter()
            .filter(|o| clients.contains_key(o.organization.as_str()))
            .collect();

        // Firms the register names and the portal has not seen, added when described.
        let mut new_firms: BTreeMap<&str, (&str, &str, &OrgNumber)> = BTreeMap::new();
        for o in &known {
            for e in &o.entries {
                if let Some((name, form)) = firm_data(e) {
                    new_firms
                        .entry(e.firm.as_str())
                        .or_insert((name, form, &o.organization));
                }
            }
        }
        let candidates: Vec<String> = new_firms.keys().map(|n| (*n).to_owned()).collect();
        let names: Vec<String> = new_firms.values().map(|v| v.0.to_owned()).collect();
        let forms: Vec<String> = new_firms.values().map(|v| v.1.to_owned()).collect();
        let created = sqlx::query_as!(
            Organization,
            "INSERT INTO organizations (org_number, name, org_form)
             SELECT n, name, form FROM unnest($1::text[], $2::text[], $3::text[]) AS w(n, name, form)
              WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.org_number = w.n)
             ON CONFLICT (org_number) DO NOTHING
             RETURNING id, org_number, name, org_form",
            &candidates,
            &names,
            &forms
        )
        .fetch_all(&mut *tx)
        .await?;
        for org in &created {
            let named_by = new_firms
                .get(org.org_number.as_str())
                .map(|v| v.2.as_str())
                .unwrap_or_default();
            audit::record(
                &mut tx,
                &Actor::register(),
                AuditEvent {
                    action: Action::OrganizationAdded,
                    system_user_id: None,
                    client_id: None,
                    firm_id: Some(org.id),
                    details: json!({
                        "org_number": org.org_number,
                        "name": org.name,
                        "org_form": org.org_form,
                        "named_by": named_by,
                    }),
                },
            )
            .await?;
        }
        report.new_organizations += created.len();

        // What the file wants, against what the portal holds, for these clients.
        let firm_numbers: Vec<String> = known
            .iter()
            .flat_map(|o| o.entries.iter().map(|e| e.firm.as_str().to_owned()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let firms = ids_by_number(&mut tx, &firm_numbers).await?;
        let mut desired: BTreeSet<(RegisterRole, Uuid, Uuid)> = BTreeSet::new();
        for o in &known {
            let client = clients[o.organization.as_str()];
            for e in &o.entries {
                match firms.get(e.firm.as_str()) {
                    Some(&firm) if firm != client => {
                        desired.insert((e.role, firm, client));
                    }
                    Some(_) => {}
                    None => {
                        report.skipped_roles += 1;
                        if report.skipped_named.len() < NAMED {
                            report
                                .skipped_named
                                .push((e.firm.clone(), o.organization.clone()));
                        }
                    }
                }
            }
        }
        let client_ids: Vec<Uuid> = known
            .iter()
            .map(|o| clients[o.organization.as_str()])
            .collect();
        let current: BTreeSet<(RegisterRole, Uuid, Uuid)> = sqlx::query!(
            "SELECT firm_id, client_id, role FROM register_roles WHERE client_id = ANY($1)",
            &client_ids
        )
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| Ok((RegisterRole::from_code(&r.role)?, r.firm_id, r.client_id)))
        .collect::<StoreResult<_>>()?;
        let added: Vec<&(RegisterRole, Uuid, Uuid)> = desired.difference(&current).collect();
        let removed: Vec<&(RegisterRole, Uuid, Uuid)> = current.difference(&desired).collect();
        if added.is_empty() && removed.is_empty() {
            tx.commit().await?;
            return Ok(());
        }
        let concerned: Vec<Uuid> = added.iter().chain(&removed).map(|r| r.1).collect();
        lock_firms(&mut tx, &concerned).await?;

        let actor = Actor::register();
        write_roles(&mut tx, &actor, Action::RegisterRoleAdded, &added).await?;
        report.added += added.len();
        // Role by role in code order, each followed by its cascade, as a single import
        // does: each ended delegation names the role whose removal ended it.
        for role in RegisterRole::ALL {
            let gone: Vec<&(RegisterRole, Uuid, Uuid)> =
                removed.iter().copied().filter(|r| r.0 == role).collect();
            if gone.is_empty() {
                continue;
            }
            write_roles(&mut tx, &actor, Action::RegisterRoleRemoved, &gone).await?;
            report.removed += gone.len();
            let mut by_firm: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
            for (_, firm, client) in &gone {
                by_firm.entry(*firm).or_default().push(*client);
            }
            let cause = EndCause::RegisterRoleRemoved(role);
            for (firm, clients) in by_firm {
                report.ended += end_ineligible(&mut tx, &actor, firm, &clients, &cause)
                    .await?
                    .len();
            }
        }
        // Last, so a client the same file made eligible and then not is never added.
        let changes: Vec<(Uuid, Uuid, serde_json::Value)> = added
            .iter()
            .map(|(role, firm, client)| {
                let cause = json!({ "cause": "register_role", "role": role.code() });
                (*firm, *client, cause)
            })
            .collect();
        report.added_automatically += add_automatically(&mut tx, &changes).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn ids_by_number(
    conn: &mut sqlx::PgConnection,
    numbers: &[String],
) -> StoreResult<HashMap<String, Uuid>> {
    let rows = sqlx::query!(
        "SELECT id, org_number FROM organizations WHERE org_number = ANY($1)",
        numbers
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.org_number, r.id)).collect())
}

/// Adds (`RegisterRoleAdded`) or removes (`RegisterRoleRemoved`) register roles, each
/// with its audit event, in one statement.
async fn write_roles(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: Action,
    roles: &[&(RegisterRole, Uuid, Uuid)],
) -> StoreResult<()> {
    let codes: Vec<&str> = roles.iter().map(|r| r.0.code()).collect();
    let firms: Vec<Uuid> = roles.iter().map(|r| r.1).collect();
    let clients: Vec<Uuid> = roles.iter().map(|r| r.2).collect();
    let written = sqlx::query_scalar!(
        r#"WITH wanted AS (
               SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS w(firm_id, client_id, role)
           ), inserted AS (
               INSERT INTO register_roles (firm_id, client_id, role)
               SELECT firm_id, client_id, role FROM wanted WHERE $6
               RETURNING firm_id, client_id, role
           ), deleted AS (
               DELETE FROM register_roles r USING wanted w
                WHERE NOT $6 AND r.firm_id = w.firm_id AND r.client_id = w.client_id
                  AND r.role = w.role
               RETURNING r.firm_id, r.client_id, r.role
           ), changed AS (
               SELECT * FROM inserted UNION ALL SELECT * FROM deleted
           ), audited AS (
               INSERT INTO audit_events
                   (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                    system_user_id, client_id, firm_id, details)
               SELECT $4, NULL, $5, NULL, $7, NULL, c.client_id, c.firm_id,
                      jsonb_build_object('role', c.role,
                                         'firm_name', f.name,
                                         'firm_org_number', f.org_number,
                                         'client_name', o.name,
                                         'client_org_number', o.org_number)
                 FROM changed c
                 JOIN organizations f ON f.id = c.firm_id
                 JOIN organizations o ON o.id = c.client_id
               RETURNING 1
           )
           SELECT count(*) AS "count!" FROM audited"#,
        &firms,
        &clients,
        &codes as &[&str],
        actor.kind.code(),
        actor.person_name,
        action == Action::RegisterRoleAdded,
        action.code()
    )
    .fetch_one(conn)
    .await?;
    if written != roles.len() as i64 {
        return Err(StoreError::Corrupt(format!(
            "{} register roles to change, {written} changed",
            roles.len()
        )));
    }
    Ok(())
}
