//! Rate limits shared by every instance: one row per key in `login_rate_limits` with its
//! theoretical arrival time (GCRA). One statement takes an attempt or refuses it, so two
//! instances counting the same key at once cannot both take the last one.

use std::time::Duration;

use super::{Store, StoreResult};

/// A limit: `per_period` attempts in `period`, all of them at once if need be.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub per_period: u32,
    pub period: Duration,
}

impl Limit {
    /// How far one attempt moves a key's time on.
    fn share(self) -> f64 {
        self.period.as_secs_f64() / f64::from(self.per_period.max(1))
    }
}

impl Store {
    /// Takes one attempt from `key`'s allowance: `Ok(())`, or `Err` with how long to wait
    /// until the next attempt is allowed (nothing is taken then).
    pub async fn take_attempt(&self, key: &str, limit: Limit) -> StoreResult<Result<(), Duration>> {
        let period = limit.period.as_secs_f64();
        let row = sqlx::query!(
            r#"WITH taken AS (
                   INSERT INTO login_rate_limits AS l (key, tat)
                   VALUES ($1, now() + make_interval(secs => $2))
                   ON CONFLICT (key) DO UPDATE
                      SET tat = greatest(l.tat, now()) + make_interval(secs => $2)
                    WHERE greatest(l.tat, now()) + make_interval(secs => $2)
                          <= now() + make_interval(secs => $3)
                   RETURNING 1 AS one
               )
               SELECT EXISTS (SELECT 1 FROM taken) AS "taken!",
                      (SELECT extract(epoch FROM tat - now())::float8
                         FROM login_rate_limits WHERE key = $1) AS ahead"#,
            key,
            limit.share(),
            period,
        )
        .fetch_one(&self.pool)
        .await?;
        if row.taken {
            return Ok(Ok(()));
        }
        // Refused: the next attempt fits once the key's time is less than a period ahead.
        let wait = row.ahead.unwrap_or(period) + limit.share() - period;
        Ok(Err(Duration::from_secs_f64(wait.clamp(1.0, period))))
    }

    /// Forgets the keys whose time has passed (they allow a full period's attempts, as
    /// no row does).
    pub async fn sweep_attempts(&self) -> StoreResult<u64> {
        let done = sqlx::query!("DELETE FROM login_rate_limits WHERE tat < now()")
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
