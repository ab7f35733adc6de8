//! Register roles from Enhetsregisteret: synchronizing the REGN, REVI and FFØR roles that
//! firms hold for one organization with what the register says. Roles that vanished end
//! the client delegations that depended on them, in the same transaction.

use std::collections::BTreeSet;

use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::delegations::lock_firms;
use super::parties::Organization;
use super::relationships::{EndedDelegation, end_ineligible};
use super::{Store, StoreError, StoreResult};
use crate::domain::relationships::RegisterEntry;
use crate::domain::{EndCause, OrgNumber, RegisterRole};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("Virksomheten {} finnes ikke i portalen.", .0.formatted())]
    UnknownOrganization(OrgNumber),
    #[error(
        "{} ({}) har rollen {} ifølge filen, men finnes ikke i portalen. Ingenting er endret.",
        .firm.formatted(), .role.code(), .role.name()
    )]
    UnknownFirm { role: RegisterRole, firm: OrgNumber },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for SyncError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

/// What a synchronization changed.
#[derive(Debug, Clone)]
pub struct SyncReport {
    pub client: Organization,
    pub added: Vec<(RegisterRole, Organization)>,
    pub removed: Vec<(RegisterRole, Organization)>,
    pub ended: Vec<EndedDelegation>,
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
        let mut desired: BTreeSet<(Uuid, RegisterRole)> = BTreeSet::new();
        let mut firms: Vec<Organization> = Vec::new();
        for e in entries {
            let firm =
                org_by_number(&mut tx, &e.firm)
                    .await?
                    .ok_or_else(|| SyncError::UnknownFirm {
                        role: e.role,
                        firm: e.firm.clone(),
                    })?;
            // The register does not name an organization as its own accountant; if a file
            // does, there is nothing for the portal to hold.
            if firm.id != client.id {
                desired.insert((firm.id, e.role));
                firms.push(firm);
            }
        }

        // Lock every firm concerned (the locking rule), then read the roles under the lock.
        let before = current_roles(&mut tx, client.id).await?;
        let mut concerned: Vec<Uuid> = before.iter().map(|(f, _)| *f).collect();
        concerned.extend(desired.iter().map(|(f, _)| *f));
        lock_firms(&mut tx, &concerned).await?;
        let before = current_roles(&mut tx, client.id).await?;
        for (firm_id, _) in &before {
            if !firms.iter().any(|f| f.id == *firm_id)
                && let Some(org) = self.organization(*firm_id).await?
            {
                firms.push(org);
            }
        }
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
            added: Vec::new(),
            removed: Vec::new(),
            ended: Vec::new(),
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
            record_role_event(&mut tx, &actor, "register_role.added", &client, &f, *role).await?;
            report.added.push((*role, f));
        }
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
            record_role_event(&mut tx, &actor, "register_role.removed", &client, &f, *role).await?;
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

async fn record_role_event(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: &str,
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
