//! The append-only audit trail: every change writes one event in the same transaction.

use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use super::StoreResult;

/// Who did it and for whom; copied into every event.
#[derive(Debug, Clone)]
pub struct Actor {
    pub person_id: Option<Uuid>,
    pub person_name: Option<String>,
    pub on_behalf_of: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub action: &'a str,
    pub system_user_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub details: Value,
}

pub async fn record(
    conn: &mut PgConnection,
    actor: &Actor,
    event: AuditEvent<'_>,
) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO audit_events
             (actor_person_id, actor_name, on_behalf_of_id, action, system_user_id, client_id, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        event.action,
        event.system_user_id,
        event.client_id,
        event.details,
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// One event per client, written in one statement (a bulk add may name thousands).
pub async fn record_per_client(
    conn: &mut PgConnection,
    actor: &Actor,
    action: &str,
    system_user_id: Option<Uuid>,
    clients: &[(Uuid, Value)],
) -> StoreResult<()> {
    let ids: Vec<Uuid> = clients.iter().map(|(id, _)| *id).collect();
    let details: Vec<Value> = clients.iter().map(|(_, d)| d.clone()).collect();
    sqlx::query!(
        "INSERT INTO audit_events
             (actor_person_id, actor_name, on_behalf_of_id, action, system_user_id, client_id, details)
         SELECT $1, $2, $3, $4, $5, c.id, c.details
           FROM unnest($6::uuid[], $7::jsonb[]) AS c(id, details)",
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        action,
        system_user_id,
        &ids,
        &details,
    )
    .execute(conn)
    .await?;
    Ok(())
}
