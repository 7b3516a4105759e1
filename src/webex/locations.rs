//! Location names for display: the one place the portal turns a Webex location id into a name,
//! and into the location's time zone (timed changes are entered and shown in it).
//!
//! Locations change rarely, so every location of the org is listed at most once per
//! [`MAX_AGE`] and kept in memory; an id not in the list triggers a new listing, but not more
//! often than every [`RETRY_AFTER`] (nor does a failed listing). A name that cannot be found is
//! shown as the id: a label never fails a page. Per instance and not shared: it is a cache of
//! Webex data, nothing a second instance needs.

use std::{
    collections::HashMap,
    sync::Mutex as StdMutex,
    time::{Duration, Instant},
};

use futures_util::TryStreamExt as _;

use super::{WebexClient, wire::location_uuid};

/// The longest a listing is used before the next request lists again.
pub const MAX_AGE: Duration = Duration::from_secs(600);
/// The shortest time between two listings caused by an unknown id or a failure.
pub const RETRY_AFTER: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Cache {
    /// Name by key (see [`key`]).
    names: HashMap<String, String>,
    /// The Webex location id by key, for role-map scopes that name a bare UUID.
    ids: HashMap<String, String>,
    /// The time zone by key, for locations that state one the database knows.
    time_zones: HashMap<String, &'static jiff::tz::TimeZone>,
    /// When the current names were listed.
    listed_at: Option<Instant>,
    /// When a listing was last tried, successful or not.
    tried_at: Option<Instant>,
}

/// Location names by id, listed from Webex on demand (see the module docs).
#[derive(Default)]
pub struct LocationNames {
    cache: StdMutex<Cache>,
    /// One listing at a time; the others wait for it and use its result.
    listing: tokio::sync::Mutex<()>,
}

/// The location's UUID (the same for its Webex id and a bare UUID from the role map).
fn key(id: &str) -> String {
    location_uuid(id)
        .unwrap_or_else(|| id.trim().to_owned())
        .to_lowercase()
}

impl LocationNames {
    pub fn new() -> Self {
        Self::default()
    }

    /// The names of those of `ids` that Webex knows, by the id as given.
    pub async fn names<'a>(
        &self,
        webex: &WebexClient,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<String, String> {
        let ids: Vec<&str> = ids.into_iter().filter(|id| !id.is_empty()).collect();
        if ids.is_empty() {
            return HashMap::new();
        }
        if self.needs_listing(&ids) {
            let _one = self.listing.lock().await;
            // Another request may have listed while this one waited.
            if self.needs_listing(&ids) {
                self.list(webex).await;
            }
        }
        let cache = self.cache.lock().expect("location cache lock");
        ids.into_iter()
            .filter_map(|id| Some((id.to_owned(), cache.names.get(&key(id))?.clone())))
            .collect()
    }

    /// The name of the location `id`, or `id` itself when it cannot be found.
    pub async fn name(&self, webex: &WebexClient, id: &str) -> String {
        self.names(webex, [id])
            .await
            .remove(id)
            .unwrap_or_else(|| id.to_owned())
    }

    /// The Webex location ids of those of `ids` that Webex knows (bare UUIDs from the role map
    /// included), by the id as given. Listed like the names, and from the same listing.
    pub async fn webex_ids<'a>(
        &self,
        webex: &WebexClient,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> HashMap<String, String> {
        let ids: Vec<&str> = ids.into_iter().filter(|id| !id.is_empty()).collect();
        // `names` lists when any of them is unknown.
        self.names(webex, ids.iter().copied()).await;
        let cache = self.cache.lock().expect("location cache lock");
        ids.into_iter()
            .filter_map(|id| Some((id.to_owned(), cache.ids.get(&key(id))?.clone())))
            .collect()
    }

    /// The time zone of location `id`, if Webex states one the database knows.
    pub async fn time_zone(
        &self,
        webex: &WebexClient,
        id: &str,
    ) -> Option<&'static jiff::tz::TimeZone> {
        // Every card asks, so the names are only looked up (and listed) when they must be.
        if self.needs_listing(&[id]) {
            self.names(webex, [id]).await;
        }
        let cache = self.cache.lock().expect("location cache lock");
        cache.time_zones.get(&key(id)).copied()
    }

    /// The name of `id` if it is in memory already; never asks Webex (for pages that make no
    /// Webex call, such as the user's own page shell).
    pub fn cached_name(&self, id: &str) -> Option<String> {
        let cache = self.cache.lock().expect("location cache lock");
        cache.names.get(&key(id)).cloned()
    }

    fn needs_listing(&self, ids: &[&str]) -> bool {
        let cache = self.cache.lock().expect("location cache lock");
        let stale = cache.listed_at.is_none_or(|at| at.elapsed() >= MAX_AGE);
        let unknown = ids.iter().any(|id| !cache.names.contains_key(&key(id)));
        let tried_lately = cache.tried_at.is_some_and(|at| at.elapsed() < RETRY_AFTER);
        (stale || unknown) && !tried_lately
    }

    async fn list(&self, webex: &WebexClient) {
        let outcome: Result<Vec<_>, _> = webex.list_locations(None).try_collect().await;
        let mut cache = self.cache.lock().expect("location cache lock");
        let now = Instant::now();
        cache.tried_at = Some(now);
        match outcome {
            Ok(locations) => {
                cache.ids = locations
                    .iter()
                    .map(|l| (key(&l.id), l.id.clone()))
                    .collect();
                cache.time_zones = locations
                    .iter()
                    .filter_map(|l| {
                        let tz = crate::i18n::known_time_zone(l.time_zone.as_deref()?)?;
                        Some((key(&l.id), tz))
                    })
                    .collect();
                cache.names = locations
                    .into_iter()
                    .map(|l| (key(&l.id), l.name))
                    .collect();
                cache.listed_at = Some(now);
            }
            // The old names (if any) stay; pages show ids for the rest.
            Err(e) => tracing::warn!(error = %e, "location names unavailable"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(listed_ago: u64, tried_ago: u64) -> LocationNames {
        let ago = |secs| Instant::now().checked_sub(Duration::from_secs(secs));
        let names = LocationNames::new();
        *names.cache.lock().unwrap() = Cache {
            names: [("known".to_owned(), "Known".to_owned())].into(),
            ids: [("known".to_owned(), "KnownId".to_owned())].into(),
            time_zones: HashMap::new(),
            listed_at: ago(listed_ago),
            tried_at: ago(tried_ago),
        };
        names
    }

    #[test]
    fn lists_when_stale_or_asked_for_an_unknown_id_but_not_too_often() {
        // Fresh and known: no listing.
        assert!(!cache(10, 10).needs_listing(&["known"]));
        // An unknown id lists, unless a listing was tried moments ago.
        assert!(cache(60, 60).needs_listing(&["known", "new"]));
        assert!(!cache(10, 10).needs_listing(&["new"]));
        // Older than MAX_AGE: listed again, even for known ids.
        assert!(cache(601, 601).needs_listing(&["known"]));
        // A failed listing (tried, not listed) is not retried at once.
        assert!(!cache(700, 5).needs_listing(&["known"]));
        assert!(LocationNames::new().needs_listing(&["known"]));
    }

    #[test]
    fn webex_ids_and_bare_uuids_share_a_key() {
        // base64 of `ciscospark://us/LOCATION/10CA7100-0000-4000-8000-000000000001` (FACTS §5).
        let id =
            "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzEwQ0E3MTAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMQ";
        assert_eq!(key(id), "10ca7100-0000-4000-8000-000000000001");
        assert_eq!(
            key(" 10ca7100-0000-4000-8000-000000000001"),
            "10ca7100-0000-4000-8000-000000000001"
        );
    }
}
