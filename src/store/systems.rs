//! The system register: vendors' systems with their names, packages and allowed redirect
//! addresses. A vendor reads and changes only its own entries; customers see the visible
//! ones when they create a system user themselves.

use serde_json::json;
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::{Store, StoreError, StoreResult, like_pattern};
use crate::domain::Action;
use crate::domain::SystemUserKind;
use crate::domain::packages::packages_from_urns;
use crate::domain::systems::{Localized, RedirectUrl, RegisterError, SystemDefinition, SystemId};

/// A system as the register holds it.
#[derive(Debug, Clone)]
pub struct RegisteredSystem {
    pub definition: SystemDefinition,
    pub vendor_id: Uuid,
    pub vendor_name: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl RegisteredSystem {
    pub fn id(&self) -> &SystemId {
        &self.definition.id
    }

    /// The name in bokmål, the portal's language.
    pub fn name(&self) -> &str {
        &self.definition.name.nb
    }

    pub fn description(&self) -> &str {
        &self.definition.description.nb
    }

    pub fn vendor_org_number_formatted(&self) -> String {
        self.definition.id.vendor().formatted()
    }

    /// The packages a standard system user of this system gets.
    pub fn own_packages(&self) -> crate::domain::PackageSet {
        self.definition.packages_for(SystemUserKind::Standard)
    }
}

/// A refusal the vendor (or the person) must read, or a failure of the store.
#[derive(Debug, thiserror::Error)]
pub enum VendorError {
    #[error(transparent)]
    Refused(#[from] RegisterError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(VendorError);

/// Whether saving a system may create it, replace it, or both (the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    Create,
    Update,
    /// An update of the access packages only (`PUT …/vendor/{id}/accesspackages`).
    UpdatePackages,
    CreateOrUpdate,
}

struct SystemRow {
    id: String,
    vendor_id: Uuid,
    vendor_name: String,
    name_nb: String,
    name_nn: String,
    name_en: String,
    description_nb: String,
    description_nn: String,
    description_en: String,
    visible: bool,
    packages: Vec<String>,
    redirect_urls: Vec<String>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl TryFrom<SystemRow> for RegisteredSystem {
    type Error = StoreError;

    fn try_from(r: SystemRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("system {}: {what}", r.id));
        let redirect_urls = r
            .redirect_urls
            .iter()
            .map(|u| RedirectUrl::parse(u, "url"))
            .collect::<Result<_, _>>()
            .map_err(|e| corrupt(&e.detail))?;
        Ok(Self {
            definition: SystemDefinition {
                id: SystemId::parse(&r.id).map_err(|e| corrupt(&e.detail))?,
                name: Localized {
                    nb: r.name_nb,
                    nn: r.name_nn,
                    en: r.name_en,
                },
                description: Localized {
                    nb: r.description_nb,
                    nn: r.description_nn,
                    en: r.description_en,
                },
                packages: packages_from_urns(&r.packages)?,
                redirect_urls,
                visible: r.visible,
            },
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Systems by id, by vendor or visible ones matching a search; `FOR UPDATE` is not needed:
/// a request reads the system inside its own transaction through `system_in`.
async fn systems(
    conn: &mut PgConnection,
    id: Option<&str>,
    vendor: Option<Uuid>,
    visible_matching: Option<&str>,
) -> StoreResult<Vec<RegisteredSystem>> {
    let rows = sqlx::query_as!(
        SystemRow,
        r#"SELECT s.id, s.vendor_id, v.name AS vendor_name,
                  s.name_nb, s.name_nn, s.name_en,
                  s.description_nb, s.description_nn, s.description_en, s.visible,
                  COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                              FROM system_packages p WHERE p.system_id = s.id), '{}')
                      AS "packages!",
                  COALESCE((SELECT array_agg(u.url ORDER BY u.url)
                              FROM system_redirect_urls u WHERE u.system_id = s.id), '{}')
                      AS "redirect_urls!",
                  s.created_at, s.updated_at
             FROM systems s JOIN organizations v ON v.id = s.vendor_id
            WHERE s.deleted_at IS NULL
              AND ($1::text IS NULL OR s.id = $1)
              AND ($2::uuid IS NULL OR s.vendor_id = $2)
              AND ($3::text IS NULL
                   OR (s.visible AND (s.name_nb ILIKE $3 OR v.name ILIKE $3 OR s.id ILIKE $3)))
            ORDER BY s.name_nb COLLATE norwegian, s.id"#,
        id,
        vendor,
        visible_matching
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(RegisteredSystem::try_from).collect()
}

/// One system, inside a transaction.
pub(super) async fn system_in(
    conn: &mut PgConnection,
    id: &SystemId,
) -> StoreResult<Option<RegisteredSystem>> {
    Ok(systems(conn, Some(id.as_str()), None, None).await?.pop())
}

impl Store {
    /// One system of the register, whoever owns it.
    #[tracing::instrument(skip(self))]
    pub async fn registered_system(&self, id: &SystemId) -> StoreResult<Option<RegisteredSystem>> {
        let mut conn = self.pool.acquire().await?;
        system_in(&mut conn, id).await
    }

    /// The whole register, by name.
    #[tracing::instrument(skip(self))]
    pub async fn all_systems(&self) -> StoreResult<Vec<RegisteredSystem>> {
        let mut conn = self.pool.acquire().await?;
        systems(&mut conn, None, None, None).await
    }

    /// A vendor's own systems.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_systems(&self, vendor_id: Uuid) -> StoreResult<Vec<RegisteredSystem>> {
        let mut conn = self.pool.acquire().await?;
        systems(&mut conn, None, Some(vendor_id), None).await
    }

    /// Visible systems that a standard system user can be created for, matching a search
    /// on the system's name, the vendor's name or the id.
    #[tracing::instrument(skip(self))]
    pub async fn visible_systems(&self, search: &str) -> StoreResult<Vec<RegisteredSystem>> {
        let mut conn = self.pool.acquire().await?;
        let all = systems(&mut conn, None, None, Some(&like_pattern(search))).await?;
        Ok(all
            .into_iter()
            .filter(|s| s.definition.offers_standard())
            .collect())
    }

    /// Registers a system or replaces its entry. The vendor is the organization the id
    /// starts with and must be known to the portal. Returns the entry and whether it is new.
    #[tracing::instrument(skip(self, actor, def), fields(system = %def.id))]
    pub async fn save_system(
        &self,
        actor: &Actor,
        def: &SystemDefinition,
        mode: SaveMode,
    ) -> Result<(RegisteredSystem, bool), VendorError> {
        let mut tx = self.pool.begin().await?;
        let vendor = def.id.vendor();
        let vendor_id = sqlx::query_scalar!(
            "SELECT id FROM organizations WHERE org_number = $1",
            vendor.as_str()
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(RegisterError::UnknownVendor)?;
        let found = sqlx::query!(
            r#"SELECT vendor_id, deleted_at IS NOT NULL AS "deleted!"
                 FROM systems WHERE id = $1 FOR UPDATE"#,
            def.id.as_str()
        )
        .fetch_optional(&mut *tx)
        .await?;
        // A deleted system's id stays taken, and the entry cannot be changed.
        let existed = found.as_ref().map(|f| f.vendor_id);
        match (&found, mode) {
            (Some(_), SaveMode::Create) => return Err(RegisterError::SystemExists.into()),
            (None, SaveMode::Update | SaveMode::UpdatePackages) => {
                return Err(RegisterError::NotFound.into());
            }
            (Some(f), _) if f.vendor_id != vendor_id || f.deleted => {
                return Err(RegisterError::NotFound.into());
            }
            _ => {}
        }
        // A row that does not exist yet cannot be locked: two creates of one id at once
        // are told apart by the primary key.
        if existed.is_none() {
            let inserted = sqlx::query!(
                "INSERT INTO systems (id, vendor_id, name_nb, name_nn, name_en)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                def.id.as_str(),
                vendor_id,
                def.name.nb,
                def.name.nn,
                def.name.en
            )
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 0 {
                return Err(RegisterError::SystemExists.into());
            }
        }
        sqlx::query!(
            "INSERT INTO systems (id, vendor_id, name_nb, name_nn, name_en,
                                  description_nb, description_nn, description_en, visible)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (id) DO UPDATE
                SET name_nb = EXCLUDED.name_nb, name_nn = EXCLUDED.name_nn,
                    name_en = EXCLUDED.name_en, description_nb = EXCLUDED.description_nb,
                    description_nn = EXCLUDED.description_nn,
                    description_en = EXCLUDED.description_en, visible = EXCLUDED.visible,
                    updated_at = now()",
            def.id.as_str(),
            vendor_id,
            def.name.nb,
            def.name.nn,
            def.name.en,
            def.description.nb,
            def.description.nn,
            def.description.en,
            def.visible
        )
        .execute(&mut *tx)
        .await?;
        let urns: Vec<String> = def.packages.iter().map(|p| p.urn().to_owned()).collect();
        sqlx::query!(
            "DELETE FROM system_packages WHERE system_id = $1 AND package_urn <> ALL($2::text[])",
            def.id.as_str(),
            &urns
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO system_packages (system_id, package_urn)
             SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
            def.id.as_str(),
            &urns
        )
        .execute(&mut *tx)
        .await?;
        let urls: Vec<String> = def
            .redirect_urls
            .iter()
            .map(|u| u.as_str().to_owned())
            .collect();
        sqlx::query!(
            "DELETE FROM system_redirect_urls WHERE system_id = $1 AND url <> ALL($2::text[])",
            def.id.as_str(),
            &urls
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "INSERT INTO system_redirect_urls (system_id, url)
             SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
            def.id.as_str(),
            &urls
        )
        .execute(&mut *tx)
        .await?;
        let created = existed.is_none();
        // How the register's change log names it (Altinn's change types).
        let change = match mode {
            _ if created => "create",
            SaveMode::UpdatePackages => "accesspackageupdate",
            _ => "update",
        };
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: if created {
                    Action::SystemRegistered
                } else {
                    Action::SystemUpdated
                },
                system_user_id: None,
                client_id: None,
                firm_id: None,
                details: json!({
                    "system_id": def.id.as_str(),
                    "vendor_org_number": vendor.as_str(),
                    "name": def.name.nb,
                    "name_nn": def.name.nn,
                    "name_en": def.name.en,
                    "description": def.description.nb,
                    "access_packages": urns,
                    "allowed_redirect_urls": urls,
                    "visible": def.visible,
                    "change": change,
                }),
            },
        )
        .await?;
        let saved = system_in(&mut tx, &def.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok((saved, created))
    }

    /// Deletes one of the vendor's systems from the register (marks it, with one audit
    /// event): no new requests, approvals or system users for it, and its id is not given
    /// out again; the system users made for it keep working. False when the vendor has no
    /// such system (or it was deleted before).
    #[tracing::instrument(skip(self, actor))]
    pub async fn delete_system(
        &self,
        actor: &Actor,
        vendor_id: Uuid,
        id: &SystemId,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let deleted = sqlx::query!(
            "UPDATE systems SET deleted_at = now(), updated_at = now()
              WHERE id = $1 AND vendor_id = $2 AND deleted_at IS NULL
             RETURNING name_nb",
            id.as_str(),
            vendor_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(system) = deleted else {
            return Ok(false);
        };
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::SystemDeleted,
                system_user_id: None,
                client_id: None,
                firm_id: None,
                details: json!({
                    "system_id": id.as_str(),
                    "vendor_org_number": id.vendor().as_str(),
                    "name": system.name_nb,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The register's own history of one of the vendor's systems, oldest first, from the
    /// audit trail: (action, when, the organization that changed it, the details).
    #[tracing::instrument(skip(self))]
    pub async fn system_changes(
        &self,
        vendor_id: Uuid,
        id: &SystemId,
    ) -> StoreResult<Option<Vec<SystemChange>>> {
        let mut conn = self.pool.acquire().await?;
        if !super::requests::owns_system(&mut conn, vendor_id, id).await? {
            return Ok(None);
        }
        let rows = sqlx::query!(
            // The actions as literals: the partial index audit_events_system_idx is for them.
            r#"SELECT e.action, e.occurred_at, o.org_number AS "changed_by?", e.details
                 FROM audit_events e
                 LEFT JOIN organizations o ON o.id = e.on_behalf_of_id
                WHERE e.action IN ('system.registered', 'system.updated', 'system.deleted')
                  AND e.details->>'system_id' = $1
                ORDER BY e.id"#,
            id.as_str()
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(Some(
            rows.into_iter()
                .filter_map(|r| {
                    Some(SystemChange {
                        action: Action::from_code(&r.action)?,
                        at: r.occurred_at,
                        changed_by: r.changed_by,
                        details: r.details,
                    })
                })
                .collect(),
        ))
    }
}

/// One change of a system in the register, as the audit trail has it.
#[derive(Debug, Clone)]
pub struct SystemChange {
    pub action: Action,
    pub at: OffsetDateTime,
    /// The vendor's organization number (a change from the command line names none).
    pub changed_by: Option<String>,
    pub details: serde_json::Value,
}
