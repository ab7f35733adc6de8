//! Vendor requests for a system user at a customer: created through the vendor API
//! (idempotent per system, customer and external reference while open), answered in the
//! portal by a person of the customer. Approval creates the system user in the same
//! transaction. A pending request past its expiry counts as timed out everywhere.

use serde_json::json;
use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::delegations::lock_firm;
use super::system_users::{insert_system_user, unique_name};
use super::systems::{VendorError, system_in};
use super::{Store, StoreError, StoreResult};
use crate::domain::packages::packages_from_urns;
use crate::domain::requests::{RequestDraft, RequestStatus};
use crate::domain::systems::{Localized, RegisterError, SystemId};
use crate::domain::{Action, OrgNumber, PackageSet, SystemUserKind};

/// A vendor request as both sides see it.
#[derive(Debug, Clone)]
pub struct VendorRequest {
    pub id: Uuid,
    pub kind: SystemUserKind,
    /// Seen now: a pending request past its expiry is timed out.
    pub status: RequestStatus,
    pub system_id: SystemId,
    /// The system's name and description in bokmål, nynorsk and English.
    pub system_name: Localized,
    pub system_description: Localized,
    pub vendor_id: Uuid,
    pub vendor_name: String,
    pub customer_id: Uuid,
    pub customer_org_number: OrgNumber,
    pub customer_name: String,
    pub external_ref: String,
    pub packages: PackageSet,
    pub redirect_url: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    /// The person who answered it, as named now.
    pub decided_by_name: Option<String>,
    /// Passed on to those who may answer it: when, and by whom.
    pub escalated: Option<(OffsetDateTime, String)>,
    pub system_user_id: Option<Uuid>,
}

impl VendorRequest {
    pub fn vendor_org_number_formatted(&self) -> String {
        self.system_id.vendor().formatted()
    }

    pub fn is_open(&self) -> bool {
        self.status == RequestStatus::Pending
    }
}

struct RequestRow {
    id: Uuid,
    kind: String,
    status: String,
    system_id: String,
    system_name: String,
    system_name_nn: String,
    system_name_en: String,
    system_description: String,
    system_description_nn: String,
    system_description_en: String,
    vendor_id: Uuid,
    vendor_name: String,
    customer_id: Uuid,
    customer_org_number: String,
    customer_name: String,
    external_ref: String,
    packages: Vec<String>,
    redirect_url: Option<String>,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
    decided_by_name: Option<String>,
    escalated_at: Option<OffsetDateTime>,
    escalated_by_name: Option<String>,
    system_user_id: Option<Uuid>,
}

impl RequestRow {
    fn into_request(self) -> StoreResult<VendorRequest> {
        let corrupt = |what: String| StoreError::Corrupt(format!("request {}: {what}", self.id));
        let status = RequestStatus::from_code(&self.status)
            .ok_or_else(|| corrupt(format!("status {}", self.status)))?;
        Ok(VendorRequest {
            id: self.id,
            kind: SystemUserKind::from_code(&self.kind)?,
            status,
            system_id: SystemId::parse(&self.system_id).map_err(|e| corrupt(e.detail))?,
            system_name: Localized {
                nb: self.system_name,
                nn: self.system_name_nn,
                en: self.system_name_en,
            },
            system_description: Localized {
                nb: self.system_description,
                nn: self.system_description_nn,
                en: self.system_description_en,
            },
            vendor_id: self.vendor_id,
            vendor_name: self.vendor_name,
            customer_id: self.customer_id,
            customer_org_number: OrgNumber::parse(&self.customer_org_number)
                .map_err(|e| corrupt(e.to_string()))?,
            customer_name: self.customer_name,
            external_ref: self.external_ref,
            packages: packages_from_urns(&self.packages)?,
            redirect_url: self.redirect_url,
            created_at: self.created_at,
            expires_at: self.expires_at,
            decided_at: self.decided_at,
            decided_by_name: self.decided_by_name,
            escalated: self.escalated_at.zip(self.escalated_by_name),
            system_user_id: self.system_user_id,
        })
    }
}

/// Which requests to read.
#[derive(Debug, Clone, Copy)]
enum Which<'a> {
    Id(Uuid),
    /// The newest for (system, customer org number, external reference).
    Reference(&'a str, &'a str, &'a str),
    /// The customer's pending, unexpired ones.
    PendingFor(Uuid),
    /// These, whatever their state.
    Ids(&'a [Uuid]),
}

async fn requests(conn: &mut PgConnection, which: Which<'_>) -> StoreResult<Vec<VendorRequest>> {
    let (id, reference, pending_for, ids) = match which {
        Which::Id(id) => (Some(id), None, None, None),
        Which::Reference(s, c, r) => (None, Some((s, c, r)), None, None),
        Which::PendingFor(c) => (None, None, Some(c), None),
        Which::Ids(ids) => (None, None, None, Some(ids)),
    };
    let (system, customer, external_ref) = reference.unzip3();
    let rows = sqlx::query_as!(
        RequestRow,
        r#"SELECT r.id, r.kind,
                  CASE WHEN r.status = 'pending' AND r.expires_at <= now() THEN 'timed_out'
                       ELSE r.status END AS "status!",
                  r.system_id, s.name_nb AS system_name, s.name_nn AS system_name_nn,
                  s.name_en AS system_name_en, s.description_nb AS system_description,
                  s.description_nn AS system_description_nn,
                  s.description_en AS system_description_en, s.vendor_id, v.name AS vendor_name,
                  r.customer_id, c.org_number AS customer_org_number, c.name AS customer_name,
                  r.external_ref,
                  COALESCE((SELECT array_agg(p.package_urn ORDER BY p.package_urn)
                              FROM system_user_request_packages p
                             WHERE p.request_id = r.id), '{}') AS "packages!",
                  r.redirect_url, r.created_at, r.expires_at, r.decided_at,
                  d.name AS "decided_by_name?", r.escalated_at, e.name AS "escalated_by_name?",
                  r.system_user_id
             FROM system_user_requests r
             JOIN systems s ON s.id = r.system_id
             JOIN organizations v ON v.id = s.vendor_id
             JOIN organizations c ON c.id = r.customer_id
             LEFT JOIN persons d ON d.id = r.decided_by
             LEFT JOIN persons e ON e.id = r.escalated_by
            WHERE ($1::uuid IS NULL OR r.id = $1)
              AND ($2::text IS NULL OR (r.system_id = $2 AND c.org_number = $3
                                        AND r.external_ref = $4))
              AND ($5::uuid IS NULL OR (r.customer_id = $5 AND r.status = 'pending'
                                        AND r.expires_at > now()))
              AND ($6::uuid[] IS NULL OR r.id = ANY($6))
            ORDER BY r.created_at DESC"#,
        id,
        system,
        customer,
        external_ref,
        pending_for,
        ids as Option<&[Uuid]>
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(RequestRow::into_request).collect()
}

trait Unzip3<'a> {
    fn unzip3(self) -> (Option<&'a str>, Option<&'a str>, Option<&'a str>);
}

impl<'a> Unzip3<'a> for Option<(&'a str, &'a str, &'a str)> {
    fn unzip3(self) -> (Option<&'a str>, Option<&'a str>, Option<&'a str>) {
        match self {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        }
    }
}

/// A request locked for answering: read again after the lock, so its status is current.
async fn locked_request(
    conn: &mut PgConnection,
    id: Uuid,
    customer_id: Uuid,
) -> Result<VendorRequest, VendorError> {
    sqlx::query!(
        "SELECT id FROM system_user_requests WHERE id = $1 AND customer_id = $2 FOR UPDATE",
        id,
        customer_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(RegisterError::NotFound)?;
    requests(conn, Which::Id(id))
        .await?
        .pop()
        .ok_or_else(|| RegisterError::NotFound.into())
}

/// Writes down that a pending request passed its expiry unanswered (if not written yet),
/// with its one audit event: nobody did it, time did.
async fn record_timeout(conn: &mut PgConnection, id: Uuid) -> StoreResult<()> {
    let timed_out = sqlx::query!(
        "UPDATE system_user_requests SET status = 'timed_out', decided_at = expires_at
          WHERE id = $1 AND status = 'pending' AND expires_at <= now()
          RETURNING customer_id, system_id, kind, external_ref",
        id
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(r) = timed_out {
        audit::record(
            conn,
            &Actor::automatic(),
            AuditEvent {
                action: Action::RequestTimedOut,
                system_user_id: None,
                client_id: None,
                firm_id: Some(r.customer_id),
                details: json!({
                    "request_id": id,
                    "kind": r.kind,
                    "system_id": r.system_id,
                    "external_ref": r.external_ref,
                }),
            },
        )
        .await?;
    }
    Ok(())
}

/// What `answer_request` did.
#[derive(Debug, Clone)]
pub struct Answered {
    pub request: VendorRequest,
    /// The system user approval created.
    pub system_user: Option<(Uuid, String)>,
}

impl Store {
    /// Creates a request for `vendor` (the organization the token names), or returns the
    /// open one with the same system, customer and external reference. Returns the
    /// request and whether it is new. Nothing is written when it is refused.
    #[tracing::instrument(skip(self, actor, draft))]
    pub async fn create_request(
        &self,
        actor: &Actor,
        vendor: &OrgNumber,
        kind: SystemUserKind,
        draft: &RequestDraft,
        ttl: Duration,
    ) -> Result<(VendorRequest, bool), VendorError> {
        let (system_id, customer) = draft.check_shape().map_err(RegisterError::Invalid)?;
        let mut tx = self.pool.begin().await?;
        // Another vendor's system is as unknown as one that does not exist.
        let system = system_in(&mut tx, &system_id)
            .await?
            .filter(|s| s.definition.id.vendor() == *vendor)
            .ok_or(RegisterError::UnknownSystem)?;
        let valid = draft.validate(kind, &system.definition)?;
        let customer_id = sqlx::query_scalar!(
            "SELECT id FROM organizations WHERE org_number = $1",
            customer.as_str()
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(RegisterError::UnknownCustomer)?;
        // A pending request past its expiry no longer holds the key.
        let expired = sqlx::query_scalar!(
            "SELECT id FROM system_user_requests
              WHERE system_id = $1 AND customer_id = $2 AND external_ref = $3
                AND status = 'pending' AND expires_at <= now()
              FOR UPDATE",
            valid.system_id.as_str(),
            customer_id,
            valid.external_ref
        )
        .fetch_all(&mut *tx)
        .await?;
        for id in expired {
            record_timeout(&mut tx, id).await?;
        }
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM system_users
                               WHERE owner_id = $1 AND system_id = $2 AND external_ref = $3)
                   AS "exists!""#,
            customer_id,
            valid.system_id.as_str(),
            valid.external_ref
        )
        .fetch_one(&mut *tx)
        .await?;
        if exists {
            return Err(RegisterError::SystemUserExists.into());
        }
        let inserted = sqlx::query_scalar!(
            "INSERT INTO system_user_requests
                 (system_id, customer_id, kind, external_ref, redirect_url, expires_at)
             VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
             ON CONFLICT (system_id, customer_id, external_ref) WHERE status = 'pending'
             DO NOTHING
             RETURNING id",
            valid.system_id.as_str(),
            customer_id,
            kind.code(),
            valid.external_ref,
            valid.redirect_url.as_ref().map(|u| u.as_str()),
            ttl.as_seconds_f64()
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = inserted else {
            // The same key is open: the same request again is answered with it.
            let open = requests(
                &mut tx,
                Which::Reference(
                    valid.system_id.as_str(),
                    customer.as_str(),
                    &valid.external_ref,
                ),
            )
            .await?
            .into_iter()
            .find(VendorRequest::is_open)
            .ok_or(StoreError::NotFound)?;
            let same = open.kind == kind
                && open.packages == valid.packages
                && open.redirect_url.as_deref() == valid.redirect_url.as_ref().map(|u| u.as_str());
            if !same {
                return Err(RegisterError::Conflict { existing: open.id }.into());
            }
            return Ok((open, false));
        };
        let urns: Vec<String> = valid.packages.iter().map(|p| p.urn().to_owned()).collect();
        sqlx::query!(
            "INSERT INTO system_user_request_packages
                 (request_id, kind, package_urn, client_delegable)
             SELECT $1, $2, a.urn, a.client_delegable
               FROM access_packages a WHERE a.urn = ANY($3::text[])",
            id,
            kind.code(),
            &urns
        )
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::RequestCreated,
                system_user_id: None,
                client_id: None,
                // The customer's history shows the request too.
                firm_id: Some(customer_id),
                details: json!({
                    "request_id": id,
                    "kind": kind.code(),
                    "system_id": valid.system_id.as_str(),
                    "customer_org_number": customer.as_str(),
                    "external_ref": valid.external_ref,
                    "access_packages": urns,
                }),
            },
        )
        .await?;
        let request = requests(&mut tx, Which::Id(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok((request, true))
    }

    /// One request by id, whoever it concerns (the caller checks).
    #[tracing::instrument(skip(self))]
    pub async fn vendor_request(&self, id: Uuid) -> StoreResult<Option<VendorRequest>> {
        let mut conn = self.pool.acquire().await?;
        Ok(requests(&mut conn, Which::Id(id)).await?.pop())
    }

    /// The newest request with this system, customer and external reference.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_request_by_reference(
        &self,
        system: &SystemId,
        customer: &OrgNumber,
        external_ref: &str,
    ) -> StoreResult<Option<VendorRequest>> {
        let mut conn = self.pool.acquire().await?;
        let mut all = requests(
            &mut conn,
            Which::Reference(system.as_str(), customer.as_str(), external_ref),
        )
        .await?;
        Ok(if all.is_empty() {
            None
        } else {
            Some(all.remove(0))
        })
    }

    /// Vendor requests waiting for the organization's answer, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn pending_requests(&self, customer_id: Uuid) -> StoreResult<Vec<VendorRequest>> {
        let mut conn = self.pool.acquire().await?;
        let mut all = requests(&mut conn, Which::PendingFor(customer_id)).await?;
        all.reverse();
        Ok(all)
    }

    /// Approves (creating the system user) or rejects a request to `customer_id`. Refused
    /// when it is answered already or has expired (which is then written down).
    #[tracing::instrument(skip(self, actor))]
    pub async fn answer_request(
        &self,
        actor: &Actor,
        customer_id: Uuid,
        request_id: Uuid,
        approve: bool,
    ) -> Result<Answered, VendorError> {
        let mut tx = self.pool.begin().await?;
        // The customer's system users are named and numbered one change at a time.
        lock_firm(&mut tx, customer_id).await?;
        let request = locked_request(&mut tx, request_id, customer_id).await?;
        match request.status {
            RequestStatus::Pending => {}
            RequestStatus::TimedOut => {
                record_timeout(&mut tx, request.id).await?;
                tx.commit().await?;
                return Err(RegisterError::Expired.into());
            }
            RequestStatus::Accepted | RequestStatus::Rejected => {
                return Err(RegisterError::AlreadyAnswered.into());
            }
        }
        let system_user = if approve {
            // The system as it is now: a package the vendor has since dropped is not given.
            let system = system_in(&mut tx, &request.system_id)
                .await?
                .ok_or(RegisterError::UnknownSystem)?;
            system.definition.fits(request.kind, &request.packages)?;
            let name = unique_name(&mut tx, customer_id, &request.system_name.nb).await?;
            let id = insert_system_user(
                &mut tx,
                actor.person_id,
                customer_id,
                &request.system_id,
                request.kind,
                &name,
                &request.external_ref,
                &request.packages,
            )
            .await?;
            Some((id, name))
        } else {
            None
        };
        let status = if approve { "accepted" } else { "rejected" };
        sqlx::query!(
            "UPDATE system_user_requests
                SET status = $2, decided_at = now(), decided_by = $3, system_user_id = $4
              WHERE id = $1",
            request.id,
            status,
            actor.person_id,
            system_user.as_ref().map(|(id, _)| *id)
        )
        .execute(&mut *tx)
        .await?;
        let urns: Vec<&str> = request.packages.iter().map(|p| p.urn()).collect();
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: if approve {
                    Action::RequestAccepted
                } else {
                    Action::RequestRejected
                },
                system_user_id: system_user.as_ref().map(|(id, _)| *id),
                client_id: None,
                firm_id: None,
                details: json!({
                    "request_id": request.id,
                    "kind": request.kind.code(),
                    "system_id": request.system_id.as_str(),
                    "vendor_name": request.vendor_name,
                    "system_user_name": system_user.as_ref().map(|(_, n)| n),
                    "access_packages": urns,
                }),
            },
        )
        .await?;
        let request = requests(&mut tx, Which::Id(request.id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(Answered {
            request,
            system_user,
        })
    }

    /// Passes a pending request to `customer_id` on to those who may answer it, once:
    /// true when this call did (one audit event), false when it had been passed on before.
    /// Refused when it is answered already or has expired (which is then written down).
    #[tracing::instrument(skip(self, actor))]
    pub async fn escalate_request(
        &self,
        actor: &Actor,
        customer_id: Uuid,
        request_id: Uuid,
    ) -> Result<bool, VendorError> {
        let mut tx = self.pool.begin().await?;
        let request = locked_request(&mut tx, request_id, customer_id).await?;
        match request.status {
            RequestStatus::Pending => {}
            RequestStatus::TimedOut => {
                record_timeout(&mut tx, request.id).await?;
                tx.commit().await?;
                return Err(RegisterError::Expired.into());
            }
            RequestStatus::Accepted | RequestStatus::Rejected => {
                return Err(RegisterError::AlreadyAnswered.into());
            }
        }
        let passed_on = sqlx::query_scalar!(
            "UPDATE system_user_requests SET escalated_at = now(), escalated_by = $2
              WHERE id = $1 AND escalated_at IS NULL
             RETURNING id",
            request.id,
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
                    action: Action::RequestEscalated,
                    system_user_id: None,
                    client_id: None,
                    firm_id: None,
                    details: json!({
                        "request_id": request.id,
                        "kind": request.kind.code(),
                        "system_id": request.system_id.as_str(),
                        "vendor_name": request.vendor_name,
                    }),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(passed_on)
    }

    /// A page of the vendor's requests of `kind` for its system `system`, in id order after
    /// `after`, at most `limit`; None when the system is not the vendor's.
    #[tracing::instrument(skip(self))]
    pub async fn vendor_requests_by_system(
        &self,
        vendor_id: Uuid,
        system: &SystemId,
        kind: SystemUserKind,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Option<Vec<VendorRequest>>> {
        let mut conn = self.pool.acquire().await?;
        if !owns_system(&mut conn, vendor_id, system).await? {
            return Ok(None);
        }
        let ids = sqlx::query_scalar!(
            "SELECT id FROM system_user_requests
              WHERE system_id = $1 AND kind = $2 AND ($3::uuid IS NULL OR id > $3)
              ORDER BY id LIMIT $4",
            system.as_str(),
            kind.code(),
            after,
            limit
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut page = requests(&mut conn, Which::Ids(&ids)).await?;
        page.sort_by_key(|r| r.id);
        Ok(Some(page))
    }

    /// Deletes one of the vendor's requests, whatever its state, with one audit event
    /// (the customer reads it in its history). False when there is no such request of
    /// the vendor's. A system user the request created stays.
    #[tracing::instrument(skip(self, actor))]
    pub async fn delete_vendor_request(
        &self,
        actor: &Actor,
        vendor_id: Uuid,
        id: Uuid,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await?;
        let locked = sqlx::query_scalar!(
            "SELECT r.id FROM system_user_requests r JOIN systems s ON s.id = r.system_id
              WHERE r.id = $1 AND s.vendor_id = $2
                FOR UPDATE OF r",
            id,
            vendor_id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if locked.is_none() {
            return Ok(false);
        }
        let request = requests(&mut tx, Which::Id(id))
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        sqlx::query!("DELETE FROM system_user_requests WHERE id = $1", id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            AuditEvent {
                action: Action::RequestDeleted,
                system_user_id: None,
                client_id: None,
                firm_id: Some(request.customer_id),
                details: json!({
                    "request_id": request.id,
                    "kind": request.kind.code(),
                    "system_id": request.system_id.as_str(),
                    "external_ref": request.external_ref,
                    "vendor_name": request.vendor_name,
                    "was": request.status.code(),
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// Whether `system` is in the system register and belongs to the vendor.
pub(crate) async fn owns_system(
    conn: &mut PgConnection,
    vendor_id: Uuid,
    system: &SystemId,
) -> StoreResult<bool> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM systems WHERE id = $1 AND vendor_id = $2) AS "owns!""#,
        system.as_str(),
        vendor_id
    )
    .fetch_one(conn)
    .await?)
}
