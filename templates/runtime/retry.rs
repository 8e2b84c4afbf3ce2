//! Timeouts and retries: when to try again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::Method;

/// Timeouts of a client. Defaults: connect 10 s, each attempt 30 s, the whole call 120 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting, TLS included.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole answer.
    pub attempt: Duration,
    /// The whole call, every attempt and wait included.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            total: Duration::from_secs(120),
        }
    }
}

/// When and how often a failed attempt is tried again.
///
/// Retried: a connection that could not be made (the request was not sent) and the statuses
/// 429 and 503, for every method; other 5xx statuses, broken connections and attempt timeouts
/// only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE); other 4xx never.
/// The wait is exponential backoff with full jitter, or the answer's `Retry-After` (seconds or
/// an HTTP date) when it gives one, capped at `max_retry_after`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// Backoff before the first retry (before jitter).
    pub base_delay: Duration,
    /// Cap of the backoff.
    pub max_delay: Duration,
    /// Cap of a wait asked for by `Retry-After`.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, 200 ms base delay, backoff capped at 5 s, `Retry-After` at 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The backoff before retry number `retry` (1 for the first), with full jitter: a uniform
    /// draw from zero to the capped exponential delay.
    pub(crate) fn backoff(&self, retry: u32, random: u64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_delay);
        let nanos = u64::try_from(exp.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(if nanos == 0 { 0 } else { random % (nanos + 1) })
    }

    /// The wait a `Retry-After` value asks for, capped; `None` when it cannot be read.
    pub(crate) fn retry_after(&self, value: &str, now: SystemTime) -> Option<Duration> {
        let value = value.trim();
        let wait = match value.parse::<u64>() {
            Ok(secs) => Duration::from_secs(secs),
            Err(_) => httpdate::parse_http_date(value)
                .ok()?
                .duration_since(now)
                .unwrap_or(Duration::ZERO),
        };
        Some(wait.min(self.max_retry_after))
    }
}

/// Whether a method may be sent twice with the effect of once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether an answer with `status` is worth another attempt.
pub(crate) fn retry_status(status: u16, method: &Method) -> bool {
    match status {
        429 | 503 => true,
        500..=599 => is_idempotent(method),
        _ => false,
    }
}

/// A small xorshift generator for jitter; it need not be unpredictable, only spread out.
pub(crate) fn jitter_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut x = COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ u64::from(nanos);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_and_jittered() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0), Duration::ZERO);
        assert!(p.backoff(1, u64::MAX) <= Duration::from_millis(200));
        assert!(p.backoff(30, u64::MAX) <= Duration::from_secs(5));
        let spread = (0..64)
            .map(|i| p.backoff(3, jitter_seed() ^ i))
            .collect::<std::collections::HashSet<_>>();
        assert!(spread.len() > 1, "jitter spreads the waits");
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_caps() {
        let p = RetryPolicy::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(p.retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            p.retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(p.retry_after("3600", now), Some(Duration::from_secs(30)));
        assert_eq!(p.retry_after("soon", now), None);
    }

    #[test]
    fn which_answers_are_retried() {
        assert!(retry_status(429, &Method::POST));
        assert!(retry_status(503, &Method::POST));
        assert!(!retry_status(500, &Method::POST));
        assert!(retry_status(500, &Method::PUT));
        assert!(retry_status(502, &Method::GET));
        assert!(!retry_status(404, &Method::GET));
        assert!(!retry_status(400, &Method::PUT));
    }
}
