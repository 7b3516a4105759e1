//! The current time, injectable: session timeouts and ID-token expiry read it through [`Clock`], so
//! tests can move time forward instead of sleeping.

use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The wall clock plus an offset that only grows when told to: time still flows, and a test can
/// jump ahead by hours. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct ShiftedClock(Arc<Mutex<Duration>>);

impl ShiftedClock {
    pub fn advance(&self, by: std::time::Duration) {
        let mut offset = self.0.lock().expect("clock lock");
        *offset += Duration::try_from(by).expect("a test duration fits");
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + *self.0.lock().expect("clock lock")
    }
}
