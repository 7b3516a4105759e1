//! The Webex client and the service-app token manager against the simulator: pagination, rate
//! limits, retries, timeouts, token refresh under load, persistence, and read-modify-write.

mod calling;
mod rules;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use base64::Engine as _;
use calling_portal::{
    config::{ServiceAppConfig, WebexConfig},
    simulator::{self, FaultRule, Simulator, SimulatorOptions, seed},
    webex::{
        CallForwardingPatch, DoNotDisturbPatch, LocationNames, MemoryVault, PeopleQuery,
        TokenManager, TokenState, TokenVault, VoicemailPatch, WebexClient, WebexError, feature,
        person_uuid,
    },
};
use futures_util::{StreamExt as _, TryStreamExt as _};
use secrecy::SecretString;
use serde_json::json;

const TOKEN_POSTS: (&str, &str) = ("POST", "/v1/access_token");

async fn sim() -> Simulator {
    simulator::start(SimulatorOptions::default()).await.unwrap()
}

fn config(sim: &Simulator) -> WebexConfig {
    WebexConfig {
        api_base_url: sim.base_url(),
        service_app: ServiceAppConfig {
            client_id: seed::SERVICE_APP_CLIENT_ID.into(),
            client_secret: SecretString::from(seed::SERVICE_APP_CLIENT_SECRET),
            refresh_token: SecretString::from(seed::SERVICE_APP_REFRESH_TOKEN),
        },
        token_encryption_key: SecretString::from(
            base64::engine::general_purpose::STANDARD.encode([42u8; 32]),
        ),
        max_in_flight: 16,
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        retry_after_cap: Duration::from_secs(3),
        feature_access_cache: Duration::from_secs(60),
        call_budget: Default::default(),
    }
}

fn client_with(cfg: &WebexConfig, vault: Arc<dyn TokenVault>) -> WebexClient {
    let tokens =
        TokenManager::new(cfg, vault, Arc::new(calling_portal::clock::SystemClock)).unwrap();
    WebexClient::new(cfg, tokens).unwrap()
}

fn client(sim: &Simulator) -> WebexClient {
    client_with(&config(sim), Arc::new(MemoryVault::default()))
}

fn employee(sim: &Simulator) -> String {
    sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap()
}

fn token_posts(sim: &Simulator) -> u64 {
    sim.request_count(TOKEN_POSTS.0, TOKEN_POSTS.1)
}

#[tokio::test]
async fn location_pages_follow_links_and_names_are_cached() {
    let sim = sim().await;
    let webex = client(&sim);
    // Three seeded locations, one a page: 3 full pages and the empty one they link to.
    let locations: Vec<_> = webex.list_locations(Some(1)).try_collect().await.unwrap();
    let names: Vec<_> = locations.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Boston HQ", "Chicago", "London"]);
    assert_eq!(sim.request_count("GET", "/v1/locations"), 4);
    let boston = seed::location_id(seed::LOCATION_BOSTON_UUID);

    // The name cache lists once, then answers from memory; a bare UUID (as the role map may
    // name a location) finds the same name; an unknown id is shown as itself.
    sim.faults().reset_counts();
    let cache = LocationNames::new();
    assert_eq!(cache.name(&webex, &boston).await, "Boston HQ");
    assert_eq!(
        cache.name(&webex, seed::LOCATION_LONDON_UUID).await,
        "London"
    );
    assert_eq!(sim.request_count("GET", "/v1/locations"), 1);
    // An unknown id lists again, but not within RETRY_AFTER of the last listing: shown as the id.
    let unknown = seed::location_id("10ca7100-0000-4000-8000-0000000000ff");
    assert_eq!(cache.name(&webex, &unknown).await, unknown);
    assert_eq!(sim.request_count("GET", "/v1/locations"), 1);

    // A failed listing is not an error: the id stands in for the name.
    let fresh = LocationNames::new();
    sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 403,
        ..FaultRule::for_path("/v1/locations")
    });
    assert_eq!(fresh.name(&webex, &boston).await, boston);
}

#[tokio::test]
async fn people_pages_follow_links_lazily() {
    let sim = simulator::start(SimulatorOptions {
        seed: seed::Seed::builtin_with_extra_users(260),
        ..SimulatorOptions::default()
    })
    .await
    .unwrap();
    let webex = client(&sim);

    let people: Vec<_> = webex
        .list_people(PeopleQuery {
            max: Some(50),
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert!(people.len() > 250, "{} people", people.len());
    let mut ids: Vec<_> = people.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), people.len(), "no person twice");
    let pages = sim.request_count("GET", "/v1/people");
    assert!(
        pages >= people.len().div_ceil(50) as u64,
        "{pages} pages for {} people",
        people.len()
    );

    // Taking ten fetches one page only.
    let before = sim.request_count("GET", "/v1/people");
    let first: Vec<_> = webex
        .list_people(PeopleQuery {
            max: Some(50),
            calling_data: true,
            ..PeopleQuery::default()
        })
        .take(10)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 10);
    assert!(
        first.iter().any(|p| p.location_id.is_some()),
        "calling data came back"
    );
    assert_eq!(sim.request_count("GET", "/v1/people") - before, 1);
}

#[tokio::test]
async fn people_by_email_and_ids_and_uuid() {
    let sim = sim().await;
    let webex = client(&sim);
    let found: Vec<_> = webex
        .list_people(PeopleQuery {
            email: Some(seed::EMPLOYEE_EMAIL.into()),
            calling_data: true,
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let alice = &found[0];
    assert_eq!(alice.email(), Some(seed::EMPLOYEE_EMAIL));
    assert!(alice.is_calling_user() && alice.extension.is_some());
    let uuid = person_uuid(&alice.id).expect("a person id decodes");
    assert_eq!(uuid.len(), 36);

    let by_id = webex.get_person(&alice.id, true).await.unwrap();
    assert_eq!(by_id.id, alice.id);
    let by_ids: Vec<_> = webex
        .list_people(PeopleQuery {
            ids: vec![alice.id.clone(), employee(&sim)],
            ..PeopleQuery::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert!(by_ids.iter().any(|p| p.id == alice.id));
}

#[tokio::test]
async fn groups_and_members() {
    let sim = sim().await;
    let webex = client(&sim);
    let groups = webex.find_groups(seed::HELPDESK_GROUP).await.unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    let members: Vec<_> = webex
        .group_members(&groups[0].id)
        .try_collect()
        .await
        .unwrap();
    let helpdesk = sim.person_id_by_email(seed::HELPDESK_EMAIL).unwrap();
    assert!(members.iter().any(|m| m.id == helpdesk));
    assert!(webex.find_groups("No Such Group").await.unwrap().is_empty());
}

#[tokio::test]
async fn rate_limit_within_the_cap_is_waited_out() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);
    webex.tokens().init().await.unwrap();
    sim.faults().rate_limit_next(2, 1);
    let started = Instant::now();
    webex.get_person(&id, false).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(sim.request_count("GET", "/v1/people/{personId}"), 3);

    // A write was not applied when it got a 429, so it is sent again too.
    sim.faults().rate_limit_next(1, 1);
    webex.put_call_waiting(&id, false).await.unwrap();
    assert_eq!(
        sim.request_count("PUT", "/v1/people/{personId}/features/callWaiting"),
        2
    );
}

#[tokio::test]
async fn rate_limit_without_retry_after_and_with_html_waits_the_default() {
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.retry_after_cap = Duration::from_secs(6);
    let webex = client_with(&cfg, Arc::new(MemoryVault::default()));
    webex.tokens().init().await.unwrap();
    sim.faults().add(FaultRule {
        too_many_requests: 1,
        omit_retry_after: true,
        html_body: true,
        ..FaultRule::for_path("/v1/people/{personId}")
    });
    let started = Instant::now();
    webex.get_person(&employee(&sim), false).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(5), "waited {waited:?}");
}

#[tokio::test]
async fn rate_limit_beyond_the_cap_fails_at_once_saying_when() {
    let sim = sim().await;
    let webex = client(&sim).with_request_id("req-429");
    webex.tokens().init().await.unwrap();
    sim.faults().add(FaultRule {
        too_many_requests: 1,
        retry_after_secs: 3600,
        html_body: true,
        ..FaultRule::for_path("/v1/people/{personId}")
    });
    let started = Instant::now();
    let err = webex.get_person(&employee(&sim), false).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    match &err {
        WebexError::RateLimited { retry_after, .. } => {
            assert_eq!(*retry_after, Duration::from_secs(3600))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.tracking_id(), Some("PORTAL_req-429"));
    assert!(
        (calling_portal::i18n::EN.webex_error)(&err).contains("60 minutes"),
        "{}",
        (calling_portal::i18n::EN.webex_error)(&err)
    );
}

#[tokio::test]
async fn server_errors_retry_reads_but_not_writes() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);
    webex.tokens().init().await.unwrap();

    sim.faults().fail_next(2);
    webex.get_call_forwarding(&id).await.unwrap();
    assert_eq!(
        sim.request_count("GET", "/v1/people/{personId}/features/callForwarding"),
        3
    );

    sim.faults().add(FaultRule {
        method: Some("PUT".into()),
        fail_next: 1,
        ..FaultRule::default()
    });
    let err = webex.put_call_waiting(&id, true).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable() && err.tracking_id().is_some());
    assert_eq!(
        sim.request_count("PUT", "/v1/people/{personId}/features/callWaiting"),
        1
    );
}

#[tokio::test]
async fn slow_webex_times_out() {
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.request_timeout = Duration::from_millis(300);
    let webex = client_with(&cfg, Arc::new(MemoryVault::default()));
    webex.tokens().init().await.unwrap();
    sim.faults().add(FaultRule {
        latency_ms: 1_000,
        ..FaultRule::for_path("/v1/people/{personId}")
    });
    let started = Instant::now();
    let err = webex.get_person(&employee(&sim), false).await.unwrap_err();
    assert!(matches!(err, WebexError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(900));
}

#[tokio::test]
async fn expiry_under_load_refreshes_exactly_once() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);
    webex.get_person(&id, false).await.unwrap();
    assert_eq!(token_posts(&sim), 1, "the bootstrap refresh");

    sim.faults().expire_all_tokens();
    let calls = (0..100).map(|i| {
        let webex = webex.with_request_id(format!("load-{i}"));
        let id = id.clone();
        tokio::spawn(async move { webex.get_person(&id, false).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(token_posts(&sim), 2, "one refresh for all 100 calls");
    assert_eq!(webex.tokens().health().state, TokenState::Healthy);
}

#[tokio::test]
async fn two_instances_sharing_a_vault_refresh_once() {
    let sim = sim().await;
    let cfg = config(&sim);
    let vault: Arc<dyn TokenVault> = Arc::new(MemoryVault::default());
    let a = client_with(&cfg, vault.clone());
    let b = client_with(&cfg, vault.clone());
    let id = employee(&sim);
    a.get_person(&id, false).await.unwrap();
    b.get_person(&id, false).await.unwrap();
    assert_eq!(token_posts(&sim), 1, "b reused a's saved token");

    sim.faults().expire_all_tokens();
    let calls = (0..40).map(|i| {
        let webex = if i % 2 == 0 { a.clone() } else { b.clone() };
        let id = id.clone();
        tokio::spawn(async move { webex.get_person(&id, false).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(token_posts(&sim), 2, "one refresh across both instances");
}

#[tokio::test]
async fn refresh_failure_shows_as_degraded_health() {
    let sim = sim().await;
    sim.faults().add(FaultRule {
        error_rate: 1.0,
        error_status: 400,
        ..FaultRule::for_path("/v1/access_token")
    });
    let webex = client(&sim);
    let err = webex.tokens().init().await.unwrap_err();
    assert!(
        matches!(err, WebexError::TokenUnavailable { .. }),
        "{err:?}"
    );
    let health = webex.tokens().health();
    assert!(
        matches!(health.state, TokenState::Degraded { .. }),
        "{health:?}"
    );
    let last_error = health.last_error.unwrap();
    assert!(last_error.contains("400"), "{last_error}");
    for secret in [
        seed::SERVICE_APP_REFRESH_TOKEN,
        seed::SERVICE_APP_CLIENT_SECRET,
    ] {
        assert!(!last_error.contains(secret) && !err.to_string().contains(secret));
        assert!(!format!("{:?}", webex.tokens()).contains(secret));
    }
    // Calls fail fast with the same error instead of hammering the token endpoint.
    let posts = token_posts(&sim);
    let err = webex.get_person(&employee(&sim), false).await.unwrap_err();
    assert!(matches!(err, WebexError::TokenUnavailable { .. }));
    assert_eq!(token_posts(&sim), posts);
}

#[tokio::test]
async fn a_restart_reuses_the_saved_token() {
    let sim = sim().await;
    let cfg = config(&sim);
    let vault: Arc<dyn TokenVault> = Arc::new(MemoryVault::default());
    let first = client_with(&cfg, vault.clone());
    first.tokens().init().await.unwrap();
    assert_eq!(token_posts(&sim), 1);
    drop(first);

    let second = client_with(&cfg, vault.clone());
    second.get_person(&employee(&sim), false).await.unwrap();
    assert_eq!(token_posts(&sim), 1, "no refresh after the restart");
    let health = second.tokens().health();
    assert_eq!(health.state, TokenState::Healthy);
    assert!(health.access_expires_at.is_some() && health.refresh_expires_at.is_some());

    // A different key cannot read the vault; the manager falls back to the configured token.
    let mut other_key = cfg.clone();
    other_key.token_encryption_key =
        SecretString::from(base64::engine::general_purpose::STANDARD.encode([7u8; 32]));
    let third = client_with(&other_key, vault);
    third.get_person(&employee(&sim), false).await.unwrap();
    assert_eq!(token_posts(&sim), 2);
}

#[tokio::test]
async fn rotated_refresh_tokens_are_kept() {
    let sim = simulator::start(SimulatorOptions {
        rotate_refresh_tokens: true,
        access_token_lifetime: Duration::from_secs(3600),
        ..SimulatorOptions::default()
    })
    .await
    .unwrap();
    let webex = client(&sim);
    let id = employee(&sim);
    webex.get_person(&id, false).await.unwrap();
    // Every refresh hands out a new refresh token; each later refresh must present a live one.
    for round in 2..=4 {
        sim.faults().expire_all_tokens();
        webex.get_person(&id, false).await.unwrap();
        assert_eq!(token_posts(&sim), round);
    }
}

#[tokio::test]
async fn unknown_fields_survive_a_read_modify_write() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);
    sim.set_person_setting(
        &id,
        "callForwarding",
        json!({"callForwarding": {"always": {"futureFlag": true}}, "futureTopLevel": {"x": 1}}),
    );

    let before = webex.get_call_forwarding(&id).await.unwrap();
    assert_eq!(before.call_forwarding.always.extra["futureFlag"], true);
    assert_eq!(before.extra["futureTopLevel"], json!({"x": 1}));

    let mut always = before.call_forwarding.always.clone();
    always.enabled = true;
    always.destination = Some("+14085550100".into());
    webex
        .put_call_forwarding(
            &id,
            &CallForwardingPatch {
                always: Some(always),
                ..CallForwardingPatch::default()
            },
        )
        .await
        .unwrap();

    let stored = sim.person_setting(&id, "callForwarding").unwrap();
    assert_eq!(stored["callForwarding"]["always"]["enabled"], true);
    assert_eq!(stored["callForwarding"]["always"]["futureFlag"], true);
    assert_eq!(stored["futureTopLevel"], json!({"x": 1}));
    let after = webex.get_call_forwarding(&id).await.unwrap();
    assert_eq!(
        after.call_forwarding.no_answer,
        before.call_forwarding.no_answer
    );
}

#[tokio::test]
async fn voicemail_and_dnd_puts_carry_the_required_fields() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);
    let vm_gets = || sim.request_count("GET", "/v1/people/{personId}/features/voicemail");

    // Without a recent read the client reads first, then sends what Webex requires.
    let patch = VoicemailPatch {
        send_all_calls: Some(calling_portal::webex::Toggle {
            enabled: true,
            ..Default::default()
        }),
        ..VoicemailPatch::default()
    };
    webex.put_voicemail(&id, &patch).await.unwrap();
    assert_eq!(vm_gets(), 1);
    assert_eq!(
        sim.person_setting(&id, "voicemail").unwrap()["sendAllCalls"]["enabled"],
        true
    );

    // After a read, the read's values are used.
    let mut current = webex.get_voicemail(&id).await.unwrap();
    current.send_unanswered_calls.number_of_rings = Some(4);
    webex
        .put_voicemail(
            &id,
            &VoicemailPatch {
                send_unanswered_calls: Some(current.send_unanswered_calls.clone()),
                ..VoicemailPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(vm_gets(), 2);
    let after = webex.get_voicemail(&id).await.unwrap();
    assert_eq!(after.send_unanswered_calls.number_of_rings, Some(4));
    assert_eq!(after.notifications, current.notifications);

    // Webex's validation comes back as a readable error with its tracking id.
    current.send_unanswered_calls.number_of_rings = Some(1);
    let err = webex
        .put_voicemail(
            &id,
            &VoicemailPatch {
                send_unanswered_calls: Some(current.send_unanswered_calls.clone()),
                ..VoicemailPatch::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(
        (calling_portal::i18n::EN.webex_error)(&err).contains("numberOfRings"),
        "{err:?}"
    );

    webex
        .put_do_not_disturb(
            &id,
            &DoNotDisturbPatch {
                enabled: Some(true),
                ..DoNotDisturbPatch::default()
            },
        )
        .await
        .unwrap();
    assert!(webex.get_do_not_disturb(&id).await.unwrap().enabled);

    webex.put_call_waiting(&id, false).await.unwrap();
    assert!(!webex.get_call_waiting(&id).await.unwrap().enabled);
}

#[tokio::test]
async fn greetings_pin_passcode_rules_and_feature_access() {
    let sim = sim().await;
    let webex = client(&sim);
    let id = employee(&sim);

    let wav = tiny_wav();
    let receipt = webex
        .with_request_id("req-greeting")
        .upload_busy_greeting(&id, wav.clone())
        .await
        .unwrap();
    assert_eq!(receipt.tracking_id, "PORTAL_req-greeting");
    webex.upload_no_answer_greeting(&id, wav).await.unwrap();
    let vm = webex.get_voicemail(&id).await.unwrap();
    assert_eq!(vm.send_busy_calls.greeting_uploaded, Some(true));
    assert_eq!(vm.send_unanswered_calls.greeting_uploaded, Some(true));

    webex.reset_voicemail_pin(&id).await.unwrap();
    let rules = webex.get_voicemail_rules().await.unwrap().passcode_rules();
    let min = rules.length.and_then(|l| l.min).unwrap_or(6);
    assert!(min >= 2);
    webex
        .set_voicemail_passcode(&id, &SecretString::from("739154"))
        .await
        .unwrap();

    let access = webex.get_feature_access(&id).await.unwrap();
    assert!(access.user_may_change(feature::CALL_FORWARDING).is_some());
    let barred = sim.person_id_by_email(seed::NO_FORWARDING_EMAIL).unwrap();
    let access = webex.get_feature_access(&barred).await.unwrap();
    assert_eq!(
        access.user_may_change(feature::CALL_FORWARDING),
        Some(false)
    );
}

#[tokio::test]
async fn errors_carry_status_message_and_tracking_id() {
    let sim = sim().await;
    let webex = client(&sim).with_request_id("req-404");
    let err = webex.get_person("bm9ib2R5", false).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    assert_eq!(err.tracking_id(), Some("PORTAL_req-404"));
    match err {
        WebexError::Http { message, .. } => assert!(!message.is_empty()),
        other => panic!("{other:?}"),
    }
}

/// A valid, silent 8 kHz mono WAV of 0.1 s.
fn tiny_wav() -> Vec<u8> {
    let samples = 800u32;
    let data_len = samples * 2;
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&8000u32.to_le_bytes());
    wav.extend_from_slice(&16000u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.resize(wav.len() + data_len as usize, 0);
    wav
}

#[tokio::test]
async fn the_refresher_renews_at_half_life_without_traffic() {
    let sim = simulator::start(SimulatorOptions {
        access_token_lifetime: Duration::from_secs(4),
        ..SimulatorOptions::default()
    })
    .await
    .unwrap();
    let webex = client(&sim);
    let refresher = webex.tokens().spawn_refresher();
    let wait_for = |posts: u64, within: Duration| {
        let sim = &sim;
        async move {
            let deadline = Instant::now() + within;
            while token_posts(sim) < posts && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            token_posts(sim)
        }
    };
    assert_eq!(
        wait_for(1, Duration::from_secs(3)).await,
        1,
        "the refresher bootstraps"
    );
    let bootstrapped = Instant::now();
    assert_eq!(wait_for(2, Duration::from_secs(6)).await, 2, "and renews");
    let renewed_after = bootstrapped.elapsed();
    assert!(
        renewed_after >= Duration::from_millis(1_500),
        "at half of the 4 s lifetime, not at once: {renewed_after:?}"
    );
    assert_eq!(webex.tokens().health().state, TokenState::Healthy);
    refresher.abort();
}

#[tokio::test]
async fn a_refresh_token_near_expiry_degrades_health() {
    let sim = simulator::start(SimulatorOptions {
        refresh_token_lifetime: Duration::from_secs(10 * 24 * 3600),
        ..SimulatorOptions::default()
    })
    .await
    .unwrap();
    let webex = client(&sim);
    webex.tokens().init().await.unwrap();
    let health = webex.tokens().health();
    match health.state {
        TokenState::Degraded { reason } => {
            assert!(reason.contains("expires in 9 days"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(health.last_error.is_none());
    // Calls still work: the access token is fine.
    webex.get_person(&employee(&sim), false).await.unwrap();
}

/// A vault whose saves fail: the store is down.
#[derive(Default)]
struct BrokenSaves(MemoryVault);

#[async_trait::async_trait]
impl TokenVault for BrokenSaves {
    async fn load(&self, key: &str) -> Result<Option<Vec<u8>>, calling_portal::webex::VaultError> {
        self.0.load(key).await
    }
    async fn save(&self, _: &str, _: &[u8]) -> Result<(), calling_portal::webex::VaultError> {
        Err(calling_portal::webex::VaultError(
            "database is locked".into(),
        ))
    }
    async fn try_acquire_lease(
        &self,
        name: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, calling_portal::webex::VaultError> {
        self.0.try_acquire_lease(name, holder, ttl).await
    }
    async fn release_lease(
        &self,
        name: &str,
        holder: &str,
    ) -> Result<(), calling_portal::webex::VaultError> {
        self.0.release_lease(name, holder).await
    }
}

#[tokio::test]
async fn unsaved_tokens_keep_working_but_degrade_health() {
    let sim = sim().await;
    let webex = client_with(&config(&sim), Arc::new(BrokenSaves::default()));
    webex.get_person(&employee(&sim), false).await.unwrap();
    let health = webex.tokens().health();
    match &health.state {
        TokenState::Degraded { reason } => {
            assert!(reason.contains("could not be saved"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(health.last_error.unwrap().contains("database is locked"));
    webex.get_person(&employee(&sim), false).await.unwrap();
    assert_eq!(
        token_posts(&sim),
        1,
        "no extra refresh because of the failed save"
    );
}

#[tokio::test]
async fn the_call_budget_admits_calls_before_webex_and_shares_them_fairly() {
    let sim = sim().await;
    let mut cfg = config(&sim);
    cfg.call_budget = calling_portal::config::CallBudgetConfig {
        per_minute: 8,
        per_user_per_minute: 3,
        interactive_reserve: 4,
    };
    let webex = client_with(&cfg, Arc::new(MemoryVault::default()));
    let alice = employee(&sim);
    let person = || webex.get_person(&alice, false);
    sim.faults().reset_counts();

    // Alice's requests stop at her share, without asking Webex; Bob's and sign-in's go ahead.
    let for_alice = webex.for_actor(&alice);
    for _ in 0..3 {
        for_alice.get_person(&alice, false).await.unwrap();
    }
    let started = Instant::now();
    match for_alice.get_person(&alice, false).await {
        Err(WebexError::RateLimited { retry_after, .. }) => {
            assert!(retry_after > Duration::from_secs(50), "{retry_after:?}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "answered at once"
    );
    assert_eq!(sim.request_count("GET", "/v1/people/{personId}"), 3);
    let for_bob = webex.for_actor("bob");
    for_bob.get_person(&alice, false).await.unwrap();
    person().await.unwrap();

    // Background work only gets what is left above the interactive reserve: 5 used of 8, so
    // a background call waits for room (here: until the first calls leave the window).
    let background = webex.background();
    let waiting = tokio::time::timeout(
        Duration::from_millis(300),
        background.get_person(&alice, false),
    );
    assert!(
        waiting.await.is_err(),
        "background work waits while the reserve is all that is left"
    );
    // Interactive calls may use the reserve, up to the whole budget, and then they are busy.
    for _ in 0..3 {
        person().await.unwrap();
    }
    assert!(matches!(
        person().await,
        Err(WebexError::RateLimited { .. })
    ));
    assert_eq!(sim.request_count("GET", "/v1/people/{personId}"), 8);
    let usage = webex.budget_usage();
    assert_eq!(
        (
            usage.interactive,
            usage.background,
            usage.users,
            usage.users_at_share
        ),
        (8, 0, 2, 1)
    );
    assert_eq!(usage.refused, 2);
}

/// Feature access stays kept for its period however many settings of other people are read
/// meanwhile (issue 20: with 2,048 users, the setting reads of the last 2 s filled the shared
/// reads' cap and pushed the older feature-access entries out, so nearly every card re-read it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feature_access_outlasts_many_other_setting_reads() {
    const PERMISSIONS: &str = "/v1/telephony/config/people/{personId}/settings/permissions";
    let seed = seed::Seed::builtin_with_extra_users(2100);
    let sim = simulator::start(SimulatorOptions {
        seed: seed.clone(),
        ..SimulatorOptions::default()
    })
    .await
    .unwrap();
    let mut cfg = config(&sim);
    // The portal's own call budget would be all this measures.
    cfg.call_budget.per_minute = 1_000_000;
    cfg.call_budget.per_user_per_minute = 1_000_000;
    // Time stands still, so every read stays within its window however long the test takes.
    struct Frozen(time::OffsetDateTime);
    impl calling_portal::clock::Clock for Frozen {
        fn now(&self) -> time::OffsetDateTime {
            self.0
        }
    }
    let vault: Arc<dyn TokenVault> = Arc::new(MemoryVault::default());
    let tokens =
        TokenManager::new(&cfg, vault, Arc::new(calling_portal::clock::SystemClock)).unwrap();
    let frozen = Arc::new(Frozen(time::OffsetDateTime::now_utc()));
    let webex = WebexClient::with_clock(&cfg, tokens, frozen)
        .unwrap()
        .sharing_reads();
    let me = sim.person_id_by_email(seed::EMPLOYEE_EMAIL).unwrap();
    webex.get_feature_access(&me).await.unwrap();
    // More setting reads than the shared reads keep (4,096), all within their 2 s window.
    let others: Vec<String> = seed
        .users
        .iter()
        .filter(|u| u.calling.is_some() && u.settings.is_empty())
        .filter_map(|u| sim.person_id_by_email(&u.email))
        .filter(|id| *id != me)
        .take(2100)
        .collect();
    assert_eq!(others.len(), 2100);
    futures_util::stream::iter(&others)
        .map(|p| {
            let webex = &webex;
            async move {
                webex.get_call_waiting(p).await.unwrap();
                webex.get_do_not_disturb(p).await.unwrap();
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<()>>()
        .await;
    webex.get_feature_access(&me).await.unwrap();
    assert_eq!(
        sim.request_count("GET", PERMISSIONS),
        1,
        "kept, not re-read"
    );
}
