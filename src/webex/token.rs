//! The service-app token manager: the portal's one Webex credential.
//!
//! - Bootstraps from the configured refresh token, then keeps the current (possibly rotated) pair
//!   encrypted in a [`TokenVault`] (AES-256-GCM, fresh random nonce per write), so a restart
//!   neither needs nor wastes a refresh.
//! - Refreshes ahead of expiry (half the lifetime), with one refresh in flight per process (a
//!   mutex plus a re-check once it is held) and per deployment (a vault lease: the holder refreshes
//!   and saves, the others wait and reload).
//! - Reports its [`TokenHealth`]; never shows a token in `Debug`, logs or errors.
//!
//! Refresh is `POST {base}/access_token` with `grant_type=refresh_token` (FACTS §6).

use std::{
    collections::{BTreeSet, HashMap},
    sync::{Arc, Mutex as StdMutex, Weak},
    time::{Duration, Instant},
};

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use base64::Engine as _;
use secrecy::{ExposeSecret, SecretString, zeroize::Zeroize};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use url::Url;

use super::error::WebexError;
use super::wire::ErrorBody;
use crate::{clock::Clock, config::WebexConfig};

/// A failure of the token store.
#[derive(Debug, Clone, thiserror::Error)]
#[error("token vault: {0}")]
pub struct VaultError(pub String);

/// Where the encrypted tokens live and how instances agree on who refreshes. The store module
/// implements it for SQLite and PostgreSQL; [`MemoryVault`] serves tests and single processes.
#[async_trait::async_trait]
pub trait TokenVault: Send + Sync + 'static {
    /// The encrypted blob saved under `key`, if any.
    async fn load(&self, key: &str) -> Result<Option<Vec<u8>>, VaultError>;
    async fn save(&self, key: &str, blob: &[u8]) -> Result<(), VaultError>;
    /// Takes the named lease for `holder` for `ttl` if it is free, expired, or already `holder`'s
    /// (then it is extended); Ok(true) if taken.
    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, VaultError>;
    async fn release_lease(&self, name: &str, holder: &str) -> Result<(), VaultError>;
}

/// A vault in process memory: for tests and for a single instance that accepts refreshing once
/// after each restart.
#[derive(Default)]
pub struct MemoryVault {
    blobs: StdMutex<HashMap<String, Vec<u8>>>,
    leases: StdMutex<HashMap<String, (String, Instant)>>,
}

#[async_trait::async_trait]
impl TokenVault for MemoryVault {
    async fn load(&self, key: &str) -> Result<Option<Vec<u8>>, VaultError> {
        Ok(self.blobs.lock().expect("vault lock").get(key).cloned())
    }

    async fn save(&self, key: &str, blob: &[u8]) -> Result<(), VaultError> {
        self.blobs
            .lock()
            .expect("vault lock")
            .insert(key.to_owned(), blob.to_vec());
        Ok(())
    }

    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, VaultError> {
        let mut leases = self.leases.lock().expect("vault lock");
        let now = Instant::now();
        match leases.get(name) {
            Some((owner, until)) if owner != holder && *until > now => Ok(false),
            _ => {
                leases.insert(name.to_owned(), (holder.to_owned(), now + ttl));
                Ok(true)
            }
        }
    }

    async fn release_lease(&self, name: &str, holder: &str) -> Result<(), VaultError> {
        let mut leases = self.leases.lock().expect("vault lock");
        if leases.get(name).is_some_and(|(owner, _)| owner == holder) {
            leases.remove(name);
        }
        Ok(())
    }
}

/// How the service-app credential is doing, for admins and the readiness endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenHealth {
    pub state: TokenState,
    pub access_expires_at: Option<OffsetDateTime>,
    pub refresh_expires_at: Option<OffsetDateTime>,
    pub last_refresh_at: Option<OffsetDateTime>,
    pub last_error: Option<String>,
    /// The scopes Webex said the access token carries; `None` when it did not say (the field is
    /// optional, FACTS §6) or the tokens were stored before the portal kept them.
    pub granted_scopes: Option<BTreeSet<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenState {
    Healthy,
    Degraded { reason: String },
}

/// Warn (and report degraded) when the refresh token has less than this left.
pub const REFRESH_TOKEN_WARNING: Duration = Duration::from_secs(14 * 24 * 3600);
/// An access token this close to expiry is not used any more.
const EXPIRY_MARGIN: time::Duration = time::Duration::seconds(60);
/// After a failed refresh, requests do not try again before this (they would only hammer Webex).
const RETRY_BACKOFF: Duration = Duration::from_secs(15);
/// How long an instance waits for another one that holds the refresh lease.
const LEASE_WAIT: Duration = Duration::from_secs(10);
const LEASE_POLL: Duration = Duration::from_millis(100);
/// The background refresher looks at least this often (health, countdown, unsaved tokens).
const REFRESHER_MAX_SLEEP: Duration = Duration::from_secs(3600);
const BLOB_VERSION: u8 = 1;

/// The service-app token manager; cheap to clone (one shared state).
#[derive(Clone)]
pub struct TokenManager {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenManager")
            .field("client_id", &self.inner.client_id)
            .field("health", &self.health())
            .finish_non_exhaustive()
    }
}

struct Inner {
    http: reqwest::Client,
    token_url: Url,
    client_id: String,
    client_secret: SecretString,
    configured_refresh: SecretString,
    /// Fingerprint of the configured refresh token: stored tokens descend from it. When an operator
    /// configures a new one (the old pair expired), it replaces what the vault holds.
    origin: String,
    cipher: Cipher,
    vault: Arc<dyn TokenVault>,
    slot: String,
    lease_name: String,
    lease_ttl: Duration,
    holder: String,
    state: StdMutex<State>,
    /// Single flight: held for every load from and refresh into the vault.
    refresh_lock: tokio::sync::Mutex<()>,
    clock: Arc<dyn Clock>,
}

#[derive(Default)]
struct State {
    loaded: bool,
    tokens: Option<Tokens>,
    last_refresh_at: Option<OffsetDateTime>,
    last_error: Option<String>,
    refresh_failing: bool,
    retry_not_before: Option<Instant>,
    unsaved: bool,
    warned_days_left: Option<i64>,
}

#[derive(Clone)]
struct Tokens {
    access: SecretString,
    access_expires_at: OffsetDateTime,
    refresh: SecretString,
    refresh_expires_at: Option<OffsetDateTime>,
    obtained_at: OffsetDateTime,
    origin: String,
    /// The token response's `scope` (FACTS §5, §6), if Webex sent one.
    scopes: Option<BTreeSet<String>>,
}

impl Tokens {
    /// Due for a refresh: half its lifetime has passed (for Webex's 14-day tokens that is well
    /// before the last day; BRK refreshes with < 24 h left, FACTS §6).
    fn due(&self, now: OffsetDateTime) -> bool {
        let remaining = self.access_expires_at - now;
        remaining <= self.lifetime() / 2 || remaining <= self.margin()
    }

    /// Still accepted by Webex (with a margin for the request in flight).
    fn usable(&self, now: OffsetDateTime) -> bool {
        self.access_expires_at - now > self.margin()
    }

    fn lifetime(&self) -> time::Duration {
        self.access_expires_at - self.obtained_at
    }

    /// A minute, or less for tokens that live only minutes (tests, the token API's 1-hour example).
    fn margin(&self) -> time::Duration {
        EXPIRY_MARGIN.min(self.lifetime() / 10)
    }
}

/// Why a refresh is wanted; decides whether someone else's refresh already satisfied it.
enum Trigger<'a> {
    /// The token is due (or missing).
    Due,
    /// Webex answered 401 to this access token.
    Rejected(&'a SecretString),
}

impl Trigger<'_> {
    fn satisfied_by(&self, t: &Tokens, now: OffsetDateTime) -> bool {
        match self {
            Trigger::Due => !t.due(now),
            Trigger::Rejected(bad) => {
                t.usable(now) && t.access.expose_secret() != bad.expose_secret()
            }
        }
    }
}

impl TokenManager {
    /// Builds the manager; nothing is loaded or refreshed until first use (or [`Self::init`]).
    pub fn new(
        cfg: &WebexConfig,
        vault: Arc<dyn TokenVault>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, WebexError> {
        let cipher = Cipher::from_base64(&cfg.token_encryption_key)?;
        let http = reqwest::Client::builder()
            .connect_timeout(cfg.connect_timeout)
            .timeout(cfg.request_timeout)
            .build()
            .map_err(|e| WebexError::TokenUnavailable {
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        let app = &cfg.service_app;
        Ok(TokenManager {
            inner: Arc::new(Inner {
                http,
                token_url: super::endpoint(&cfg.api_base_url, &["access_token"]),
                client_id: app.client_id.clone(),
                client_secret: app.client_secret.clone(),
                origin: fingerprint(app.refresh_token.expose_secret()),
                configured_refresh: app.refresh_token.clone(),
                cipher,
                vault,
                slot: format!("webex-service-app:{}", app.client_id),
                lease_name: format!("webex-service-app-refresh:{}", app.client_id),
                lease_ttl: (cfg.request_timeout * 2).max(Duration::from_secs(30)),
                holder: uuid::Uuid::new_v4().to_string(),
                state: StdMutex::new(State::default()),
                refresh_lock: tokio::sync::Mutex::new(()),
                clock,
            }),
        })
    }

    /// The time by the portal's clock (token expiry is judged on it).
    fn now(&self) -> OffsetDateTime {
        self.inner.clock.now()
    }

    /// Loads the stored tokens and refreshes them if due; call at start to surface problems early.
    pub async fn init(&self) -> Result<(), WebexError> {
        self.access_token().await.map(drop)
    }

    /// A usable access token, refreshing first if it is due.
    pub(crate) async fn access_token(&self) -> Result<SecretString, WebexError> {
        self.ensure_loaded().await;
        if let Some(t) = self.current()
            && !t.due(self.now())
        {
            return Ok(t.access);
        }
        self.refresh(Trigger::Due).await
    }

    /// Webex rejected `rejected` with 401: get a different token, refreshing at most once for
    /// however many requests were rejected together.
    pub(crate) async fn replace_rejected(
        &self,
        rejected: &SecretString,
    ) -> Result<SecretString, WebexError> {
        self.refresh(Trigger::Rejected(rejected)).await
    }

    pub fn health(&self) -> TokenHealth {
        let state = self.inner.state.lock().expect("token state lock");
        let now = self.now();
        let mut reasons = Vec::new();
        match &state.tokens {
            None if state.refresh_failing => {
                reasons.push("there is no access token and the refresh failed".to_owned())
            }
            None => reasons.push("no access token has been obtained yet".to_owned()),
            Some(t) if !t.usable(now) => reasons.push("the access token has expired".to_owned()),
            Some(_) if state.refresh_failing => {
                reasons.push("the last token refresh failed".to_owned())
            }
            Some(_) => {}
        }
        if state.unsaved {
            reasons.push("the current tokens could not be saved".to_owned());
        }
        let refresh_expires_at = state.tokens.as_ref().and_then(|t| t.refresh_expires_at);
        if let Some(days) = refresh_days_left(refresh_expires_at, now) {
            reasons.push(format!(
                "the refresh token expires in {days} days; generate a new one for the service app on developer.webex.com"
            ));
        }
        TokenHealth {
            state: if reasons.is_empty() {
                TokenState::Healthy
            } else {
                TokenState::Degraded {
                    reason: reasons.join("; "),
                }
            },
            access_expires_at: state.tokens.as_ref().map(|t| t.access_expires_at),
            refresh_expires_at,
            last_refresh_at: state.last_refresh_at,
            last_error: state.last_error.clone(),
            granted_scopes: state.tokens.as_ref().and_then(|t| t.scopes.clone()),
        }
    }

    /// Keeps the token fresh in the background: refreshes when due, retries saving tokens that
    /// could not be saved, and logs a daily countdown as the refresh token nears expiry. The task
    /// ends when the last clone of the manager is dropped (or when aborted).
    pub fn spawn_refresher(&self) -> tokio::task::JoinHandle<()> {
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        tokio::spawn(async move {
            loop {
                let Some(inner) = weak.upgrade() else { break };
                let wait = TokenManager { inner }.tick().await;
                tokio::time::sleep(wait).await;
            }
        })
    }

    /// One round of the background refresher; returns how long to sleep.
    async fn tick(&self) -> Duration {
        self.ensure_loaded().await;
        if self.inner.state.lock().expect("token state lock").unsaved
            && let Some(t) = self.current()
        {
            let _guard = self.inner.refresh_lock.lock().await;
            self.persist(&t).await;
        }
        let due = self.current().is_none_or(|t| t.due(self.now()));
        if due && let Err(e) = self.refresh(Trigger::Due).await {
            tracing::error!(error = %e, "service-app token refresh failed");
        }
        self.warn_refresh_countdown();
        let now = self.now();
        let troubled = {
            let state = self.inner.state.lock().expect("token state lock");
            state.refresh_failing || state.unsaved
        };
        match self.current() {
            Some(t) if !troubled => {
                let due_at = t.access_expires_at - t.lifetime() / 2;
                Duration::try_from(due_at - now)
                    .unwrap_or(Duration::ZERO)
                    .clamp(Duration::from_secs(1), REFRESHER_MAX_SLEEP)
            }
            _ => RETRY_BACKOFF,
        }
    }

    fn warn_refresh_countdown(&self) {
        let mut state = self.inner.state.lock().expect("token state lock");
        let at = state.tokens.as_ref().and_then(|t| t.refresh_expires_at);
        let days = refresh_days_left(at, self.now());
        if days.is_some() && days != state.warned_days_left {
            tracing::warn!(
                days_left = days,
                "the service-app refresh token expires in {} days; generate a new one on developer.webex.com and set WEBEX_SERVICE_APP_REFRESH_TOKEN",
                days.unwrap_or_default()
            );
        }
        state.warned_days_left = days;
    }

    fn current(&self) -> Option<Tokens> {
        self.inner
            .state
            .lock()
            .expect("token state lock")
            .tokens
            .clone()
    }

    async fn ensure_loaded(&self) {
        if self.inner.state.lock().expect("token state lock").loaded {
            return;
        }
        let _guard = self.inner.refresh_lock.lock().await;
        if self.inner.state.lock().expect("token state lock").loaded {
            return;
        }
        let stored = self.load_vault().await;
        let mut state = self.inner.state.lock().expect("token state lock");
        state.loaded = true;
        if state.tokens.is_none() {
            state.tokens = stored;
        }
    }

    /// The tokens in the vault, if they can be read and descend from the configured refresh token.
    async fn load_vault(&self) -> Option<Tokens> {
        let inner = &self.inner;
        let blob = match inner.vault.load(&inner.slot).await {
            Ok(blob) => blob?,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the stored service-app tokens");
                self.note_error(format!("cannot read the stored tokens: {e}"));
                return None;
            }
        };
        let Some(tokens) = inner.cipher.open(inner.slot.as_bytes(), &blob) else {
            tracing::error!(
                "the stored service-app tokens cannot be decrypted (did PORTAL_TOKEN_ENCRYPTION_KEY change?); using the configured refresh token"
            );
            self.note_error(
                "the stored tokens cannot be decrypted with the configured key".to_owned(),
            );
            return None;
        };
        if tokens.origin != inner.origin {
            tracing::info!(
                "a new service-app refresh token is configured; it replaces the stored tokens"
            );
            return None;
        }
        Some(tokens)
    }

    async fn refresh(&self, trigger: Trigger<'_>) -> Result<SecretString, WebexError> {
        self.ensure_loaded().await;
        let _guard = self.inner.refresh_lock.lock().await;
        // Whoever held the lock before us may have done the work already.
        if let Some(t) = self.current()
            && trigger.satisfied_by(&t, self.now())
        {
            return Ok(t.access);
        }
        let backing_off = self
            .inner
            .state
            .lock()
            .expect("token state lock")
            .retry_not_before
            .is_some_and(|at| Instant::now() < at);
        if backing_off {
            return self.fallback(&trigger);
        }
        // Another instance may have refreshed and saved.
        if let Some(t) = self.load_vault().await
            && trigger.satisfied_by(&t, self.now())
        {
            return Ok(self.adopt(t));
        }
        let inner = &self.inner;
        match inner
            .vault
            .try_acquire_lease(&inner.lease_name, &inner.holder, inner.lease_ttl)
            .await
        {
            Ok(true) => {
                let result = self.refresh_holding_lease(&trigger).await;
                if let Err(e) = inner
                    .vault
                    .release_lease(&inner.lease_name, &inner.holder)
                    .await
                {
                    tracing::warn!(error = %e, "cannot release the token refresh lease");
                }
                result
            }
            Ok(false) => self.wait_for_other_instance(&trigger).await,
            Err(e) => {
                // Better a rare double refresh than no token at all.
                tracing::warn!(error = %e, "token refresh lease unavailable; refreshing without it");
                self.refresh_holding_lease(&trigger).await
            }
        }
    }

    async fn refresh_holding_lease(
        &self,
        trigger: &Trigger<'_>,
    ) -> Result<SecretString, WebexError> {
        // The previous holder may have saved just before we took the lease.
        if let Some(t) = self.load_vault().await
            && trigger.satisfied_by(&t, self.now())
        {
            return Ok(self.adopt(t));
        }
        match self.exchange().await {
            Ok(t) => {
                self.persist(&t).await;
                let mut state = self.inner.state.lock().expect("token state lock");
                state.last_refresh_at = Some(t.obtained_at);
                state.refresh_failing = false;
                state.retry_not_before = None;
                if !state.unsaved {
                    state.last_error = None;
                }
                let access = t.access.clone();
                state.tokens = Some(t);
                tracing::info!("service-app access token refreshed");
                Ok(access)
            }
            Err(reason) => {
                tracing::error!(%reason, "service-app token refresh failed");
                {
                    let mut state = self.inner.state.lock().expect("token state lock");
                    state.refresh_failing = true;
                    state.retry_not_before = Some(Instant::now() + RETRY_BACKOFF);
                    state.last_error = Some(reason);
                }
                self.fallback(trigger)
            }
        }
    }

    /// Another instance holds the lease: wait for it to save, then use its tokens.
    async fn wait_for_other_instance(
        &self,
        trigger: &Trigger<'_>,
    ) -> Result<SecretString, WebexError> {
        let deadline = Instant::now() + LEASE_WAIT;
        while Instant::now() < deadline {
            tokio::time::sleep(LEASE_POLL).await;
            if let Some(t) = self.load_vault().await
                && trigger.satisfied_by(&t, self.now())
            {
                return Ok(self.adopt(t));
            }
        }
        tracing::warn!("another instance holds the token refresh lease but saved nothing new");
        self.fallback(trigger)
    }

    /// The current token if it is still usable (a due token is fine until it expires), else an error.
    fn fallback(&self, trigger: &Trigger<'_>) -> Result<SecretString, WebexError> {
        let state = self.inner.state.lock().expect("token state lock");
        let now = self.now();
        match (&state.tokens, trigger) {
            (Some(t), Trigger::Due) if t.usable(now) => Ok(t.access.clone()),
            _ => Err(WebexError::TokenUnavailable {
                reason: state
                    .last_error
                    .clone()
                    .unwrap_or_else(|| "no usable service-app access token".to_owned()),
            }),
        }
    }

    fn adopt(&self, t: Tokens) -> SecretString {
        let access = t.access.clone();
        let mut state = self.inner.state.lock().expect("token state lock");
        state.last_refresh_at = Some(t.obtained_at);
        state.refresh_failing = false;
        state.retry_not_before = None;
        state.tokens = Some(t);
        access
    }

    fn note_error(&self, reason: String) {
        self.inner
            .state
            .lock()
            .expect("token state lock")
            .last_error = Some(reason);
    }

    /// The refresh POST (FACTS §6). Errors are sentences without any secret in them.
    async fn exchange(&self) -> Result<Tokens, String> {
        let inner = &self.inner;
        let refresh = self
            .current()
            .map(|t| t.refresh)
            .unwrap_or_else(|| inner.configured_refresh.clone());
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", inner.client_id.as_str()),
            ("client_secret", inner.client_secret.expose_secret()),
            ("refresh_token", refresh.expose_secret()),
        ];
        let sent_at = self.now();
        let response = inner
            .http
            .post(inner.token_url.clone())
            .header("TrackingID", format!("PORTAL_{}", uuid::Uuid::new_v4()))
            .form(&form)
            .send()
            .await;
        // Counted with the client's calls (crate::telemetry::metrics), under the operation `access_token`.
        let status_label = response
            .as_ref()
            .map_or_else(|_| "error".to_owned(), |r| r.status().as_u16().to_string());
        metrics::counter!(crate::telemetry::metrics::WEBEX_REQUESTS, "method" => "POST", "operation" => "access_token", "status" => status_label)
            .increment(1);
        let response = response
            .map_err(|e| format!("the token endpoint cannot be reached: {}", e.without_url()))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("the token response was cut off: {}", e.without_url()))?;
        let scrub = |text: String| {
            let mut text = text;
            for secret in [refresh.expose_secret(), inner.client_secret.expose_secret()] {
                if !secret.is_empty() {
                    text = text.replace(secret, "…");
                }
            }
            text
        };
        if !status.is_success() {
            let err = ErrorBody::parse(&body);
            let detail = err
                .descriptions()
                .into_iter()
                .next()
                .or(err.message)
                .or(err.error_description)
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_owned());
            let tracking = err
                .tracking_id
                .map(|id| format!(" (tracking id {id})"))
                .unwrap_or_default();
            return Err(scrub(format!(
                "Webex refused the token refresh with {}: {detail}{tracking}",
                status.as_u16()
            )));
        }
        let mut parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| scrub(format!("the token response is not understood: {e}")))?;
        let tokens = Tokens {
            access: SecretString::from(std::mem::take(&mut parsed.access_token)),
            access_expires_at: sent_at + time::Duration::seconds(parsed.expires_in),
            // Webex may rotate the refresh token; keep the old one when it does not.
            refresh: match parsed.refresh_token.take() {
                Some(new) if !new.is_empty() => SecretString::from(new),
                _ => refresh.clone(),
            },
            refresh_expires_at: parsed
                .refresh_token_expires_in
                .map(|secs| sent_at + time::Duration::seconds(secs))
                .or_else(|| self.current().and_then(|t| t.refresh_expires_at)),
            obtained_at: sent_at,
            origin: inner.origin.clone(),
            // `scope` is optional on a refresh (FACTS §6); without it the grant is unchanged
            // (RFC 6749 §5.1), so what the previous response said still holds.
            scopes: match parsed.scope.as_deref() {
                Some(scope) => Some(super::scopes::parse(scope)),
                None => self.current().and_then(|t| t.scopes),
            },
        };
        Ok(tokens)
    }

    /// Saves `t` encrypted; a failure is kept in the health report and retried by the refresher.
    async fn persist(&self, t: &Tokens) {
        let inner = &self.inner;
        let blob = inner.cipher.seal(inner.slot.as_bytes(), t);
        let result = inner.vault.save(&inner.slot, &blob).await;
        let mut state = self.inner.state.lock().expect("token state lock");
        match result {
            Ok(()) => {
                if state.unsaved {
                    state.last_error = None;
                }
                state.unsaved = false;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot save the service-app tokens; a restart would need the configured refresh token");
                state.unsaved = true;
                state.last_error = Some(format!("cannot save the tokens: {e}"));
            }
        }
    }
}

/// Days left on the refresh token when under [`REFRESH_TOKEN_WARNING`].
fn refresh_days_left(at: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<i64> {
    let left = at? - now;
    (left < REFRESH_TOKEN_WARNING).then(|| left.whole_days().max(0))
}

fn fingerprint(secret: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, secret.as_bytes());
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest.as_ref())
}

/// The token endpoint's answer (FACTS §6). No `Debug`: it holds secrets.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: i64,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    refresh_token_expires_in: Option<i64>,
    #[serde(default)]
    scope: Option<String>,
}

impl Drop for TokenResponse {
    fn drop(&mut self) {
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

/// What is encrypted into the vault.
#[derive(Serialize, Deserialize)]
struct Stored {
    access_token: String,
    access_expires_at: i64,
    refresh_token: String,
    refresh_expires_at: Option<i64>,
    obtained_at: i64,
    origin: String,
    /// Absent in blobs written before scopes were kept: then unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
}

impl Drop for Stored {
    fn drop(&mut self) {
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

/// AES-256-GCM with a random 96-bit nonce per write. Blob layout: version byte, nonce, ciphertext
/// with tag. The vault slot name is the associated data, so a blob cannot be moved between slots.
struct Cipher(LessSafeKey);

impl Cipher {
    fn from_base64(key: &SecretString) -> Result<Self, WebexError> {
        let invalid = || WebexError::TokenUnavailable {
            reason: "PORTAL_TOKEN_ENCRYPTION_KEY is not 32 bytes of base64".to_owned(),
        };
        let mut bytes = base64::engine::general_purpose::STANDARD
            .decode(key.expose_secret().trim())
            .map_err(|_| invalid())?;
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| invalid());
        bytes.zeroize();
        Ok(Cipher(LessSafeKey::new(key?)))
    }

    fn seal(&self, aad: &[u8], t: &Tokens) -> Vec<u8> {
        let stored = Stored {
            access_token: t.access.expose_secret().to_owned(),
            access_expires_at: t.access_expires_at.unix_timestamp(),
            refresh_token: t.refresh.expose_secret().to_owned(),
            refresh_expires_at: t.refresh_expires_at.map(|at| at.unix_timestamp()),
            obtained_at: t.obtained_at.unix_timestamp(),
            origin: t.origin.clone(),
            scopes: t.scopes.as_ref().map(|s| s.iter().cloned().collect()),
        };
        let mut plaintext = serde_json::to_vec(&stored).expect("token record serializes");
        let mut nonce = [0u8; NONCE_LEN];
        aws_lc_rs::rand::fill(&mut nonce).expect("the system random generator works");
        let mut blob = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + 16);
        blob.push(BLOB_VERSION);
        blob.extend_from_slice(&nonce);
        let mut sealed = plaintext.clone();
        plaintext.zeroize();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut sealed,
            )
            .expect("AES-GCM sealing does not fail for small inputs");
        blob.extend_from_slice(&sealed);
        blob
    }

    fn open(&self, aad: &[u8], blob: &[u8]) -> Option<Tokens> {
        let (&version, rest) = blob.split_first()?;
        if version != BLOB_VERSION || rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = sealed.to_vec();
        let opened = self.0.open_in_place(nonce, Aad::from(aad), &mut buf);
        let stored: Option<Stored> = opened.ok().and_then(|p| serde_json::from_slice(p).ok());
        buf.zeroize();
        let s = stored?;
        Some(Tokens {
            access: SecretString::from(s.access_token.clone()),
            access_expires_at: OffsetDateTime::from_unix_timestamp(s.access_expires_at).ok()?,
            refresh: SecretString::from(s.refresh_token.clone()),
            refresh_expires_at: match s.refresh_expires_at {
                Some(at) => Some(OffsetDateTime::from_unix_timestamp(at).ok()?),
                None => None,
            },
            obtained_at: OffsetDateTime::from_unix_timestamp(s.obtained_at).ok()?,
            origin: s.origin.clone(),
            scopes: s.scopes.as_ref().map(|s| s.iter().cloned().collect()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretString {
        SecretString::from(base64::engine::general_purpose::STANDARD.encode([byte; 32]))
    }

    fn sample(now: OffsetDateTime) -> Tokens {
        Tokens {
            access: SecretString::from("access-secret-value"),
            access_expires_at: now + time::Duration::days(14),
            refresh: SecretString::from("refresh-secret-value"),
            refresh_expires_at: Some(now + time::Duration::days(90)),
            obtained_at: now,
            origin: "fp".into(),
            scopes: Some(["spark-admin:people_read".to_owned()].into()),
        }
    }

    #[test]
    fn encryption_round_trip_with_fresh_nonces() {
        let cipher = Cipher::from_base64(&key(7)).unwrap();
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let t = sample(now);
        let a = cipher.seal(b"slot", &t);
        let b = cipher.seal(b"slot", &t);
        assert_ne!(a, b, "each write uses a new nonce");
        assert_eq!(a[0], BLOB_VERSION);
        let text = String::from_utf8_lossy(&a);
        assert!(!text.contains("access-secret") && !text.contains("refresh-secret"));

        let back = cipher.open(b"slot", &a).unwrap();
        assert_eq!(back.access.expose_secret(), "access-secret-value");
        assert_eq!(back.refresh.expose_secret(), "refresh-secret-value");
        assert_eq!(back.access_expires_at, t.access_expires_at);
        assert_eq!(back.refresh_expires_at, t.refresh_expires_at);
        assert_eq!(back.origin, "fp");
        assert_eq!(back.scopes, t.scopes);

        assert!(
            cipher.open(b"other-slot", &a).is_none(),
            "bound to its slot"
        );
        assert!(
            Cipher::from_base64(&key(8))
                .unwrap()
                .open(b"slot", &a)
                .is_none()
        );
        let mut tampered = a.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(cipher.open(b"slot", &tampered).is_none());
        assert!(cipher.open(b"slot", &[]).is_none());
    }

    #[test]
    fn blobs_without_scopes_read_as_unknown() {
        let cipher = Cipher::from_base64(&key(7)).unwrap();
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        // A record as written before scopes were kept: no `scopes` field at all.
        let old = Stored {
            access_token: "a".into(),
            access_expires_at: now.unix_timestamp() + 3600,
            refresh_token: "r".into(),
            refresh_expires_at: None,
            obtained_at: now.unix_timestamp(),
            origin: "fp".into(),
            scopes: None,
        };
        let json = serde_json::to_string(&old).unwrap();
        assert!(!json.contains("scopes"), "{json}");
        let t = Tokens {
            scopes: None,
            ..sample(now)
        };
        let back = cipher.open(b"slot", &cipher.seal(b"slot", &t)).unwrap();
        assert_eq!(back.scopes, None);
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(Cipher::from_base64(&SecretString::from("c2hvcnQ=")).is_err());
        assert!(Cipher::from_base64(&SecretString::from("not base64!")).is_err());
    }

    #[test]
    fn due_at_half_life_usable_until_expiry() {
        let t0 = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let t = sample(t0);
        assert!(!t.due(t0 + time::Duration::days(6)));
        assert!(t.due(t0 + time::Duration::days(7)));
        assert!(t.usable(t0 + time::Duration::days(13)));
        assert!(!t.usable(t0 + time::Duration::days(14)));
        // A one-hour token (the token API's example) is due after 30 minutes, not at once.
        let short = Tokens {
            access_expires_at: t0 + time::Duration::hours(1),
            ..sample(t0)
        };
        assert!(!short.due(t0 + time::Duration::minutes(29)));
        assert!(short.due(t0 + time::Duration::minutes(31)));
    }

    #[test]
    fn refresh_countdown() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(
            refresh_days_left(Some(now + time::Duration::days(90)), now),
            None
        );
        assert_eq!(
            refresh_days_left(Some(now + time::Duration::hours(24 * 13 + 5)), now),
            Some(13)
        );
        assert_eq!(
            refresh_days_left(Some(now - time::Duration::days(1)), now),
            Some(0)
        );
        assert_eq!(refresh_days_left(None, now), None);
    }

    #[test]
    fn trigger_rejected_needs_a_different_token() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let t = sample(now);
        let same = SecretString::from("access-secret-value");
        let other = SecretString::from("older");
        assert!(!Trigger::Rejected(&same).satisfied_by(&t, now));
        assert!(Trigger::Rejected(&other).satisfied_by(&t, now));
        assert!(Trigger::Due.satisfied_by(&t, now));
    }

    #[tokio::test]
    async fn memory_vault_leases() {
        let v = MemoryVault::default();
        let ttl = Duration::from_secs(30);
        assert!(v.try_acquire_lease("l", "a", ttl).await.unwrap());
        assert!(!v.try_acquire_lease("l", "b", ttl).await.unwrap());
        assert!(v.try_acquire_lease("l", "a", ttl).await.unwrap());
        v.release_lease("l", "b").await.unwrap();
        assert!(!v.try_acquire_lease("l", "b", ttl).await.unwrap());
        v.release_lease("l", "a").await.unwrap();
        assert!(v.try_acquire_lease("l", "b", ttl).await.unwrap());
        assert!(
            v.try_acquire_lease("m", "a", Duration::ZERO).await.unwrap()
                && v.try_acquire_lease("m", "b", ttl).await.unwrap(),
            "an expired lease is free"
        );
    }
}
