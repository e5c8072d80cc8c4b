//! When to retry a request and how long to wait first, as the official SDKs do.
//!
//! Retried: connection failures and timeouts (decided by the transport), and responses with
//! status 408, 409, 429 or >= 500, unless the server says otherwise with `x-should-retry`.
//! The wait is the server's `retry-after-ms` / `Retry-After` when it lies in (0, 60] seconds,
//! else exponential backoff (0.5 s doubling to 8 s) scaled by a jitter of 75-100 %.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// The longest server-requested wait that is honoured; longer ones fall back to backoff.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// Exponential backoff between attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    /// The wait before the first retry.
    pub initial: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// The wait before the next retry, `retries_taken` retries in, before jitter.
    fn base_delay(&self, retries_taken: u32) -> Duration {
        self.initial
            .saturating_mul(2u32.saturating_pow(retries_taken))
            .min(self.max)
    }
}

/// Why a response should (not) be retried, from its status and headers.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").map(|value| value.as_bytes()) {
        Some(b"true") => return true,
        Some(b"false") => return false,
        _ => {}
    }
    matches!(status.as_u16(), 408 | 409 | 429 | 500..)
}

/// How long to wait before the next attempt.
///
/// `headers` are those of the failed response (`None` after a connection failure), `jitter`
/// a number in [0, 1) and `now` the current time (for HTTP-date `Retry-After` values).
pub(crate) fn retry_delay(
    backoff: &Backoff,
    retries_taken: u32,
    headers: Option<&HeaderMap>,
    now: SystemTime,
    jitter: f64,
) -> Duration {
    if let Some(delay) = headers.and_then(|headers| server_delay(headers, now)) {
        return delay;
    }
    backoff
        .base_delay(retries_taken)
        .mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

/// The wait the server asked for, if it is reasonable (more than 0, at most 60 s).
fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let seconds = if let Some(ms) = header("retry-after-ms").and_then(parse_number) {
        ms / 1000.0
    } else {
        let value = header("retry-after")?;
        match parse_number(value) {
            Some(seconds) => seconds,
            None => {
                let date = httpdate::parse_http_date(value).ok()?;
                date.duration_since(now).ok()?.as_secs_f64()
            }
        }
    };
    // NaN fails both comparisons, infinity the second.
    if seconds > 0.0 && seconds <= MAX_SERVER_DELAY.as_secs_f64() {
        Some(Duration::from_secs_f64(seconds))
    } else {
        None
    }
}

fn parse_number(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_696_004_797;

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(NOW)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (http::HeaderName::from_static(name), value.parse().unwrap()))
            .collect()
    }

    fn date(offset: i64) -> String {
        let time = if offset >= 0 {
            now() + Duration::from_secs(offset as u64)
        } else {
            now() - Duration::from_secs(offset.unsigned_abs())
        };
        httpdate::fmt_http_date(time)
    }

    /// The delay without jitter, as the SDK's test table lists it (max_retries = 3).
    fn delay(retries_taken: u32, pairs: &[(&'static str, &str)]) -> f64 {
        retry_delay(
            &Backoff::default(),
            retries_taken,
            Some(&headers(pairs)),
            now(),
            0.0,
        )
        .as_secs_f64()
    }

    #[test]
    fn honours_retry_after_like_the_python_sdk() {
        assert_eq!(delay(0, &[("retry-after", "20")]), 20.0);
        assert_eq!(delay(0, &[("retry-after", "0")]), 0.5);
        assert_eq!(delay(0, &[("retry-after", "-10")]), 0.5);
        assert_eq!(delay(0, &[("retry-after", "60")]), 60.0);
        assert_eq!(delay(0, &[("retry-after", "61")]), 0.5);
        assert_eq!(delay(0, &[("retry-after", &date(20))]), 20.0);
        assert_eq!(delay(0, &[("retry-after", &date(-10))]), 0.5);
        assert_eq!(delay(0, &[("retry-after", &date(60))]), 60.0);
        assert_eq!(delay(0, &[("retry-after", &date(61))]), 0.5);
        assert_eq!(
            delay(0, &[("retry-after", "Fri, 29 Sep 2023 16:26:57")]),
            0.5
        );
        assert_eq!(delay(0, &[("retry-after", "nan")]), 0.5);
        assert_eq!(delay(0, &[("retry-after", "inf")]), 0.5);
    }

    #[test]
    fn retry_after_ms_takes_precedence() {
        assert_eq!(
            delay(0, &[("retry-after-ms", "1500"), ("retry-after", "20")]),
            1.5
        );
        assert_eq!(delay(0, &[("retry-after-ms", "12.5")]), 0.0125);
        // Unparseable milliseconds fall through to Retry-After.
        assert_eq!(
            delay(0, &[("retry-after-ms", "soon"), ("retry-after", "3")]),
            3.0
        );
        assert_eq!(delay(0, &[("retry-after-ms", "61000")]), 0.5);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        assert_eq!(delay(0, &[]), 0.5);
        assert_eq!(delay(1, &[]), 1.0);
        assert_eq!(delay(2, &[]), 2.0);
        assert_eq!(delay(3, &[]), 4.0);
        assert_eq!(delay(4, &[]), 8.0);
        assert_eq!(delay(5, &[]), 8.0);
        assert_eq!(delay(1000, &[]), 8.0);
        assert_eq!(delay(u32::MAX, &[]), 8.0);
    }

    #[test]
    fn jitter_takes_off_at_most_a_quarter() {
        let backoff = Backoff::default();
        let low = retry_delay(&backoff, 1, None, now(), 0.999_999);
        let high = retry_delay(&backoff, 1, None, now(), 0.0);
        assert_eq!(high, Duration::from_secs(1));
        assert!(low > Duration::from_millis(750) && low < high, "{low:?}");
    }

    #[test]
    fn retries_the_statuses_the_sdks_retry() {
        let none = HeaderMap::new();
        let retried = |code: u16| should_retry(StatusCode::from_u16(code).unwrap(), &none);
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(retried(code), "{code}");
        }
        for code in [200, 301, 400, 401, 403, 404, 422] {
            assert!(!retried(code), "{code}");
        }
    }

    #[test]
    fn x_should_retry_overrides_the_status() {
        let yes = headers(&[("x-should-retry", "true")]);
        let no = headers(&[("x-should-retry", "false")]);
        let other = headers(&[("x-should-retry", "maybe")]);
        assert!(should_retry(StatusCode::BAD_REQUEST, &yes));
        assert!(!should_retry(StatusCode::SERVICE_UNAVAILABLE, &no));
        assert!(should_retry(StatusCode::SERVICE_UNAVAILABLE, &other));
        assert!(!should_retry(StatusCode::BAD_REQUEST, &other));
    }
}
