//! *Roller*: the persons who hold roles for an organization, finding a person by national
//! id and last name, and giving or taking a role. Each change is one transaction with its
//! audit event; whether the granter may give the role is decided by `crate::domain`.

use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::parties::{Person, role_set};
use super::{Store, StoreError, StoreResult};
use crate::domain::roles::last_name_matches;
use crate::domain::{Action, NationalId, Role, RoleSet};

/// A person with the roles they hold for one organization. Only the birth date part of
/// the national id leaves the store: the page that lists them needs no more.
#[derive(Debug, Clone)]
pub struct OrganizationPerson {
    pub id: Uuid,
    pub name: String,
    /// The first six digits of the national id (day, month, year).
    pub birth_digits: String,
    pub roles: RoleSet,
}

/// A person named in a role change, for messages and the confirmation.
#[derive(Debug, Clone)]
pub struct RoleHolder {
    pub person_id: Uuid,
    pub name: String,
}

/// Why a role was not given. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error("the person holds the role {0:?} already")]
    AlreadyHeld(Role),
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(GrantError);

fn details(person_id: Uuid, person_name: &str, role: Role) -> serde_json::Value {
    json!({ "person_id": person_id, "person_name": person_name, "role": role.code() })
}

impl Store {
    /// Everyone who holds a role for the organization, by name.
    #[tracing::instrument(skip(self))]
    pub async fn organization_persons(
        &self,
        organization_id: Uuid,
    ) -> StoreResult<Vec<OrganizationPerson>> {
        let rows = sqlx::query!(
            r#"SELECT p.id, p.name, left(p.national_id, 6) AS "birth_digits!",
                      array_agg(r.role ORDER BY r.role) AS "roles!"
                 FROM person_roles r JOIN persons p ON p.id = r.person_id
                WHERE r.organization_id = $1
                GROUP BY p.id
                ORDER BY p.name COLLATE norwegian, p.id"#,
            organization_id
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(OrganizationPerson {
                    id: r.id,
                    name: r.name,
                    birth_digits: r.birth_digits,
                    roles: role_set(&r.roles)?,
                })
            })
            .collect()
    }

    /// The person with this national id, if `last_name` is their last name. An unknown id
    /// and a wrong name look the same to the caller, so nobody can probe which ids exist.
    #[tracing::instrument(skip(self, last_name))]
    pub async fn person_by_national_id_and_last_name(
        &self,
        national_id: &NationalId,
        last_name: &str,
    ) -> StoreResult<Option<Person>> {
        let person = self.person_by_national_id(national_id).await?;
        Ok(person.filter(|p| last_name_matches(&p.name, last_name)))
    }

    /// The person, if they hold `role` for the organization (for the removal confirmation).
    #[tracing::instrument(skip(self))]
    pub async fn role_holder(
        &self,
        organization_id: Uuid,
        person_id: Uuid,
        role: Role,
    ) -> StoreResult<Option<RoleHolder>> {
        let holder = sqlx::query_as!(
            RoleHolder,
            r#"SELECT p.id AS person_id, p.name
                 FROM person_roles r JOIN persons p ON p.id = r.person_id
                WHERE r.organization_id = $1 AND r.person_id = $2 AND r.role = $3"#,
            organization_id,
            person_id,
            role.code()
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(holder)
    }

    /// Gives `role` for the organization to the person; refused if they already hold it.
    #[tracing::instrument(skip(self, actor))]
    pub async fn grant_role(
        &self,
        actor: &Actor,
        organization_id: Uuid,
        person_id: Uuid,
        role: Role,
    ) -> Result<RoleHolder, GrantError> {
        let mut tx = self.pool.begin().await?;
        // ON CONFLICT makes two grants at once safe: the second finds the row and refuses.
        let holder = sqlx::query_as!(
            RoleHolder,
            r#"WITH granted AS (
                   INSERT INTO person_roles (person_id, organization_id, role)
                   VALUES ($1, $2, $3)
                   ON CONFLICT DO NOTHING
                   RETURNING person_id)
               SELECT p.id AS person_id, p.name
                 FROM granted JOIN persons p ON p.id = granted.person_id"#,
            person_id,
            organization_id,
            role.code()
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(GrantError::AlreadyHeld(role))?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::RoleGranted,
                system_user_id: None,
                client_id: None,
                firm_id: None,
                details: details(holder.person_id, &holder.name, role),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(holder)
    }

    /// Takes `role` for the organization from the person; NotFound if they do not hold it.
    #[tracing::instrument(skip(self, actor))]
    pub async fn revoke_role(
        &self,
        actor: &Actor,
        organization_id: Uuid,
        person_id: Uuid,
        role: Role,
    ) -> StoreResult<RoleHolder> {
        let mut tx = self.pool.begin().await?;
        let holder = sqlx::query_as!(
            RoleHolder,
            r#"WITH gone AS (
                   DELETE FROM person_roles
                    WHERE organization_id = $1 AND person_id = $2 AND role = $3
                RETURNING person_id)
               SELECT p.id AS person_id, p.name
                 FROM gone JOIN persons p ON p.id = gone.person_id"#,
            organization_id,
            person_id,
            role.code()
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::RoleRevoked,
                system_user_id: None,
                client_id: None,
                firm_id: None,
                details: details(holder.person_id, &holder.name, role),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(holder)
    }
}
