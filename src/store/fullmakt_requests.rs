//! Requests for fullmakt (`domain::fullmakt_requests`): the firm asks, lists and
//! withdraws; the client sees its open requests and accepts or declines. Accepting gives
//! the fullmakt and the packages and, when the firm asked for it, puts the client on the
//! firm's system access — in one transaction, under the firm's lock, with the eligibility
//! rule as it is then. Each request, answer, withdrawal and expiry writes one audit event.

use serde_json::json;
use sqlx::{Postgres, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

use super::audit::{self, Actor, AuditEvent};
use super::delegations::{AddError, add_client_in, lock_firm};
use super::fullmakt::{FullmaktError, GrantOutcome, grant_in, packages_given};
use super::parties::Organization;
use super::{Store, StoreError, StoreResult};
use crate::domain::client_changes::Refused;
use crate::domain::fullmakt_requests::FullmaktRequestStatus;
use crate::domain::{AccessPackage, Action, PackageSet};

/// A request for fullmakt, as both sides see it.
#[derive(Debug, Clone)]
pub struct FullmaktRequest {
    pub id: Uuid,
    pub firm: Organization,
    pub client: Organization,
    pub packages: Vec<AccessPackage>,
    /// The firm's system access to put the client on once granted: id and name.
    pub system_user: Option<(Uuid, String)>,
    pub message: String,
    pub status: FullmaktRequestStatus,
    pub created_at: OffsetDateTime,
    pub created_by: Option<String>,
    pub expires_at: OffsetDateTime,
    pub answered_at: Option<OffsetDateTime>,
    pub answered_by: Option<String>,
}

/// Why a request was not made, withdrawn or answered as asked. Nothing was changed
/// (but an expiry found on the way is written down).
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("an organization cannot ask itself for fullmakt")]
    ToSelf,
    #[error("an open request to this organization exists already")]
    OpenAlready(Uuid),
    #[error("the system access is not one of the firm's client system accesses")]
    NotAnAgent,
    #[error("the organization has given every package asked for already")]
    AlreadyHeld,
    #[error("the request is {0:?}, not open")]
    NotOpen(FullmaktRequestStatus),
    #[error("no such request")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

super::store_error_from_sqlx!(RequestError);

impl From<FullmaktError> for RequestError {
    fn from(e: FullmaktError) -> Self {
        match e {
            FullmaktError::ToSelf => Self::ToSelf,
            FullmaktError::Store(e) => Self::Store(e),
            other => Self::Store(StoreError::Corrupt(other.to_string())),
        }
    }
}

/// What accepting did.
#[derive(Debug, Clone, Default)]
pub struct Accepted {
    /// The packages given now (none when the firm held them all already).
    pub grant: Option<GrantOutcome>,
    /// The system access the client was put on (or was on already), by name.
    pub added_to: Option<String>,
    /// The system access the firm asked for, when the rule still does not let the client
    /// on it (it needs more than was asked), and why.
    pub not_added: Option<(String, Vec<Refused>)>,
}

/// The request's row, with the status as it stands by the database's clock.
#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    firm_id: Uuid,
    firm_number: String,
    firm_name: String,
    firm_form: String,
    client_id: Uuid,
    client_number: String,
    client_name: String,
    client_form: String,
    packages: Vec<String>,
    system_user_id: Option<Uuid>,
    system_user_name: Option<String>,
    message: String,
    status: String,
    created_at: OffsetDateTime,
    created_by: Option<String>,
    expires_at: OffsetDateTime,
    answered_at: Option<OffsetDateTime>,
    answered_by: Option<String>,
}

const SELECT: &str =
    "SELECT r.id, f.id AS firm_id, f.org_number AS firm_number, f.name AS firm_name,
            f.org_form AS firm_form, c.id AS client_id, c.org_number AS client_number,
            c.name AS client_name, c.org_form AS client_form, r.packages, r.system_user_id,
            su.name AS system_user_name, r.message,
            CASE WHEN r.status = 'pending' AND r.expires_at <= now() THEN 'expired'
                 ELSE r.status END AS status,
            r.created_at, pc.name AS created_by, r.expires_at, r.answered_at,
            pa.name AS answered_by
       FROM fullmakt_requests r
       JOIN organizations f ON f.id = r.firm_id
       JOIN organizations c ON c.id = r.client_id
       LEFT JOIN system_users su ON su.id = r.system_user_id
       LEFT JOIN persons pc ON pc.id = r.created_by
       LEFT JOIN persons pa ON pa.id = r.answered_by";

/// `SELECT` with the rest of the statement to come.
fn select() -> QueryBuilder<Postgres> {
    QueryBuilder::new(SELECT)
}

impl TryFrom<Row> for FullmaktRequest {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Self, StoreError> {
        let packages = r
            .packages
            .iter()
            .map(|u| AccessPackage::from_urn(u))
            .collect::<Result<Vec<_>, _>>()?;
        let status = FullmaktRequestStatus::from_code(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("request status {}", r.status)))?;
        Ok(Self {
            id: r.id,
            firm: Organization {
                id: r.firm_id,
                org_number: r.firm_number,
                name: r.firm_name,
                org_form: r.firm_form,
            },
            client: Organization {
                id: r.client_id,
                org_number: r.client_number,
                name: r.client_name,
                org_form: r.client_form,
            },
            packages,
            system_user: r.system_user_id.zip(r.system_user_name),
            message: r.message,
            status,
            created_at: r.created_at,
            created_by: r.created_by,
            expires_at: r.expires_at,
            answered_at: r.answered_at,
            answered_by: r.answered_by,
        })
    }
}

/// The one audit event of a request's step: both organizations, the packages, the
/// system access asked for.
async fn record_event(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    action: Action,
    r: &FullmaktRequest,
) -> StoreResult<()> {
    let urns: Vec<&str> = r.packages.iter().map(|p| p.urn()).collect();
    audit::record(
        conn,
        actor,
        AuditEvent {
            action,
            system_user_id: r.system_user.as_ref().map(|(id, _)| *id),
            client_id: Some(r.client.id),
            firm_id: Some(r.firm.id),
            details: json!({
                "request_id": r.id,
                "firm_name": r.firm.name,
                "firm_org_number": r.firm.org_number,
                "client_name": r.client.name,
                "client_org_number": r.client.org_number,
                "packages": urns,
                "system_user_name": r.system_user.as_ref().map(|(_, name)| name),
            }),
        },
    )
    .await
}

/// The request `id`, locked, with its status by the clock.
async fn locked(conn: &mut sqlx::PgConnection, id: Uuid) -> Result<FullmaktRequest, RequestError> {
    let mut qb = select();
    qb.push(" WHERE r.id = ")
        .push_bind(id)
        .push(" FOR UPDATE OF r");
    let row: Row = qb
        .build_query_as()
        .fetch_optional(conn)
        .await?
        .ok_or(RequestError::NotFound)?;
    Ok(row.try_into()?)
}

/// Writes down that `r` passed its expiry (one event, by the portal itself).
async fn mark_expired(conn: &mut sqlx::PgConnection, r: &FullmaktRequest) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE fullmakt_requests SET status = 'expired', answered_at = expires_at
          WHERE id = $1 AND status = 'pending'",
        r.id
    )
    .execute(&mut *conn)
    .await?;
    record_event(conn, &Actor::automatic(), Action::FullmaktRequestExpired, r).await
}

/// Closes the request with `status`, by the actor.
async fn close(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    r: &FullmaktRequest,
    status: FullmaktRequestStatus,
    action: Action,
) -> StoreResult<()> {
    sqlx::query!(
        "UPDATE fullmakt_requests SET status = $2, answered_at = now(), answered_by = $3
          WHERE id = $1 AND status = 'pending'",
        r.id,
        status.code(),
        actor.person_id
    )
    .execute(&mut *conn)
    .await?;
    record_event(conn, actor, action, r).await
}

/// The transaction back if `r` is open; else NotOpen, with an expiry found on the way
/// written down (and committed) first.
async fn still_open<'c>(
    mut tx: sqlx::Transaction<'c, Postgres>,
    r: &FullmaktRequest,
) -> Result<sqlx::Transaction<'c, Postgres>, RequestError> {
    match r.status {
        FullmaktRequestStatus::Pending => Ok(tx),
        FullmaktRequestStatus::Expired => {
            mark_expired(&mut tx, r).await?;
            tx.commit().await?;
            Err(RequestError::NotOpen(FullmaktRequestStatus::Expired))
        }
        other => Err(RequestError::NotOpen(other)),
    }
}

impl Store {
    /// The firm asks `client` for a fullmakt with `packages`, and to be put on the agent
    /// `system_user_id` once granted. Refused when an open request to the client exists,
    /// or when the client has given every package already (and is on the system access,
    /// if one is named). Returns the new request's id.
    #[tracing::instrument(skip(self, actor, message))]
    #[allow(clippy::too_many_arguments)]
    pub async fn ask_for_fullmakt(
        &self,
        actor: &Actor,
        firm: &Organization,
        client: &Organization,
        packages: &PackageSet,
        system_user_id: Option<Uuid>,
        message: &str,
        ttl_days: u32,
    ) -> Result<Uuid, RequestError> {
        if firm.id == client.id {
            return Err(RequestError::ToSelf);
        }
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm.id).await?;
        if let Some(su) = system_user_id {
            sqlx::query_scalar!(
                "SELECT id FROM system_users WHERE id = $1 AND owner_id = $2 AND kind = 'agent'",
                su,
                firm.id
            )
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(RequestError::NotAnAgent)?;
        }
        // An open request past its expiry is written down as expired first.
        let open: Option<Uuid> = sqlx::query_scalar!(
            "SELECT id FROM fullmakt_requests
              WHERE firm_id = $1 AND client_id = $2 AND status = 'pending'",
            firm.id,
            client.id
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(open) = open {
            let r = locked(&mut tx, open).await?;
            if r.status != FullmaktRequestStatus::Expired {
                return Err(RequestError::OpenAlready(open));
            }
            mark_expired(&mut tx, &r).await?;
        }
        let urns: Vec<String> = packages.iter().map(|p| p.urn().to_owned()).collect();
        let held = packages_given(&mut tx, client.id, firm.id).await?;
        let on_it = match system_user_id {
            Some(su) => {
                sqlx::query_scalar!(
                    r#"SELECT EXISTS (SELECT 1 FROM client_delegations
                                   WHERE system_user_id = $1 AND client_id = $2) AS "on!""#,
                    su,
                    client.id
                )
                .fetch_one(&mut *tx)
                .await?
            }
            None => true,
        };
        if on_it && urns.iter().all(|u| held.contains(u)) {
            return Err(RequestError::AlreadyHeld);
        }
        let id = sqlx::query_scalar!(
            "INSERT INTO fullmakt_requests
                 (firm_id, client_id, packages, system_user_id, message, created_by, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7))
             RETURNING id",
            firm.id,
            client.id,
            &urns,
            system_user_id,
            message,
            actor.person_id,
            ttl_days as i32
        )
        .fetch_one(&mut *tx)
        .await?;
        let r = locked(&mut tx, id).await?;
        record_event(&mut tx, actor, Action::FullmaktRequestCreated, &r).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One request, if it exists.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakt_request(&self, id: Uuid) -> StoreResult<Option<FullmaktRequest>> {
        let mut qb = select();
        qb.push(" WHERE r.id = ").push_bind(id);
        let row: Option<Row> = qb.build_query_as().fetch_optional(&self.pool).await?;
        row.map(FullmaktRequest::try_from).transpose()
    }

    /// The firm's requests, newest first, a page at a time; and how many there are.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakt_requests_of_firm(
        &self,
        firm_id: Uuid,
        page: i64,
        per_page: i64,
    ) -> StoreResult<(Vec<FullmaktRequest>, i64)> {
        let total: i64 = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM fullmakt_requests WHERE firm_id = $1"#,
            firm_id
        )
        .fetch_one(&self.pool)
        .await?;
        let mut qb = select();
        qb.push(" WHERE r.firm_id = ")
            .push_bind(firm_id)
            .push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
            .push_bind(per_page)
            .push(" OFFSET ")
            .push_bind((page.max(1) - 1) * per_page);
        let rows: Vec<Row> = qb.build_query_as().fetch_all(&self.pool).await?;
        let requests = rows
            .into_iter()
            .map(FullmaktRequest::try_from)
            .collect::<StoreResult<_>>()?;
        Ok((requests, total))
    }

    /// The firm's requests newest first, after `after` (the created time and id of the
    /// last one seen), at most `limit`: the API's pages.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakt_requests_after(
        &self,
        firm_id: Uuid,
        after: Option<(OffsetDateTime, Uuid)>,
        limit: i64,
    ) -> StoreResult<Vec<FullmaktRequest>> {
        let mut qb = select();
        qb.push(" WHERE r.firm_id = ").push_bind(firm_id);
        if let Some((at, id)) = after {
            qb.push(" AND (r.created_at, r.id) < (")
                .push_bind(at)
                .push(", ")
                .push_bind(id)
                .push(")");
        }
        qb.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ")
            .push_bind(limit);
        let rows: Vec<Row> = qb.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(FullmaktRequest::try_from).collect()
    }

    /// The open request from the firm to the client, if any (by the clock).
    #[tracing::instrument(skip(self))]
    pub async fn open_fullmakt_request(
        &self,
        firm_id: Uuid,
        client_id: Uuid,
    ) -> StoreResult<Option<FullmaktRequest>> {
        let mut qb = select();
        qb.push(" WHERE r.firm_id = ")
            .push_bind(firm_id)
            .push(" AND r.client_id = ")
            .push_bind(client_id)
            .push(" AND r.status = 'pending' AND r.expires_at > now()");
        let row: Option<Row> = qb.build_query_as().fetch_optional(&self.pool).await?;
        row.map(FullmaktRequest::try_from).transpose()
    }

    /// The open requests an organization has received, oldest first.
    #[tracing::instrument(skip(self))]
    pub async fn fullmakt_requests_to(&self, client_id: Uuid) -> StoreResult<Vec<FullmaktRequest>> {
        let mut qb = select();
        qb.push(" WHERE r.client_id = ")
            .push_bind(client_id)
            .push(" AND r.status = 'pending' AND r.expires_at > now() ORDER BY r.created_at, r.id LIMIT 100");
        let rows: Vec<Row> = qb.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(FullmaktRequest::try_from).collect()
    }

    /// The firm withdraws an open request.
    #[tracing::instrument(skip(self, actor))]
    pub async fn withdraw_fullmakt_request(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        id: Uuid,
    ) -> Result<FullmaktRequest, RequestError> {
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let r = locked(&mut tx, id).await?;
        if r.firm.id != firm_id {
            return Err(RequestError::NotFound);
        }
        let mut tx = still_open(tx, &r).await?;
        close(
            &mut tx,
            actor,
            &r,
            FullmaktRequestStatus::Withdrawn,
            Action::FullmaktRequestWithdrawn,
        )
        .await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The client answers an open request. Accepting gives the fullmakt and exactly the
    /// packages asked for (those not given already) and, when the firm asked for it, puts
    /// the client on the system access if the rule allows it now.
    #[tracing::instrument(skip(self, actor))]
    pub async fn answer_fullmakt_request(
        &self,
        actor: &Actor,
        client_id: Uuid,
        id: Uuid,
        accept: bool,
    ) -> Result<(FullmaktRequest, Accepted), RequestError> {
        let firm_id: Uuid = sqlx::query_scalar!(
            "SELECT firm_id FROM fullmakt_requests WHERE id = $1 AND client_id = $2",
            id,
            client_id
        )
        .fetch_optional(&self.pool)
        .await?
        .ok_or(RequestError::NotFound)?;
        let mut tx = self.pool.begin().await?;
        lock_firm(&mut tx, firm_id).await?;
        let r = locked(&mut tx, id).await?;
        let mut tx = still_open(tx, &r).await?;
        if !accept {
            close(
                &mut tx,
                actor,
                &r,
                FullmaktRequestStatus::Declined,
                Action::FullmaktRequestDeclined,
            )
            .await?;
            tx.commit().await?;
            return Ok((r, Accepted::default()));
        }
        close(
            &mut tx,
            actor,
            &r,
            FullmaktRequestStatus::Accepted,
            Action::FullmaktRequestAccepted,
        )
        .await?;
        let packages: PackageSet = r.packages.iter().copied().collect();
        let grant = grant_in(&mut tx, actor, &r.client, &r.firm, &packages).await?;
        let mut accepted = Accepted {
            grant: (!grant.added.is_empty()).then_some(grant),
            ..Accepted::default()
        };
        if let Some((su, name)) = &r.system_user {
            match add_client_in(&mut tx, actor, r.firm.id, *su, r.client.id).await {
                Ok(Ok(_)) => accepted.added_to = Some(name.clone()),
                Ok(Err(refused)) => accepted.not_added = Some((name.clone(), refused)),
                // No longer a system access of the firm's: the fullmakt alone.
                Err(AddError::NotFound) => {}
                Err(AddError::Store(e)) => return Err(e.into()),
                Err(e) => return Err(StoreError::Corrupt(e.to_string()).into()),
            }
        }
        tx.commit().await?;
        Ok((r, accepted))
    }
}
