//! Register roles from Enhetsregisteret: synchronizing the REGN, REVI and FFØR roles that
//! firms hold for one organization with what the register says. Roles that vanished end
//! the client delegations that depended on them, in the same transaction.

use std::collections::BTreeSet;

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
        // One import per client at a time: the roles read below stay true until commit.
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
            report.added_automatically += add_automatically(
                &mut tx,
                &[*firm_id],
                &[client.id],
                &json!({ "cause": "register_role", "role": role.code() }),
            )
            .await?;
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
    let (Some(name), Some(form)) = (&e.firm_name, &e.firm_form) else {
        return Ok(None);
    };
    let valid_form = (2..=5).contains(&form.len()) && form.chars().all(|c| c.is_ascii_uppercase());
    if !valid_form || name.trim().is_empty() || name.len() > 200 {
        return Ok(None);
    }
    let org = sqlx::query_as!(
        Organization,
        "INSERT INTO organizations (org_number, name, org_form) VALUES ($1, $2, $3)
         RETURNING id, org_number, name, org_form",
        e.firm.as_str(),
        name.trim(),
        form
    )
    .fetch_one(conn)
    .await?;
    Ok(Some(org))
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
