//! Login attempts, rate-limited per client address and per person tried, so neither one
//! address nor many addresses can try national ids fast. The counts live in PostgreSQL
//! (`Store::take_attempt`), so the limits hold for the whole fleet: two instances do not
//! each allow the quota.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::store::rate_limits::Limit;
use crate::store::{Store, StoreResult};

/// Attempts allowed per minute from one address, and for one person.
pub const PER_ADDRESS: Limit = Limit {
    per_period: 20,
    period: Duration::from_secs(60),
};
pub const PER_PERSON: Limit = Limit {
    per_period: 5,
    period: Duration::from_secs(60),
};

/// Every this many attempts, the keys whose time has passed are swept.
const SWEEP_EVERY: u32 = 256;

/// Which limit refused an attempt (a label of the refusals metric).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Address,
    Person,
}

impl Refusal {
    pub fn label(self) -> &'static str {
        match self {
            Self::Address => "login_address",
            Self::Person => "login_person",
        }
    }
}

#[derive(Default)]
pub struct LoginLimiter {
    attempts: AtomicU32,
}

impl LoginLimiter {
    /// Counts an attempt from `address` for `person` (what was typed, digits only count);
    /// `Err` with the limit and how long to wait when either has tried too often.
    pub async fn attempt(
        &self,
        store: &Store,
        address: Option<IpAddr>,
        person: &str,
    ) -> StoreResult<Result<(), (Refusal, Duration)>> {
        if self.attempts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            store.sweep_attempts().await?;
        }
        if let Some(ip) = address
            && let Err(wait) = store
                .take_attempt(&format!("address:{ip}"), PER_ADDRESS)
                .await?
        {
            return Ok(Err((Refusal::Address, wait)));
        }
        let person: String = person.chars().filter(char::is_ascii_digit).collect();
        if !person.is_empty()
            && let Err(wait) = store
                .take_attempt(&format!("person:{person}"), PER_PERSON)
                .await?
        {
            return Ok(Err((Refusal::Person, wait)));
        }
        Ok(Ok(()))
    }
}

/// Takes a login attempt for the handlers: `Err(wait)` when a limit refuses it (counted
/// in the metrics, logged).
pub async fn limited(
    state: &super::AppState,
    address: Option<IpAddr>,
    person: &str,
) -> super::WebResult<Result<(), Duration>> {
    match state
        .login_limiter
        .attempt(&state.store, address, person)
        .await?
    {
        Ok(()) => Ok(Ok(())),
        Err((refusal, wait)) => {
            state.metrics.refused(refusal);
            Ok(Err(wait))
        }
    }
}
