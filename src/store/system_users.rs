//! System users and the vendor requests that create them, always read through their
//! owner: a system user id that belongs to another organization is simply not found.

use serde_json::json;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::delegations::lock_firm;
use super::systems::{VendorError, system_in};
use super::{Store, StoreError, StoreResult};
use crate::domain::packages::packages_from_urns;
use crate::domain::requests::default_external_ref;
use crate::domain::systems::{FieldError, Localized, RegisterError, SystemId};
use crate::domain::{Action, OrgNumber, PackageSet, SystemUserKind};

#[derive(Debug, Clone)]
pub struct SystemUser {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub name: String,
    pub kind: SystemUserKind,
    pub system_id: String,
    pub external_ref: String,
    /// The system's name in bokmål, nynorsk and English, as the register has it.
    pub system_name: Localized,
    pub vendor_name: String,
    pub vendor_org_number: String,
    pub packages: PackageSet,
    pub client_count: i64,
    pub created_at: OffsetDateTime,
    /// An agent that takes new clients by itself (*Legg til nye kunder automatisk*).
    pub auto_add: bool,
    /// The owner is on its own agent (*Legg til din virksomhet*); false where not read.
    pub owner_added: bool,
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
    external_ref: String,
    system_name: String,
    system_name_nn: String,
    system_name_en: String,
    vendor_name: String,
    vendor_org_number: String,
    packages: Vec<String>,
    client_count: i64,
    created_at: OffsetDateTime,
    auto_add: bool,
    owner_added: bool,
    related: Option<i64>,
    eligible: Option<i64>,
}

/// An agent's firm's clients, counted for the agent: all of them, and those that hold
/// every package it needs (from `client_package_counts`, never by counting clients).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirmClientCounts {
    pub related: i64,
    pub eligible: i64,
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
            external_ref: r.external_ref,
            system_name: Localized {
                nb: r.system_name,
                nn: r.system_name_nn,
                en: r.system_name_en,
            },
            vendor_name: r.vendor_name,
            vendor_org_number: r.vendor_org_number,
            packages: packages_from_urns(&r.packages)?,
            client_count: r.client_count,
            created_at: r.created_at,
            auto_add: r.auto_add,
            owner_added: r.owner_added,
        })
    }
}

/// A vendor's request waiting for the organization's answer, as *Systemtilganger* lists it.
#[derive(Debug, Clone)]
pub struct PendingRequest {
    pub id: Uuid,
    pub kind: SystemUserKind,
    pub system_name: Localized,
    pub vendor_name: String,
    pub packages: PackageSet,
    pub expires_at: OffsetDateTime,
    /// Passed on to those who may answer it (*Send til tilgangsstyrer*): when, by whom.
    pub escalated: Option<(OffsetDateTime, String)>,
}

/// A vendor's change request waiting for the organization's answer, as *Systemtilganger*
/// lists it: which system access, and the packages it would get.
#[derive(Debug, Clone)]
pub struct PendingChange {
    pub id: Uuid,
    pub system_user_name: String,
    pub system_name: Localized,
    pub vendor_name: String,
    pub required: PackageSet,
    pub expires_at: OffsetDateTime,
    /// Passed on to those who may answer it (*Send til tilgangsstyrer*): when, by whom.
    pub escalated: Option<(OffsetDateTime, String)>,
}

/// What *Systemtilganger* shows: the system users by name, the requests waiting for an
/// answer (those passed on first, then the oldest first) and the change requests.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub system_users: Vec<SystemUser>,
    pub pending: Vec<PendingRequest>,
    pub changes: Vec<PendingChange>,
}

impl Store {
    /// The organization's system users and the vendor requests waiting for its answer, in
    /// one query (the page every user sees first). The two kinds of row share the columns
    /// they have in common; those of one kind only are NULL in the other.
    #[tracing::instrument(skip(self))]
    pub async fn overview(&self, owner_id: Uuid) -> StoreResult<Overview> {
        let rows = sqlx::query!(
            r#"SELECT 0 AS "request!", su.id AS "id!", su.kind AS "kind!",
                      su.system_id AS "system_id!", s.name_nb AS "system_name!",
                      s.name_nn AS "system_name_nn!", s.name_en AS "system_name_en!",
                      v.name AS "vendor_name!",
                      COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                                  FROM system_user_packages p
                                 WHERE p.system_user_id = su.id), '{}') AS "packages!",
                      su.created_at AS "at!", su.name::text COLLATE norwegian AS "name?",
                      su.external_ref AS "external_ref?",
                      v.org_number AS "vendor_org_number?",
                      su.client_count::int8 AS "client_count?",
                      su.auto_add AS "auto_add?",
                      NULL::timestamptz AS "escalated_at?", NULL::text AS "escalated_by?"
                 FROM system_users su
                 JOIN systems s ON s.id = su.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                WHERE su.owner_id = $1
               UNION ALL
               SELECT 1, r.id, r.kind, r.system_id, s.name_nb, s.name_nn, s.name_en, v.name,
                      COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                                  FROM system_user_request_packages p
                                 WHERE p.request_id = r.id), '{}'),
                      r.expires_at, NULL, NULL, NULL, NULL, NULL, r.escalated_at, e.name
                 FROM system_user_requests r
                 JOIN systems s ON s.id = r.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                 LEFT JOIN persons e ON e.id = r.escalated_by
                WHERE r.customer_id = $1 AND r.status = 'pending' AND r.expires_at > now()
               UNION ALL
               SELECT 2, cr.id, su.kind, su.system_id, s.name_nb, s.name_nn, s.name_en, v.name,
                      cr.required, cr.expires_at, su.name::text COLLATE norwegian,
                      NULL, NULL, NULL, NULL, cr.escalated_at, e.name
                 FROM system_users su
                 JOIN system_user_change_requests cr
                      ON cr.system_user_id = su.id AND cr.status = 'pending'
                 JOIN systems s ON s.id = su.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                 LEFT JOIN persons e ON e.id = cr.escalated_by
                WHERE su.owner_id = $1 AND cr.expires_at > now()
                ORDER BY 1, 16 NULLS LAST, 11, 10"#,
            owner_id
        )
        .fetch_all(&self.pool)
        .await?;
        let mut overview = Overview::default();
        for r in rows {
            let system_name = Localized {
                nb: r.system_name,
                nn: r.system_name_nn,
                en: r.system_name_en,
            };
            match (
                r.request,
                r.name,
                r.external_ref,
                r.vendor_org_number,
                r.client_count,
            ) {
                (
                    0,
                    Some(name),
                    Some(external_ref),
                    Some(vendor_org_number),
                    Some(client_count),
                ) => overview.system_users.push(SystemUser {
                    id: r.id,
                    owner_id,
                    name,
                    kind: SystemUserKind::from_code(&r.kind)?,
                    system_id: r.system_id,
                    external_ref,
                    system_name,
                    vendor_name: r.vendor_name,
                    vendor_org_number,
                    packages: packages_from_urns(&r.packages)?,
                    client_count,
                    created_at: r.at,
                    auto_add: r.auto_add.unwrap_or(false),
                    owner_added: false,
                }),
                (2, Some(name), ..) => overview.changes.push(PendingChange {
                    id: r.id,
                    system_user_name: name,
                    system_name,
                    vendor_name: r.vendor_name,
                    required: packages_from_urns(&r.packages)?,
                    expires_at: r.at,
                    escalated: r.escalated_at.zip(r.escalated_by),
                }),
                (1, ..) => overview.pending.push(PendingRequest {
                    id: r.id,
                    kind: SystemUserKind::from_code(&r.kind)?,
                    system_name,
                    vendor_name: r.vendor_name,
                    packages: packages_from_urns(&r.packages)?,
                    expires_at: r.at,
                    escalated: r.escalated_at.zip(r.escalated_by),
                }),
                _ => {
                    return Err(StoreError::Corrupt(format!(
                        "system user {} without its name, reference or count",
                        r.id
                    )));
                }
            }
        }
        Ok(overview)
    }

    /// The organization's system users, agents and standard ones, by name.
    #[tracing::instrument(skip(self))]
    pub async fn system_users(&self, owner_id: Uuid) -> StoreResult<Vec<SystemUser>> {
        let all = self.owned_system_users(owner_id, None, false).await?;
        Ok(all.into_iter().map(|(su, _)| su).collect())
    }

    /// One system user, only if `owner_id` owns it.
    #[tracing::instrument(skip(self))]
    pub async fn system_user(&self, owner_id: Uuid, id: Uuid) -> StoreResult<Option<SystemUser>> {
        let mut found = self.owned_system_users(owner_id, Some(id), false).await?;
        Ok(found.pop().map(|(su, _)| su))
    }

    /// One system user of `owner_id` with its firm's clients counted for it, in one query.
    #[tracing::instrument(skip(self))]
    pub async fn system_user_with_counts(
        &self,
        owner_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<(SystemUser, FirmClientCounts)>> {
        let mut found = self.owned_system_users(owner_id, Some(id), true).await?;
        Ok(found.pop().and_then(|(su, counts)| Some((su, counts?))))
    }

    /// The owner's system users (all, or the one `only`), and when `counted`, the firm's
    /// clients counted for each.
    async fn owned_system_users(
        &self,
        owner_id: Uuid,
        only: Option<Uuid>,
        counted: bool,
    ) -> StoreResult<Vec<(SystemUser, Option<FirmClientCounts>)>> {
        let rows = sqlx::query_as!(
            SystemUserRow,
            r#"SELECT su.id, su.owner_id, su.name, su.kind, su.system_id, su.external_ref,
                      s.name_nb AS system_name, s.name_nn AS system_name_nn,
                      s.name_en AS system_name_en, v.name AS vendor_name,
                      v.org_number AS vendor_org_number,
                      COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                                  FROM system_user_packages p
                                 WHERE p.system_user_id = su.id), '{}') AS "packages!",
                      su.client_count::int8 AS "client_count!",
                      su.created_at, su.auto_add,
                      EXISTS (SELECT 1 FROM client_delegations d
                               WHERE d.system_user_id = su.id AND d.client_id = su.owner_id)
                          AS "owner_added!",
                      CASE WHEN $3 THEN (SELECT COALESCE(sum(c.clients), 0)
                                           FROM client_package_counts c
                                          WHERE c.firm_id = su.owner_id)::int8
                      END AS "related?",
                      CASE WHEN $3 THEN (SELECT COALESCE(sum(c.clients), 0)
                                           FROM client_package_counts c
                                          WHERE c.firm_id = su.owner_id AND m.mask <> 0
                                            AND c.packages & m.mask = m.mask)::int8
                      END AS "eligible?"
                 FROM system_users su
                 JOIN systems s ON s.id = su.system_id
                 JOIN organizations v ON v.id = s.vendor_id
                 CROSS JOIN LATERAL (
                       SELECT COALESCE(bit_or(1 << ap.bit), 0) AS mask
                         FROM system_user_packages p
                         JOIN access_packages ap ON ap.urn = p.package_urn
                        WHERE $3 AND p.system_user_id = su.id) m
                WHERE su.owner_id = $1 AND ($2::uuid IS NULL OR su.id = $2)
                ORDER BY su.name COLLATE norwegian"#,
            owner_id,
            only,
            counted
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let counts = r
                    .related
                    .zip(r.eligible)
                    .map(|(related, eligible)| FirmClientCounts { related, eligible });
                Ok((SystemUser::try_from(r)?, counts))
            })
            .collect()
    }
    /// Creates a standard system user for a visible system of the register, with the
    /// system's own packages. Refused with a reason the person can act on.
    #[tracing::instrument(skip(self, actor))]
    pub async fn create_standard_system_user(
        &self,
        actor: &Actor,
        owner_id: Uuid,
        system_id: &SystemId,
        name: &str,
    ) -> Result<Uuid, CreateError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CreateError::NameMissing);
        }
        if name.chars().count() > MAX_NAME {
            return Err(CreateError::NameTooLong);
        }
        let mut tx = self.pool.begin().await?;
        let system = system_in(&mut tx, system_id)
            .await?
            .filter(|s| s.definition.offers_standard())
            .ok_or(CreateError::UnknownSystem)?;
        let owner_number = sqlx::query_scalar!(
            "SELECT org_number FROM organizations WHERE id = $1",
            owner_id
        )
        .fetch_one(&mut *tx)
        .await?;
        let reference = OrgNumber::parse(&owner_number)
            .map(|n| default_external_ref(&n))
            .map_err(|e| StoreError::Corrupt(format!("organization {owner_id}: {e}")))?;
        let packages = system.own_packages();
        let id = match insert_system_user(
            &mut tx,
            actor.person_id,
            owner_id,
            system_id,
            SystemUserKind::Standard,
            name,
            &reference,
            &packages,
        )
        .await
        {
            Ok(id) => id,
            Err(VendorError::Refused(RegisterError::SystemUserExists)) => {
                return Err(CreateError::AlreadyExists);
            }
            Err(VendorError::Refused(_)) => return Err(CreateError::NameTaken),
            Err(VendorError::Store(e)) => return Err(e.into()),
        };
        let urns: Vec<&str> = packages.iter().map(|p| p.urn()).collect();
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::SystemUserCreated,
                system_user_id: Some(id),
                client_id: None,
                firm_id: None,
                details: json!({
                    "name": name,
                    "kind": SystemUserKind::Standard.code(),
                    "system_id": system_id.as_str(),
                    "access_packages": urns,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Deletes a system user the organization owns, and with it every client delegation it
    /// has, in one transaction: one event for the deletion and one per client removed.
    #[tracing::instrument(skip(self, actor))]
    pub async fn delete_system_user(
        &self,
        actor: &Actor,
        owner_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Deleted> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, owner_id).await?;
        let su = sqlx::query!(
            "SELECT name, kind, system_id FROM system_users
              WHERE id = $1 AND owner_id = $2 FOR UPDATE",
            id,
            owner_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let clients = sqlx::query!(
            "WITH gone AS (
                 DELETE FROM client_delegations WHERE system_user_id = $1 RETURNING client_id)
             SELECT o.id, o.org_number, o.name
               FROM gone JOIN organizations o ON o.id = gone.client_id
              ORDER BY o.name COLLATE norwegian",
            id
        )
        .fetch_all(&mut *tx)
        .await?;
        let events: Vec<(Uuid, Uuid, serde_json::Value)> = clients
            .iter()
            .map(|c| {
                (
                    id,
                    c.id,
                    json!({
                        "client_org_number": c.org_number,
                        "client_name": c.name,
                        "reason": "system_user_deleted",
                        "system_user_name": su.name,
                    }),
                )
            })
            .collect();
        audit::record_many(
            &mut tx,
            actor,
            Action::ClientDelegationRemoved,
            owner_id,
            &events,
        )
        .await?;
        sqlx::query!("DELETE FROM system_users WHERE id = $1", id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::SystemUserDeleted,
                system_user_id: Some(id),
                client_id: None,
                firm_id: None,
                details: json!({
                    "name": su.name,
                    "kind": su.kind,
                    "system_id": su.system_id,
                    "clients_removed": clients.len(),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Deleted {
            name: su.name,
            clients_removed: clients.len(),
        })
    }
}

/// The longest name a system user may have.
pub const MAX_NAME: usize = 200;

/// Why the portal could not create a system user; the messages are the person's.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("the system access has no name")]
    NameMissing,
    #[error("the name is longer than 200 characters")]
    NameTooLong,
    #[error("the organization has a system access with this name already")]
    NameTaken,
    #[error("the organization has a system access for this system already")]
    AlreadyExists,
    #[error("the system is not in the system register, or cannot be chosen here")]
    UnknownSystem,
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(CreateError);

/// What deleting a system user removed.
#[derive(Debug, Clone)]
pub struct Deleted {
    pub name: String,
    pub clients_removed: usize,
}

/// Stores a system user with its packages. The database refuses a package of the wrong
/// sort for the kind; a second one for the same system and reference, or a name in use,
/// is refused as `SystemUserExists` or `Invalid`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_system_user(
    conn: &mut PgConnection,
    created_by: Option<Uuid>,
    owner_id: Uuid,
    system_id: &SystemId,
    kind: SystemUserKind,
    name: &str,
    external_ref: &str,
    packages: &PackageSet,
) -> Result<Uuid, VendorError> {
    let inserted = sqlx::query_scalar!(
        "INSERT INTO system_users (owner_id, system_id, kind, name, external_ref, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        owner_id,
        system_id.as_str(),
        kind.code(),
        name,
        external_ref,
        created_by
    )
    .fetch_one(&mut *conn)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("system_users_system_ref_key") => {
            return Err(RegisterError::SystemUserExists.into());
        }
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("system_users_owner_name_key") => {
            return Err(RegisterError::Invalid(vec![FieldError::new(
                "name",
                "name-taken",
                "The name is in use.",
            )])
            .into());
        }
        Err(e) => return Err(e.into()),
    };
    let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
    sqlx::query!(
        "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
         SELECT $1, $2, a.urn, a.client_delegable
           FROM access_packages a WHERE a.urn = ANY($3::text[])",
        id,
        kind.code(),
        &urns
    )
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// `base`, or `base (2)`, `base (3)`, … : the first name the owner does not use yet.
pub(super) async fn unique_name(
    conn: &mut PgConnection,
    owner_id: Uuid,
    base: &str,
) -> StoreResult<String> {
    let base: String = base.trim().chars().take(MAX_NAME - 6).collect();
    let taken: std::collections::HashSet<String> = sqlx::query_scalar!(
        "SELECT name FROM system_users WHERE owner_id = $1 AND left(name, length($2)) = $2",
        owner_id,
        base
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    Ok(std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base} ({n})")))
        .find(|n| !taken.contains(n))
        .unwrap_or(base))
}

/// A system user as its system's vendor sees it (the vendor API's lists).
#[derive(Debug, Clone)]
pub struct VendorSystemUser {
    pub id: Uuid,
    pub name: String,
    pub system_id: String,
    pub system_name: String,
    pub owner_org_number: String,
    pub created_at: OffsetDateTime,
    pub external_ref: String,
    pub kind: SystemUserKind,
    pub vendor_name: String,
    pub vendor_org_number: String,
}

struct VendorSystemUserRow {
    id: Uuid,
    name: String,
    system_id: String,
    system_name: String,
    owner_org_number: String,
    created_at: OffsetDateTime,
    external_ref: String,
    kind: String,
    vendor_name: String,
    vendor_org_number: String,
}

impl TryFrom<VendorSystemUserRow> for VendorSystemUser {
    type Error = StoreError;

    fn try_from(r: VendorSystemUserRow) -> StoreResult<Self> {
        Ok(Self {
            id: r.id,
            name: r.name,
            system_id: r.system_id,
            system_name: r.system_name,
            owner_org_number: r.owner_org_number,
            created_at: r.created_at,
            external_ref: r.external_ref,
            kind: SystemUserKind::from_code(&r.kind)?,
            vendor_name: r.vendor_name,
            vendor_org_number: r.vendor_org_number,
        })
    }
}

impl Store {
    /// A page of the system users of the vendor's system `system`, in id order after
    /// `after`, at most `limit`; None when the system is not the vendor's.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_system_users(
        &self,
        vendor_id: Uuid,
        system: &SystemId,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Option<Vec<VendorSystemUser>>> {
        let mut conn = self.pool.acquire().await?;
        if !super::requests::owns_system(&mut conn, vendor_id, system).await? {
            return Ok(None);
        }
        let rows = sqlx::query_as!(
            VendorSystemUserRow,
            "SELECT su.id, su.name, su.system_id, s.name_nb AS system_name,
                    o.org_number AS owner_org_number, su.created_at, su.external_ref, su.kind,
                    v.name AS vendor_name, v.org_number AS vendor_org_number
               FROM system_users su
               JOIN organizations o ON o.id = su.owner_id
               JOIN systems s ON s.id = su.system_id
               JOIN organizations v ON v.id = s.vendor_id
              WHERE su.system_id = $1 AND ($2::uuid IS NULL OR su.id > $2)
              ORDER BY su.id LIMIT $3",
            system.as_str(),
            after,
            limit
        )
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(VendorSystemUser::try_from)
            .collect::<StoreResult<_>>()
            .map(Some)
    }

    /// The system user of the vendor's system `system` at `owner` with `external_ref`.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_system_user_by_reference(
        &self,
        vendor_id: Uuid,
        system: &SystemId,
        owner: &OrgNumber,
        external_ref: &str,
    ) -> StoreResult<Option<VendorSystemUser>> {
        sqlx::query_as!(
            VendorSystemUserRow,
            "SELECT su.id, su.name, su.system_id, s.name_nb AS system_name,
                    o.org_number AS owner_org_number, su.created_at, su.external_ref, su.kind,
                    v.name AS vendor_name, v.org_number AS vendor_org_number
               FROM system_users su
               JOIN organizations o ON o.id = su.owner_id
               JOIN systems s ON s.id = su.system_id
               JOIN organizations v ON v.id = s.vendor_id
              WHERE su.system_id = $1 AND s.vendor_id = $2 AND o.org_number = $3
                AND su.external_ref = $4",
            system.as_str(),
            vendor_id,
            owner.as_str(),
            external_ref
        )
        .fetch_optional(&self.pool)
        .await?
        .map(VendorSystemUser::try_from)
        .transpose()
    }

    /// One system user of a system of the vendor's, by id.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_system_user_by_id(
        &self,
        vendor_id: Uuid,
        id: Uuid,
    ) -> StoreResult<Option<VendorSystemUser>> {
        sqlx::query_as!(
            VendorSystemUserRow,
            "SELECT su.id, su.name, su.system_id, s.name_nb AS system_name,
                    o.org_number AS owner_org_number, su.created_at, su.external_ref, su.kind,
                    v.name AS vendor_name, v.org_number AS vendor_org_number
               FROM system_users su
               JOIN organizations o ON o.id = su.owner_id
               JOIN systems s ON s.id = su.system_id
               JOIN organizations v ON v.id = s.vendor_id
              WHERE su.id = $1 AND s.vendor_id = $2",
            id,
            vendor_id
        )
        .fetch_optional(&self.pool)
        .await?
        .map(VendorSystemUser::try_from)
        .transpose()
    }
}
