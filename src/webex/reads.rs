//! Reads of a person's settings (and the org's PIN rules) shared between the requests of one page
//! load.
//!
//! A page loads its cards and its summary at once, and they read the same settings (forwarding,
//! voicemail, DND, feature access). [`SharedReads`] lets a *display* read join an identical read
//! already in flight (single flight), or reuse one that finished within its window: a few seconds
//! for settings, longer for feature access (`PORTAL_FEATURE_ACCESS_CACHE_SECS`).
//!
//! Fresh reads (what saves use: conflict detection and authorization are never stale) always go
//! to Webex, and their answer replaces what is kept, so the next display shows it. Any write to a
//! setting's URL (or below it, e.g. a voicemail action) drops what is kept for that URL, so a
//! display read after a save never shows the value from before it.

use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex},
    time::Duration,
};

use time::OffsetDateTime;
use tokio::sync::OnceCell;
use url::Url;

use super::error::WebexError;

/// Sweep finished entries once the map holds this many (and then at twice the size left).
const SWEEP_AT_LEAST: usize = 1024;

/// At most this many entries are kept (about 3 KB each): when more people than this were read
/// within their windows (10,000 sign-ins in a minute, say), the oldest go first, so memory stays
/// bounded and only the reuse is lost.
const KEEP_AT_MOST: usize = 4096;

/// A read still unanswered after this long was abandoned (its requests were cancelled).
const ABANDONED_AFTER: Duration = Duration::from_secs(300);

type Answer<T> = (OffsetDateTime, Result<Arc<T>, WebexError>);

/// One read: in flight while the cell is empty; then when it finished and what it returned.
struct Slot<T> {
    cell: OnceCell<Answer<T>>,
    ttl: Duration,
    started: OffsetDateTime,
}

pub(super) struct SharedReads<T> {
    inner: Mutex<State<T>>,
}

struct State<T> {
    slots: HashMap<String, Arc<Slot<T>>>,
    sweep_at: usize,
}

impl<T> Default for SharedReads<T> {
    fn default() -> Self {
        SharedReads {
            inner: Mutex::new(State {
                slots: HashMap::new(),
                sweep_at: SWEEP_AT_LEAST,
            }),
        }
    }
}

impl<T: Send + Sync + 'static> SharedReads<T> {
    /// The answer for `url`: with `share`, a read in flight or one that finished less than `ttl`
    /// ago (successful only); otherwise (or when there is none) `fetch`'s, which is then kept for
    /// later display reads.
    pub(super) async fn read<F, Fut>(
        &self,
        url: &Url,
        ttl: Duration,
        share: bool,
        now: impl Fn() -> OffsetDateTime,
        fetch: F,
    ) -> Result<Arc<T>, WebexError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, WebexError>>,
    {
        let slot = {
            let mut state = self.inner.lock().expect("shared-reads lock");
            let key = url.as_str();
            let reusable = share
                && state
                    .slots
                    .get(key)
                    .is_some_and(|slot| match slot.cell.get() {
                        None => true,
                        Some((at, Ok(_))) => now() - *at < slot.ttl,
                        Some((_, Err(_))) => false,
                    });
            if reusable {
                state.slots[key].clone()
            } else {
                let slot = Arc::new(Slot {
                    cell: OnceCell::new(),
                    ttl,
                    started: now(),
                });
                state.slots.insert(key.to_owned(), slot.clone());
                state.sweep(&now);
                slot
            }
        };
        // If the request that started the read goes away, a waiter takes it over (OnceCell).
        let (_, answer) = slot
            .cell
            .get_or_init(|| async { (now(), fetch().await.map(Arc::new)) })
            .await;
        answer.clone()
    }

    /// Forgets what is kept for `written` and every URL above it (`…/voicemail` for
    /// `…/voicemail/actions/resetPin/invoke`), with any query: a write makes them stale.
    pub(super) fn forget(&self, written: &Url) {
        let mut state = self.inner.lock().expect("shared-reads lock");
        if state.slots.is_empty() {
            return;
        }
        state.slots.remove(written.as_str());
        let mut key = path_of(written.as_str()).to_owned();
        let mut stale = vec![key.clone()];
        while let Some(i) = key.rfind('/') {
            if key[..i].ends_with('/') {
                break; // reached `scheme://host`
            }
            key.truncate(i);
            stale.push(key.clone());
        }
        // Reads of those paths with a query are stale too (the queue agent's `?max=&start=`).
        state
            .slots
            .retain(|kept, _| !stale.iter().any(|s| s == path_of(kept)));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().unwrap().slots.len()
    }
}

/// A URL's text without its query.
fn path_of(url: &str) -> &str {
    url.split('?').next().unwrap_or_default()
}

impl<T> State<T> {
    /// Drops finished entries past their window once the map has grown, so memory follows the
    /// people active lately, not everyone ever seen.
    fn sweep(&mut self, now: &impl Fn() -> OffsetDateTime) {
        if self.slots.len() < self.sweep_at {
            return;
        }
        let now = now();
        self.slots.retain(|_, slot| match slot.cell.get() {
            // In flight, unless everyone waiting for it went away long ago.
            None => now - slot.started < ABANDONED_AFTER,
            Some((at, Ok(_))) => now - *at < slot.ttl,
            Some((_, Err(_))) => false,
        });
        if self.slots.len() >= KEEP_AT_MOST {
            // Keep the newer half (by when each read started or finished); readers already
            // holding a dropped entry still get its answer.
            let mut ages: Vec<OffsetDateTime> = self.slots.values().map(|s| s.latest()).collect();
            let (_, cutoff, _) = ages.select_nth_unstable(self.slots.len() / 2);
            let cutoff = *cutoff;
            self.slots.retain(|_, slot| slot.latest() > cutoff);
        }
        self.sweep_at = (self.slots.len() * 2).clamp(SWEEP_AT_LEAST, KEEP_AT_MOST);
    }
}

impl<T> Slot<T> {
    fn latest(&self) -> OffsetDateTime {
        self.cell.get().map_or(self.started, |(at, _)| *at)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn url(path: &str) -> Url {
        Url::parse("http://webex.test/v1/")
            .unwrap()
            .join(path)
            .unwrap()
    }

    #[tokio::test]
    async fn display_reads_share_fresh_reads_refresh_and_writes_forget() {
        let reads = SharedReads::<u32>::default();
        let calls = AtomicU32::new(0);
        let fetch = || async { Ok::<_, WebexError>(calls.fetch_add(1, Ordering::SeqCst) + 1) };
        let now = OffsetDateTime::now_utc;
        let vm = url("people/p1/features/voicemail");
        let ttl = Duration::from_secs(60);

        // Concurrent display reads: one fetch.
        let (a, b) = tokio::join!(
            reads.read(&vm, ttl, true, now, fetch),
            reads.read(&vm, ttl, true, now, fetch)
        );
        assert_eq!((*a.unwrap(), *b.unwrap()), (1, 1));
        // Within the window: reused.
        assert_eq!(*reads.read(&vm, ttl, true, now, fetch).await.unwrap(), 1);
        // A fresh read fetches, and display reads then see its answer.
        assert_eq!(*reads.read(&vm, ttl, false, now, fetch).await.unwrap(), 2);
        assert_eq!(*reads.read(&vm, ttl, true, now, fetch).await.unwrap(), 2);
        // A write below the URL forgets it.
        reads.forget(&url("people/p1/features/voicemail/actions/resetPin/invoke"));
        assert_eq!(*reads.read(&vm, ttl, true, now, fetch).await.unwrap(), 3);
        // A write below a URL read with a query forgets that read too; others stay.
        let agent = url("telephony/config/queues/agents/a1?max=100&start=0");
        let other = url("telephony/config/queues/agents/a2?max=100&start=0");
        assert_eq!(*reads.read(&agent, ttl, true, now, fetch).await.unwrap(), 4);
        assert_eq!(*reads.read(&other, ttl, true, now, fetch).await.unwrap(), 5);
        reads.forget(&url("telephony/config/queues/agents/a1/settings"));
        assert_eq!(*reads.read(&agent, ttl, true, now, fetch).await.unwrap(), 6);
        assert_eq!(*reads.read(&other, ttl, true, now, fetch).await.unwrap(), 5);
        // Past the window: fetched again.
        let later = || OffsetDateTime::now_utc() + Duration::from_secs(61);
        assert_eq!(*reads.read(&vm, ttl, true, later, fetch).await.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 7);
    }

    #[tokio::test]
    async fn failures_are_not_kept_and_old_entries_are_swept() {
        let reads = SharedReads::<u32>::default();
        let now = OffsetDateTime::now_utc;
        let ttl = Duration::from_secs(2);
        let u = url("people/p1/features/callWaiting");
        let failed = reads
            .read(&u, ttl, true, now, || async {
                Err(WebexError::Timeout { tracking_id: None })
            })
            .await;
        assert!(failed.is_err());
        let ok = reads
            .read(&u, ttl, true, now, || async { Ok::<_, WebexError>(7) })
            .await;
        assert_eq!(*ok.unwrap(), 7);

        // With `u` and the entry below, the map reaches the sweep size at the last insert.
        for i in 0..SWEEP_AT_LEAST - 2 {
            let u = url(&format!("people/{i}/features/callWaiting"));
            reads
                .read(&u, ttl, true, now, || async { Ok::<_, WebexError>(1) })
                .await
                .unwrap();
        }
        let later = || OffsetDateTime::now_utc() + Duration::from_secs(3);
        reads
            .read(&url("people/x/features/dnd"), ttl, true, later, || async {
                Ok::<_, WebexError>(1)
            })
            .await
            .unwrap();
        assert_eq!(reads.len(), 1, "only the new entry survives the sweep");
    }

    #[tokio::test]
    async fn no_more_than_the_cap_is_kept_newest_first() {
        let reads = SharedReads::<u32>::default();
        let ttl = Duration::from_secs(60);
        let start = OffsetDateTime::now_utc();
        for i in 0..3 * KEEP_AT_MOST {
            let at = start + Duration::from_millis(i as u64);
            let u = url(&format!("people/{i}/features/callWaiting"));
            reads
                .read(
                    &u,
                    ttl,
                    true,
                    move || at,
                    || async { Ok::<_, WebexError>(1) },
                )
                .await
                .unwrap();
            assert!(reads.len() <= KEEP_AT_MOST, "{}", reads.len());
        }
        // The newest is still reused.
        let last = url(&format!(
            "people/{}/features/callWaiting",
            3 * KEEP_AT_MOST - 1
        ));
        let at = start + Duration::from_millis(3 * KEEP_AT_MOST as u64);
        let again = reads
            .read(
                &last,
                ttl,
                true,
                move || at,
                || async { Ok::<_, WebexError>(2) },
            )
            .await;
        assert_eq!(*again.unwrap(), 1);
    }
}
