//! Spacing of request starts, so that a batch never exceeds `max_requests_per_second`.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

/// Hands out start times at least `1 / rate` seconds apart, shared by every task of a batch.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// Creates a limiter for `per_second` request starts; `None` for a rate that is not a
    /// positive finite number.
    pub fn new(per_second: f64) -> Option<RateLimiter> {
        if !per_second.is_finite() || per_second <= 0.0 {
            return None;
        }
        Some(RateLimiter {
            interval: Duration::from_secs_f64(1.0 / per_second),
            next: Mutex::new(None),
        })
    }

    /// Waits until the next free start time and claims it.
    pub async fn acquire(&self) {
        let start = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let start = next.map_or(now, |slot| slot.max(now));
            *next = Some(start + self.interval);
            start
        };
        tokio::time::sleep_until(start).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unusable_rates() {
        assert!(RateLimiter::new(0.0).is_none());
        assert!(RateLimiter::new(-1.0).is_none());
        assert!(RateLimiter::new(f64::NAN).is_none());
        assert!(RateLimiter::new(2.0).is_some());
    }

    #[tokio::test]
    async fn starts_are_spaced() {
        let limiter = RateLimiter::new(50.0).unwrap();
        let begin = Instant::now();
        for _ in 0..5 {
            limiter.acquire().await;
        }
        // Five starts at 50 per second span at least four intervals of 20 ms.
        assert!(begin.elapsed() >= Duration::from_millis(80));
    }
}
