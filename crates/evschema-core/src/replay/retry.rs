//! When a failed delivery is tried again, and after how long: exponential backoff with
//! jitter on connection errors, timeouts, 429 and 5xx (a `Retry-After` is honoured); any
//! other status is final.

use std::time::Duration;

/// What one attempt's answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 2xx: delivered.
    Delivered,
    /// Worth another attempt (connection error, timeout, 408, 429, 5xx).
    Retry,
    /// Final: the target refused this event (other 4xx, 3xx, 1xx).
    Refused,
}

/// Classifies an HTTP status.
pub fn classify(status: u16) -> Class {
    match status {
        200..=299 => Class::Delivered,
        408 | 429 | 500..=599 => Class::Retry,
        _ => Class::Refused,
    }
}

/// How often and how long to wait between attempts of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first (`--retries`).
    pub retries: u32,
    /// The first delay before jitter; doubled each retry.
    pub base: Duration,
    /// No computed delay is longer.
    pub max: Duration,
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            retries: 5,
            base: Duration::from_millis(200),
            max: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Whether attempt number `attempt` (1 = the first) may be followed by another.
    pub fn may_retry(&self, attempt: u32) -> bool {
        attempt <= self.retries
    }

    /// The wait after failed attempt `attempt` (from 1). `retry_after` is the target's
    /// `Retry-After`, used as given (capped); otherwise "equal jitter": half of
    /// `base * 2^(attempt-1)` (capped at `max`) plus a random part of the other half, so
    /// that many workers that failed together do not come back together. `random` is any
    /// random number.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, random: u64) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_retry_after);
        }
        let shift = attempt.saturating_sub(1).min(30);
        let exp = self
            .base
            .checked_mul(1u32 << shift)
            .unwrap_or(self.max)
            .min(self.max);
        let half = exp / 2;
        let spread = half.as_nanos().max(1) as u64;
        half + Duration::from_nanos(random % spread)
    }
}

/// Parses a `Retry-After` value: delay seconds, or an HTTP date (`now` in seconds since the
/// epoch). A date in the past means no wait.
pub fn parse_retry_after(value: &str, now: i64) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = super::time::parse_http_date(v)?;
    Some(Duration::from_secs(u64::try_from(at - now).unwrap_or(0)))
}

/// A small xorshift generator for jitter (no need for cryptographic randomness).
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        Jitter(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(classify(200), Class::Delivered);
        assert_eq!(classify(204), Class::Delivered);
        for s in [408, 429, 500, 502, 503, 504] {
            assert_eq!(classify(s), Class::Retry, "{s}");
        }
        for s in [301, 400, 401, 403, 404, 409, 410, 422] {
            assert_eq!(classify(s), Class::Refused, "{s}");
        }
    }

    #[test]
    fn backoff_doubles_with_bounded_jitter_and_a_cap() {
        let p = RetryPolicy {
            retries: 3,
            base: Duration::from_millis(100),
            max: Duration::from_millis(700),
            max_retry_after: Duration::from_secs(5),
        };
        let mut j = Jitter::new(42);
        for attempt in 1..=6u32 {
            let exp = (100u64 << (attempt - 1)).min(700);
            for _ in 0..200 {
                let d = p.delay(attempt, None, j.next_u64()).as_millis() as u64;
                assert!(d >= exp / 2 && d < exp, "attempt {attempt}: {d} ms");
            }
        }
        // jitter spreads the waits
        let waits: std::collections::BTreeSet<_> =
            (0..50).map(|_| p.delay(2, None, j.next_u64())).collect();
        assert!(waits.len() > 10);
        assert!(p.may_retry(3) && !p.may_retry(4));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2)), 7),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600)), 7),
            Duration::from_secs(5)
        );
        assert!(p.delay(u32::MAX, None, 1) <= Duration::from_millis(700));
    }

    #[test]
    fn retry_after_seconds_or_date() {
        assert_eq!(parse_retry_after(" 3 ", 0), Some(Duration::from_secs(3)));
        let now = 784_111_777;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:17 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
