//! What the Webex client itself costs per call, measured against the built-in simulator:
//! wall time and heap allocations of `WebexClient::get_person` next to a bare reqwest GET of the
//! same URL (same decode into `Person`), and how many Webex calls each portal operation makes.
//!
//! Run: `cargo run --release --example client_overhead [calls]`

use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use base64::Engine as _;
use calling_portal::{
    config::{CallBudgetConfig, ServiceAppConfig, WebexConfig},
    simulator::{self, Simulator, SimulatorOptions, seed},
    webex::{
        CallForwardingPatch, DoNotDisturbPatch, MemoryVault, PeopleQuery, Person, Toggle,
        TokenManager, VoicemailPatch, WebexClient,
    },
};
use futures_util::TryStreamExt as _;
use secrecy::SecretString;

/// Counts allocations so the client's own heap work shows up next to reqwest's.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Clone, Copy)]
struct Sample {
    per_call: Duration,
    allocs_per_call: f64,
    bytes_per_call: f64,
}

async fn measure<F, Fut>(calls: u32, mut op: F) -> Sample
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..calls / 10 {
        op().await;
    }
    let (a0, b0) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    );
    let started = Instant::now();
    for _ in 0..calls {
        op().await;
    }
    let elapsed = started.elapsed();
    let (a1, b1) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED_BYTES.load(Ordering::Relaxed),
    );
    Sample {
        per_call: elapsed / calls,
        allocs_per_call: (a1 - a0) as f64 / calls as f64,
        bytes_per_call: (b1 - b0) as f64 / calls as f64,
    }
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
            base64::engine::general_purpose::STANDARD.encode([1u8; 32]),
        ),
        max_in_flight: 16,
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(20),
        retry_after_cap: Duration::from_secs(10),
        feature_access_cache: Duration::from_secs(60),
        // Measures the client's own cost: a budget that never holds a call back.
        call_budget: CallBudgetConfig {
            per_minute: u32::MAX,
            per_user_per_minute: u32::MAX,
            interactive_reserve: 0,
        },
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let calls: u32 = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(2_000);
    let sim = simulator::start(SimulatorOptions {
        seed: seed::Seed::builtin_with_extra_users(300),
        ..SimulatorOptions::default()
    })
    .await?;
    let cfg = config(&sim);
    let webex = WebexClient::new(
        &cfg,
        TokenManager::new(
            &cfg,
            Arc::new(MemoryVault::default()),
            Arc::new(calling_portal::clock::SystemClock),
        )?,
    )?;
    webex.tokens().init().await?;
    let id = sim
        .person_id_by_email(seed::EMPLOYEE_EMAIL)
        .expect("the seed has the employee");

    // The bare baseline: the same GET with a token of its own, decoded into the same type.
    let bare = reqwest::Client::new();
    let token_url = format!("{}/access_token", sim.base_url());
    let tokens: serde_json::Value = bare
        .post(&token_url)
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", seed::SERVICE_APP_CLIENT_ID),
            ("client_secret", seed::SERVICE_APP_CLIENT_SECRET),
            ("refresh_token", seed::SERVICE_APP_REFRESH_TOKEN),
        ])
        .send()
        .await?
        .json()
        .await?;
    let bearer = format!(
        "Bearer {}",
        tokens["access_token"].as_str().unwrap_or_default()
    );
    let person_url = format!("{}/people/{id}", sim.base_url());

    // Alternate short rounds so load from elsewhere on the machine hits both sides alike;
    // the fastest round of each is the least disturbed.
    const ROUNDS: u32 = 7;
    let (mut baseline, mut client) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        baseline.push(
            measure(calls / ROUNDS, || async {
                let body = bare
                    .get(&person_url)
                    .header("Authorization", &bearer)
                    .send()
                    .await
                    .expect("the simulator answers")
                    .bytes()
                    .await
                    .expect("a body");
                let _: Person = serde_json::from_slice(&body).expect("a person");
            })
            .await,
        );
        client.push(
            measure(calls / ROUNDS, || async {
                webex.get_person(&id, false).await.expect("a person");
            })
            .await,
        );
    }
    let fastest = |samples: &[Sample]| {
        *samples
            .iter()
            .min_by_key(|s| s.per_call)
            .expect("at least one round")
    };
    let (baseline, client) = (fastest(&baseline), fastest(&client));

    println!(
        "Webex client overhead: GET /people/{{id}} against the simulator, {calls} calls each in {ROUNDS} alternating rounds"
    );
    println!(
        "(current-thread runtime; fastest round; the simulator's own work is in both figures)\n"
    );
    println!("                      time/call   allocs/call   bytes/call");
    for (name, s) in [("bare reqwest", &baseline), ("WebexClient", &client)] {
        println!(
            "{name:<20} {:>9.1} µs {:>12.1} {:>12.0}",
            s.per_call.as_secs_f64() * 1e6,
            s.allocs_per_call,
            s.bytes_per_call
        );
    }
    println!(
        "{:<20} {:>9.1} µs {:>12.1} {:>12.0}\n",
        "client overhead",
        (client.per_call.as_secs_f64() - baseline.per_call.as_secs_f64()) * 1e6,
        client.allocs_per_call - baseline.allocs_per_call,
        client.bytes_per_call - baseline.bytes_per_call
    );

    // Webex calls per portal operation.
    let faults = sim.faults();
    println!("Webex calls per operation");
    macro_rules! count {
        ($name:expr, $op:expr) => {{
            faults.reset_counts();
            $op;
            println!("  {:<62} {}", $name, sim.total_request_count());
        }};
    }
    count!("get_person", webex.get_person(&id, true).await?);
    count!("list_people, all ~345 users, max=100 (pages)", {
        let all: Vec<Person> = webex
            .list_people(PeopleQuery {
                max: Some(100),
                ..PeopleQuery::default()
            })
            .try_collect()
            .await?;
        all.len()
    });
    count!("list_people by email", {
        let _: Vec<Person> = webex
            .list_people(PeopleQuery {
                email: Some(seed::EMPLOYEE_EMAIL.into()),
                calling_data: true,
                ..PeopleQuery::default()
            })
            .try_collect()
            .await?;
    });
    count!("find_groups + group_members (role check)", {
        let groups = webex.find_groups(seed::HELPDESK_GROUP).await?;
        let _: Vec<_> = webex.group_members(&groups[0].id).try_collect().await?;
    });
    let forwarding = webex.get_call_forwarding(&id).await?;
    count!("put_call_forwarding (one sub-object)", {
        let mut busy = forwarding.call_forwarding.busy.clone();
        busy.enabled = !busy.enabled;
        busy.destination = Some("+14085550101".into());
        webex
            .put_call_forwarding(
                &id,
                &CallForwardingPatch {
                    busy: Some(busy),
                    ..CallForwardingPatch::default()
                },
            )
            .await?
    });
    let toggle = |enabled| VoicemailPatch {
        send_all_calls: Some(Toggle {
            enabled,
            ..Toggle::default()
        }),
        ..VoicemailPatch::default()
    };
    count!(
        "put_voicemail, no read in the last minute (reads first)",
        webex.put_voicemail(&id, &toggle(true)).await?
    );
    webex.get_voicemail(&id).await?;
    count!(
        "put_voicemail right after get_voicemail",
        webex.put_voicemail(&id, &toggle(false)).await?
    );
    let dnd = DoNotDisturbPatch {
        enabled: Some(true),
        ..DoNotDisturbPatch::default()
    };
    count!(
        "put_do_not_disturb, no read in the last minute (reads first)",
        webex.put_do_not_disturb(&id, &dnd).await?
    );
    count!("read-modify-read (get, put, read back) call forwarding", {
        let f = webex.get_call_forwarding(&id).await?;
        webex
            .put_call_forwarding(
                &id,
                &CallForwardingPatch {
                    always: Some(f.call_forwarding.always),
                    ..CallForwardingPatch::default()
                },
            )
            .await?;
        webex.get_call_forwarding(&id).await?
    });
    sim.shutdown().await;
    Ok(())
}
