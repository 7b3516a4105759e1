//! The typed Webex client: every Webex call the portal makes goes through [`WebexClient`].
//!
//! One request path ([`WebexClient::execute`]) owns the policy: bearer token from the
//! [`TokenManager`] (one refresh and one retry on 401), a `TrackingID` with the portal's request id,
//! a bounded number of requests in flight, 429 waits within `retry_after_cap`, and jittered retries
//! of GETs on 502/503/504. A 429's Retry-After is remembered per token, method and operation
//! (`GET people/{id}/features/callForwarding`): until it has passed, calls in that scope wait
//! (within the cap) or fail at once as `RateLimited` without reaching Webex. Lists are lazy streams
//! that follow `Link rel="next"`. Reads of a person's settings can be shared between the requests
//! of a page load ([`WebexClient::sharing_reads`], `reads.rs`). It also records the Webex metrics
//! (see `crate::telemetry::metrics`) and when Webex last answered, for readiness.
//!
//! Every attempt made with the service-app token is first admitted by the portal's own budget
//! ([`super::budget`]): per minute in all, per user for the calls of a client tagged with
//! [`WebexClient::for_actor`], and only the part above the interactive reserve for a
//! [`WebexClient::background`] client. A call held back waits for room within the same cap as a
//! 429 (background work waits as long as it takes), else fails as `RateLimited` without reaching
//! Webex.

use std::{
    any::Any,
    collections::HashMap,
    sync::{Arc, Mutex as StdMutex},
    time::{Duration, Instant},
};

use futures_util::{Stream, StreamExt as _, TryStreamExt as _, stream};
use reqwest::{
    Method, StatusCode,
    header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LINK, RETRY_AFTER},
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use url::Url;

use super::{
    budget::{CallBudget, CallClass, Hold},
    endpoint,
    error::WebexError,
    models::*,
    reads::SharedReads,
    token::TokenManager,
    wire::{ErrorBody, next_link, parse_retry_after},
};
use crate::{
    clock::{Clock, SystemClock},
    config::WebexConfig,
    telemetry::metrics as m,
};

/// GETs get this many extra attempts after 502/503/504 or a failed connect.
const TRANSIENT_RETRIES: u32 = 3;
const BACKOFF_BASE: Duration = Duration::from_millis(200);
/// A 429 is waited out at most this many times per call, however short the waits.
const RATE_LIMIT_RETRIES: u32 = 5;
/// FACTS §8: `id` takes up to 85 comma-separated ids.
const MAX_IDS_PER_QUERY: usize = 85;
/// FACTS §9: group member pages hold at most 500.
const GROUP_MEMBERS_PAGE: u32 = 500;
/// How long the last-read voicemail/DND state may stand in for a fresh GET when a PUT needs
/// fields the caller did not change (FACTS gotcha 5).
const REMEMBERED_STATE_MAX_AGE: Duration = Duration::from_secs(60);
const REMEMBERED_STATE_MAX_ENTRIES: usize = 10_000;
/// How long a display read of a person's setting may reuse one that just finished: long enough
/// for the cards and the summary of one page load to share their reads, short enough that a change
/// made elsewhere shows at the next reload. Writes through the portal end it at once.
const SETTING_REUSE: Duration = Duration::from_secs(2);
/// Queues per page of the queue agent GET (FACTS §10.5: `max` and `start` are required).
const QUEUE_AGENT_PAGE: u32 = 100;
/// Where reading an agent's queues stops, should Webex keep sending full pages.
const QUEUE_AGENT_MAX_START: u32 = 10_000;

/// Who a message goes to.
#[derive(Debug, Clone, Copy)]
pub enum MessageTo<'a> {
    PersonId(&'a str),
    Email(&'a str),
}

/// Where a successful write can be traced at Webex (for the audit log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub tracking_id: String,
}

/// The Webex client; cheap to clone. See the module docs for its retry policy.
#[derive(Clone)]
pub struct WebexClient {
    inner: Arc<Inner>,
    /// The portal request this client acts for; sent in `TrackingID`.
    request_id: Option<Arc<str>>,
    /// Reads of a person's settings may be shared (see [`WebexClient::sharing_reads`]).
    share_reads: bool,
    /// The signed-in person these calls are made for: their share of the budget pays for them.
    actor: Option<Arc<str>>,
    /// Interactive (someone waits) or background (only what interactive traffic leaves).
    class: CallClass,
}

impl std::fmt::Debug for WebexClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebexClient")
            .field("base", &self.inner.base.as_str())
            .field("request_id", &self.request_id)
            .field("actor", &self.actor)
            .field("class", &self.class)
            .finish_non_exhaustive()
    }
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    tokens: TokenManager,
    permits: Semaphore,
    retry_after_cap: Duration,
    /// The portal's own budget of service-app calls, shared by every clone.
    budget: CallBudget,
    remembered: StdMutex<HashMap<String, Remembered>>,
    /// Reads of a person's settings, shared between the requests of a page load.
    /// Each answer is kept decoded (one model type per URL), so a shared read costs a clone.
    reads: SharedReads<Box<dyn Any + Send + Sync>>,
    /// Feature access, kept apart from `reads`: its minute-long entries would otherwise be the
    /// oldest there and the first to go once the settings read in the last 2 s fill the cap.
    access: SharedReads<FeatureAccess>,
    /// How long a display read of feature access may reuse an earlier one.
    feature_access_ttl: Duration,
    /// Where Webex said "busy until" (429 Retry-After): per token, method and operation.
    busy: StdMutex<HashMap<BusyScope, OffsetDateTime>>,
    /// The time for the shared reads' windows and the "busy until"s (tests move it forward).
    clock: Arc<dyn Clock>,
    /// When Webex last answered (any status below 500): the readiness check's "reachable".
    last_answer_at: StdMutex<Option<OffsetDateTime>>,
    /// When a call last got no answer (connection refused, timeout) or a 5xx.
    last_failure_at: StdMutex<Option<OffsetDateTime>>,
}

/// The last-read values of fields that Webex requires in PUT bodies.
#[derive(Default)]
struct Remembered {
    voicemail: Option<(Instant, VoicemailNotifications, TransferToNumber)>,
    dnd_webex_go_override: Option<(Instant, bool)>,
    caller_id_selected: Option<(Instant, CallerIdSelected)>,
}

enum Body {
    None,
    /// An empty body labelled JSON (FACTS §2: resetPin wants exactly this).
    EmptyJson,
    Json(Vec<u8>),
    /// A greeting: multipart part `file`, `audio/wav` (FACTS §2).
    Wav(Vec<u8>),
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    /// Webex's tracking id if it sent one, else ours.
    tracking_id: String,
}

/// What a Webex rate limit applies to, as far as the portal remembers one: the token (by a hash,
/// never the token itself), the method and the operation with ids hidden
/// (`GET people/{id}/features/callForwarding`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BusyScope {
    token: u64,
    method: Method,
    operation: String,
}

impl WebexClient {
    pub fn new(cfg: &WebexConfig, tokens: TokenManager) -> Result<Self, WebexError> {
        Self::with_clock(cfg, tokens, Arc::new(SystemClock))
    }

    /// [`WebexClient::new`] on `clock` (for the shared reads and remembered rate limits).
    pub fn with_clock(
        cfg: &WebexConfig,
        tokens: TokenManager,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, WebexError> {
        let http = reqwest::Client::builder()
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.request_timeout)
            .user_agent(concat!("calling-portal/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| WebexError::Unreachable {
                reason: format!("cannot build the HTTP client: {e}"),
                tracking_id: None,
            })?;
        Ok(WebexClient {
            inner: Arc::new(Inner {
                http,
                base: cfg.api_base_url.clone(),
                tokens,
                permits: Semaphore::new(cfg.max_in_flight.max(1)),
                retry_after_cap: cfg.retry_after_cap,
                budget: CallBudget::new(cfg.call_budget),
                remembered: StdMutex::new(HashMap::new()),
                reads: SharedReads::default(),
                access: SharedReads::default(),
                feature_access_ttl: cfg.feature_access_cache,
                busy: StdMutex::new(HashMap::new()),
                clock,
                last_answer_at: StdMutex::new(None),
                last_failure_at: StdMutex::new(None),
            }),
            request_id: None,
            share_reads: false,
            actor: None,
            class: CallClass::Interactive,
        })
    }

    /// A clone whose calls carry `request_id` in their `TrackingID`, so a Webex-side trace can be
    /// matched with the portal's logs and error pages.
    pub fn with_request_id(&self, request_id: impl Into<Arc<str>>) -> Self {
        WebexClient {
            request_id: Some(request_id.into()),
            ..self.clone()
        }
    }

    /// A clone whose calls are made for the signed-in `person_id`: they count against that
    /// person's share of the call budget (`WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE`), so one
    /// person's burst waits while everyone else's calls go ahead.
    pub fn for_actor(&self, person_id: &str) -> Self {
        WebexClient {
            actor: Some(person_id.into()),
            ..self.clone()
        }
    }

    /// A clone for work nobody is waiting for (scheduled and bulk changes): its calls use only
    /// what interactive traffic leaves of the budget, never the interactive reserve, and wait for
    /// room as long as it takes.
    pub fn background(&self) -> Self {
        WebexClient {
            class: CallClass::Background,
            ..self.clone()
        }
    }

    /// The call budget's use over the last minute (for `/admin` and the metrics).
    pub fn budget_usage(&self) -> super::BudgetUsage {
        self.inner.budget.usage(self.inner.clock.now())
    }

    /// A clone for *showing* settings: its reads of a person's settings join an identical read in
    /// flight, or reuse one that finished within [`SETTING_REUSE`] (feature access: within
    /// `PORTAL_FEATURE_ACCESS_CACHE_SECS`). Without it (saves) every read goes to Webex, and its
    /// answer is what the next shared read sees. Writes through either end the reuse for what
    /// they wrote.
    pub fn sharing_reads(&self) -> Self {
        WebexClient {
            share_reads: true,
            ..self.clone()
        }
    }

    pub fn tokens(&self) -> &TokenManager {
        &self.inner.tokens
    }

    /// When Webex last answered a request of this client (any status below 500: a 404 still
    /// shows Webex is reachable), if it has yet.
    pub fn last_answer_at(&self) -> Option<OffsetDateTime> {
        *self.inner.last_answer_at.lock().expect("last-answer lock")
    }

    /// When a call last failed without a usable answer (no connection, timeout, 5xx).
    pub fn last_failure_at(&self) -> Option<OffsetDateTime> {
        *self
            .inner
            .last_failure_at
            .lock()
            .expect("last-failure lock")
    }

    /// Asks Webex for its OpenID discovery document (no token needed, nothing changes) to find out
    /// whether it is reachable when no other call did lately; records the answer like any call.
    pub async fn probe(&self, timeout: Duration) -> Result<(), WebexError> {
        let url = self.url(&[".well-known", "openid-configuration"]);
        let tracking_id = self.tracking_id();
        let started = Instant::now();
        let outcome = self
            .inner
            .http
            .get(url.clone())
            .header("TrackingID", &tracking_id)
            .timeout(timeout)
            .send()
            .await;
        let status = outcome.as_ref().ok().map(|r| r.status());
        self.observe(&Method::GET, &url, status, started);
        match outcome {
            Ok(r) if r.status().is_server_error() => Err(WebexError::Http {
                status: r.status().as_u16(),
                message: r.status().canonical_reason().unwrap_or("error").to_owned(),
                descriptions: Vec::new(),
                tracking_id: Some(tracking_id),
            }),
            Ok(_) => Ok(()),
            Err(e) => Err(transport_error(e, tracking_id)),
        }
    }

    /// Records one attempt: the metrics, and the time of the answer when Webex gave one.
    fn observe(&self, method: &Method, url: &Url, status: Option<StatusCode>, started: Instant) {
        let operation = operation(&self.inner.base, url);
        let status_label = status.map_or_else(|| "error".to_owned(), |s| s.as_u16().to_string());
        metrics::counter!(m::WEBEX_REQUESTS, "method" => method.to_string(), "operation" => operation.clone(), "status" => status_label)
            .increment(1);
        metrics::histogram!(m::WEBEX_DURATION, "method" => method.to_string(), "operation" => operation)
            .record(started.elapsed().as_secs_f64());
        let slot = if status.is_some_and(|s| !s.is_server_error()) {
            &self.inner.last_answer_at
        } else {
            &self.inner.last_failure_at
        };
        *slot.lock().expect("last-answer lock") = Some(self.inner.clock.now());
    }

    fn count_retry(&self, url: &Url, reason: &'static str) {
        metrics::counter!(m::WEBEX_RETRIES, "operation" => operation(&self.inner.base, url), "reason" => reason)
            .increment(1);
    }

    // -----------------------------------------------------------------------------------------
    // People and groups

    /// People matching `query`, fetched page by page as the stream is read (FACTS §8).
    pub fn list_people(
        &self,
        query: PeopleQuery,
    ) -> impl Stream<Item = Result<Person, WebexError>> + Send + 'static + use<> {
        let mut base = self.url(&["people"]);
        {
            let mut q = base.query_pairs_mut();
            if let Some(email) = &query.email {
                q.append_pair("email", email);
            }
            if let Some(name) = &query.display_name {
                q.append_pair("displayName", name);
            }
            if query.calling_data {
                q.append_pair("callingData", "true");
            }
            if let Some(location) = &query.location_id {
                q.append_pair("locationId", location);
            }
            if let Some(max) = query.max {
                q.append_pair("max", &max.to_string());
            }
        }
        let firsts: Vec<Url> = if query.ids.is_empty() {
            vec![base]
        } else {
            query
                .ids
                .chunks(MAX_IDS_PER_QUERY)
                .map(|chunk| {
                    let mut url = base.clone();
                    url.query_pairs_mut().append_pair("id", &chunk.join(","));
                    url
                })
                .collect()
        };
        let client = self.clone();
        stream::iter(firsts)
            .map(move |first| client.paginate::<Items<Person>>(first))
            .flatten()
    }

    pub async fn get_person(&self, id: &str, calling_data: bool) -> Result<Person, WebexError> {
        let mut url = self.url(&["people", id]);
        if calling_data {
            url.query_pairs_mut().append_pair("callingData", "true");
        }
        self.get_json(url).await
    }

    /// Groups whose display name is exactly `display_name` (FACTS §9: `filter=displayName eq "…"`).
    pub async fn find_groups(&self, display_name_eq: &str) -> Result<Vec<Group>, WebexError> {
        let mut url = self.url(&["groups"]);
        let escaped = display_name_eq.replace('\\', "\\\\").replace('"', "\\\"");
        url.query_pairs_mut()
            .append_pair("filter", &format!("displayName eq \"{escaped}\""));
        let groups: Vec<Group> = self.paginate::<GroupsPage>(url).try_collect().await?;
        // The filter is Webex's to interpret; make "eq" exact here too.
        Ok(groups
            .into_iter()
            .filter(|g| g.display_name == display_name_eq)
            .collect())
    }

    /// Members of a group, fetched page by page as the stream is read.
    pub fn group_members(
        &self,
        group_id: &str,
    ) -> impl Stream<Item = Result<GroupMember, WebexError>> + Send + 'static + use<> {
        let mut url = self.url(&["groups", group_id, "members"]);
        url.query_pairs_mut()
            .append_pair("startIndex", "1")
            .append_pair("count", &GROUP_MEMBERS_PAGE.to_string());
        self.paginate::<MembersPage>(url)
    }

    /// Every location of the org, fetched page by page as the stream is read (`max` per page;
    /// Link paging like People, FACTS §10.8).
    pub fn list_locations(
        &self,
        max: Option<u32>,
    ) -> impl Stream<Item = Result<Location, WebexError>> + Send + 'static + use<> {
        let mut url = self.url(&["locations"]);
        if let Some(max) = max {
            url.query_pairs_mut().append_pair("max", &max.to_string());
        }
        self.paginate::<Items<Location>>(url)
    }

    // -----------------------------------------------------------------------------------------
    // Call settings (FACTS §1–§3a, §10)

    pub async fn get_call_forwarding(
        &self,
        person_id: &str,
    ) -> Result<CallForwardingSettings, WebexError> {
        self.get_setting(self.url(&["people", person_id, "features", "callForwarding"]))
            .await
    }

    /// Sends only the parts in `patch`, without read-only fields. An empty patch makes no call.
    pub async fn put_call_forwarding(
        &self,
        person_id: &str,
        patch: &CallForwardingPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let url = self.url(&["people", person_id, "features", "callForwarding"]);
        self.put_json(url, &patch.to_body()).await
    }

    pub async fn get_voicemail(&self, person_id: &str) -> Result<VoicemailSettings, WebexError> {
        let v: VoicemailSettings = self
            .get_setting(self.url(&["people", person_id, "features", "voicemail"]))
            .await?;
        self.remember(person_id, |r| {
            r.voicemail = Some((
                Instant::now(),
                v.notifications.clone(),
                v.transfer_to_number.clone(),
            ))
        });
        Ok(v)
    }

    /// Sends the parts in `patch`; adds `notifications` and `transferToNumber` from the last read
    /// (or a fresh GET) when the caller left them out, since Webex requires both (FACTS gotcha 5).
    pub async fn put_voicemail(
        &self,
        person_id: &str,
        patch: &VoicemailPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let mut patch = patch.clone();
        if patch.notifications.is_none() || patch.transfer_to_number.is_none() {
            let recent = self
                .recall(person_id, |r| r.voicemail.clone())
                .filter(|(at, ..)| at.elapsed() < REMEMBERED_STATE_MAX_AGE);
            let (notifications, transfer) = match recent {
                Some((_, n, t)) => (n, t),
                None => {
                    let v = self.get_voicemail(person_id).await?;
                    (v.notifications, v.transfer_to_number)
                }
            };
            patch.notifications.get_or_insert(notifications);
            patch.transfer_to_number.get_or_insert(transfer);
        }
        let url = self.url(&["people", person_id, "features", "voicemail"]);
        let result = self.put_json(url, &patch.to_body()).await;
        self.remember(person_id, |r| r.voicemail = None);
        result
    }

    pub async fn upload_busy_greeting(
        &self,
        person_id: &str,
        wav: Vec<u8>,
    ) -> Result<Receipt, WebexError> {
        self.upload_greeting(person_id, "uploadBusyGreeting", wav)
            .await
    }

    pub async fn upload_no_answer_greeting(
        &self,
        person_id: &str,
        wav: Vec<u8>,
    ) -> Result<Receipt, WebexError> {
        self.upload_greeting(person_id, "uploadNoAnswerGreeting", wav)
            .await
    }

    async fn upload_greeting(
        &self,
        person_id: &str,
        action: &str,
        wav: Vec<u8>,
    ) -> Result<Receipt, WebexError> {
        let url = self.url(&[
            "people",
            person_id,
            "features",
            "voicemail",
            "actions",
            action,
            "invoke",
        ]);
        self.upload_wav(url, wav).await
    }

    /// POSTs a WAV file as multipart part `file` (`audio/wav`), the upload form of the voicemail
    /// greetings and the intercept announcement.
    async fn upload_wav(&self, url: Url, wav: Vec<u8>) -> Result<Receipt, WebexError> {
        let reply = self.execute(Method::POST, url, Body::Wav(wav)).await?;
        Ok(receipt(reply))
    }

    /// Resets the voicemail PIN to the org default (FACTS §2: empty body, JSON content type).
    pub async fn reset_voicemail_pin(&self, person_id: &str) -> Result<Receipt, WebexError> {
        let url = self.url(&[
            "people",
            person_id,
            "features",
            "voicemail",
            "actions",
            "resetPin",
            "invoke",
        ]);
        let reply = self.execute(Method::POST, url, Body::EmptyJson).await?;
        Ok(receipt(reply))
    }

    /// Sets the voicemail passcode (FACTS §2: 6 to 30 digits, subject to the org's rules).
    pub async fn set_voicemail_passcode(
        &self,
        person_id: &str,
        passcode: &SecretString,
    ) -> Result<Receipt, WebexError> {
        let url = self.url(&[
            "telephony",
            "config",
            "people",
            person_id,
            "voicemail",
            "passcode",
        ]);
        let body = serde_json::json!({ "passcode": passcode.expose_secret() });
        self.put_json(url, &body).await
    }

    /// The org's voicemail passcode rules (shared between pages like a person's settings).
    pub async fn get_voicemail_rules(&self) -> Result<VoicemailRules, WebexError> {
        self.get_setting(self.url(&["telephony", "config", "voicemail", "rules"]))
            .await
    }

    pub async fn get_do_not_disturb(&self, person_id: &str) -> Result<DoNotDisturb, WebexError> {
        let d: DoNotDisturb = self
            .get_setting(self.url(&["people", person_id, "features", "doNotDisturb"]))
            .await?;
        if let Some(go) = d.webex_go_override_enabled {
            self.remember(person_id, |r| {
                r.dnd_webex_go_override = Some((Instant::now(), go))
            });
        }
        Ok(d)
    }

    /// Sends the fields in `patch`; adds `webexGoOverrideEnabled` from the last read (or a fresh
    /// GET) when the caller left it out, since the admin PUT requires it (FACTS §3, gotcha 5).
    pub async fn put_do_not_disturb(
        &self,
        person_id: &str,
        patch: &DoNotDisturbPatch,
    ) -> Result<Receipt, WebexError> {
        if patch == &DoNotDisturbPatch::default() {
            return Ok(self.no_call_receipt());
        }
        let mut patch = patch.clone();
        if patch.webex_go_override_enabled.is_none() {
            let recent = self
                .recall(person_id, |r| r.dnd_webex_go_override)
                .filter(|(at, _)| at.elapsed() < REMEMBERED_STATE_MAX_AGE);
            patch.webex_go_override_enabled = Some(match recent {
                Some((_, go)) => go,
                None => self
                    .get_do_not_disturb(person_id)
                    .await?
                    .webex_go_override_enabled
                    .unwrap_or(false),
            });
        }
        let url = self.url(&["people", person_id, "features", "doNotDisturb"]);
        let body = serde_json::to_value(&patch).expect("patch serializes");
        let result = self.put_json(url, &body).await;
        self.remember(person_id, |r| r.dnd_webex_go_override = None);
        result
    }

    pub async fn get_call_waiting(&self, person_id: &str) -> Result<CallWaiting, WebexError> {
        self.get_setting(self.url(&["people", person_id, "features", "callWaiting"]))
            .await
    }

    pub async fn put_call_waiting(
        &self,
        person_id: &str,
        enabled: bool,
    ) -> Result<Receipt, WebexError> {
        let url = self.url(&["people", person_id, "features", "callWaiting"]);
        self.put_json(url, &serde_json::json!({ "enabled": enabled }))
            .await
    }

    /// What the org lets this person change themselves (FACTS §3a). Shared reads keep it for
    /// `PORTAL_FEATURE_ACCESS_CACHE_SECS`; a read without sharing (a save's) always asks Webex.
    pub async fn get_feature_access(&self, person_id: &str) -> Result<FeatureAccess, WebexError> {
        let url = self.url(&[
            "telephony",
            "config",
            "people",
            person_id,
            "settings",
            "permissions",
        ]);
        let clock = &self.inner.clock;
        let kept = self
            .inner
            .access
            .read(
                &url,
                self.inner.feature_access_ttl,
                self.share_reads,
                || clock.now(),
                || self.get_json(url.clone()),
            )
            .await?;
        Ok(FeatureAccess::clone(&kept))
    }

    /// The person's caller ID, admin schema (FACTS §3).
    pub async fn get_caller_id(&self, person_id: &str) -> Result<CallerIdSettings, WebexError> {
        let c: CallerIdSettings = self
            .get_setting(self.url(&["people", person_id, "features", "callerId"]))
            .await?;
        if let Some(selected) = &c.selected {
            let selected = selected.clone();
            self.remember(person_id, |r| {
                r.caller_id_selected = Some((Instant::now(), selected))
            });
        }
        Ok(c)
    }

    /// Sends the fields in `patch` (writable ones only); adds `selected` from the last read (or a
    /// fresh GET) when the caller left it out, since the PUT requires it. An empty patch makes no
    /// call.
    pub async fn put_caller_id(
        &self,
        person_id: &str,
        patch: &CallerIdPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let mut patch = patch.clone();
        if patch.selected.is_none() {
            let recent = self
                .recall(person_id, |r| r.caller_id_selected.clone())
                .filter(|(at, _)| at.elapsed() < REMEMBERED_STATE_MAX_AGE);
            patch.selected = Some(match recent {
                Some((_, selected)) => selected,
                None => {
                    let current = self.get_caller_id(person_id).await?;
                    // Webex always names one; failing that, the first the person may choose.
                    current
                        .selected
                        .or_else(|| current.types.first().cloned())
                        .unwrap_or(CallerIdSelected::LocationNumber)
                }
            });
        }
        let url = self.url(&["people", person_id, "features", "callerId"]);
        let result = self.put_json(url, &patch.to_body()).await;
        self.remember(person_id, |r| r.caller_id_selected = None);
        result
    }

    /// The person's call intercept (FACTS §3; admin path only).
    pub async fn get_call_intercept(&self, person_id: &str) -> Result<CallIntercept, WebexError> {
        self.get_setting(self.url(&["people", person_id, "features", "intercept"]))
            .await
    }

    /// Sends only the parts in `patch`. An empty patch makes no call.
    pub async fn put_call_intercept(
        &self,
        person_id: &str,
        patch: &CallInterceptPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let url = self.url(&["people", person_id, "features", "intercept"]);
        self.put_json(url, &patch.to_body()).await
    }

    /// Uploads the intercept announcement: multipart part `file`, `audio/wav`, like the voicemail
    /// greetings (FACTS §3, §10.1). Webex then plays it when `announcements.greeting` is `CUSTOM`.
    pub async fn upload_intercept_announcement(
        &self,
        person_id: &str,
        wav: Vec<u8>,
    ) -> Result<Receipt, WebexError> {
        let url = self.url(&[
            "people",
            person_id,
            "features",
            "intercept",
            "actions",
            "announcementUpload",
            "invoke",
        ]);
        self.upload_wav(url, wav).await
    }

    /// The person's personal assistant (FACTS §10.4; `telephony_config` scopes).
    pub async fn get_personal_assistant(
        &self,
        person_id: &str,
    ) -> Result<PersonalAssistant, WebexError> {
        self.get_setting(self.personal_assistant_url(person_id))
            .await
    }

    /// Sends only the fields in `patch`. An empty patch makes no call.
    pub async fn put_personal_assistant(
        &self,
        person_id: &str,
        patch: &PersonalAssistantPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let body = serde_json::to_value(patch).expect("patch serializes");
        self.put_json(self.personal_assistant_url(person_id), &body)
            .await
    }

    fn personal_assistant_url(&self, person_id: &str) -> Url {
        self.url(&[
            "telephony",
            "config",
            "people",
            person_id,
            "features",
            "personalAssistant",
        ])
    }

    /// Anonymous call rejection, or `None` where Webex does not offer it: the admin path is
    /// recent and has answered 404 (FACTS §10.1), so any 404 here reads as "not available".
    pub async fn get_anonymous_call_reject(
        &self,
        person_id: &str,
    ) -> Result<Option<AnonymousCallReject>, WebexError> {
        match self
            .get_setting(self.anonymous_call_reject_url(person_id))
            .await
        {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sets anonymous call rejection (the PUT requires `enabled`).
    pub async fn put_anonymous_call_reject(
        &self,
        person_id: &str,
        enabled: bool,
    ) -> Result<Receipt, WebexError> {
        self.put_json(
            self.anonymous_call_reject_url(person_id),
            &serde_json::json!({ "enabled": enabled }),
        )
        .await
    }

    fn anonymous_call_reject_url(&self, person_id: &str) -> Url {
        self.url(&[
            "telephony",
            "config",
            "people",
            person_id,
            "anonymousCallReject",
        ])
    }

    pub async fn get_barge_in(&self, person_id: &str) -> Result<BargeIn, WebexError> {
        self.get_setting(self.url(&["people", person_id, "features", "bargeIn"]))
            .await
    }

    /// Sends only the fields in `patch`. An empty patch makes no call.
    pub async fn put_barge_in(
        &self,
        person_id: &str,
        patch: &BargeInPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let url = self.url(&["people", person_id, "features", "bargeIn"]);
        let body = serde_json::to_value(patch).expect("patch serializes");
        self.put_json(url, &body).await
    }

    // -----------------------------------------------------------------------------------------
    // Call handling rules and schedules (FACTS §3, §10.1–§10.3)

    fn telephony_person_url(&self, person_id: &str, rest: &[&str]) -> Url {
        let mut segments = vec!["telephony", "config", "people", person_id];
        segments.extend_from_slice(rest);
        self.url(&segments)
    }

    /// Selective forward with its criteria summaries (`telephony_config_read`).
    pub async fn get_selective_forward(
        &self,
        person_id: &str,
    ) -> Result<SelectiveForward, WebexError> {
        self.get_setting(self.telephony_person_url(person_id, &["selectiveForward"]))
            .await
    }

    /// Sends the fields in `patch`, with `enabled` (which the PUT requires) from `current` when
    /// the patch leaves it out. An empty patch makes no call.
    pub async fn put_selective_forward(
        &self,
        person_id: &str,
        patch: &SelectiveForwardPatch,
        current: &SelectiveForward,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let mut body = serde_json::to_value(patch).expect("patch serializes");
        if patch.enabled.is_none() {
            body["enabled"] = current.enabled.into();
        }
        self.put_json(
            self.telephony_person_url(person_id, &["selectiveForward"]),
            &body,
        )
        .await
    }

    pub async fn get_selective_accept(
        &self,
        person_id: &str,
    ) -> Result<SelectiveAccept, WebexError> {
        self.get_setting(self.telephony_person_url(person_id, &["selectiveAccept"]))
            .await
    }

    /// The PUT is `{enabled*}`.
    pub async fn put_selective_accept(
        &self,
        person_id: &str,
        enabled: bool,
    ) -> Result<Receipt, WebexError> {
        self.put_json(
            self.telephony_person_url(person_id, &["selectiveAccept"]),
            &serde_json::json!({ "enabled": enabled }),
        )
        .await
    }

    pub async fn get_selective_reject(
        &self,
        person_id: &str,
    ) -> Result<SelectiveReject, WebexError> {
        self.get_setting(self.telephony_person_url(person_id, &["selectiveReject"]))
            .await
    }

    /// The PUT is `{enabled*}`.
    pub async fn put_selective_reject(
        &self,
        person_id: &str,
        enabled: bool,
    ) -> Result<Receipt, WebexError> {
        self.put_json(
            self.telephony_person_url(person_id, &["selectiveReject"]),
            &serde_json::json!({ "enabled": enabled }),
        )
        .await
    }

    /// Simultaneous ring: under `/telephony/config` but with the **people** scopes (FACTS §3).
    pub async fn get_simultaneous_ring(
        &self,
        person_id: &str,
    ) -> Result<SimultaneousRing, WebexError> {
        self.get_setting(self.telephony_person_url(person_id, &["simultaneousRing"]))
            .await
    }

    /// Sends only the fields in `patch`. An empty patch makes no call.
    pub async fn put_simultaneous_ring(
        &self,
        person_id: &str,
        patch: &SimultaneousRingPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let body = serde_json::to_value(patch).expect("patch serializes");
        self.put_json(
            self.telephony_person_url(person_id, &["simultaneousRing"]),
            &body,
        )
        .await
    }

    /// The criteria of `kind`, as its parent GET lists them (there is no list operation).
    pub async fn list_criteria(
        &self,
        kind: RuleKind,
        person_id: &str,
    ) -> Result<Vec<CriterionSummary>, WebexError> {
        Ok(match kind {
            RuleKind::SelectiveForward => self.get_selective_forward(person_id).await?.criteria,
            RuleKind::SelectiveAccept => self.get_selective_accept(person_id).await?.criteria,
            RuleKind::SelectiveReject => self.get_selective_reject(person_id).await?.criteria,
            RuleKind::SimultaneousRing => self.get_simultaneous_ring(person_id).await?.criteria,
        })
    }

    pub async fn get_criterion(
        &self,
        kind: RuleKind,
        person_id: &str,
        criterion_id: &str,
    ) -> Result<Criterion, WebexError> {
        self.get_setting(
            self.telephony_person_url(person_id, &[kind.segment(), "criteria", criterion_id]),
        )
        .await
    }

    /// Creates a criterion (201 `{id}`); returns its id. The patch must carry what the POST
    /// requires ([`RuleKind::required_on_write`]): Webex refuses it otherwise.
    pub async fn create_criterion(
        &self,
        kind: RuleKind,
        person_id: &str,
        criterion: &CriterionPatch,
    ) -> Result<(String, Receipt), WebexError> {
        let url = self.telephony_person_url(person_id, &[kind.segment(), "criteria"]);
        self.post_for_id(url, &criterion.to_body(kind, None)).await
    }

    /// Changes a criterion (204): the fields in `patch`, plus the ones the PUT requires taken
    /// from `current`. An empty patch makes no call.
    pub async fn put_criterion(
        &self,
        kind: RuleKind,
        person_id: &str,
        current: &Criterion,
        patch: &CriterionPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let url = self.telephony_person_url(person_id, &[kind.segment(), "criteria", &current.id]);
        self.put_json(url, &patch.to_body(kind, Some(current)))
            .await
    }

    pub async fn delete_criterion(
        &self,
        kind: RuleKind,
        person_id: &str,
        criterion_id: &str,
    ) -> Result<Receipt, WebexError> {
        let url = self.telephony_person_url(person_id, &[kind.segment(), "criteria", criterion_id]);
        self.delete(url).await
    }

    /// Single number reach and its numbers (`telephony_config_read`).
    pub async fn get_single_number_reach(
        &self,
        person_id: &str,
    ) -> Result<SingleNumberReach, WebexError> {
        self.get_setting(self.telephony_person_url(person_id, &["singleNumberReach"]))
            .await
    }

    /// The PUT takes only `alertAllNumbersForClickToDialCallsEnabled`.
    pub async fn put_single_number_reach(
        &self,
        person_id: &str,
        alert_all_numbers_for_click_to_dial: bool,
    ) -> Result<Receipt, WebexError> {
        self.put_json(
            self.telephony_person_url(person_id, &["singleNumberReach"]),
            &serde_json::json!({
                "alertAllNumbersForClickToDialCallsEnabled": alert_all_numbers_for_click_to_dial
            }),
        )
        .await
    }

    /// Adds a number (201 `{id}`); returns its id.
    pub async fn add_single_number_reach_number(
        &self,
        person_id: &str,
        number: &SingleNumberReachNumberBody,
    ) -> Result<(String, Receipt), WebexError> {
        let url = self.telephony_person_url(person_id, &["singleNumberReach", "numbers"]);
        let body = serde_json::to_value(number).expect("body serializes");
        self.post_for_id(url, &body).await
    }

    /// Edits a number. The PUT answers 200 `{id}`: the id it returns is the number's from now on
    /// (it may differ when the phone number changed).
    pub async fn put_single_number_reach_number(
        &self,
        person_id: &str,
        number_id: &str,
        number: &SingleNumberReachNumberBody,
    ) -> Result<(String, Receipt), WebexError> {
        let url =
            self.telephony_person_url(person_id, &["singleNumberReach", "numbers", number_id]);
        let body = serde_json::to_value(number).expect("body serializes");
        self.write_for_id(Method::PUT, url, &body, Some(number_id))
            .await
    }

    pub async fn delete_single_number_reach_number(
        &self,
        person_id: &str,
        number_id: &str,
    ) -> Result<Receipt, WebexError> {
        let url =
            self.telephony_person_url(person_id, &["singleNumberReach", "numbers", number_id]);
        self.delete(url).await
    }

    fn person_schedules_url(&self, person_id: &str, rest: &[&str]) -> Url {
        let mut segments = vec!["people", person_id, "features", "schedules"];
        segments.extend_from_slice(rest);
        self.url(&segments)
    }

    /// The person's schedules, location schedules included (`level`), page by page as the
    /// stream is read (`start`/`max`, `Link`; FACTS §10.3). `name` filters by substring.
    pub fn list_person_schedules(
        &self,
        person_id: &str,
        name: Option<&str>,
        schedule_type: Option<ScheduleType>,
        max: Option<u32>,
    ) -> impl Stream<Item = Result<ScheduleSummary, WebexError>> + Send + 'static + use<> {
        let mut url = self.person_schedules_url(person_id, &[]);
        {
            let mut q = url.query_pairs_mut();
            if let Some(name) = name {
                q.append_pair("name", name);
            }
            if let Some(t) = schedule_type {
                q.append_pair("type", &String::from(t));
            }
            if let Some(max) = max {
                q.append_pair("max", &max.to_string());
            }
        }
        self.paginate::<SchedulesPage>(url)
    }

    /// The person's whole schedule list as one shared read, like a setting: the summary and its
    /// tester read it on every load, with the rule cards of the same page. One page of the
    /// list's largest size (`max` 2000, FACTS §10.3) holds it; a full page is read again page by
    /// page.
    pub async fn get_person_schedule_list(
        &self,
        person_id: &str,
    ) -> Result<Vec<ScheduleSummary>, WebexError> {
        const WHOLE: u32 = 2000;
        let mut url = self.person_schedules_url(person_id, &[]);
        url.query_pairs_mut().append_pair("max", &WHOLE.to_string());
        let page: SchedulesPage = self.get_setting(url).await?;
        if page.schedules.len() < WHOLE as usize {
            return Ok(page.schedules);
        }
        self.list_person_schedules(person_id, None, None, Some(WHOLE))
            .try_collect()
            .await
    }

    pub async fn get_person_schedule(
        &self,
        person_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
    ) -> Result<Schedule, WebexError> {
        let t = String::from(schedule_type.clone());
        self.get_setting(self.person_schedules_url(person_id, &[&t, schedule_id]))
            .await
    }

    /// Creates a person schedule (201 `{id}`); returns its id.
    pub async fn create_person_schedule(
        &self,
        person_id: &str,
        schedule: &NewSchedule,
    ) -> Result<(String, Receipt), WebexError> {
        let body = serde_json::to_value(schedule).expect("body serializes");
        self.post_for_id(self.person_schedules_url(person_id, &[]), &body)
            .await
    }

    /// Changes a person schedule (200 `{id}`). **The id changes when the name does** (FACTS
    /// §10.2): use the returned one from now on. Criteria name schedules by name, and nothing
    /// says whether they follow a rename. An empty patch makes no call and keeps the id.
    pub async fn put_person_schedule(
        &self,
        person_id: &str,
        current: &Schedule,
        patch: &SchedulePatch,
    ) -> Result<(String, Receipt), WebexError> {
        if patch.is_empty() {
            return Ok((current.id.clone(), self.no_call_receipt()));
        }
        let t = current
            .schedule_type
            .clone()
            .unwrap_or(ScheduleType::BusinessHours);
        let type_text = String::from(t.clone());
        let mut body = serde_json::json!({
            "name": current.name,
            "newName": patch.new_name.as_deref().unwrap_or(&current.name),
            "type": type_text,
        });
        if let Some(events) = &patch.events {
            body["events"] = serde_json::to_value(events).expect("events serialize");
        }
        let url = self.person_schedules_url(person_id, &[&type_text, &current.id]);
        self.write_for_id(Method::PUT, url, &body, Some(&current.id))
            .await
    }

    pub async fn delete_person_schedule(
        &self,
        person_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
    ) -> Result<Receipt, WebexError> {
        let t = String::from(schedule_type.clone());
        self.delete(self.person_schedules_url(person_id, &[&t, schedule_id]))
            .await
    }

    /// Adds an event (201 `{id}`); returns its id.
    pub async fn create_schedule_event(
        &self,
        person_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
        event: &ScheduleEventBody,
    ) -> Result<(String, Receipt), WebexError> {
        let t = String::from(schedule_type.clone());
        let url = self.person_schedules_url(person_id, &[&t, schedule_id, "events"]);
        let body = serde_json::to_value(event).expect("body serializes");
        self.post_for_id(url, &body).await
    }

    /// Changes an event (200 `{id}`; the id changes with the name, like a schedule's). The PUT
    /// requires `newName`, `name`, the dates and the times: `current_name` is the event's name now.
    pub async fn put_schedule_event(
        &self,
        person_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
        event_id: &str,
        current_name: &str,
        event: &ScheduleEventBody,
    ) -> Result<(String, Receipt), WebexError> {
        let t = String::from(schedule_type.clone());
        let url = self.person_schedules_url(person_id, &[&t, schedule_id, "events", event_id]);
        let mut body = serde_json::to_value(event).expect("body serializes");
        body["newName"] = body["name"].clone();
        body["name"] = current_name.into();
        self.write_for_id(Method::PUT, url, &body, Some(event_id))
            .await
    }

    pub async fn delete_schedule_event(
        &self,
        person_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
        event_id: &str,
    ) -> Result<Receipt, WebexError> {
        let t = String::from(schedule_type.clone());
        let url = self.person_schedules_url(person_id, &[&t, schedule_id, "events", event_id]);
        self.delete(url).await
    }

    /// A location's schedules (read only, `telephony_config_read`), page by page.
    pub fn list_location_schedules(
        &self,
        location_id: &str,
        schedule_type: Option<ScheduleType>,
        max: Option<u32>,
    ) -> impl Stream<Item = Result<ScheduleSummary, WebexError>> + Send + 'static + use<> {
        let mut url = self.url(&["telephony", "config", "locations", location_id, "schedules"]);
        {
            let mut q = url.query_pairs_mut();
            if let Some(t) = schedule_type {
                q.append_pair("type", &String::from(t));
            }
            if let Some(max) = max {
                q.append_pair("max", &max.to_string());
            }
        }
        self.paginate::<SchedulesPage>(url)
    }

    pub async fn get_location_schedule(
        &self,
        location_id: &str,
        schedule_type: &ScheduleType,
        schedule_id: &str,
    ) -> Result<Schedule, WebexError> {
        let t = String::from(schedule_type.clone());
        self.get_setting(self.url(&[
            "telephony",
            "config",
            "locations",
            location_id,
            "schedules",
            &t,
            schedule_id,
        ]))
        .await
    }

    /// A POST answered `201 {id}`.
    async fn post_for_id(&self, url: Url, body: &Value) -> Result<(String, Receipt), WebexError> {
        self.write_for_id(Method::POST, url, body, None).await
    }

    /// A write answered with `{id}`; `fallback` stands in when the body has none.
    async fn write_for_id(
        &self,
        method: Method,
        url: Url,
        body: &Value,
        fallback: Option<&str>,
    ) -> Result<(String, Receipt), WebexError> {
        let bytes = serde_json::to_vec(body).expect("JSON values serialize");
        let reply = self.execute(method, url, Body::Json(bytes)).await?;
        #[derive(Deserialize)]
        struct Created {
            id: String,
        }
        let id = match (decode::<Created>(&reply), fallback) {
            (Ok(c), _) => c.id,
            (Err(_), Some(f)) if reply.body.is_empty() => f.to_owned(),
            (Err(e), _) => return Err(e),
        };
        Ok((id, receipt(reply)))
    }

    async fn delete(&self, url: Url) -> Result<Receipt, WebexError> {
        let reply = self.execute(Method::DELETE, url, Body::None).await?;
        Ok(receipt(reply))
    }

    /// The person's devices, fetched page by page as the stream is read (FACTS §10.6: needs
    /// `spark-admin:devices_read`; Link paging like People).
    pub fn list_devices(
        &self,
        person_id: &str,
    ) -> impl Stream<Item = Result<Device, WebexError>> + Send + 'static + use<> {
        let mut url = self.url(&["devices"]);
        url.query_pairs_mut().append_pair("personId", person_id);
        self.paginate::<Items<Device>>(url)
    }

    /// The numbers and extensions assigned to `owner_id` (a person id), page by page (FACTS
    /// §10.7; `phoneNumbers`, Link paging).
    pub fn list_numbers(
        &self,
        owner_id: &str,
    ) -> impl Stream<Item = Result<NumberEntry, WebexError>> + Send + 'static + use<> {
        let mut url = self.url(&["telephony", "config", "numbers"]);
        url.query_pairs_mut().append_pair("ownerId", owner_id);
        self.paginate::<NumbersPage>(url)
    }

    /// The agent and every queue they are in (FACTS §10.5: `max` and `start` are required, so
    /// they are always sent; pages are read until one comes back short), or `None` when Webex
    /// knows no such agent (404: the person is in no queue).
    pub async fn get_queue_agent(&self, agent_id: &str) -> Result<Option<QueueAgent>, WebexError> {
        let mut start = 0u32;
        let mut whole: Option<QueueAgent> = None;
        loop {
            let mut url = self.url(&["telephony", "config", "queues", "agents", agent_id]);
            url.query_pairs_mut()
                .append_pair("max", &QUEUE_AGENT_PAGE.to_string())
                .append_pair("start", &start.to_string());
            let page: QueueAgent = match self.get_setting(url).await {
                Ok(page) => page,
                Err(e) if e.status() == Some(404) && whole.is_none() => return Ok(None),
                Err(e) => return Err(e),
            };
            let returned = page.queues.len();
            match &mut whole {
                None => whole = Some(page),
                Some(w) => w.queues.extend(page.queues),
            }
            if returned < QUEUE_AGENT_PAGE as usize || start >= QUEUE_AGENT_MAX_START {
                return Ok(whole);
            }
            start += QUEUE_AGENT_PAGE;
        }
    }

    /// A call queue's details, of which the portal reads only whether agents may join and leave it
    /// (`allowAgentJoinEnabled`, FACTS §10.5); `None` when Webex knows no such queue there (404).
    pub async fn get_call_queue(
        &self,
        location_id: &str,
        queue_id: &str,
    ) -> Result<Option<CallQueueDetails>, WebexError> {
        let url = self.url(&[
            "telephony",
            "config",
            "locations",
            location_id,
            "queues",
            queue_id,
        ]);
        match self.get_setting(url).await {
            Ok(details) => Ok(Some(details)),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Joins or leaves the agent's queues in `patch`: `{settings:[{queueId, joinEnabled}]}`, only
    /// this agent's entries for the queues that change (204). Webex requires a **full
    /// administrator**'s token (FACTS §10.5). An empty patch makes no call.
    pub async fn put_queue_agent_settings(
        &self,
        agent_id: &str,
        patch: &QueueJoinPatch,
    ) -> Result<Receipt, WebexError> {
        if patch.is_empty() {
            return Ok(self.no_call_receipt());
        }
        let url = self.url(&[
            "telephony",
            "config",
            "queues",
            "agents",
            agent_id,
            "settings",
        ]);
        self.put_json(url, &patch.to_body()).await
    }

    // -----------------------------------------------------------------------------------------
    // Messages

    /// Posts a direct message in Markdown as the bot whose token is `bot_token` (never the service
    /// app's token: the message comes from the bot). One attempt: a notice is not worth retrying
    /// into a rate limit, and the caller only logs a failure.
    pub async fn send_message(
        &self,
        bot_token: &SecretString,
        to: MessageTo<'_>,
        markdown: &str,
    ) -> Result<Receipt, WebexError> {
        let url = self.url(&["messages"]);
        let mut body = serde_json::json!({ "markdown": markdown });
        match to {
            MessageTo::PersonId(id) => body["toPersonId"] = id.into(),
            MessageTo::Email(email) => body["toPersonEmail"] = email.into(),
        }
        let body = Body::Json(serde_json::to_vec(&body).expect("JSON values serialize"));
        let tracking_id = self.tracking_id();
        let reply = {
            let _permit = self
                .inner
                .permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            self.attempt(&Method::POST, &url, &body, bot_token, &tracking_id)
                .await
                .map_err(|e| transport_error(e, tracking_id))?
        };
        if reply.status.is_success() {
            Ok(receipt(reply))
        } else {
            Err(http_error(&Method::POST, &url, reply))
        }
    }

    // -----------------------------------------------------------------------------------------
    // The request path

    fn url(&self, segments: &[&str]) -> Url {
        endpoint(&self.inner.base, segments)
    }

    async fn get_json<T: DeserializeOwned>(&self, url: Url) -> Result<T, WebexError> {
        let reply = self.execute(Method::GET, url, Body::None).await?;
        decode(&reply)
    }

    /// A GET of one of a person's settings, through the shared reads ([`SETTING_REUSE`]).
    async fn get_setting<T>(&self, url: Url) -> Result<T, WebexError>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        self.read_shared(url, SETTING_REUSE).await
    }

    async fn read_shared<T>(&self, url: Url, ttl: Duration) -> Result<T, WebexError>
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        let clock = &self.inner.clock;
        let kept = self
            .inner
            .reads
            .read(
                &url,
                ttl,
                self.share_reads,
                || clock.now(),
                || async {
                    let reply = self.execute(Method::GET, url.clone(), Body::None).await?;
                    let value: T = decode(&reply)?;
                    Ok(Box::new(value) as Box<dyn Any + Send + Sync>)
                },
            )
            .await?;
        match kept.downcast_ref::<T>() {
            Some(value) => Ok(value.clone()),
            // Each URL is read as one type; should that ever differ, read it afresh.
            None => self.get_json(url).await,
        }
    }

    async fn put_json(&self, url: Url, body: &Value) -> Result<Receipt, WebexError> {
        let bytes = serde_json::to_vec(body).expect("JSON values serialize");
        let reply = self.execute(Method::PUT, url, Body::Json(bytes)).await?;
        Ok(receipt(reply))
    }

    fn no_call_receipt(&self) -> Receipt {
        Receipt {
            tracking_id: self.tracking_id(),
        }
    }

    fn tracking_id(&self) -> String {
        // FACTS §7: wxc_sdk sends `SIMPLE_<uuid>`; ours carries the portal's request id.
        let clean = self.request_id.as_deref().filter(|id| {
            !id.is_empty()
                && id.len() <= 128
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
        match clean {
            Some(id) => format!("PORTAL_{id}"),
            None => format!("PORTAL_{}", uuid::Uuid::new_v4()),
        }
    }

    /// Sends one logical request with the retry policy in the module docs. A write (whatever its
    /// outcome) ends the shared reads of what it wrote.
    async fn execute(&self, method: Method, url: Url, body: Body) -> Result<Reply, WebexError> {
        let result = self.execute_once(&method, &url, body).await;
        if method != Method::GET {
            self.inner.reads.forget(&url);
            self.inner.access.forget(&url);
        }
        result
    }

    async fn execute_once(
        &self,
        method: &Method,
        url: &Url,
        body: Body,
    ) -> Result<Reply, WebexError> {
        let (method, url) = (method.clone(), url.clone());
        let tracking_id = self.tracking_id();
        let mut token = self.inner.tokens.access_token().await?;
        let mut token_replaced = false;
        let mut transient_retries = 0;
        let mut rate_limited = 0;
        let mut waited = Duration::ZERO;
        loop {
            // Webex said this scope is busy until later: wait within the cap, else answer here
            // without asking again (FACTS §7: limits of ~300/min; Retry-After may be an hour).
            let scope = self.busy_scope(&method, &url, &token);
            if let Some(wait) = self.busy_for(&scope) {
                if waited + wait > self.inner.retry_after_cap {
                    tracing::debug!(%method, path = url.path(), retry_after_s = wait.as_secs(), "Webex said busy; not asking again yet");
                    return Err(WebexError::RateLimited {
                        retry_after: wait.max(Duration::from_secs(1)),
                        tracking_id: Some(tracking_id),
                    });
                }
                waited += wait;
                tokio::time::sleep(wait).await;
                continue;
            }
            // The portal's own budget before Webex's: a call without room waits or is "busy".
            self.admit(&method, &url, &tracking_id, &mut waited).await?;
            let started = Instant::now();
            let outcome = {
                let _permit = self
                    .inner
                    .permits
                    .acquire()
                    .await
                    .expect("the semaphore is never closed");
                self.attempt(&method, &url, &body, &token, &tracking_id)
                    .await
            };
            self.observe(
                &method,
                &url,
                outcome.as_ref().ok().map(|r| r.status),
                started,
            );
            let reply = match outcome {
                Ok(reply) => reply,
                // A failed connect never reached Webex, so even a write may be sent again.
                Err(e) if e.is_connect() && transient_retries < TRANSIENT_RETRIES => {
                    tracing::warn!(%method, path = url.path(), tracking_id, error = %e.without_url(), "Webex connect failed; retrying");
                    self.count_retry(&url, "connect");
                    sleep_backoff(transient_retries).await;
                    transient_retries += 1;
                    continue;
                }
                Err(e) => return Err(transport_error(e, tracking_id)),
            };
            tracing::debug!(%method, path = url.path(), status = reply.status.as_u16(), tracking_id = reply.tracking_id, elapsed_ms = started.elapsed().as_millis() as u64, "Webex call");
            match reply.status {
                s if s.is_success() => {
                    self.not_busy(&scope);
                    return Ok(reply);
                }
                StatusCode::UNAUTHORIZED if !token_replaced => {
                    token_replaced = true;
                    tracing::info!(
                        tracking_id = reply.tracking_id,
                        "Webex rejected the access token; refreshing once"
                    );
                    token = self.inner.tokens.replace_rejected(&token).await?;
                    self.count_retry(&url, "unauthorized");
                }
                StatusCode::TOO_MANY_REQUESTS => {
                    // FACTS §7: Retry-After may be long; the body may be text/html.
                    let retry_after = parse_retry_after(
                        reply.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()),
                        OffsetDateTime::now_utc(),
                    );
                    rate_limited += 1;
                    self.busy_until(scope, retry_after);
                    metrics::counter!(m::WEBEX_RATE_LIMITED, "operation" => operation(&self.inner.base, &url))
                        .increment(1);
                    if waited + retry_after > self.inner.retry_after_cap
                        || rate_limited > RATE_LIMIT_RETRIES
                    {
                        tracing::warn!(%method, path = url.path(), tracking_id = reply.tracking_id, retry_after_s = retry_after.as_secs(), "Webex rate limit longer than we wait");
                        return Err(WebexError::RateLimited {
                            retry_after: retry_after.max(Duration::from_secs(1)),
                            tracking_id: Some(reply.tracking_id),
                        });
                    }
                    tracing::info!(%method, path = url.path(), tracking_id = reply.tracking_id, retry_after_ms = retry_after.as_millis() as u64, "Webex rate limit; waiting");
                    self.count_retry(&url, "rate_limited");
                    // The wait itself happens at the top of the loop, for the scope.
                }
                StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT
                    if method == Method::GET && transient_retries < TRANSIENT_RETRIES =>
                {
                    tracing::info!(%method, path = url.path(), status = reply.status.as_u16(), tracking_id = reply.tracking_id, "Webex hiccup; retrying");
                    self.count_retry(&url, "unavailable");
                    sleep_backoff(transient_retries).await;
                    transient_retries += 1;
                }
                _ => return Err(http_error(&method, &url, reply)),
            }
        }
    }

    /// Admits one attempt through the call budget, waiting for room while `waited` stays within
    /// the cap (background calls: however long it takes); else `RateLimited`, Webex not asked.
    async fn admit(
        &self,
        method: &Method,
        url: &Url,
        tracking_id: &str,
        waited: &mut Duration,
    ) -> Result<(), WebexError> {
        let budget = &self.inner.budget;
        let mut held = false;
        loop {
            let now = self.inner.clock.now();
            let hold: Hold = match budget.try_admit(now, self.class, self.actor.as_deref()) {
                Ok(()) => {
                    metrics::counter!(m::WEBEX_BUDGET_ADMITTED, "class" => self.class.as_str())
                        .increment(1);
                    return Ok(());
                }
                Err(hold) => hold,
            };
            let patient = self.class == CallClass::Background;
            if !patient && *waited + hold.wait > self.inner.retry_after_cap {
                budget.note_refused();
                metrics::counter!(m::WEBEX_BUDGET_REFUSED, "class" => self.class.as_str(), "reason" => hold.reason.as_str())
                    .increment(1);
                tracing::info!(%method, path = url.path(), reason = hold.reason.as_str(), retry_after_s = hold.wait.as_secs(), "call budget used up; not asking Webex");
                return Err(WebexError::RateLimited {
                    retry_after: hold.wait.max(Duration::from_secs(1)),
                    tracking_id: Some(tracking_id.to_owned()),
                });
            }
            if !held {
                held = true;
                budget.note_held();
                metrics::counter!(m::WEBEX_BUDGET_HELD, "class" => self.class.as_str(), "reason" => hold.reason.as_str())
                    .increment(1);
            }
            if !patient {
                *waited += hold.wait;
            }
            tokio::time::sleep(hold.wait).await;
        }
    }

    fn busy_scope(&self, method: &Method, url: &Url, token: &SecretString) -> BusyScope {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        token.expose_secret().hash(&mut hasher);
        BusyScope {
            token: hasher.finish(),
            method: method.clone(),
            operation: operation(&self.inner.base, url),
        }
    }

    /// How much longer Webex said `scope` is busy, if it is; a time that passed is forgotten.
    fn busy_for(&self, scope: &BusyScope) -> Option<Duration> {
        let mut busy = self.inner.busy.lock().expect("busy lock");
        let until = *busy.get(scope)?;
        let left = until - self.inner.clock.now();
        if left.is_positive() {
            Duration::try_from(left).ok()
        } else {
            busy.remove(scope);
            None
        }
    }

    fn busy_until(&self, scope: BusyScope, retry_after: Duration) {
        let until = self.inner.clock.now() + retry_after;
        let mut busy = self.inner.busy.lock().expect("busy lock");
        let entry = busy.entry(scope).or_insert(until);
        *entry = (*entry).max(until);
    }

    fn not_busy(&self, scope: &BusyScope) {
        let mut busy = self.inner.busy.lock().expect("busy lock");
        if !busy.is_empty() {
            busy.remove(scope);
        }
    }

    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: &Body,
        token: &SecretString,
        tracking_id: &str,
    ) -> Result<Reply, reqwest::Error> {
        let mut auth = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid"));
        auth.set_sensitive(true);
        let mut request = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, auth)
            .header("TrackingID", tracking_id);
        request = match body {
            Body::None => request,
            Body::EmptyJson => request.header(CONTENT_TYPE, "application/json"),
            Body::Json(bytes) => request
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.clone()),
            Body::Wav(bytes) => {
                let part = reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name("greeting.wav")
                    .mime_str("audio/wav")
                    .expect("a valid MIME type");
                request.multipart(reqwest::multipart::Form::new().part("file", part))
            }
        };
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?.to_vec();
        let tracking_id = headers
            .get("trackingid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| tracking_id.to_owned());
        Ok(Reply {
            status,
            headers,
            body,
            tracking_id,
        })
    }

    /// A lazy stream over every item of a paged list, following `Link rel="next"` until there is
    /// none; an empty page with a next link does not end it (FACTS §8). Lists paged by
    /// `startIndex` without links (groups, FACTS §9) continue by index.
    fn paginate<P: Page>(
        &self,
        first: Url,
    ) -> impl Stream<Item = Result<P::Item, WebexError>> + Send + 'static + use<P> {
        let client = self.clone();
        stream::try_unfold(Some(first), move |next| {
            let client = client.clone();
            async move {
                let Some(url) = next else {
                    return Ok(None);
                };
                let reply = client.execute(Method::GET, url.clone(), Body::None).await?;
                let page: P = decode(&reply)?;
                let next = reply
                    .headers
                    .get(LINK)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|h| next_link(h, &url))
                    .or_else(|| page.next_by_index(&url));
                // The bearer token goes wherever the link points: only ever to Webex itself.
                if let Some(next) = &next
                    && next.origin() != client.inner.base.origin()
                {
                    return Err(WebexError::Decode {
                        reason: format!(
                            "the next-page link leaves the API: {}",
                            next.origin().ascii_serialization()
                        ),
                        tracking_id: Some(reply.tracking_id),
                    });
                }
                Ok(Some((page.into_items(), next)))
            }
        })
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }

    fn remember(&self, person_id: &str, update: impl FnOnce(&mut Remembered)) {
        let mut map = self.inner.remembered.lock().expect("remembered-state lock");
        if map.len() >= REMEMBERED_STATE_MAX_ENTRIES && !map.contains_key(person_id) {
            map.clear();
        }
        update(map.entry(person_id.to_owned()).or_default());
    }

    fn recall<T>(&self, person_id: &str, read: impl FnOnce(&Remembered) -> Option<T>) -> Option<T> {
        let map = self.inner.remembered.lock().expect("remembered-state lock");
        map.get(person_id).and_then(read)
    }
}

/// The metrics label for a Webex URL: its path below the API base with person and group ids
/// replaced by `{id}`, so the label set is the fixed set of operations, not one per person.
fn operation(base: &Url, url: &Url) -> String {
    let below = url
        .path()
        .strip_prefix(base.path().trim_end_matches('/'))
        .unwrap_or(url.path());
    let mut out = Vec::new();
    let mut id_next = false;
    for segment in below.split('/').filter(|s| !s.is_empty()) {
        let after_id = out.last() == Some(&"{id}");
        out.push(if id_next { "{id}" } else { segment });
        // A location's queue (`locations/{id}/queues/{id}`), but not `queues/agents/{id}`.
        id_next = matches!(segment, "people" | "groups" | "locations" | "agents")
            || (segment == "queues" && after_id);
    }
    out.join("/")
}

fn receipt(reply: Reply) -> Receipt {
    Receipt {
        tracking_id: reply.tracking_id,
    }
}

fn decode<T: DeserializeOwned>(reply: &Reply) -> Result<T, WebexError> {
    serde_json::from_slice(&reply.body).map_err(|e| WebexError::Decode {
        reason: e.to_string(),
        tracking_id: Some(reply.tracking_id.clone()),
    })
}

fn http_error(method: &Method, url: &Url, reply: Reply) -> WebexError {
    // FACTS §7: `{message, errors[].description, trackingId}`, or not JSON at all.
    let body = ErrorBody::parse(&reply.body);
    let descriptions = body.descriptions();
    let message = body
        .message
        .filter(|m| !m.is_empty())
        .or_else(|| descriptions.first().cloned())
        .unwrap_or_else(|| {
            reply
                .status
                .canonical_reason()
                .unwrap_or("error")
                .to_owned()
        });
    let tracking_id = body.tracking_id.unwrap_or(reply.tracking_id);
    tracing::warn!(%method, path = url.path(), status = reply.status.as_u16(), tracking_id, message, "Webex call failed");
    WebexError::Http {
        status: reply.status.as_u16(),
        message,
        descriptions,
        tracking_id: Some(tracking_id),
    }
}

fn transport_error(e: reqwest::Error, tracking_id: String) -> WebexError {
    if e.is_timeout() {
        WebexError::Timeout {
            tracking_id: Some(tracking_id),
        }
    } else {
        WebexError::Unreachable {
            reason: e.without_url().to_string(),
            tracking_id: Some(tracking_id),
        }
    }
}

/// Exponential backoff with jitter: 100–200 ms, 200–400 ms, 400–800 ms.
async fn sleep_backoff(attempt: u32) {
    let full = BACKOFF_BASE * 2u32.pow(attempt);
    let jittered = full.mul_f64(rand::random_range(0.5..=1.0));
    tokio::time::sleep(jittered).await;
}

/// One page of a Webex list.
trait Page: DeserializeOwned + Send + 'static {
    type Item: Send + 'static;
    fn into_items(self) -> Vec<Self::Item>;
    /// The next page's URL for lists paged by `startIndex` when Webex sent no `Link`.
    fn next_by_index(&self, _url: &Url) -> Option<Url> {
        None
    }
}

/// A list answered as `{"items": [...]}` and paged by `Link` (people, locations).
#[derive(Deserialize)]
struct Items<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
}

impl<T: DeserializeOwned + Send + 'static> Page for Items<T> {
    type Item = T;
    fn into_items(self) -> Vec<T> {
        self.items
    }
}

/// The numbers list: `{"phoneNumbers": [...]}`, paged by `Link` (FACTS §10.7).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NumbersPage {
    #[serde(default)]
    phone_numbers: Vec<NumberEntry>,
}

impl Page for NumbersPage {
    type Item = NumberEntry;
    fn into_items(self) -> Vec<NumberEntry> {
        self.phone_numbers
    }
}

/// The schedule lists: `{"schedules": [...]}`, paged by `Link` (FACTS §10.3).
#[derive(Clone, Deserialize)]
struct SchedulesPage {
    #[serde(default)]
    schedules: Vec<ScheduleSummary>,
}

impl Page for SchedulesPage {
    type Item = ScheduleSummary;
    fn into_items(self) -> Vec<ScheduleSummary> {
        self.schedules
    }
}

/// SCIM-style paging fields of the groups APIs (FACTS §9).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct IndexPaging {
    total_results: Option<u64>,
    start_index: Option<u64>,
    items_per_page: Option<u64>,
}

impl IndexPaging {
    fn next(&self, url: &Url, returned: usize) -> Option<Url> {
        let total = self.total_results?;
        let start = self.start_index.unwrap_or(1);
        let count = self.items_per_page.unwrap_or(returned as u64);
        if returned == 0 || count == 0 || start + count > total {
            return None;
        }
        Some(with_query(url, "startIndex", &(start + count).to_string()))
    }
}

#[derive(Deserialize)]
struct GroupsPage {
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(flatten)]
    paging: IndexPaging,
}

impl Page for GroupsPage {
    type Item = Group;
    fn into_items(self) -> Vec<Group> {
        self.groups
    }
    fn next_by_index(&self, url: &Url) -> Option<Url> {
        self.paging.next(url, self.groups.len())
    }
}

#[derive(Deserialize)]
struct MembersPage {
    #[serde(default)]
    members: Vec<GroupMember>,
    #[serde(flatten)]
    paging: IndexPaging,
    #[serde(default, rename = "memberSize")]
    member_size: Option<u64>,
}

impl Page for MembersPage {
    type Item = GroupMember;
    fn into_items(self) -> Vec<GroupMember> {
        self.members
    }
    fn next_by_index(&self, url: &Url) -> Option<Url> {
        let paging = IndexPaging {
            total_results: self.paging.total_results.or(self.member_size),
            start_index: self.paging.start_index.or_else(|| {
                url.query_pairs()
                    .find(|(k, _)| k == "startIndex")
                    .and_then(|(_, v)| v.parse().ok())
            }),
            items_per_page: self.paging.items_per_page,
        };
        paging.next(url, self.members.len())
    }
}

/// `url` with query parameter `key` set to `value` (replacing any previous value).
fn with_query(url: &Url, key: &str, value: &str) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut next = url.clone();
    {
        let mut q = next.query_pairs_mut();
        q.clear();
        for (k, v) in &kept {
            q.append_pair(k, v);
        }
        q.append_pair(key, value);
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_hide_ids() {
        let base = Url::parse("https://webexapis.com/v1").unwrap();
        let op = |path: &str| operation(&base, &base.join(path).unwrap());
        assert_eq!(
            op("/v1/people/Y2lzY29zcGFyazovL3Vz/features/callForwarding"),
            "people/{id}/features/callForwarding"
        );
        assert_eq!(
            op("/v1/telephony/config/people/abc/voicemail/passcode"),
            "telephony/config/people/{id}/voicemail/passcode"
        );
        assert_eq!(op("/v1/people?email=a%40b"), "people");
        assert_eq!(op("/v1/groups/g1/members"), "groups/{id}/members");
        assert_eq!(
            op("/v1/telephony/config/queues/agents/Y2lz/settings"),
            "telephony/config/queues/agents/{id}/settings"
        );
        assert_eq!(
            op("/v1/telephony/config/locations/TE9D/queues/Q1FV"),
            "telephony/config/locations/{id}/queues/{id}"
        );
    }

    #[test]
    fn index_paging_continues_until_total() {
        let url = Url::parse("https://x/v1/groups/g/members?startIndex=1&count=2").unwrap();
        let page: MembersPage = serde_json::from_value(serde_json::json!({
            "members": [{"id": "a"}, {"id": "b"}], "totalResults": 3, "startIndex": 1, "itemsPerPage": 2
        }))
        .unwrap();
        let next = page.next_by_index(&url).unwrap();
        assert_eq!(
            next.as_str(),
            "https://x/v1/groups/g/members?count=2&startIndex=3"
        );
        let last: MembersPage = serde_json::from_value(serde_json::json!({
            "members": [{"id": "c"}], "totalResults": 3, "startIndex": 3, "itemsPerPage": 1
        }))
        .unwrap();
        assert!(last.next_by_index(&next).is_none());
        // Only memberSize, as in GroupResponse.
        let bare: MembersPage = serde_json::from_value(serde_json::json!({
            "members": [{"id": "a"}, {"id": "b"}], "memberSize": 2
        }))
        .unwrap();
        assert!(bare.next_by_index(&url).is_none());
    }
}
