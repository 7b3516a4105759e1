//! A stand-in for Webex that the portal cannot tell apart from the real service on the paths it
//! uses: Login with Webex (OIDC), People, Groups, Locations, the person call settings, devices,
//! numbers and call queue agents, with Webex's error bodies, pagination, tracking ids and rate
//! limiting. Its contract is
//! `tests/contract/openapi-subset.yaml` and `tests/contract/FACTS.md`; it shares no code with
//! `src/webex`, so a misreading of the API cannot hide in both.
//!
//! Layout: `seed` (starting data), `state` (the in-memory world), `jwt` (RS256 keys), `oidc`
//! (identity), `people` (People and Groups), `locations` (Locations, read), `settings` (call
//! settings and their validation), `rules` (call handling rules with criteria, single number
//! reach, person and location schedules), `telephony` (devices, numbers, call queue agents), `faults` (counting and fault injection), `api` (tracking id,
//! error body, bearer tokens).
//!
//! Operations (all under `/v1`; every answer carries a `trackingid` header, the request's
//! `TrackingID` if it sent one; errors are `{message, errors:[{description}], trackingId}`):
//!
//! | operation | checks |
//! |---|---|
//! | `GET /.well-known/openid-configuration` | none; `issuer` is the discovery issuer (FACTS §5) |
//! | `GET /authorize` | client known; `redirect_uri` registered (else an error page, no redirect); `response_type=code`; `nonce` with `openid`; PKCE method and length; `prompt=none` needs a simulator session (`login_required`) |
//! | `POST /authorize` | the same, then email + password or a picked user; sets the session cookie; 302 with `code` and `state` |
//! | `POST /access_token` | client auth by Basic or body (not both); `authorization_code`: single-use code, 60 s, same client and `redirect_uri`, PKCE S256/plain; `refresh_token`: live, same client, a service app's own org |
//! | `GET/POST /userinfo` | user token with `openid`; `email`/`profile` claims by scope |
//! | `GET /verification` | none (JWKS, every key not yet removed) |
//! | `GET /people` | `people_read` scope; non-admins need `email` or `displayName`; `id` ≤ 85; `max` ≥ 1, capped 100 with `callingData`, 50 with `locationId`; own org only; `Link` to the next page |
//! | `GET /people/me`, `GET /people/{personId}` | token; scope; own org (else 404) |
//! | `GET /locations`, `GET /locations/{locationId}` | admin token with `spark-admin:locations_read`, `people_read` or `device_read`; own org; `name` (contains), `id`, `max`; `Link` paging (FACTS §10.8) |
//! | `GET /groups`, `/groups/{groupId}`, `/groups/{groupId}/members` (or `Members`) | `identity:groups_read`; `filter` only `displayName eq/sw "…"`; own org; `Link` paging |
//! | `GET/PUT /people/{personId}/features/callForwarding` | `people_read`/`_write` (a user token for itself); Webex Calling user in the org; types; unknown or read-only fields; `numberOfRings` 2–20 and ≤ `systemMaxNumberOfRings`; destinations; enabled needs a destination |
//! | `GET/PUT …/features/voicemail` | as above; `notifications` and `transferToNumber` required; enums; `EXTERNAL` needs `externalEmail`; fax needs `phoneNumber`; SMS is +1 E.164; transfer needs a destination |
//! | `POST …/voicemail/actions/upload{Busy,NoAnswer}Greeting/invoke` | multipart part `file`, `audio/wav`, RIFF/WAVE, ≤ 5000 KB |
//! | `POST …/voicemail/actions/resetPin/invoke` | admin `people_write` only |
//! | `PUT /telephony/config/people/{personId}/voicemail/passcode` | `telephony_config_write`; the org's passcode rules |
//! | `GET /telephony/config/voicemail/rules` | admin `telephony_config_read` |
//! | `GET /telephony/config/people/{personId}/callForwarding/availableNumbers` | `telephony_config_read`; the direct numbers at the person's location |
//! | `GET/PUT …/features/doNotDisturb` | PUT needs `webexGoOverrideEnabled` |
//! | `GET/PUT …/features/callWaiting` | PUT needs `enabled` |
//! | `GET/PUT /telephony/config/people/{personId}/settings/permissions` | `telephony_config_*`; FULL_ACCESS/NO_ACCESS for known features (FACTS §3a) |
//! | `GET/PUT …/features/callerId` | `people_*`, admin; `selected` required and one of the person's `types`; `CUSTOM` needs `customNumber`; custom numbers of the person's location; `OTHER` name policy needs a name; `CUSTOM_NAME` needs `customName` |
//! | `GET/PUT …/features/intercept` | `people_*`, admin; enums; enabled numbers need a destination; `CUSTOM` greeting needs an uploaded announcement; `filename` only as uploaded |
//! | `POST …/intercept/actions/announcementUpload/invoke` | as the greetings; sets `filename` |
//! | `GET/PUT /telephony/config/people/{personId}/features/personalAssistant` | `telephony_config_*`, admin; enums; rings 2–20; `untilDateTime` RFC 3339; transfer needs a number |
//! | `GET/PUT /telephony/config/people/{personId}/anonymousCallReject` | `people_*`, admin; PUT needs `enabled`; 404 "The URI requested is invalid." where switched off (`set_anonymous_call_reject_available`) |
//! | `GET/PUT …/features/bargeIn` | `people_*` (a user token for itself) |
//! | `GET/PUT /telephony/config/people/{personId}/{selectiveForward,selectiveAccept,selectiveReject}` | admin `telephony_config_*`; PUT needs `enabled`; forward: `defaultPhoneNumberToForward` when enabled with `sendToVoicemailEnabled` (spec); the GET summarises criteria `{id, scheduleName, source, <flag>}`, forward with both voicemail names (FACTS §10.2) |
//! | `GET/PUT …/simultaneousRing` | admin **`people_*`** (FACTS §3); up to 10 `phoneNumbers` |
//! | `POST …/{feature}/criteria`, `GET/PUT/DELETE …/criteria/{id}` | the feature's scopes; 201 `{id}` / 204; required fields and `callsFrom` per feature (FACTS §10.2; sim ring's PUT requires none); `SELECT_PHONE_NUMBERS` needs its three fields; a schedule the person (`PEOPLE`) or their location (`LOCATION`) does not have is refused (assumption) |
//! | `GET/PUT …/singleNumberReach`, `POST …/numbers`, `PUT/DELETE …/numbers/{id}` | admin `telephony_config_*`; numbers need `phoneNumber`, `enabled`, `name`; no duplicates; PUT 200 `{id}` (the id follows the number) |
//! | `GET/POST /people/{personId}/features/schedules`, `GET/PUT/DELETE …/{scheduleType}/{scheduleId}`, `POST …/events`, `GET/PUT/DELETE …/events/{eventId}` | admin `people_*`; the list adds the location's schedules (`level`), `name` ≤ 40, `type`, `start`/`max`, `Link`; POST 201, PUT (`newName`, `name`, `type`) 200 `{id}`, **a new id when the name changes**; event POST/PUT require the times (FACTS §10.3); dates, times, end after start |
//! | `GET /telephony/config/locations/{locationId}/schedules`, `…/{type}/{scheduleId}`, `…/events/{eventId}` | admin `telephony_config_read`; read only here |
//! | `GET /devices` | `spark-admin:devices_read` (a user token with `spark:devices_read`: own devices); `personId`, `connectionStatus`, `type`, `max`, `start`; `Link` paging |
//! | `GET /telephony/config/numbers` | admin `telephony_config_read`; `ownerId` (person ID or UUID), `locationId`, `phoneNumber`, `extension`, `max`, `start`; `Link` paging |
//! | `GET /telephony/config/queues/agents/{id}` | admin `telephony_config_read`; `max` and `start` required; 404 for someone in no queue |
//! | `GET /telephony/config/locations/{locationId}/queues/{queueId}` | admin `telephony_config_read`; `id`, `name`, `enabled`, `allowAgentJoinEnabled`; 404 for a queue not at that location of the org |
//! | `PUT /telephony/config/queues/agents/{id}/settings` | admin `telephony_config_write`; `settings[]` of `{queueId, joinEnabled}`, each once; every queue must have this agent and allow agents to join (`allowAgentJoinEnabled`), else 400 and nothing changes; 403 unless the service app was authorized by a full administrator |
//! | Any other path | 404 "The URI requested is invalid." |
//! | `POST /messages` | `spark:messages_write` (the seeded bot token `seed::BOT_TOKEN`); exactly one of `toPersonId`/`toPersonEmail`, a known person; `markdown` or `text`; 200 with the message |
//!
//! Outside `/v1`, `/_sim/faults`, `/_sim/counts`, `/_sim/expire-tokens` and
//! `/_sim/rotate-signing-key` control the simulator itself (see [`Faults`] and [`FaultRule`]).

pub mod seed;

mod api;
mod faults;
mod jwt;
mod locations;
mod messages;
mod oidc;
mod people;
mod rules;
pub(crate) mod settings;
mod state;
mod telephony;

use std::{
    collections::{BTreeSet, HashMap},
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Multipart, Path, Query, State, multipart::MultipartRejection},
    http::HeaderMap,
    middleware,
    routing::{get, post, put},
};
use serde_json::Value;
use tokio::{sync::oneshot, task::JoinHandle};
use url::Url;

pub use faults::{FaultRule, Faults};
pub use jwt::IdTokenSigner;

use api::TrackingId;
use seed::Seed;
use state::{Principal, State as World, TokenKind};

/// How to run a simulator. `Default` gives the built-in seed and Webex's token lifetimes.
pub struct SimulatorOptions {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    pub seed: Seed,
    /// `issuer` in the discovery document (FACTS §5: a regional idbroker).
    pub discovery_issuer: String,
    /// `iss` of the ID tokens, which differs from the discovery issuer (FACTS §5, SPARK-401218).
    pub token_issuer: String,
    /// FACTS §6: about 14 days.
    pub access_token_lifetime: Duration,
    /// FACTS §6: about 90 days.
    pub refresh_token_lifetime: Duration,
    /// `false` (default, like Webex): a refresh grant returns the same refresh token with its
    /// lifetime renewed. `true`: a new refresh token each time; the old one keeps working for 60 s.
    pub rotate_refresh_tokens: bool,
}

impl Default for SimulatorOptions {
    fn default() -> Self {
        SimulatorOptions {
            port: 0,
            seed: Seed::builtin(),
            discovery_issuer: "https://idbroker-b-us.webex.com/idb".into(),
            token_issuer: "https://idbroker.webex.com/idb".into(),
            access_token_lifetime: Duration::from_secs(1_209_600),
            refresh_token_lifetime: Duration::from_secs(7_776_000),
            rotate_refresh_tokens: false,
        }
    }
}

type IdTokenOverride = Box<dyn FnOnce(Value) -> String + Send>;

/// What the handlers share.
pub(crate) struct Shared {
    base_url: Url,
    discovery_issuer: String,
    token_issuer: String,
    access_ttl: Duration,
    refresh_ttl: Duration,
    rotate_refresh_tokens: bool,
    state: Mutex<World>,
    signer: IdTokenSigner,
    faults: faults::FaultState,
    next_id_token: Mutex<Option<IdTokenOverride>>,
    /// `(client id, method)` of every authenticated token request, oldest first.
    token_auth: Mutex<Vec<(String, &'static str)>>,
}

impl Shared {
    /// An absolute URL under the API base, e.g. `url("/people")`.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.as_str().trim_end_matches('/'))
    }
}

/// A running simulator. Dropping it stops the server; [`Simulator::shutdown`] also waits for it.
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

type Params = Query<HashMap<String, String>>;

/// GET and PUT for a person feature on `path`.
fn feature_route(
    router: Router<Arc<Shared>>,
    path: &str,
    feature: &'static str,
) -> Router<Arc<Shared>> {
    router.route(
        path,
        get(
            move |s: State<Arc<Shared>>,
                  t: TrackingId,
                  h: HeaderMap,
                  p: Path<String>,
                  q: Params| { settings::read(s, t, h, p, q, feature) },
        )
        .put(
            move |s: State<Arc<Shared>>,
                  t: TrackingId,
                  h: HeaderMap,
                  p: Path<String>,
                  q: Params,
                  b: Bytes| { settings::write(s, t, h, p, q, b, feature) },
        ),
    )
}

fn greeting_route(which: &'static str) -> axum::routing::MethodRouter<Arc<Shared>> {
    post(
        move |s: State<Arc<Shared>>,
              t: TrackingId,
              h: HeaderMap,
              p: Path<String>,
              q: Params,
              m: Result<Multipart, MultipartRejection>| {
            settings::upload_greeting(s, t, h, p, q, m, which)
        },
    )
}

/// The parent GET/PUT and the criteria operations of one call-handling rule (FACTS §10.2).
fn rule_routes(router: Router<Arc<Shared>>, rule: rules::Rule) -> Router<Arc<Shared>> {
    let base = format!(
        "/v1/telephony/config/people/{{personId}}/{}",
        rule.feature()
    );
    router
        .route(
            &base,
            get(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<String>,
                      q: Params| { rules::get_rule(s, t, h, p, q, rule) },
            )
            .put(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<String>,
                      q: Params,
                      b: Bytes| { rules::put_rule(s, t, h, p, q, b, rule) },
            ),
        )
        .route(
            &format!("{base}/criteria"),
            post(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<String>,
                      q: Params,
                      b: Bytes| { rules::post_criterion(s, t, h, p, q, b, rule) },
            ),
        )
        .route(
            &format!("{base}/criteria/{{id}}"),
            get(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<(String, String)>,
                      q: Params| { rules::get_criterion(s, t, h, p, q, rule) },
            )
            .put(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<(String, String)>,
                      q: Params,
                      b: Bytes| { rules::put_criterion(s, t, h, p, q, b, rule) },
            )
            .delete(
                move |s: State<Arc<Shared>>,
                      t: TrackingId,
                      h: HeaderMap,
                      p: Path<(String, String)>,
                      q: Params| { rules::delete_criterion(s, t, h, p, q, rule) },
            ),
        )
}

fn router(shared: Arc<Shared>) -> Router {
    let mut webex = Router::new()
        .route("/v1/.well-known/openid-configuration", get(oidc::discovery))
        .route(
            "/v1/authorize",
            get(oidc::authorize_page).post(oidc::authorize_submit),
        )
        .route("/v1/access_token", post(oidc::token))
        .route("/v1/userinfo", get(oidc::userinfo).post(oidc::userinfo))
        .route("/v1/verification", get(oidc::jwks))
        .route("/v1/messages", post(messages::create))
        .route("/v1/people", get(people::list))
        .route("/v1/people/me", get(people::me))
        .route("/v1/people/{personId}", get(people::get_one))
        .route("/v1/locations", get(locations::list))
        .route("/v1/locations/{locationId}", get(locations::get_one))
        .route("/v1/groups", get(people::list_groups))
        .route("/v1/groups/{groupId}", get(people::get_group))
        // wxc_sdk calls `/Members` (FACTS §9); both spellings work.
        .route("/v1/groups/{groupId}/members", get(people::group_members))
        .route("/v1/groups/{groupId}/Members", get(people::group_members))
        .route(
            "/v1/people/{personId}/features/voicemail/actions/uploadBusyGreeting/invoke",
            greeting_route("sendBusyCalls"),
        )
        .route(
            "/v1/people/{personId}/features/voicemail/actions/uploadNoAnswerGreeting/invoke",
            greeting_route("sendUnansweredCalls"),
        )
        .route(
            "/v1/people/{personId}/features/voicemail/actions/resetPin/invoke",
            post(settings::reset_pin),
        )
        .route(
            "/v1/telephony/config/people/{personId}/voicemail/passcode",
            put(settings::set_passcode),
        )
        .route(
            "/v1/telephony/config/voicemail/rules",
            get(settings::voicemail_rules),
        )
        .route(
            "/v1/telephony/config/people/{personId}/callForwarding/availableNumbers",
            get(settings::available_numbers),
        )
        .route(
            "/v1/people/{personId}/features/intercept/actions/announcementUpload/invoke",
            post(settings::upload_announcement),
        )
        .route("/v1/devices", get(telephony::list_devices))
        .route("/v1/telephony/config/numbers", get(telephony::list_numbers))
        .route(
            "/v1/telephony/config/queues/agents/{id}",
            get(telephony::get_agent),
        )
        .route(
            "/v1/telephony/config/queues/agents/{id}/settings",
            put(telephony::put_agent_settings),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/queues/{queueId}",
            get(telephony::get_queue),
        )
        .route(
            "/v1/telephony/config/people/{personId}/singleNumberReach",
            get(rules::get_snr).put(rules::put_snr),
        )
        .route(
            "/v1/telephony/config/people/{personId}/singleNumberReach/numbers",
            post(rules::post_snr_number),
        )
        .route(
            "/v1/telephony/config/people/{personId}/singleNumberReach/numbers/{id}",
            put(rules::put_snr_number).delete(rules::delete_snr_number),
        )
        .route(
            "/v1/people/{personId}/features/schedules",
            get(rules::list_schedules).post(rules::post_schedule),
        )
        .route(
            "/v1/people/{personId}/features/schedules/{scheduleType}/{scheduleId}",
            get(rules::get_schedule)
                .put(rules::put_schedule)
                .delete(rules::delete_schedule),
        )
        .route(
            "/v1/people/{personId}/features/schedules/{scheduleType}/{scheduleId}/events",
            post(rules::post_event),
        )
        .route(
            "/v1/people/{personId}/features/schedules/{scheduleType}/{scheduleId}/events/{eventId}",
            get(rules::get_event)
                .put(rules::put_event)
                .delete(rules::delete_event),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/schedules",
            get(rules::list_location_schedules),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}",
            get(rules::get_location_schedule),
        )
        .route(
            "/v1/telephony/config/locations/{locationId}/schedules/{type}/{scheduleId}/events/{eventId}",
            get(rules::get_location_event),
        );
    for rule in rules::Rule::ALL {
        webex = rule_routes(webex, rule);
    }
    for (path, feature) in [
        (
            "/v1/people/{personId}/features/callForwarding",
            "callForwarding",
        ),
        ("/v1/people/{personId}/features/voicemail", "voicemail"),
        (
            "/v1/people/{personId}/features/doNotDisturb",
            "doNotDisturb",
        ),
        ("/v1/people/{personId}/features/callWaiting", "callWaiting"),
        (
            "/v1/telephony/config/people/{personId}/settings/permissions",
            "permissions",
        ),
        ("/v1/people/{personId}/features/callerId", "callerId"),
        ("/v1/people/{personId}/features/intercept", "intercept"),
        (
            "/v1/telephony/config/people/{personId}/features/personalAssistant",
            "personalAssistant",
        ),
        (
            "/v1/telephony/config/people/{personId}/anonymousCallReject",
            "anonymousCallReject",
        ),
        ("/v1/people/{personId}/features/bargeIn", "bargeIn"),
    ] {
        webex = feature_route(webex, path, feature);
    }
    webex
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            faults::count_and_inject,
        ))
        .merge(faults::control_routes())
        .fallback(not_found)
        .layer(middleware::from_fn(api::tracking_id))
        // Greeting uploads above 5000 KB must reach the handler to get Webex's 400, not a 413.
        .layer(DefaultBodyLimit::max(8 * 1024 * 1024))
        .with_state(shared)
}

/// Unknown paths are counted too (under the literal path), so a wrong call shows up in counts.
async fn not_found(
    State(shared): State<Arc<Shared>>,
    tid: TrackingId,
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> api::ApiError {
    if uri.path().starts_with("/v1/") {
        shared.faults.count(method.as_str(), uri.path());
    }
    // BASICS: Webex's 404 reads "The URI requested is invalid" (FACTS §10.1: e.g. a person
    // setting that has no admin path, like /people/{id}/features/sequentialRing).
    api::ApiError::not_found(&tid, "The URI requested is invalid.")
}

/// Binds 127.0.0.1:`opts.port` and serves in the background.
pub async fn start(opts: SimulatorOptions) -> anyhow::Result<Simulator> {
    opts.seed
        .validate()
        .map_err(|e| anyhow::anyhow!("invalid seed: {e}"))?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
    let addr = listener.local_addr()?;
    let base_url = Url::parse(&format!("http://{addr}/v1"))?;
    let shared = Arc::new(Shared {
        base_url,
        discovery_issuer: opts.discovery_issuer,
        token_issuer: opts.token_issuer,
        access_ttl: opts.access_token_lifetime,
        refresh_ttl: opts.refresh_token_lifetime,
        rotate_refresh_tokens: opts.rotate_refresh_tokens,
        state: Mutex::new(World::from_seed(&opts.seed, opts.refresh_token_lifetime)),
        signer: IdTokenSigner {
            ring: Arc::new(Mutex::new(
                tokio::task::spawn_blocking(jwt::KeyRing::new).await?,
            )),
        },
        faults: faults::FaultState::default(),
        next_id_token: Mutex::new(None),
        token_auth: Mutex::new(Vec::new()),
    });
    let app = router(shared.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "simulator server stopped");
        }
    });
    Ok(Simulator {
        shared,
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}

impl Simulator {
    /// `http://127.0.0.1:<port>/v1`, no trailing slash: the value for `WEBEX_API_BASE_URL`.
    pub fn base_url(&self) -> Url {
        self.shared.base_url.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The ID-token `iss` this simulator uses.
    pub fn token_issuer(&self) -> &str {
        &self.shared.token_issuer
    }

    /// The `issuer` of the discovery document.
    pub fn discovery_issuer(&self) -> &str {
        &self.shared.discovery_issuer
    }

    /// Allows `uri` as a redirect URI of `client_id` (tests run the portal on a random port).
    ///
    /// # Panics
    /// If `uri` is not an absolute URL.
    pub fn register_redirect_uri(&self, client_id: &str, uri: &str) {
        assert!(
            Url::parse(uri).is_ok(),
            "redirect URI {uri:?} is not an absolute URL"
        );
        let mut world = self.shared.state.lock().unwrap();
        if let Some(c) = world.clients.iter_mut().find(|c| c.id == client_id)
            && !c.redirect_uris.iter().any(|u| u == uri)
        {
            c.redirect_uris.push(uri.to_string());
        }
    }

    /// Requests counted for `method` and route pattern, e.g.
    /// `("PUT", "/v1/people/{personId}/features/callForwarding")`; `"*"` matches any method or path.
    pub fn request_count(&self, method: &str, path_pattern: &str) -> u64 {
        self.shared.faults.count_of(method, path_pattern)
    }

    /// How `client_id` authenticated at the token endpoint, request by request:
    /// `client_secret_basic` or `client_secret_post` (both accepted, FACTS §5).
    pub fn token_auth_methods(&self, client_id: &str) -> Vec<&'static str> {
        self.shared
            .token_auth
            .lock()
            .unwrap()
            .iter()
            .filter(|(id, _)| id == client_id)
            .map(|(_, method)| *method)
            .collect()
    }

    /// All Webex requests counted so far.
    pub fn total_request_count(&self) -> u64 {
        self.shared.faults.count_of("*", "*")
    }

    /// Fault injection and counts, the same as the `/_sim` control endpoints.
    pub fn faults(&self) -> Faults {
        Faults {
            shared: self.shared.clone(),
        }
    }

    /// A new RS256 key with a new `kid` becomes the signer; old keys stay in the JWKS.
    pub fn rotate_signing_key(&self) {
        self.shared.signer.ring.lock().unwrap().rotate();
    }

    /// Drops every key but the current one from the JWKS.
    pub fn remove_old_signing_keys(&self) {
        self.shared.signer.ring.lock().unwrap().remove_old();
    }

    /// A feature's current GET body (`callForwarding`, `voicemail`, `doNotDisturb`, `callWaiting`,
    /// `permissions`, `callerId`, `intercept`, `personalAssistant`, `anonymousCallReject`,
    /// `bargeIn`, `selectiveForward` / `selectiveAccept` / `selectiveReject` / `simultaneousRing`
    /// (with full `criteria`), `singleNumberReach`, `schedules` → `{"schedules": [...]}`, or
    /// `passcode` → `{"passcode": …}`); `person_id` may be a person ID or a UUID.
    pub fn person_setting(&self, person_id: &str, feature: &str) -> Option<Value> {
        let world = self.shared.state.lock().unwrap();
        let index = world.person_index(person_id)?;
        settings::current(&world, index, feature)
    }

    /// Changes a feature "elsewhere" (as Control Hub would): `value` is deep-merged into the
    /// stored object, without validation.
    pub fn set_person_setting(&self, person_id: &str, feature: &str, value: Value) {
        let mut world = self.shared.state.lock().unwrap();
        let Some(index) = world.person_index(person_id) else {
            return;
        };
        if feature == "passcode" {
            world.people[index].passcode = value["passcode"].as_str().map(str::to_string);
            return;
        }
        let slot = world.people[index]
            .settings
            .entry(feature.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
        state::deep_merge(slot, &value);
    }

    /// The id of the call queue named `name`, if there is one.
    pub fn call_queue_id(&self, name: &str) -> Option<String> {
        let world = self.shared.state.lock().unwrap();
        world
            .queues
            .iter()
            .find(|q| q.name == name)
            .map(|q| q.queue_id())
    }

    /// The agents of the call queue named `name` as (person ID, joined), in order.
    pub fn call_queue_agents(&self, name: &str) -> Vec<(String, bool)> {
        let world = self.shared.state.lock().unwrap();
        world
            .queues
            .iter()
            .find(|q| q.name == name)
            .map(|q| {
                q.agents
                    .iter()
                    .map(|(uuid, joined)| (seed::person_id(uuid), *joined))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Sets whether agents may join and leave the call queue named `name` (as Control Hub would).
    pub fn set_call_queue_allows_agent_join(&self, name: &str, allowed: bool) {
        let mut world = self.shared.state.lock().unwrap();
        for q in world.queues.iter_mut().filter(|q| q.name == name) {
            q.allow_agent_join_enabled = allowed;
        }
    }

    /// Whether the service app counts as authorized by a full administrator (default `true`);
    /// the queue agent PUT needs one (FACTS §10.5) and answers 403 otherwise.
    pub fn set_service_app_full_admin(&self, full: bool) {
        self.shared
            .state
            .lock()
            .unwrap()
            .app_authorized_by_full_admin = full;
    }

    /// Whether `/telephony/config/people/{personId}/anonymousCallReject` exists (default
    /// `true`); without it the path answers 404 "The URI requested is invalid", as a Webex that
    /// has not deployed it yet would (FACTS §10.1).
    pub fn set_anonymous_call_reject_available(&self, available: bool) {
        self.shared
            .state
            .lock()
            .unwrap()
            .anonymous_call_reject_available = available;
    }

    /// Adds the user with `email` to every group named `group` (as an admin would in Control Hub).
    pub fn add_group_member(&self, group: &str, email: &str) {
        let mut world = self.shared.state.lock().unwrap();
        let Some(uuid) = world.person_by_email(email).map(|p| p.uuid.clone()) else {
            return;
        };
        for g in world.groups.iter_mut().filter(|g| g.name == group) {
            if !g.members.contains(&uuid) {
                g.members.push(uuid.clone());
            }
        }
    }

    /// Removes the user with `email` from every group named `group`.
    pub fn remove_group_member(&self, group: &str, email: &str) {
        let mut world = self.shared.state.lock().unwrap();
        let Some(uuid) = world.person_by_email(email).map(|p| p.uuid.clone()) else {
            return;
        };
        for g in world.groups.iter_mut().filter(|g| g.name == group) {
            g.members.retain(|m| *m != uuid);
        }
    }

    /// Messages posted with `POST /v1/messages`, oldest first (the message objects as returned).
    pub fn messages(&self) -> Vec<Value> {
        self.shared.state.lock().unwrap().messages.clone()
    }

    /// The person ID of the user with this email.
    pub fn person_id_by_email(&self, email: &str) -> Option<String> {
        let world = self.shared.state.lock().unwrap();
        world.person_by_email(email).map(|p| p.person_id())
    }

    /// An admin access token for the service app's org with exactly these scopes (for 403 tests).
    pub fn issue_admin_token(&self, scopes: &[&str]) -> String {
        let mut world = self.shared.state.lock().unwrap();
        let org = world
            .client(seed::SERVICE_APP_CLIENT_ID)
            .and_then(|c| c.org.clone())
            .unwrap_or_else(|| world.orgs[0].uuid.clone());
        let scopes: BTreeSet<String> = scopes.iter().map(|s| s.to_string()).collect();
        world.issue(
            TokenKind::Access,
            Principal::App {
                client: seed::SERVICE_APP_CLIENT_ID.into(),
                org,
            },
            seed::SERVICE_APP_CLIENT_ID,
            scopes,
            self.shared.access_ttl,
        )
    }

    /// A user access token for `email` with these scopes, as the integration would get it.
    pub fn issue_user_token(&self, email: &str, scopes: &[&str]) -> Option<String> {
        let mut world = self.shared.state.lock().unwrap();
        let p = world.person_by_email(email)?;
        let principal = Principal::User {
            person: p.uuid.clone(),
            org: p.org.clone(),
        };
        let scopes: BTreeSet<String> = scopes.iter().map(|s| s.to_string()).collect();
        Some(world.issue(
            TokenKind::Access,
            principal,
            seed::INTEGRATION_CLIENT_ID,
            scopes,
            self.shared.access_ttl,
        ))
    }

    /// A handle that mints ID tokens with this simulator's keys (and broken ones for attack tests).
    pub fn id_token_signer(&self) -> IdTokenSigner {
        self.shared.signer.clone()
    }

    /// `claims` signed RS256 with the current key.
    pub fn mint_id_token(&self, claims: Value) -> String {
        self.shared.signer.mint(&claims)
    }

    /// `claims` signed with a key that is not in the JWKS (but naming the current `kid`).
    pub fn mint_id_token_with_foreign_key(&self, claims: Value) -> String {
        self.shared.signer.mint_with_foreign_key(&claims)
    }

    /// The next authorization-code exchange returns `f(claims)` as its `id_token`, where `claims`
    /// are the ones the simulator would have signed (`iss, sub, aud, exp, iat, auth_time, nonce`).
    pub fn override_next_id_token(&self, f: impl FnOnce(Value) -> String + Send + 'static) {
        *self.shared.next_id_token.lock().unwrap() = Some(Box::new(f));
    }

    /// A printable list of notable sign-in accounts and the OAuth clients, for `demo` and
    /// `simulator`. These are the simulator's own made-up credentials, never real ones.
    pub fn accounts_summary(&self) -> String {
        let world = self.shared.state.lock().unwrap();
        let first_org = world
            .orgs
            .first()
            .map(|o| o.uuid.clone())
            .unwrap_or_default();
        let in_group = |uuid: &str, name: &str| {
            world
                .groups
                .iter()
                .any(|g| g.name == name && g.members.iter().any(|m| m == uuid))
        };
        let index_of = |uuid: &str| world.people.iter().position(|p| p.uuid == uuid);
        let role = |p: &state::Person| -> Option<&'static str> {
            let no_forwarding = index_of(&p.uuid)
                .and_then(|i| settings::current(&world, i, "permissions"))
                .is_some_and(|v| v["userSettingsPermissions"]["callForwarding"] == "NO_ACCESS");
            if p.org != first_org {
                Some("other org")
            } else if in_group(&p.uuid, seed::ADMINS_GROUP) {
                Some("Portal Admins member")
            } else if in_group(&p.uuid, seed::HELPDESK_GROUP) {
                Some("Portal Helpdesk member")
            } else if p.calling.is_none() {
                Some("no Webex Calling")
            } else if no_forwarding {
                Some("may not change call forwarding")
            } else {
                None
            }
        };
        let mut out = String::from("Sign in as any seeded user, for example:\n");
        let mut shown_roles = std::collections::HashSet::new();
        if let Some(p) = world
            .people
            .iter()
            .find(|p| p.org == first_org && role(p).is_none())
        {
            out.push_str(&format!("  {:<34} employee\n", p.email));
        }
        for p in &world.people {
            if let Some(r) = role(p)
                && shown_roles.insert(r)
            {
                out.push_str(&format!("  {:<34} {r}\n", p.email));
            }
        }
        out.push_str(&format!(
            "  ({} users in all; password {:?} unless the seed gives one)\n",
            world.people.len(),
            world
                .people
                .first()
                .map(|p| p.password.as_str())
                .unwrap_or_default()
        ));
        for c in &world.clients {
            let kind = match c.kind {
                seed::ClientKind::Integration => "Integration",
                seed::ClientKind::ServiceApp => "Service app",
            };
            out.push_str(&format!("{kind} client: {} / {}", c.id, c.secret));
            if c.kind == seed::ClientKind::ServiceApp {
                let refresh = world.tokens.iter().find(|(_, t)| {
                    t.kind == TokenKind::Refresh
                        && t.client == c.id
                        && t.expires > std::time::Instant::now()
                });
                if let Some((rt, _)) = refresh {
                    out.push_str(&format!(" (refresh token {rt})"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// Stops the server and waits for it.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// `calling-portal simulator --port N [--seed FILE]`: prints the URL and accounts, runs until Ctrl-C.
pub async fn run_standalone(port: u16, seed: Option<PathBuf>) -> anyhow::Result<()> {
    run_standalone_with(Standalone {
        port,
        seed,
        ..Standalone::default()
    })
    .await
}

/// What `calling-portal simulator` was asked for.
#[derive(Debug, Default)]
pub struct Standalone {
    pub port: u16,
    /// Replaces the built-in seeded org.
    pub seed: Option<PathBuf>,
    /// More redirect URIs the seeded integration accepts (a portal's `<public URL>/auth/callback`).
    pub redirect_uris: Vec<String>,
    /// Where to write the `WEBEX_*` variables a portal needs to use this simulator, once it listens.
    pub portal_env: Option<PathBuf>,
}

/// Runs the simulator as [`Standalone`] says until Ctrl-C (SIGINT).
pub async fn run_standalone_with(opts: Standalone) -> anyhow::Result<()> {
    let seed = match &opts.seed {
        Some(path) => Seed::from_file(path).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => Seed::builtin(),
    };
    for uri in &opts.redirect_uris {
        anyhow::ensure!(
            Url::parse(uri).is_ok(),
            "--redirect-uri {uri:?} is not an absolute URL"
        );
    }
    let integration = seed.integration_client().cloned();
    let service_app = seed.service_app_client().cloned();
    let sim = start(SimulatorOptions {
        port: opts.port,
        seed,
        ..SimulatorOptions::default()
    })
    .await?;
    if let Some(integration) = &integration {
        for uri in &opts.redirect_uris {
            sim.register_redirect_uri(&integration.client_id, uri);
        }
    }
    if let Some(path) = &opts.portal_env {
        let (Some(integration), Some(service_app)) = (&integration, &service_app) else {
            anyhow::bail!("--portal-env needs a seed with an integration and a service app");
        };
        let vars = [
            ("WEBEX_API_BASE_URL", sim.base_url().to_string()),
            ("WEBEX_OIDC_ALLOWED_ISSUERS", sim.token_issuer().to_owned()),
            ("WEBEX_OIDC_CLIENT_ID", integration.client_id.clone()),
            (
                "WEBEX_OIDC_CLIENT_SECRET",
                integration.client_secret.clone(),
            ),
            ("WEBEX_SERVICE_APP_CLIENT_ID", service_app.client_id.clone()),
            (
                "WEBEX_SERVICE_APP_CLIENT_SECRET",
                service_app.client_secret.clone(),
            ),
            (
                "WEBEX_SERVICE_APP_REFRESH_TOKEN",
                service_app.refresh_token.clone().unwrap_or_default(),
            ),
        ];
        // Shell syntax (`NAME='value'`), so a script can source it; written whole, then renamed
        // into place, so whoever waits for the file never reads half of it.
        let text: String = vars
            .iter()
            .map(|(k, v)| format!("{k}='{}'\n", v.replace('\'', "'\\''")))
            .collect();
        let partial = path.with_extension("partial");
        std::fs::write(&partial, text)?;
        std::fs::rename(&partial, path)?;
    }
    println!("Webex simulator running at {}", sim.base_url());
    println!(
        "OIDC discovery: {}/.well-known/openid-configuration",
        sim.base_url()
    );
    println!(
        "Control endpoints: http://{}/_sim/faults, /_sim/counts",
        sim.addr()
    );
    print!("{}", sim.accounts_summary());
    tokio::signal::ctrl_c().await?;
    sim.shutdown().await;
    Ok(())
}
