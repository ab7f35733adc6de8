//! System users and the vendor requests that create them, always read through their
//! owner: a system user id that belongs to another organization is simply not found.

use time::OffsetDateTime;
use uuid::Uuid;

use super::{Store, StoreError, StoreResult};
use crate::domain::packages::packages_from_urns;
use crate::domain::{PackageSet, SystemUserKind};

#[derive(Debug, Clone)]
pub struct SystemUser {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: String,
    pub kind: SystemUserKind,
    pub system_id: String,
    pub system_name: String,
    pub vendor_name: String,
    pub vendor_org_number: String,
    pub packages: PackageSet,
    pub client_count: i64,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct PendingRequest {
    pub id: Uuid,
    pub kind: SystemUserKind,
    pub system_name: String,
    pub vendor_name: String,
    pub packages: PackageSet,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

impl SystemUser {
    pub fn vendor_org_number_formatted(&self) -> String {
        crate::domain::OrgNumber::parse(&self.vendor_org_number)
            .map(|n| n.formatted())
            .unwrap_or_else(|_| self.vendor_org_number.clone())
    }
}

struct SystemUserRow {
    id: Uuid,
    owner_id: Uuid,
    name: String,
    kind: String,
    system_id: String,
    system_name: String,
    vendor_name: String,
    vendor_org_number: String,
    packages: Vec<String>,
    client_count: i64,
    created_at: OffsetDateTime,
}

impl TryFrom<SystemUserRow> for SystemUser {
    type Error = StoreError;

    fn try_from(r: SystemUserRow) -> StoreResult<Self> {
        Ok(Self {
            id: r.id,
            owner_id: r.owner_id,
            name: r.name,
            kind: SystemUserKind::from_code(&r.kind)?,
            system_id: r.system_id,
            system_name: r.system_name,
            vendor_name: r.vendor_name,
            vendor_org_number: r.vendor_org_number,
            packages: packages_from_urns(&r.packages)?,
            client_count: r.client_count,
            created_at: r.created_at,
        })
    }
}

impl Store {
    /// The organization's system users, agents and standard ones, by name.
    #[tracing::instrument(skip(self))]
    pub async fn system_users(&self, owner_id: Uuid) -> StoreResult<Vec<SystemUser>> {
        self.owned_system_users(owner_id, None).await
    }

    /// One system user, only if `owner_id` owns it.
    #[tracing::instrument(skip(self))]
    pub async fn system_user(&self, owner_id: Uuid, id: Uuid) -> StoreResult<Option<SystemUser>> {
        Ok(self.owned_system_users(owner_id, Some(id)).await?.pop())
    }

    async fn owned_system_users(
        &self,
        owner_id: Uuid,
        only: Option<Uuid>,
    ) -> StoreResult<Vec<SystemUser>> {
        let rows = sqlx::query_as!(
            SystemUserRow,
            r#"SELECT su.id, su.owner_id, su.name, su.kind, su.system_id,
                      s.name_nb AS system_name, v.name AS vendor_name,
                      v.org_number AS vendor_org_number,
                      COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                                  FROM system_user_packages p
                                 WHERE p.system_user_id = su.id), '{}') AS "packages!",
                      (SELECT count(*) FROM client_delegations d
                        WHERE d.system_user_id = su.id) AS "client_count!",
                      su.created_at
                 FROM system_users su
                 JOIN systems s ON s.id = su.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                WHERE su.owner_id = $1 AND ($2::uuid IS NULL OR su.id = $2)
                ORDER BY su.name COLLATE norwegian"#,
            owner_id,
            only
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(SystemUser::try_from).collect()
    }

    /// Vendor requests waiting for the organization's answer.
    #[tracing::instrument(skip(self))]
    pub async fn pending_requests(&self, customer_id: Uuid) -> StoreResult<Vec<PendingRequest>> {
        let rows = sqlx::query!(
            r#"SELECT r.id, r.kind, s.name_nb AS system_name, v.name AS vendor_name,
                      COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                                  FROM system_user_request_packages p
                                 WHERE p.request_id = r.id), '{}') AS "packages!",
                      r.created_at, r.expires_at
                 FROM system_user_requests r
                 JOIN systems s ON s.id = r.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                WHERE r.customer_id = $1 AND r.status = 'pending' AND r.expires_at > now()
                ORDER BY r.created_at"#,
            customer_id
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(PendingRequest {
                    id: r.id,
                    kind: SystemUserKind::from_code(&r.kind)?,
                    system_name: r.system_name,
                    vendor_name: r.vendor_name,
                    packages: packages_from_urns(&r.packages)?,
                    created_at: r.created_at,
                    expires_at: r.expires_at,
                })
            })
            .collect()
    }
}
