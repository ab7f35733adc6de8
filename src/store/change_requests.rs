//! Change requests: a vendor asks to change the access packages of a system user made for
//! one of its systems (`domain::change_requests`); the customer approves or rejects it in
//! the portal. Approval changes the packages and, for an agent, ends the delegations of
//! clients that no longer hold every package it then needs — set-based, one audit event
//! per client — in the same transaction, under the firm's lock.

use serde_json::json;
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::auto_add::add_automatically_to;
use super::delegations::lock_firm;
use super::systems::{VendorError, system_in};
use super::{Store, StoreError, StoreResult};
use crate::domain::change_requests::{ChangeDraft, ValidChange};
use crate::domain::packages::packages_from_urns;
use crate::domain::requests::RequestStatus;
use crate::domain::systems::{FieldError, Localized, RegisterError, SystemId};
use crate::domain::{Action, OrgNumber, PackageSet, SystemUserKind};

/// A change request as both sides see it.
#[derive(Debug, Clone)]
pub struct ChangeRequest {
    pub id: Uuid,
    /// Seen now: a pending one past its expiry is timed out.
    pub status: RequestStatus,
    pub system_user_id: Uuid,
    pub system_user_name: String,
    pub kind: SystemUserKind,
    pub external_ref: String,
    pub system_id: SystemId,
    pub system_name: Localized,
    pub vendor_id: Uuid,
    pub vendor_name: String,
    pub customer_id: Uuid,
    pub customer_org_number: OrgNumber,
    pub customer_name: String,
    /// The packages the system user holds now.
    pub current: PackageSet,
    pub required: PackageSet,
    pub unwanted: PackageSet,
    pub redirect_url: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub decided_by_name: Option<String>,
    /// Passed on to those who may answer it (*Send til tilgangsstyrer*): when, by whom.
    pub escalated: Option<(OffsetDateTime, String)>,
    /// Once approved, for an agent: delegations ended, and clients added by themselves.
    pub ended_count: Option<i32>,
    pub added_count: Option<i32>,
}

impl ChangeRequest {
    pub fn is_open(&self) -> bool {
        self.status == RequestStatus::Pending
    }

    fn change(&self) -> ValidChange {
        ValidChange {
            required: self.required.clone(),
            unwanted: self.unwanted.clone(),
            redirect_url: None,
        }
    }

    /// The packages the system user will hold once approved.
    pub fn after(&self) -> PackageSet {
        self.change().applied_to(&self.current)
    }

    /// Packages approval adds and removes, as they differ from what it holds now.
    pub fn added(&self) -> PackageSet {
        self.after().difference(&self.current).copied().collect()
    }

    pub fn removed(&self) -> PackageSet {
        self.current.difference(&self.after()).copied().collect()
    }
}

struct ChangeRow {
    id: Uuid,
    status: String,
    system_user_id: Uuid,
    system_user_name: String,
    kind: String,
    external_ref: String,
    system_id: String,
    system_name: String,
    system_name_nn: String,
    system_name_en: String,
    vendor_id: Uuid,
    vendor_name: String,
    customer_id: Uuid,
    customer_org_number: String,
    customer_name: String,
    current: Vec<String>,
    required: Vec<String>,
    unwanted: Vec<String>,
    redirect_url: Option<String>,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
    decided_by_name: Option<String>,
    escalated_at: Option<OffsetDateTime>,
    escalated_by_name: Option<String>,
    ended_count: Option<i32>,
    added_count: Option<i32>,
}

impl TryFrom<ChangeRow> for ChangeRequest {
    type Error = StoreError;

    fn try_from(r: ChangeRow) -> StoreResult<Self> {
        let corrupt =
            |what: String| StoreError::Corrupt(format!("change request {}: {what}", r.id));
        Ok(Self {
            id: r.id,
            status: RequestStatus::from_code(&r.status)
                .ok_or_else(|| corrupt(format!("status {}", r.status)))?,
            system_user_id: r.system_user_id,
            system_user_name: r.system_user_name,
            kind: SystemUserKind::from_code(&r.kind)?,
            external_ref: r.external_ref,
            system_id: SystemId::parse(&r.system_id).map_err(|e| corrupt(e.detail))?,
            system_name: Localized {
                nb: r.system_name,
                nn: r.system_name_nn,
                en: r.system_name_en,
            },
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            customer_id: r.customer_id,
            customer_org_number: OrgNumber::parse(&r.customer_org_number)
                .map_err(|e| corrupt(e.to_string()))?,
            customer_name: r.customer_name,
            current: packages_from_urns(&r.current)?,
            required: packages_from_urns(&r.required)?,
            unwanted: packages_from_urns(&r.unwanted)?,
            redirect_url: r.redirect_url,
            created_at: r.created_at,
            expires_at: r.expires_at,
            decided_at: r.decided_at,
            decided_by_name: r.decided_by_name,
            escalated: r.escalated_at.zip(r.escalated_by_name),
            ended_count: r.ended_count,
            added_count: r.added_count,
        })
    }
}

/// Change requests by id (whatever they concern; the caller checks).
async fn change_requests(conn: &mut PgConnection, ids: &[Uuid]) -> StoreResult<Vec<ChangeRequest>> {
    let rows = sqlx::query_as!(
        ChangeRow,
        r#"SELECT cr.id,
                  CASE WHEN cr.status = 'pending' AND cr.expires_at <= now() THEN 'timed_out'
                       ELSE cr.status END AS "status!",
                  su.id AS system_user_id, su.name AS system_user_name, su.kind,
                  su.external_ref, su.system_id, s.name_nb AS system_name,
                  s.name_nn AS system_name_nn, s.name_en AS system_name_en, s.vendor_id,
                  v.name AS vendor_name, su.owner_id AS customer_id,
                  c.org_number AS customer_org_number, c.name AS customer_name,
                  COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                              FROM system_user_packages p
                             WHERE p.system_user_id = su.id), '{}') AS "current!",
                  cr.required, cr.unwanted, cr.redirect_url, cr.created_at, cr.expires_at,
                  cr.decided_at, d.name AS "decided_by_name?", cr.escalated_at,
                  e.name AS "escalated_by_name?", cr.ended_count, cr.added_count
             FROM system_user_change_requests cr
             JOIN system_users su ON su.id = cr.system_user_id
             JOIN systems s ON s.id = su.system_id
             JOIN organizations v ON v.id = s.vendor_id
             JOIN organizations c ON c.id = su.owner_id
             LEFT JOIN persons d ON d.id = cr.decided_by
             LEFT JOIN persons e ON e.id = cr.escalated_by
            WHERE cr.id = ANY($1)
            ORDER BY cr.id"#,
        ids
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(ChangeRequest::try_from).collect()
}

async fn one(conn: &mut PgConnection, id: Uuid) -> StoreResult<Option<ChangeRequest>> {
    Ok(change_requests(conn, &[id]).await?.pop())
}

/// What creating a change request came to.
#[derive(Debug, Clone)]
pub enum Created {
    New(ChangeRequest),
    /// The vendor sent this correlation id before: that change request, as it is now.
    Existing(ChangeRequest),
    /// The system user already holds what was asked for: nothing is stored.
    NoChangeNeeded,
}

/// Clients of an agent whose delegations a change would end: how many, and the first few
/// by name (name, organization number as written: "315 000 009").
#[derive(Debug, Clone, Default)]
pub struct EndingPreview {
    pub total: i64,
    pub first: Vec<(String, String)>,
}

impl Store {
    /// Creates a change request with the vendor's `correlation` id for one of the vendor's
    /// system users, or returns the one it made with that id before. Nothing is stored
    /// when it is refused or changes nothing.
    #[tracing::instrument(skip(self, actor, draft))]
    pub async fn create_change_request(
        &self,
        actor: &Actor,
        vendor_id: Uuid,
        correlation: Uuid,
        system_user_id: Uuid,
        draft: &ChangeDraft,
        ttl: Duration,
    ) -> Result<Created, VendorError> {
        if correlation == system_user_id {
            return Err(RegisterError::Invalid(vec![FieldError::new(
                "correlation-id",
                "correlation-id-is-system-user-id",
                "The correlation-id must be a new id of your own, not the system user's.",
            )])
            .into());
        }
        let mut tx = self.pool.begin().await?;
        let owner = sqlx::query!(
            "SELECT su.owner_id, su.kind, su.system_id FROM system_users su
               JOIN systems s ON s.id = su.system_id
              WHERE su.id = $1 AND s.vendor_id = $2",
            system_user_id,
            vendor_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(RegisterError::NotFound)?;
        lock_firm(&mut tx, owner.owner_id).await?;
        if let Some(existing) = one(&mut tx, correlation).await? {
            if existing.vendor_id != vendor_id || existing.system_user_id != system_user_id {
                return Err(RegisterError::Conflict {
                    existing: correlation,
                }
                .into());
            }
            return Ok(Created::Existing(existing));
        }
        let system_id =
            SystemId::parse(&owner.system_id).map_err(|e| StoreError::Corrupt(e.detail))?;
        let system = system_in(&mut tx, &system_id)
            .await?
            .ok_or(RegisterError::UnknownSystem)?;
        let kind = SystemUserKind::from_code(&owner.kind).map_err(StoreError::from)?;
        let change = draft.validate(kind, &system.definition)?;
        let current = packages_from_urns(
            &sqlx::query_scalar!(
                "SELECT package_urn FROM system_user_packages WHERE system_user_id = $1",
                system_user_id
            )
            .fetch_all(&mut *tx)
            .await?,
        )
        .map_err(StoreError::from)?;
        if !change.changes(&current) {
            return Ok(Created::NoChangeNeeded);
        }
        change.check_leaves_some(&current)?;
        let open = sqlx::query_scalar!(
            "SELECT id FROM system_user_change_requests
              WHERE system_user_id = $1 AND status = 'pending' AND expires_at > now()",
            system_user_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(existing) = open {
            return Err(RegisterError::Conflict { existing }.into());
        }
        // An open one past its expiry is written down as timed out, freeing the key.
        record_timeouts(&mut tx, system_user_id).await?;
        let required: Vec<String> = change.required.iter().map(|p| p.urn().to_owned()).collect();
        let unwanted: Vec<String> = change.unwanted.iter().map(|p| p.urn().to_owned()).collect();
        sqlx::query!(
            "INSERT INTO system_user_change_requests
                 (id, system_user_id, required, unwanted, redirect_url, expires_at)
             VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))",
            correlation,
            system_user_id,
            &required,
            &unwanted,
            change.redirect_url.as_ref().map(|u| u.as_str()),
            ttl.as_seconds_f64()
        )
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::ChangeRequestCreated,
                system_user_id: Some(system_user_id),
                client_id: None,
                firm_id: Some(owner.owner_id),
                details: json!({
                    "change_request_id": correlation,
                    "system_id": system_id.as_str(),
                    "vendor_name": system.vendor_name,
                    "required": required,
                    "unwanted": unwanted,
                }),
            },
        )
        .await?;
        let created = one(&mut tx, correlation)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(Created::New(created))
    }

    /// One change request by id, whoever it concerns (the caller checks).
    #[tracing::instrument(skip(self))]
    pub async fn change_request(&self, id: Uuid) -> StoreResult<Option<ChangeRequest>> {
        let mut conn = self.pool.acquire().await?;
        one(&mut conn, id).await
    }

    /// The newest change request for the vendor's system user with this system, owner
    /// and external reference.
    #[tracing::instrument(skip(self))]
    pub async fn change_request_by_reference(
        &self,
        vendor_id: Uuid,
        system: &SystemId,
        owner: &OrgNumber,
        external_ref: &str,
    ) -> StoreResult<Option<ChangeRequest>> {
        let mut conn = self.pool.acquire().await?;
        let id = sqlx::query_scalar!(
            "SELECT cr.id FROM system_user_change_requests cr
               JOIN system_users su ON su.id = cr.system_user_id
               JOIN systems s ON s.id = su.system_id
               JOIN organizations o ON o.id = su.owner_id
              WHERE su.system_id = $1 AND s.vendor_id = $2 AND o.org_number = $3
                AND su.external_ref = $4
              ORDER BY cr.created_at DESC LIMIT 1",
            system.as_str(),
            vendor_id,
            owner.as_str(),
            external_ref
        )
        .fetch_optional(&mut *conn)
        .await?;
        match id {
            Some(id) => one(&mut conn, id).await,
            None => Ok(None),
        }
    }

    /// A page of the change requests for the vendor's system `system`, in id order after
    /// `after`, at most `limit`; None when the system is not the vendor's.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_change_requests_by_system(
        &self,
        vendor_id: Uuid,
        system: &SystemId,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Option<Vec<ChangeRequest>>> {
        let mut conn = self.pool.acquire().await?;
        if !super::requests::owns_system(&mut conn, vendor_id, system).await? {
            return Ok(None);
        }
        let ids = sqlx::query_scalar!(
            "SELECT cr.id FROM system_user_change_requests cr
               JOIN system_users su ON su.id = cr.system_user_id
              WHERE su.system_id = $1 AND ($2::uuid IS NULL OR cr.id > $2)
              ORDER BY cr.id LIMIT $3",
            system.as_str(),
            after,
            limit
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(Some(change_requests(&mut conn, &ids).await?))
    }

    /// Deletes one of the vendor's change requests, answered or not, with one audit event.
    /// False when the vendor has no such change request.
    #[tracing::instrument(skip(self, actor))]
    pub async fn delete_change_request(
        &self,
        actor: &Actor,
        vendor_id: Uuid,
        id: Uuid,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let Some(request) = one(&mut tx, id).await?.filter(|r| r.vendor_id == vendor_id) else {
            return Ok(false);
        };
        let deleted = sqlx::query!("DELETE FROM system_user_change_requests WHERE id = $1", id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Ok(false);
        }
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::ChangeRequestDeleted,
                system_user_id: Some(request.system_user_id),
                client_id: None,
                firm_id: Some(request.customer_id),
                details: json!({
                    "change_request_id": id,
                    "system_id": request.system_id.as_str(),
                    "vendor_name": request.vendor_name,
                    "was": request.status.code(),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The delegations of an agent that approving `request` would end (none for a
    /// standard system user): counted, and the first `shown` by name.
    #[tracing::instrument(skip(self, request))]
    pub async fn change_preview(
        &self,
        request: &ChangeRequest,
        shown: i64,
    ) -> StoreResult<EndingPreview> {
        if !request.kind.is_agent() {
            return Ok(EndingPreview::default());
        }
        let after: Vec<String> = request.after().iter().map(|p| p.urn().to_owned()).collect();
        let rows = sqlx::query!(
            r#"WITH need AS (
                   SELECT COALESCE(bit_or(1 << ap.bit), 0) AS mask
                     FROM access_packages ap WHERE ap.urn = ANY($2::text[])
               )
               SELECT count(*) OVER () AS "total!", o.name, o.org_number
                 FROM client_delegations d
                 JOIN organizations o ON o.id = d.client_id
                 LEFT JOIN client_packages cp
                        ON cp.firm_id = d.firm_id AND cp.client_id = d.client_id
                WHERE d.system_user_id = $1 AND d.client_id <> d.firm_id
                  AND COALESCE(cp.packages, 0) & (SELECT mask FROM need)
                      <> (SELECT mask FROM need)
                ORDER BY o.name, o.org_number
                LIMIT $3"#,
            request.system_user_id,
            &after,
            shown
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(EndingPreview {
            total: rows.first().map_or(0, |r| r.total),
            first: rows
                .into_iter()
                .map(|r| {
                    let number = OrgNumber::parse(&r.org_number)
                        .map(|n| n.formatted())
                        .unwrap_or(r.org_number);
                    (r.name, number)
                })
                .collect(),
        })
    }

    /// Approves (changing the packages, and for an agent ending the delegations of clients
    /// that no longer qualify and, when it takes new clients by itself and needs fewer
    /// packages, adding those who now do) or rejects a change request to `customer_id`.
    /// Returns the request as answered, with what approval did to the clients.
    #[tracing::instrument(skip(self, actor))]
    pub async fn answer_change_request(
        &self,
        actor: &Actor,
        customer_id: Uuid,
        id: Uuid,
        approve: bool,
    ) -> Result<ChangeRequest, VendorError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, customer_id).await?;
        let (mut tx, request) = pending_for_update(tx, customer_id, id).await?;
        let (mut ended, mut added) = (0, 0);
        if approve {
            // The system as it is now: a package the vendor has since dropped is not given.
            let system = system_in(&mut tx, &request.system_id)
                .await?
                .ok_or(RegisterError::UnknownSystem)?;
            system.definition.fits(request.kind, &request.added())?;
            let after: Vec<String> = request.after().iter().map(|p| p.urn().to_owned()).collect();
            sqlx::query!(
                "DELETE FROM system_user_packages
                  WHERE system_user_id = $1 AND package_urn <> ALL($2::text[])",
                request.system_user_id,
                &after
            )
            .execute(&mut *tx)
            .await?;
            sqlx::query!(
                "INSERT INTO system_user_packages (system_user_id, kind, package_urn, client_delegable)
                 SELECT $1, $2, a.urn, a.client_delegable
                   FROM access_packages a WHERE a.urn = ANY($3::text[])
                 ON CONFLICT DO NOTHING",
                request.system_user_id,
                request.kind.code(),
                &after
            )
            .execute(&mut *tx)
            .await?;
            if request.kind.is_agent() {
                ended = end_failing(&mut tx, actor, &request, &after).await?;
                // Needing fewer packages, the agent may now qualify for more clients.
                if !request.removed().is_empty() {
                    let before: Vec<String> =
                        request.current.iter().map(|p| p.urn().to_owned()).collect();
                    added = add_automatically_to(
                        &mut tx,
                        request.system_user_id,
                        &before,
                        json!({ "cause": "system_user_changed", "change_request_id": id }),
                    )
                    .await?;
                }
            }
        }
        let counts = (approve && request.kind.is_agent()).then_some((ended as i32, added as i32));
        sqlx::query!(
            "UPDATE system_user_change_requests
                SET status = $2, decided_at = now(), decided_by = $3,
                    ended_count = $4, added_count = $5
              WHERE id = $1",
            id,
            if approve { "accepted" } else { "rejected" },
            actor.person_id,
            counts.map(|c| c.0),
            counts.map(|c| c.1)
        )
        .execute(&mut *tx)
        .await?;
        let urns = |s: &PackageSet| s.iter().map(|p| p.urn().to_owned()).collect::<Vec<_>>();
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: if approve {
                    Action::ChangeRequestAccepted
                } else {
                    Action::ChangeRequestRejected
                },
                system_user_id: Some(request.system_user_id),
                client_id: None,
                firm_id: None,
                details: json!({
                    "change_request_id": id,
                    "system_id": request.system_id.as_str(),
                    "vendor_name": request.vendor_name,
                    "system_user_name": request.system_user_name,
                    "added": urns(&request.added()),
                    "removed": urns(&request.removed()),
                    "ended": ended,
                    "added_automatically": added,
                }),
            },
        )
        .await?;
        let answered = one(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(answered)
    }

    /// Passes a pending change request to `customer_id` on to those who may answer it,
    /// once: true when this call did (one audit event), false when it had been passed on
    /// before. Refused when it is answered already or has expired (then written down).
    #[tracing::instrument(skip(self, actor))]
    pub async fn escalate_change_request(
        &self,
        actor: &Actor,
        customer_id: Uuid,
        id: Uuid,
    ) -> Result<bool, VendorError> {
        let tx = self.pool.begin().await?;
        let (mut tx, request) = pending_for_update(tx, customer_id, id).await?;
        let passed_on = sqlx::query_scalar!(
            "UPDATE system_user_change_requests SET escalated_at = now(), escalated_by = $2
              WHERE id = $1 AND escalated_at IS NULL
             RETURNING id",
            id,
            actor.person_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if passed_on {
            audit::record(
                &mut tx,
                actor,
                AuditEvent {
                    action: Action::ChangeRequestEscalated,
                    system_user_id: Some(request.system_user_id),
                    client_id: None,
                    firm_id: None,
                    details: json!({
                        "change_request_id": id,
                        "system_id": request.system_id.as_str(),
                        "vendor_name": request.vendor_name,
                        "system_user_name": request.system_user_name,
                    }),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(passed_on)
    }
}

/// Ends the agent's delegations whose client does not hold every package in `after`, with
/// one audit event each (cause `system_user_changed`, naming what is missing), in two
/// statements whatever the number of clients.
async fn end_failing(
    conn: &mut PgConnection,
    actor: &Actor,
    request: &ChangeRequest,
    after: &[String],
) -> StoreResult<i64> {
    let r = sqlx::query!(
        r#"WITH need AS (
               SELECT COALESCE(bit_or(1 << ap.bit), 0) AS mask
                 FROM access_packages ap WHERE ap.urn = ANY($2::text[])
           ), ended AS (
               DELETE FROM client_delegations d
                WHERE d.system_user_id = $1 AND d.client_id <> d.firm_id
                  AND NOT EXISTS (SELECT 1 FROM client_packages cp
                                   WHERE cp.firm_id = d.firm_id AND cp.client_id = d.client_id
                                     AND cp.packages & (SELECT mask FROM need)
                                         = (SELECT mask FROM need))
               RETURNING d.client_id, d.firm_id
           ), audited AS (
               INSERT INTO audit_events
                   (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action,
                    system_user_id, client_id, firm_id, details)
               SELECT $3, $4, $5, $6, $7, $1, e.client_id, e.firm_id,
                      jsonb_build_object(
                          'cause', 'system_user_changed',
                          'subject', NULL,
                          'missing', ARRAY(SELECT ap.urn FROM access_packages ap
                                            WHERE ap.urn = ANY($2::text[])
                                              AND COALESCE(cp.packages, 0) & (1 << ap.bit) = 0
                                            ORDER BY ap.urn),
                          'system_user_name', $8::text,
                          'client_org_number', o.org_number,
                          'client_name', o.name)
                 FROM ended e
                 JOIN organizations o ON o.id = e.client_id
                 LEFT JOIN client_packages cp
                        ON cp.firm_id = e.firm_id AND cp.client_id = e.client_id
               RETURNING 1
           )
           SELECT (SELECT count(*) FROM ended) AS "ended!",
                  (SELECT count(*) FROM audited) AS "audited!""#,
        request.system_user_id,
        after,
        actor.kind.code(),
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        Action::ClientDelegationEnded.code(),
        request.system_user_name
    )
    .fetch_one(conn)
    .await?;
    if r.ended != r.audited {
        return Err(StoreError::Corrupt(format!(
            "{} delegations ended, {} audit events",
            r.ended, r.audited
        )));
    }
    Ok(r.ended)
}

/// Writes down that the system user's open change request passed its expiry unanswered
/// (if not written yet), with its one audit event: nobody did it, time did.
/// Change request `id` to `customer_id`, locked, once it can still be answered: one that
/// timed out is recorded as such (that much is committed) and refused, an answered one
/// refused.
async fn pending_for_update(
    mut tx: sqlx::Transaction<'static, sqlx::Postgres>,
    customer_id: Uuid,
    id: Uuid,
) -> Result<(sqlx::Transaction<'static, sqlx::Postgres>, ChangeRequest), VendorError> {
    sqlx::query_scalar!(
        "SELECT cr.id FROM system_user_change_requests cr
               JOIN system_users su ON su.id = cr.system_user_id
              WHERE cr.id = $1 AND su.owner_id = $2 FOR UPDATE OF cr",
        id,
        customer_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(RegisterError::NotFound)?;
    let request = one(&mut tx, id).await?.ok_or(RegisterError::NotFound)?;
    match request.status {
        RequestStatus::Pending => Ok((tx, request)),
        RequestStatus::TimedOut => {
            record_timeouts(&mut tx, request.system_user_id).await?;
            tx.commit().await?;
            Err(RegisterError::Expired.into())
        }
        RequestStatus::Accepted | RequestStatus::Rejected => {
            Err(RegisterError::AlreadyAnswered.into())
        }
    }
}

async fn record_timeouts(conn: &mut PgConnection, system_user_id: Uuid) -> StoreResult<()> {
    let timed_out = sqlx::query!(
        "UPDATE system_user_change_requests cr
            SET status = 'timed_out', decided_at = cr.expires_at
           FROM system_users su
          WHERE cr.system_user_id = $1 AND su.id = cr.system_user_id
            AND cr.status = 'pending' AND cr.expires_at <= now()
         RETURNING cr.id, su.owner_id",
        system_user_id
    )
    .fetch_all(&mut *conn)
    .await?;
    for r in timed_out {
        audit::record(
            conn,
            &Actor::automatic(),
            AuditEvent {
                action: Action::ChangeRequestTimedOut,
                system_user_id: Some(system_user_id),
                client_id: None,
                firm_id: Some(r.owner_id),
                details: json!({ "change_request_id": r.id }),
            },
        )
        .await?;
    }
    Ok(())
}
