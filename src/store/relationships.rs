//! Client relationships (*klientforhold*): what a firm holds from each client through
//! register roles and fullmakter. The store reads the facts; the domain turns them into
//! held packages and eligibility.

use sqlx::PgConnection;
use uuid::Uuid;

use super::parties::Organization;
use super::{Store, StoreResult};
use crate::domain::packages::packages_from_urns;
use crate::domain::{PackageSet, RegisterRole, held_packages};

/// Everything the firm has from one client.
#[derive(Debug, Clone)]
pub struct ClientFacts {
    pub client: Organization,
    pub register_roles: Vec<RegisterRole>,
    pub delegated: PackageSet,
    pub has_fullmakt: bool,
}

impl ClientFacts {
    pub fn held(&self) -> PackageSet {
        held_packages(&self.client.org_form, &self.register_roles, &self.delegated)
    }
}

/// Every client the firm has a relationship with, ordered by name.
pub(crate) async fn client_facts(
    conn: &mut PgConnection,
    firm_id: Uuid,
) -> StoreResult<Vec<ClientFacts>> {
    let rows = sqlx::query!(
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
    rows.into_iter()
        .map(|r| {
            let register_roles = r
                .register_roles
                .iter()
                .map(|c| RegisterRole::from_code(c))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ClientFacts {
                client: Organization {
                    id: r.id,
                    org_number: r.org_number,
                    name: r.name,
                    org_form: r.org_form,
                },
                register_roles,
                delegated: packages_from_urns(&r.delegated)?,
                has_fullmakt: r.has_fullmakt,
            })
        })
        .collect()
}

impl Store {
    #[tracing::instrument(skip(self))]
    pub async fn client_relationships(&self, firm_id: Uuid) -> StoreResult<Vec<ClientFacts>> {
        let mut conn = self.pool.acquire().await?;
        client_facts(&mut conn, firm_id).await
    }
}
