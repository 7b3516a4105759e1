//! The portal's own budget of service-app calls, shared fairly.
//!
//! Webex rate-limits per token (FACTS §7: around 300 requests a minute), and every user's calls
//! go through the one service-app token: without a budget of its own, one user's burst would make
//! Webex answer 429 to everyone for up to a minute. So every call made with that token is admitted
//! here first ([`CallBudget::try_admit`]), before it reaches Webex:
//!
//! - at most `per_minute` calls in any 60 seconds, all classes together;
//! - an **interactive** call (someone is waiting for the page) made for a signed-in user counts
//!   against that user's share, `per_user_per_minute`, so one user's loop stops at its share and
//!   the rest of the budget stays for everyone else (sign-in and calls made for nobody in
//!   particular count only against the whole budget);
//! - a **background** call (scheduled and bulk changes) is admitted only while the calls of the
//!   last minute stay below `per_minute - interactive_reserve`: it only uses what interactive
//!   traffic leaves, and never the reserve. It is not charged to anyone's share.
//!
//! A call that is not admitted learns how long until it would be ([`Hold::wait`]); the client waits
//! that long within its cap or answers "busy" without asking Webex.
//!
//! Counting is per second over the last 61 one-second slots (the current one and the 60 before):
//! whatever 60-second window Webex counts in, it holds at most `per_minute` of our calls, and the
//! memory is bounded (61 slots in all, at most 61 per user seen in the last minute) however many
//! calls pass. `governor`'s GCRA (used for the per-user save limit) does not fit here: a full burst
//! plus a minute of refill can reach twice the budget inside one of Webex's windows, and a call
//! held back by the whole budget must not use up the user's share (one decision under one lock).

use std::{
    collections::{HashMap, VecDeque},
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use time::OffsetDateTime;

use crate::config::CallBudgetConfig;

/// Slots counted: the current second and the 60 before it.
const SLOTS: i64 = 61;
const NANOS_PER_SEC: i128 = 1_000_000_000;

/// What a call is for, which decides what part of the budget it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CallClass {
    /// Someone is waiting for the answer (pages, saves, sign-in, search).
    #[default]
    Interactive,
    /// Nobody is waiting (scheduled and bulk changes): only what interactive traffic leaves.
    Background,
}

impl CallClass {
    pub fn as_str(self) -> &'static str {
        match self {
            CallClass::Interactive => "interactive",
            CallClass::Background => "background",
        }
    }
}

/// Why a call was held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldReason {
    /// The whole budget is in use.
    Budget,
    /// The user this call is made for used their share.
    UserShare,
    /// Background work reached the interactive reserve.
    Reserve,
}

impl HoldReason {
    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::Budget => "budget",
            HoldReason::UserShare => "user_share",
            HoldReason::Reserve => "reserve",
        }
    }
}

/// A call not admitted now: why, and how long until it would be (if nothing else came first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub wait: Duration,
    pub reason: HoldReason,
}

/// The budget's use over the last minute, for `/admin` and the metrics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetUsage {
    pub per_minute: u32,
    pub per_user_per_minute: u32,
    pub interactive_reserve: u32,
    /// Calls admitted in the last minute, by class.
    pub interactive: u32,
    pub background: u32,
    /// Users with calls in the last minute, and how many of them used their whole share.
    pub users: usize,
    pub users_at_share: usize,
    /// The most calls one user made in the last minute.
    pub busiest_user: u32,
    /// Since the portal started: calls that had to wait for room, and calls answered "busy"
    /// because the wait would have been too long.
    pub held: u64,
    pub refused: u64,
    /// Since the portal started: calls admitted, by class (a rate over any period is the
    /// difference of two readings).
    pub admitted_interactive: u64,
    pub admitted_background: u64,
}

impl BudgetUsage {
    pub fn used(&self) -> u32 {
        self.interactive + self.background
    }
}

/// One second's admitted calls.
#[derive(Debug, Clone, Copy)]
struct Slot {
    second: i64,
    interactive: u32,
    background: u32,
}

/// One user's interactive calls, per second.
#[derive(Debug, Default)]
struct Share {
    slots: VecDeque<(i64, u32)>,
    total: u32,
}

impl Share {
    fn prune(&mut self, oldest_kept: i64) {
        while let Some(&(second, n)) = self.slots.front() {
            if second >= oldest_kept {
                break;
            }
            self.total -= n;
            self.slots.pop_front();
        }
    }

    fn add(&mut self, second: i64) {
        match self.slots.back_mut() {
            Some((s, n)) if *s == second => *n += 1,
            _ => self.slots.push_back((second, 1)),
        }
        self.total += 1;
    }
}

#[derive(Debug, Default)]
struct Window {
    slots: VecDeque<Slot>,
    interactive: u32,
    background: u32,
    shares: HashMap<Box<str>, Share>,
    /// When users without calls in the window were last dropped from `shares`.
    swept_at: i64,
}

impl Window {
    fn prune(&mut self, now: i64) {
        let oldest_kept = now - (SLOTS - 1);
        while let Some(slot) = self.slots.front() {
            if slot.second >= oldest_kept {
                break;
            }
            self.interactive -= slot.interactive;
            self.background -= slot.background;
            self.slots.pop_front();
        }
        if now - self.swept_at >= SLOTS {
            self.shares.retain(|_, share| {
                share.prune(oldest_kept);
                share.total > 0
            });
            self.swept_at = now;
        }
    }

    fn used(&self) -> u32 {
        self.interactive + self.background
    }

    /// The time until `calls` of the oldest admitted calls have left the window.
    fn until_left(&self, calls: u32, now_ns: i128) -> Duration {
        let mut left = 0u32;
        for slot in &self.slots {
            left = left.saturating_add(slot.interactive + slot.background);
            if left >= calls {
                return until_slot_leaves(slot.second, now_ns);
            }
        }
        // More than the window holds (a budget lowered under load): a whole window.
        Duration::from_secs(SLOTS as u64)
    }
}

/// When the slot of `second` stops being counted, from `now_ns`.
fn until_slot_leaves(second: i64, now_ns: i128) -> Duration {
    let leaves_ns = (i128::from(second) + i128::from(SLOTS)) * NANOS_PER_SEC;
    let wait = (leaves_ns - now_ns).clamp(1_000_000, i128::from(SLOTS) * NANOS_PER_SEC);
    Duration::from_nanos(wait as u64)
}

/// The budget; one per service-app token holder (the client), shared by all its clones.
#[derive(Debug)]
pub struct CallBudget {
    config: CallBudgetConfig,
    window: Mutex<Window>,
    held: AtomicU64,
    refused: AtomicU64,
    admitted_interactive: AtomicU64,
    admitted_background: AtomicU64,
}

impl CallBudget {
    pub fn new(config: CallBudgetConfig) -> Self {
        CallBudget {
            config,
            window: Mutex::new(Window::default()),
            held: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            admitted_interactive: AtomicU64::new(0),
            admitted_background: AtomicU64::new(0),
        }
    }

    pub fn config(&self) -> CallBudgetConfig {
        self.config
    }

    /// Admits one call of `class`, made for `actor` (a person id) if someone signed in asked for
    /// it, and counts it; or says why not and how long until it would be admitted.
    pub fn try_admit(
        &self,
        now: OffsetDateTime,
        class: CallClass,
        actor: Option<&str>,
    ) -> Result<(), Hold> {
        let now_ns = now.unix_timestamp_nanos();
        let second = now_ns.div_euclid(NANOS_PER_SEC) as i64;
        let cfg = self.config;
        let mut w = self.window.lock().expect("budget lock");
        w.prune(second);
        let used = w.used();
        match class {
            CallClass::Interactive => {
                if used >= cfg.per_minute {
                    return Err(Hold {
                        wait: w.until_left(used - cfg.per_minute + 1, now_ns),
                        reason: HoldReason::Budget,
                    });
                }
                if let Some(actor) = actor {
                    let oldest_kept = second - (SLOTS - 1);
                    match w.shares.get_mut(actor) {
                        Some(share) => {
                            share.prune(oldest_kept);
                            if share.total >= cfg.per_user_per_minute {
                                let oldest = share.slots.front().map_or(second, |&(s, _)| s);
                                return Err(Hold {
                                    wait: until_slot_leaves(oldest, now_ns),
                                    reason: HoldReason::UserShare,
                                });
                            }
                            share.add(second);
                        }
                        None => {
                            let mut share = Share::default();
                            share.add(second);
                            w.shares.insert(actor.into(), share);
                        }
                    }
                }
                w.interactive += 1;
                self.admitted_interactive.fetch_add(1, Ordering::Relaxed);
            }
            CallClass::Background => {
                let room = cfg.per_minute.saturating_sub(cfg.interactive_reserve);
                if used >= room {
                    return Err(Hold {
                        wait: w.until_left(used - room + 1, now_ns),
                        reason: HoldReason::Reserve,
                    });
                }
                w.background += 1;
                self.admitted_background.fetch_add(1, Ordering::Relaxed);
            }
        }
        match w.slots.back_mut() {
            Some(slot) if slot.second == second => match class {
                CallClass::Interactive => slot.interactive += 1,
                CallClass::Background => slot.background += 1,
            },
            _ => {
                let interactive = u32::from(class == CallClass::Interactive);
                w.slots.push_back(Slot {
                    second,
                    interactive,
                    background: 1 - interactive,
                });
            }
        }
        Ok(())
    }

    /// A call had to wait for room (counted once per call).
    pub fn note_held(&self) {
        self.held.fetch_add(1, Ordering::Relaxed);
    }

    /// A call was answered "busy" without reaching Webex.
    pub fn note_refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    pub fn usage(&self, now: OffsetDateTime) -> BudgetUsage {
        let second = now.unix_timestamp_nanos().div_euclid(NANOS_PER_SEC) as i64;
        let cfg = self.config;
        let mut w = self.window.lock().expect("budget lock");
        w.prune(second);
        let oldest_kept = second - (SLOTS - 1);
        let (mut users, mut at_share, mut busiest) = (0, 0, 0);
        for share in w.shares.values_mut() {
            share.prune(oldest_kept);
            if share.total > 0 {
                users += 1;
                busiest = busiest.max(share.total);
                if share.total >= cfg.per_user_per_minute {
                    at_share += 1;
                }
            }
        }
        BudgetUsage {
            per_minute: cfg.per_minute,
            per_user_per_minute: cfg.per_user_per_minute,
            interactive_reserve: cfg.interactive_reserve,
            interactive: w.interactive,
            background: w.background,
            users,
            users_at_share: at_share,
            busiest_user: busiest,
            held: self.held.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            admitted_interactive: self.admitted_interactive.load(Ordering::Relaxed),
            admitted_background: self.admitted_background.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(per_minute: u32, per_user: u32, reserve: u32) -> CallBudget {
        CallBudget::new(CallBudgetConfig {
            per_minute,
            per_user_per_minute: per_user,
            interactive_reserve: reserve,
        })
    }

    fn at(secs: f64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
            + time::Duration::seconds_f64(secs)
    }

    use CallClass::{Background, Interactive};

    #[test]
    fn no_sixty_seconds_hold_more_than_the_budget() {
        let b = budget(10, 10, 0);
        for i in 0..10 {
            assert_eq!(b.try_admit(at(0.5), Interactive, None), Ok(()), "call {i}");
        }
        let hold = b.try_admit(at(0.9), Interactive, None).unwrap_err();
        assert_eq!(hold.reason, HoldReason::Budget);
        // The first second's calls count until 61 s after it began: a 60-second window starting
        // anywhere inside it never holds more than 10.
        assert_eq!(hold.wait, Duration::from_millis(60_100));
        assert_eq!(
            b.try_admit(at(60.9), Interactive, None).unwrap_err().reason,
            HoldReason::Budget
        );
        assert_eq!(b.try_admit(at(61.0), Interactive, None), Ok(()));
        assert_eq!(b.usage(at(61.0)).used(), 1);
    }

    #[test]
    fn one_user_stops_at_their_share_and_others_go_ahead() {
        let b = budget(100, 20, 10);
        for _ in 0..20 {
            b.try_admit(at(1.0), Interactive, Some("alice")).unwrap();
        }
        let hold = b
            .try_admit(at(2.0), Interactive, Some("alice"))
            .unwrap_err();
        assert_eq!(hold.reason, HoldReason::UserShare);
        assert_eq!(hold.wait, Duration::from_secs(60));
        // Others, and calls made for nobody in particular (sign-in), are not held back.
        for _ in 0..20 {
            b.try_admit(at(2.0), Interactive, Some("bob")).unwrap();
        }
        b.try_admit(at(2.0), Interactive, None).unwrap();
        // A call held back by the share was not counted.
        let usage = b.usage(at(2.0));
        assert_eq!(
            (
                usage.interactive,
                usage.users,
                usage.users_at_share,
                usage.busiest_user
            ),
            (41, 2, 2, 20)
        );
        // A minute later Alice's share is back.
        b.try_admit(at(62.0), Interactive, Some("alice")).unwrap();
    }

    #[test]
    fn background_work_only_uses_what_interactive_leaves() {
        let b = budget(10, 10, 4);
        // Background alone stops at budget minus reserve…
        for _ in 0..6 {
            b.try_admit(at(0.0), Background, None).unwrap();
        }
        let hold = b.try_admit(at(0.0), Background, None).unwrap_err();
        assert_eq!(hold.reason, HoldReason::Reserve);
        // …and the reserve stays for interactive calls.
        for _ in 0..4 {
            b.try_admit(at(1.0), Interactive, Some("alice")).unwrap();
        }
        assert_eq!(
            b.try_admit(at(1.0), Interactive, None).unwrap_err().reason,
            HoldReason::Budget
        );
        // Interactive traffic may use it all; background waits until enough has left for it to
        // stay below budget minus reserve: here until the first second's six calls are gone.
        let b = budget(10, 10, 4);
        for _ in 0..5 {
            b.try_admit(at(0.0), Interactive, None).unwrap();
        }
        for _ in 0..5 {
            b.try_admit(at(30.0), Interactive, None).unwrap();
        }
        let hold = b.try_admit(at(30.0), Background, None).unwrap_err();
        assert_eq!(
            (hold.reason, hold.wait),
            (HoldReason::Reserve, Duration::from_secs(31))
        );
        assert_eq!(
            b.try_admit(at(61.0), Background, None),
            Ok(()),
            "5 in the window now, below 10 - 4"
        );
        // Background calls are nobody's share.
        let usage = b.usage(at(61.0));
        assert_eq!((usage.background, usage.users), (1, 0));
        // Counted since the start too, whatever has left the window.
        assert_eq!(
            (usage.admitted_interactive, usage.admitted_background),
            (10, 1)
        );
    }

    #[test]
    fn memory_stays_bounded_and_users_are_forgotten() {
        let b = budget(1_000_000, 1_000_000, 0);
        for i in 0..10_000u32 {
            let t = at(f64::from(i) * 0.05);
            b.try_admit(t, Interactive, Some(&format!("user{}", i % 500)))
                .unwrap();
        }
        {
            let w = b.window.lock().unwrap();
            assert!(w.slots.len() <= SLOTS as usize, "{}", w.slots.len());
        }
        // Long after, one call: everyone else is dropped at the next sweep.
        b.try_admit(at(2000.0), Interactive, Some("late")).unwrap();
        assert_eq!(b.window.lock().unwrap().shares.len(), 1);
        assert_eq!(b.usage(at(2000.0)).used(), 1);
    }
}
