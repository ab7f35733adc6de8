//! Login attempts, rate-limited (governor, MIT/Apache-2.0): per client address, and per
//! person tried, so neither one address nor many addresses can try national ids fast.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Attempts allowed per minute from one address, and for one person.
const PER_ADDRESS: u32 = 20;
const PER_PERSON: u32 = 5;

pub struct LoginLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_person: DefaultKeyedRateLimiter<String>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            by_address: DefaultKeyedRateLimiter::keyed(per_minute(PER_ADDRESS)),
            by_person: DefaultKeyedRateLimiter::keyed(per_minute(PER_PERSON)),
        }
    }
}

impl LoginLimiter {
    /// Counts an attempt from `address` for `person` (what was typed); `Err` with how long
    /// to wait when either has tried too often.
    pub fn attempt(&self, address: Option<IpAddr>, person: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        // Forget those who have not tried for a while, so the maps stay small.
        if self.by_address.len() > 10_000 {
            self.by_address.retain_recent();
        }
        if self.by_person.len() > 10_000 {
            self.by_person.retain_recent();
        }
        if let Some(ip) = address {
            self.by_address
                .check_key(&ip)
                .map_err(|n| n.wait_time_from(now))?;
        }
        let person: String = person.chars().filter(char::is_ascii_digit).collect();
        if !person.is_empty() {
            self.by_person
                .check_key(&person)
                .map_err(|n| n.wait_time_from(now))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_gets_five_attempts_a_minute() {
        let limiter = LoginLimiter::default();
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..PER_PERSON {
            assert!(limiter.attempt(Some(ip), "038280 40110").is_ok());
        }
        let wait = limiter.attempt(Some(ip), "03828040110").unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));
        // Someone else from the same address may still try.
        assert!(limiter.attempt(Some(ip), "12817540048").is_ok());
    }

    #[test]
    fn one_address_gets_twenty_attempts_a_minute() {
        let limiter = LoginLimiter::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for i in 0..PER_ADDRESS {
            assert!(limiter.attempt(Some(ip), &format!("{i:011}")).is_ok());
        }
        assert!(limiter.attempt(Some(ip), "99999999999").is_err());
        assert!(
            limiter
                .attempt(Some("10.0.0.2".parse().unwrap()), "1")
                .is_ok()
        );
    }
}
