//! Persons, organizations and the roles that let a person act for an organization.

use uuid::Uuid;

use super::{Store, StoreResult};
use crate::domain::roles::OrgShape;
use crate::domain::{NationalId, OrgNumber, Role, RoleSet};

#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub national_id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Organization {
    pub id: Uuid,
    pub org_number: String,
    pub name: String,
    pub org_form: String,
}

impl Organization {
    /// "311 037 889"
    pub fn org_number_formatted(&self) -> String {
        OrgNumber::parse(&self.org_number)
            .map(|n| n.formatted())
            .unwrap_or_else(|_| self.org_number.clone())
    }
}

/// An organization a person may represent, with the roles that allow it.
#[derive(Debug, Clone)]
pub struct Representable {
    pub organization: Organization,
    pub roles: RoleSet,
}

pub(super) fn role_set(codes: &[String]) -> StoreResult<RoleSet> {
    let roles = codes
        .iter()
        .map(|c| Role::from_code(c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RoleSet::new(roles))
}

/// A signed-in person and, when the organization they chose exists, that organization with
/// the roles the person holds for it.
#[derive(Debug, Clone)]
pub struct ActingFacts {
    pub person: Person,
    pub party: Option<Representable>,
    /// What the organization is to the portal (for the menu and the landing page).
    pub shape: OrgShape,
}

impl Store {
    /// The person and what they may do for `organization_id`, in one query: every page
    /// needs it before anything else. None if the person no longer exists.
    #[tracing::instrument(skip(self))]
    pub async fn acting(
        &self,
        person_id: Uuid,
        organization_id: Uuid,
    ) -> StoreResult<Option<ActingFacts>> {
        let Some(row) = sqlx::query!(
            r#"SELECT p.id, p.national_id, p.name,
                      o.id AS "org_id?", o.org_number AS "org_number?", o.name AS "org_name?",
                      o.org_form AS "org_form?",
                      COALESCE((SELECT array_agg(r.role) FROM person_roles r
                                 WHERE r.person_id = p.id AND r.organization_id = $2),
                               '{}') AS "roles!",
                      EXISTS (SELECT 1 FROM system_users s WHERE s.owner_id = $2)
                          AS "has_system_users!",
                      EXISTS (SELECT 1 FROM client_packages c WHERE c.firm_id = $2)
                          OR EXISTS (SELECT 1 FROM system_users s
                                      WHERE s.owner_id = $2 AND s.kind = 'agent')
                          AS "serves_clients!"
                 FROM persons p LEFT JOIN organizations o ON o.id = $2
                WHERE p.id = $1"#,
            person_id,
            organization_id
        )
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let party = match (row.org_id, row.org_number, row.org_name, row.org_form) {
            (Some(id), Some(org_number), Some(name), Some(org_form)) => Some(Representable {
                organization: Organization {
                    id,
                    org_number,
                    name,
                    org_form,
                },
                roles: role_set(&row.roles)?,
            }),
            _ => None,
        };
        Ok(Some(ActingFacts {
            person: Person {
                id: row.id,
                national_id: row.national_id,
                name: row.name,
            },
            party,
            shape: OrgShape {
                has_system_users: row.has_system_users,
                serves_clients: row.serves_clients,
            },
        }))
    }

    /// The organization that owns system user `system_user_id`, with the roles the person
    /// holds for it, in one query; None if there is no such system user.
    #[tracing::instrument(skip(self))]
    pub async fn system_user_owner_for(
        &self,
        system_user_id: Uuid,
        person_id: Uuid,
    ) -> StoreResult<Option<Representable>> {
        let Some(row) = sqlx::query!(
            r#"SELECT o.id, o.org_number, o.name, o.org_form,
                      COALESCE((SELECT array_agg(r.role) FROM person_roles r
                                 WHERE r.person_id = $2 AND r.organization_id = o.id),
                               '{}') AS "roles!"
                 FROM system_users su JOIN organizations o ON o.id = su.owner_id
                WHERE su.id = $1"#,
            system_user_id,
            person_id
        )
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(Representable {
            roles: role_set(&row.roles)?,
            organization: Organization {
                id: row.id,
                org_number: row.org_number,
                name: row.name,
                org_form: row.org_form,
            },
        }))
    }

    #[tracing::instrument(skip(self))]
    pub async fn person_by_national_id(&self, id: &NationalId) -> StoreResult<Option<Person>> {
        let person = sqlx::query_as!(
            Person,
            "SELECT id, national_id, name FROM persons WHERE national_id = $1",
            id.as_str()
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(person)
    }

    #[tracing::instrument(skip(self))]
    pub async fn person(&self, id: Uuid) -> StoreResult<Option<Person>> {
        let person = sqlx::query_as!(
            Person,
            "SELECT id, national_id, name FROM persons WHERE id = $1",
            id
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(person)
    }

    #[tracing::instrument(skip(self))]
    pub async fn organization(&self, id: Uuid) -> StoreResult<Option<Organization>> {
        let org = sqlx::query_as!(
            Organization,
            "SELECT id, org_number, name, org_form FROM organizations WHERE id = $1",
            id
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(org)
    }

    #[tracing::instrument(skip(self))]
    pub async fn organization_by_number(&self, n: &OrgNumber) -> StoreResult<Option<Organization>> {
        let org = sqlx::query_as!(
            Organization,
            "SELECT id, org_number, name, org_form FROM organizations WHERE org_number = $1",
            n.as_str()
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(org)
    }

    /// The organizations with these ids or these numbers, in one query (a bulk change may
    /// name thousands).
    #[tracing::instrument(skip(self, ids, numbers), fields(ids = ids.len(), numbers = numbers.len()))]
    pub async fn organizations_among(
        &self,
        ids: &[Uuid],
        numbers: &[String],
    ) -> StoreResult<Vec<Organization>> {
        let orgs = sqlx::query_as!(
            Organization,
            "SELECT id, org_number, name, org_form FROM organizations
              WHERE id = ANY($1) OR org_number = ANY($2)",
            ids,
            numbers
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(orgs)
    }

    /// The organizations a person holds at least one role for, by name.
    #[tracing::instrument(skip(self))]
    pub async fn representable_parties(&self, person_id: Uuid) -> StoreResult<Vec<Representable>> {
        let rows = sqlx::query!(
            r#"SELECT o.id, o.org_number, o.name, o.org_form,
                      array_agg(r.role ORDER BY r.role) AS "roles!"
                 FROM person_roles r JOIN organizations o ON o.id = r.organization_id
                WHERE r.person_id = $1
                GROUP BY o.id
                ORDER BY o.name COLLATE norwegian"#,
            person_id
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Representable {
                    roles: role_set(&r.roles)?,
                    organization: Organization {
                        id: r.id,
                        org_number: r.org_number,
                        name: r.name,
                        org_form: r.org_form,
                    },
                })
            })
            .collect()
    }

    /// The roles one person holds for one organization (empty: may not represent it).
    #[tracing::instrument(skip(self))]
    pub async fn roles_for(&self, person_id: Uuid, organization_id: Uuid) -> StoreResult<RoleSet> {
        let codes = sqlx::query_scalar!(
            "SELECT role FROM person_roles WHERE person_id = $1 AND organization_id = $2",
            person_id,
            organization_id
        )
        .fetch_all(&self.pool)
        .await?;
        role_set(&codes)
    }
}
