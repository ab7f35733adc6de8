//! Timing for the benchmarks: a request repeated, its percentiles printed.

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Runs `f` `n` times (each must answer below 400) and prints p50, p95 and max.
pub async fn time_requests(label: &str, n: usize, mut f: impl AsyncFnMut() -> u16) {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let status = f().await;
        times.push(start.elapsed());
        assert!(status < 400, "{label}: status {status}");
    }
    times.sort();
    println!(
        "{label:<48} n={n:<4} p50={:>7.1?} p95={:>7.1?} max={:>7.1?}",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );
}
