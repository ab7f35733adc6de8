//! The append-only audit trail: every change writes one event in the same transaction.

use serde_json::Value;
use sqlx::PgConnection;
use uuid::Uuid;

use super::StoreResult;
use crate::domain::{Action, ActorKind};

/// Who did it and for whom; copied into every event.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub person_id: Option<Uuid>,
    /// The person's name, or the vendor's; for the others their name in bokmål, as the
    /// trail has always named them.
    pub person_name: Option<String>,
    pub on_behalf_of: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: Action,
    pub system_user_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    /// The firm on the other side of a client relationship, when the event concerns one.
    pub firm_id: Option<Uuid>,
    pub details: Value,
}

impl Actor {
    /// A person, acting for an organization.
    pub fn person(id: Uuid, name: &str, on_behalf_of: Uuid) -> Self {
        Self {
            kind: ActorKind::Person,
            person_id: Some(id),
            person_name: Some(name.to_owned()),
            on_behalf_of: Some(on_behalf_of),
        }
    }

    /// Changes a vendor's software made through the vendor API, on its own behalf.
    pub fn vendor(vendor_id: Uuid, vendor_name: &str) -> Self {
        Self {
            kind: ActorKind::Vendor,
            person_id: None,
            person_name: Some(vendor_name.to_owned()),
            on_behalf_of: Some(vendor_id),
        }
    }

    /// Changes that happen by themselves (a request passing its expiry).
    pub fn automatic() -> Self {
        Self {
            kind: ActorKind::Automatic,
            person_id: None,
            person_name: Some("Klientdelegering (automatisk)".to_owned()),
            on_behalf_of: None,
        }
    }

    /// Changes made by an operator on the command line.
    pub fn command_line() -> Self {
        Self {
            kind: ActorKind::CommandLine,
            person_id: None,
            person_name: Some("Kommandolinjen".to_owned()),
            on_behalf_of: None,
        }
    }

    /// Changes made by an import from Enhetsregisteret, not by a person.
    pub fn register() -> Self {
        Self {
            kind: ActorKind::Register,
            person_id: None,
            person_name: Some("Enhetsregisteret".to_owned()),
            on_behalf_of: None,
        }
    }
}

pub async fn record(conn: &mut PgConnection, actor: &Actor, event: AuditEvent) -> StoreResult<()> {
    sqlx::query!(
        "INSERT INTO audit_events
             (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action, system_user_id,
              client_id, firm_id, details)
         VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8)",
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        event.action.code(),
        event.system_user_id,
        event.client_id,
        event.firm_id,
        event.details,
        actor.kind.code(),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Many events of one kind, written in one statement (a bulk add may name thousands).
/// Each entry is (system user, client, details); the firm is the same for all.
pub async fn record_many(
    conn: &mut PgConnection,
    actor: &Actor,
    action: Action,
    firm_id: Uuid,
    events: &[(Uuid, Uuid, Value)],
) -> StoreResult<()> {
    let system_users: Vec<Uuid> = events.iter().map(|(su, _, _)| *su).collect();
    let clients: Vec<Uuid> = events.iter().map(|(_, c, _)| *c).collect();
    let details: Vec<Value> = events.iter().map(|(_, _, d)| d.clone()).collect();
    sqlx::query!(
        "INSERT INTO audit_events
             (actor_kind, actor_person_id, actor_name, on_behalf_of_id, action, system_user_id,
              client_id, firm_id, details)
         SELECT $9, $1, $2, $3, $4, e.su, e.client, $5, e.details
           FROM unnest($6::uuid[], $7::uuid[], $8::jsonb[]) AS e(su, client, details)",
        actor.person_id,
        actor.person_name,
        actor.on_behalf_of,
        action.code(),
        firm_id,
        &system_users,
        &clients,
        &details,
        actor.kind.code(),
    )
    .execute(conn)
    .await?;
    Ok(())
}
