//! The per-user write limit: how many saves (settings cards, PIN, greetings, undo) one signed-in
//! person may make per minute, whoever they save for (`PORTAL_WRITE_RATE_LIMIT_PER_MINUTE`).
//!
//! Every save costs several calls with the one service-app token Webex rate-limits; a person
//! saving in a loop must not spend everyone's budget. A save over the limit is refused before any
//! Webex call: the card says when to try again, keeps the input, and the refusal is audited.
//!
//! A `governor` GCRA per person: a burst up to the limit, then one more save every
//! `60 / limit` seconds. It runs on the portal's injectable clock, so tests move time instead of
//! sleeping.

use std::{
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use governor::{
    Quota, RateLimiter, clock::Clock as GovernorClock, middleware::NoOpMiddleware,
    state::keyed::DashMapStateStore,
};
use time::OffsetDateTime;

use crate::clock::Clock;

/// How often (in checks) people who have not saved for a while are forgotten.
const SWEEP_EVERY: u32 = 1024;

/// The portal's clock as `governor` measures it: time since the limiter was made.
#[derive(Clone)]
struct PortalClock {
    clock: Arc<dyn Clock>,
    origin: OffsetDateTime,
}

impl GovernorClock for PortalClock {
    type Instant = Duration;

    fn now(&self) -> Duration {
        // A wall clock stepped back reads as the origin: never a panic, at worst a short wait.
        Duration::try_from(self.clock.now() - self.origin).unwrap_or_default()
    }
}

/// Saves per person per minute.
pub struct WriteLimiter {
    limiter: RateLimiter<String, DashMapStateStore<String>, PortalClock, NoOpMiddleware<Duration>>,
    clock: PortalClock,
    checks: AtomicU32,
}

impl WriteLimiter {
    pub fn new(per_minute: u32, clock: Arc<dyn Clock>) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let clock = PortalClock {
            origin: clock.now(),
            clock,
        };
        WriteLimiter {
            limiter: RateLimiter::dashmap_with_clock(Quota::per_minute(per_minute), clock.clone()),
            clock,
            checks: AtomicU32::new(0),
        }
    }

    /// Counts one save by `person_id`, or says how long until they may save again.
    pub fn check(&self, person_id: &str) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&person_id.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }

    /// People the limiter currently remembers (for tests of its memory).
    pub fn len(&self) -> usize {
        self.limiter.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whole seconds to tell the user: never "0 s".
pub fn retry_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ShiftedClock;

    #[test]
    fn a_burst_up_to_the_limit_then_one_save_per_share_of_the_minute() {
        let clock = ShiftedClock::default();
        let limiter = WriteLimiter::new(20, Arc::new(clock.clone()));
        for i in 0..20 {
            assert_eq!(limiter.check("alice"), Ok(()), "save {i}");
        }
        let wait = limiter.check("alice").unwrap_err();
        assert!(
            wait <= Duration::from_secs(3) && wait > Duration::from_millis(2500),
            "{wait:?}"
        );
        assert_eq!(retry_secs(wait), 3);
        // Someone else is not affected.
        assert_eq!(limiter.check("bob"), Ok(()));
        // Three seconds later one more save fits, not two.
        clock.advance(Duration::from_secs(3));
        assert_eq!(limiter.check("alice"), Ok(()));
        assert!(limiter.check("alice").is_err());
        // A quiet minute gives the whole burst back.
        clock.advance(Duration::from_secs(60));
        for _ in 0..20 {
            assert_eq!(limiter.check("alice"), Ok(()));
        }
    }

    #[test]
    fn people_who_stopped_saving_are_forgotten() {
        let clock = ShiftedClock::default();
        let limiter = WriteLimiter::new(5, Arc::new(clock.clone()));
        for i in 0..SWEEP_EVERY - 1 {
            let _ = limiter.check(&format!("user{i}"));
        }
        assert_eq!(limiter.len(), (SWEEP_EVERY - 1) as usize);
        clock.advance(Duration::from_secs(120));
        let _ = limiter.check("late");
        assert_eq!(limiter.len(), 1);
    }
}
