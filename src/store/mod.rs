//! Persistence: sqlx queries against PostgreSQL, one module per aggregate. Transactions
//! live here; the web layer never writes SQL. Where a write depends on a business rule
//! (may this client be added?), the facts are read inside the transaction and the
//! decision is made by `crate::domain`.

pub mod audit;
pub mod auto_add;
pub mod change_requests;
pub mod client_list;
pub mod delegations;
pub mod fullmakt;
pub mod fullmakt_requests;
pub mod history;
pub mod parties;
pub mod person_roles;
pub mod rate_limits;
pub mod register_roles;
pub mod relationships;
pub mod requests;
pub mod seed;
pub mod seed_scale;
pub mod sessions;
pub mod system_users;
pub mod systems;

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool};

pub use audit::AuditEvent;

/// Errors from the store. Business refusals that the user must read are separate types
/// next to the operation that produces them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// The database cannot be reached now: it is down, restarting, or every connection is
    /// busy for longer than [`ACQUIRE_TIMEOUT`]. The change (if any) was not committed,
    /// except in the rare case where the connection broke during the commit itself.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// Text the database cannot store (NUL, SQLSTATE 22021) reached a query: bad input,
    /// not a bug. The portal checks free text where it reads it; this is the net below.
    #[error("the text holds a character the database cannot store")]
    Unstorable,
    #[error(transparent)]
    Database(sqlx::Error),
}

impl StoreError {
    /// The database cannot be reached now: "try again in a moment" (503), not a bug (500).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if means_unavailable(&e) {
            note_outage(&e);
            Self::Unavailable(Box::new(e))
        } else if e
            .as_database_error()
            .and_then(|d| d.code())
            .is_some_and(|c| c == "22021")
        {
            Self::Unstorable
        } else {
            Self::Database(e)
        }
    }
}

/// `?` on a query inside an operation whose error type wraps [`StoreError`] as
/// `Store(StoreError)`: the query's error goes through [`StoreError::from`] (which tells an
/// outage from a bug) on its way.
macro_rules! store_error_from_sqlx {
    ($error:ty) => {
        impl From<sqlx::Error> for $error {
            fn from(e: sqlx::Error) -> Self {
                Self::Store(e.into())
            }
        }
    };
}
pub(crate) use store_error_from_sqlx;

tokio::task_local! {
    /// Within [`noting_outage`]: what the first store call that found the database
    /// unavailable was told.
    static OUTAGE: RefCell<Option<String>>;
}

/// When a store call last found the database unavailable, in milliseconds since the Unix
/// epoch (0: not since the process started). Shared by every pool of the process.
static LAST_UNAVAILABLE_MS: AtomicU64 = AtomicU64::new(0);

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Whether the database was found unavailable within `within`.
fn unavailable_within(within: Duration) -> bool {
    let last = LAST_UNAVAILABLE_MS.load(Ordering::Relaxed);
    last != 0 && now_ms().saturating_sub(last) < within.as_millis() as u64
}

/// How many store calls found the database unavailable since the process started.
static UNAVAILABLE_COUNT: AtomicU64 = AtomicU64::new(0);

/// How many store calls found the database unavailable since the process started (a pool
/// wait that timed out, a refused or broken connection): for the metrics.
pub fn unavailable_count() -> u64 {
    UNAVAILABLE_COUNT.load(Ordering::Relaxed)
}

fn note_outage(e: &sqlx::Error) {
    UNAVAILABLE_COUNT.fetch_add(1, Ordering::Relaxed);
    LAST_UNAVAILABLE_MS.store(now_ms(), Ordering::Relaxed);
    let _ = OUTAGE.try_with(|seen| {
        seen.borrow_mut().get_or_insert_with(|| e.to_string());
    });
}

/// Runs `f` and tells whether a store call inside it found the database unavailable (and
/// what it was told), even when that error did not come back as a `StoreError`: the
/// session layer, say, answers a failure of its store with an opaque 500 of its own.
pub async fn noting_outage<F: Future>(f: F) -> (F::Output, Option<String>) {
    OUTAGE
        .scope(RefCell::new(None), async move {
            let out = f.await;
            (out, OUTAGE.with(|seen| seen.borrow_mut().take()))
        })
        .await
}

/// Whether an error says the database cannot be reached now, rather than that a query or
/// the data is wrong: worth a "try again in a moment", not a bug report.
fn means_unavailable(e: &sqlx::Error) -> bool {
    match e {
        // The pool gives up after ACQUIRE_TIMEOUT; while the server refuses connections or
        // says it is starting or shutting down, sqlx retries until then.
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => true,
        // The socket broke: refused, reset, closed in the middle of a query.
        sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| unavailable_sqlstate(&c)),
        _ => false,
    }
}

/// SQLSTATEs that mean "the server is going away or not there yet": connection exceptions
/// (class 08), admin/crash shutdown and "cannot connect now" (starting up or shutting
/// down), and too many connections.
fn unavailable_sqlstate(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300")
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

/// How long a request waits for a database connection before it is answered with "try
/// again" (503). Short, so that a request does not hang while the database is down.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// How long [`Store::connect`] waits for a database that is not up yet (starting together
/// with the portal, say).
const STARTUP_PATIENCE: Duration = Duration::from_secs(15);

/// A connection idle this long is tested before use: the database may have restarted
/// meanwhile. A busy pool's connections are never idle this long, so it tests none.
const TEST_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// For this long after a store call found the database unavailable, every connection is
/// tested before use, so that those that died with it are replaced, not handed out.
const TEST_AFTER_OUTAGE: Duration = Duration::from_secs(60);

impl Store {
    /// A pool that heals itself: after a database restart the idle connections are dead,
    /// so a connection is tested before use (and replaced when it fails) when it has been
    /// idle, or when the database was found unavailable lately. Testing every connection
    /// on every use, sqlx's default, doubled the round trips of every query. Waits up to
    /// STARTUP_PATIENCE for a database that is not answering yet; other errors (a wrong
    /// password, an unknown database) are returned at once.
    pub async fn connect(database_url: &str) -> Result<Self, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= TEST_IF_IDLE_FOR || unavailable_within(TEST_AFTER_OUTAGE) {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .idle_timeout(Duration::from_secs(60))
            .connect_lazy(database_url)?;
        let deadline = std::time::Instant::now() + STARTUP_PATIENCE;
        loop {
            match pool.acquire().await {
                Ok(_) => return Ok(Self { pool }),
                Err(e) if means_unavailable(&e) && std::time::Instant::now() < deadline => {
                    tracing::warn!(error = %e, "waiting for the database");
                }
                Err(e) => return Err(e),
            }
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Whether the database answers (for /health/ready; the caller bounds the wait).
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
    /// No items: the answer to a search that was not run.
    pub fn empty() -> Self {
        Self {
            items: Vec::new(),
            total: 0,
            page: 1,
            per_page: 1,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_unavailable_not_a_failure() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        let eof = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(refused),
            sqlx::Error::Io(reset),
            sqlx::Error::Io(eof),
        ] {
            assert!(matches!(StoreError::from(e), StoreError::Unavailable(_)));
        }
        for e in [
            sqlx::Error::RowNotFound,
            sqlx::Error::Protocol("garbage".into()),
            sqlx::Error::ColumnNotFound("x".into()),
        ] {
            assert!(matches!(StoreError::from(e), StoreError::Database(_)));
        }
    }

    #[tokio::test]
    async fn an_outage_is_noted_where_it_is_watched() {
        let (e, seen) = noting_outage(async { StoreError::from(sqlx::Error::PoolTimedOut) }).await;
        assert!(e.is_unavailable());
        assert_eq!(
            seen.as_deref(),
            Some("pool timed out while waiting for an open connection")
        );
        let (_, seen) = noting_outage(async { StoreError::from(sqlx::Error::RowNotFound) }).await;
        assert_eq!(seen, None);
        // Outside a watched future nothing is noted, and nothing fails.
        assert!(StoreError::from(sqlx::Error::PoolClosed).is_unavailable());
    }

    #[test]
    fn shutdown_and_startup_states_are_unavailable() {
        for code in ["08006", "08001", "57P01", "57P02", "57P03", "53300"] {
            assert!(unavailable_sqlstate(code), "{code}");
        }
        // Unique and foreign-key violations, serialization failures, syntax errors.
        for code in ["23505", "23503", "40001", "42601", "57014"] {
            assert!(!unavailable_sqlstate(code), "{code}");
        }
    }
}
