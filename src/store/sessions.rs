//! Sessions kept in PostgreSQL (actix-session's `SessionStore`): the cookie carries a
//! random key, the table the state under the key's SHA-256 with an expiry that use pushes
//! forward (the idle timeout). Logging out deletes the row.
//!
//! A page view reads its session in one statement and writes nothing: reading pushes the
//! expiry forward only when it is more than `extend_every` old (a tenth of the idle
//! timeout, at most five minutes), so a session ends between the idle timeout less that and
//! the idle timeout after its last use. A change of state writes the expiry with it.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};

use super::{Store, StoreError, StoreResult};

/// The session store of the portal.
#[derive(Clone)]
pub struct PgSessionStore {
    store: Store,
    random: SystemRandom,
    /// The idle timeout, which reading a session renews.
    idle: Duration,
    /// How old a renewal may be before reading the session renews it again.
    extend_every: Duration,
}

impl PgSessionStore {
    /// A store whose sessions end `idle` after their last use.
    pub fn new(store: Store, idle: Duration) -> Self {
        Self {
            store,
            random: SystemRandom::new(),
            idle,
            extend_every: (idle / 10_i32).min(Duration::minutes(5)),
        }
    }

    fn new_key(&self) -> Result<String, anyhow::Error> {
        let mut bytes = [0u8; 32];
        self.random
            .fill(&mut bytes)
            .map_err(|_| anyhow::anyhow!("no randomness for a session key"))?;
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// A database error as the session layer takes it, classified on the way (so an outage is
/// noted, see `store::noting_outage`).
fn failed(e: sqlx::Error) -> anyhow::Error {
    StoreError::from(e).into()
}

fn hash(key: &str) -> Vec<u8> {
    digest(&SHA256, key.as_bytes()).as_ref().to_vec()
}

fn seconds(ttl: &Duration) -> f64 {
    ttl.as_seconds_f64()
}

type State = HashMap<String, String>;

impl SessionStore for PgSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        // One statement: the state, and a new expiry only when the last one is stale.
        let row = sqlx::query_scalar!(
            r#"WITH found AS (
                   SELECT key_hash, state, expires_at FROM sessions
                    WHERE key_hash = $1 AND expires_at > now()
               ), renewed AS (
                   UPDATE sessions s SET expires_at = now() + make_interval(secs => $2)
                     FROM found f
                    WHERE s.key_hash = f.key_hash
                      AND f.expires_at < now() + make_interval(secs => $2::float8 - $3::float8)
               )
               SELECT state AS "state!" FROM found"#,
            hash(key.as_ref()),
            seconds(&self.idle),
            seconds(&self.extend_every)
        )
        .fetch_optional(self.store.pool())
        .await
        .map_err(|e| LoadError::Other(failed(e)))?;
        row.map(serde_json::from_value)
            .transpose()
            .map_err(|e| LoadError::Deserialization(e.into()))
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let key = self.new_key().map_err(SaveError::Other)?;
        let json = serde_json::to_value(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        // New sessions are rare (a login, a first visit): clear out expired ones then.
        sqlx::query!("DELETE FROM sessions WHERE expires_at < now()")
            .execute(self.store.pool())
            .await
            .map_err(|e| SaveError::Other(failed(e)))?;
        sqlx::query!(
            "INSERT INTO sessions (key_hash, state, expires_at)
             VALUES ($1, $2, now() + make_interval(secs => $3))",
            hash(&key),
            json,
            seconds(ttl)
        )
        .execute(self.store.pool())
        .await
        .map_err(|e| SaveError::Other(failed(e)))?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let json =
            serde_json::to_value(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let updated = sqlx::query!(
            "UPDATE sessions SET state = $2, expires_at = now() + make_interval(secs => $3)
              WHERE key_hash = $1 AND expires_at > now()",
            hash(key.as_ref()),
            json,
            seconds(ttl)
        )
        .execute(self.store.pool())
        .await
        .map_err(|e| UpdateError::Other(failed(e)))?;
        if updated.rows_affected() == 1 {
            return Ok(key);
        }
        // The session ended meanwhile (logged out elsewhere, expired): start a new one
        // rather than bring the old key back.
        self.save(state, ttl).await.map_err(|e| match e {
            SaveError::Serialization(e) => UpdateError::Serialization(e),
            SaveError::Other(e) => UpdateError::Other(e),
        })
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        sqlx::query!(
            "UPDATE sessions SET expires_at = now() + make_interval(secs => $2)
              WHERE key_hash = $1 AND expires_at > now()",
            hash(key.as_ref()),
            seconds(ttl)
        )
        .execute(self.store.pool())
        .await
        .map_err(failed)?;
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        sqlx::query!(
            "DELETE FROM sessions WHERE key_hash = $1",
            hash(key.as_ref())
        )
        .execute(self.store.pool())
        .await
        .map_err(failed)?;
        Ok(())
    }
}

impl Store {
    /// How many sessions are stored and not expired (an index range scan).
    pub async fn active_sessions(&self) -> StoreResult<i64> {
        let n = sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!" FROM sessions WHERE expires_at > now()"#
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }
}
