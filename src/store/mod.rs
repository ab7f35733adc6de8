//! Persistence: sqlx queries against PostgreSQL, one module per aggregate. Transactions
//! live here; the web layer never writes SQL. Where a write depends on a business rule
//! (may this client be added?), the facts are read inside the transaction and the
//! decision is made by `crate::domain`.

pub mod audit;
pub mod delegations;
pub mod fullmakt;
pub mod history;
pub mod parties;
pub mod person_roles;
pub mod register_roles;
pub mod relationships;
pub mod requests;
pub mod seed;
pub mod system_users;
pub mod systems;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub use audit::AuditEvent;

/// Errors from the store. Business refusals that the user must read are separate types
/// next to the operation that produces them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<crate::domain::UnknownCode> for StoreError {
    fn from(e: crate::domain::UnknownCode) -> Self {
        Self::Corrupt(e.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The handle every part of the app shares; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: PgPool,
}

impl Store {
    pub async fn connect(database_url: &str) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect(database_url)
            .await?;
        Ok(Self { pool })
    }

    pub fn from_pool(pool: PgPool) -> Self {
        Self { pool }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Whether the database answers (for /health/ready).
    pub async fn ping(&self) -> StoreResult<()> {
        sqlx::query_scalar!("SELECT 1 AS one")
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        sqlx::migrate!("./migrations").run(&self.pool).await
    }
}

/// One page of a longer list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// A search term made safe for ILIKE: wildcards in the user's text match themselves.
pub(crate) fn like_pattern(search: &str) -> String {
    let escaped = search
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
