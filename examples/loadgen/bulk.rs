//! The `Bulk` workload: one bulk change for many people under the portal's Webex call budget,
//! while people keep loading pages (issue 18's benchmark).
//!
//! 1. Page loads at `page_rate` for `duration`, nothing else running: the idle figures.
//! 2. The admin starts a bulk change from a CSV (`email,dnd.enabled`, `on` for `people` people)
//!    through `POST /bulk`, as the form sends it, and polls the job's status fragment as the page
//!    does until the preview is ready (every row checked on the portal's job runner).
//! 3. The admin applies it (`POST /hx/bulk/{job}/apply`); page loads go on at the same rate
//!    until the status says every row is final: the apply's wall time from the click, the Webex
//!    calls (the simulator's counts, and the portal's budget counts by class from its metrics,
//!    read every second), and the page figures while it applies.
//! 4. Checks: the simulator's `PUT doNotDisturb` count against the rows the report calls applied,
//!    and every applied person's do not disturb on in Webex (none lost, none doubled).
//!
//! The minimum time is the apply's background calls over the room the budget leaves them:
//! `per_minute − interactive_reserve − interactive calls per minute during the apply`, less
//! whatever room the window had left at the click (the preview's calls fill it just before).

use std::sync::atomic::AtomicU8;

use futures_util::stream::FuturesUnordered;
use reqwest::multipart::{Form, Part};

use calling_portal::{config::CallBudgetConfig, i18n::EN};

use super::*;

/// The bulk workload's own settings.
#[derive(Debug, Clone)]
pub struct BulkOptions {
    /// People the bulk change is for (seeded on top of the page users).
    pub people: usize,
    /// Page loads started per second (steady, whatever their latency), in every phase.
    pub page_rate: f64,
    /// Give up waiting for the preview or the apply after this long.
    pub timeout: Duration,
    /// How the portal was started for it (`BulkSetup::prepare`); `None`: not set up.
    pub setup: Option<BulkSetup>,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            people: 1000,
            page_rate: 0.05,
            timeout: Duration::from_secs(3600),
            setup: None,
        }
    }
}

/// What the portal needs for the bulk workload, and what the report needs to know of it.
#[derive(Debug, Clone)]
pub struct BulkSetup {
    /// The portal's metrics endpoint (the budget's admitted calls by class).
    pub metrics: Url,
    /// The call budget the portal runs with.
    pub budget: CallBudgetConfig,
}

/// The budget the benchmark is defined at (the issue's 300 calls a minute).
pub const BULK_BUDGET_PER_MINUTE: u32 = 300;

impl BulkSetup {
    /// Puts the bulk workload's portal settings in front of `portal_env` (so the caller's own
    /// still win): the issue's budget of 300 calls a minute, the runner looking every second,
    /// the seeded admin as admin, and metrics on a free port.
    pub fn prepare(portal_env: &mut Vec<(String, String)>) -> anyhow::Result<BulkSetup> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let ours = [
            (
                "WEBEX_CALL_BUDGET_PER_MINUTE",
                BULK_BUDGET_PER_MINUTE.to_string(),
            ),
            ("PORTAL_JOBS_POLL_SECS", "1".to_owned()),
            (
                "PORTAL_ROLE_MAP",
                format!("email:{}=admin", seed::ADMIN_EMAIL),
            ),
            ("PORTAL_METRICS_LISTEN", format!("127.0.0.1:{port}")),
        ];
        let given = std::mem::take(portal_env);
        portal_env.extend(ours.into_iter().map(|(k, v)| (k.to_owned(), v)));
        portal_env.extend(given);
        // The last setting of a name wins, as in the portal's environment.
        let last = |name: &str| {
            portal_env
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.parse::<u32>())
                .transpose()
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))
        };
        let defaults = CallBudgetConfig::default();
        let budget = CallBudgetConfig {
            per_minute: last("WEBEX_CALL_BUDGET_PER_MINUTE")?.unwrap_or(defaults.per_minute),
            // The tool raises the per-user share out of the way (`portal_vars`).
            per_user_per_minute: last("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE")?
                .unwrap_or(100_000_000),
            interactive_reserve: last("WEBEX_CALL_BUDGET_INTERACTIVE_RESERVE")?
                .unwrap_or(defaults.interactive_reserve),
        };
        let listen = portal_env
            .iter()
            .rev()
            .find(|(k, _)| k == "PORTAL_METRICS_LISTEN")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        anyhow::ensure!(
            !listen.is_empty(),
            "the bulk workload reads the portal's metrics: leave PORTAL_METRICS_LISTEN on"
        );
        Ok(BulkSetup {
            metrics: Url::parse(&format!("http://{listen}/metrics"))?,
            budget,
        })
    }
}

/// What a bulk run measured.
#[derive(Debug, Clone)]
pub struct BulkReport {
    pub people: usize,
    pub budget: CallBudgetConfig,
    pub job_id: i64,
    /// From `POST /bulk` until the apply button showed (plan and every row checked).
    pub preview: Duration,
    /// From the apply click until the status said every row is final; `None`: timed out.
    pub apply: Option<Duration>,
    /// The report's rows by result (its English texts), applied rows first.
    pub rows: BTreeMap<String, u64>,
    pub applied: u64,
    /// Webex calls the simulator answered during the apply, by operation (and `total`).
    pub webex_calls: BTreeMap<String, u64>,
    /// `PUT doNotDisturb` during the apply (nothing else writes it).
    pub writes: u64,
    /// Applied people whose do not disturb Webex does not show on; `None` if unreadable.
    pub not_on: Option<u64>,
    /// Calls the portal's budget admitted during the apply, by class.
    pub background_calls: u64,
    pub interactive_calls: u64,
    /// Background calls admitted in the 61 s before the click (the budget's window then).
    pub background_in_window_at_click: u64,
    pub interactive_in_window_at_click: u64,
    /// Page loads and fragments per phase: idle, preview, apply.
    pub pages: [Option<KindStats>; 3],
    pub fragments: [Option<KindStats>; 3],
}

impl BulkReport {
    /// Interactive calls per minute over the apply.
    pub fn interactive_per_minute(&self) -> Option<f64> {
        let d = self.apply?.as_secs_f64();
        (d > 0.0).then(|| self.interactive_calls as f64 * 60.0 / d)
    }

    /// Background calls a minute the budget allows during the apply: below
    /// `per_minute − interactive_reserve`, less what interactive traffic used.
    pub fn background_room_per_minute(&self) -> Option<f64> {
        let room = f64::from(
            self.budget
                .per_minute
                .saturating_sub(self.budget.interactive_reserve),
        );
        Some((room - self.interactive_per_minute()?).max(1e-9))
    }

    /// The least time the budget allows for the apply's background calls: those that fit in
    /// the room the window had at the click go at once, the rest at the room per minute.
    pub fn minimum(&self) -> Option<Duration> {
        let room = f64::from(
            self.budget
                .per_minute
                .saturating_sub(self.budget.interactive_reserve),
        );
        let free_at_click = (room
            - (self.background_in_window_at_click + self.interactive_in_window_at_click) as f64)
            .max(0.0);
        let paced = (self.background_calls as f64 - free_at_click).max(0.0);
        Some(Duration::from_secs_f64(
            paced * 60.0 / self.background_room_per_minute()?,
        ))
    }

    /// The apply's wall time over [`Self::minimum`].
    pub fn ratio(&self) -> Option<f64> {
        let (min, apply) = (self.minimum()?.as_secs_f64(), self.apply?.as_secs_f64());
        (min > 0.0).then(|| apply / min)
    }

    /// Writes lost or applied twice: the writes the simulator counted against the rows
    /// applied, and applied people Webex does not show changed.
    pub fn lost_or_doubled(&self) -> Option<u64> {
        Some(self.writes.abs_diff(self.applied) + self.not_on?)
    }

    /// Page-complete p99 during the apply over idle.
    pub fn p99_ratio(&self) -> Option<f64> {
        let (idle, apply) = (self.pages[IDLE].as_ref()?, self.pages[APPLY].as_ref()?);
        Some(apply.p99.as_secs_f64() / idle.p99.as_secs_f64().max(1e-9))
    }
}

const IDLE: usize = 0;
const PREVIEW: usize = 1;
const APPLY: usize = 2;
const STOPPED: u8 = 3;
const PHASES: [&str; 3] = ["idle", "preview", "apply"];
/// The budget counts calls in the current second and the 60 before (`webex::budget`).
const WINDOW: Duration = Duration::from_secs(61);
const DND_PUT: &str = "PUT /v1/people/{personId}/features/doNotDisturb";

/// The budget's admitted calls by class since the portal started, as its metrics say.
#[derive(Debug, Clone, Copy, Default)]
struct Admitted {
    background: u64,
    interactive: u64,
}

async fn admitted(http: &Client, metrics: &Url) -> anyhow::Result<Admitted> {
    let text = http
        .get(metrics.clone())
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    let count = |class: &str| {
        let label = format!("class=\"{class}\"");
        text.lines()
            .filter(|l| l.starts_with("portal_webex_budget_admitted_total{") && l.contains(&label))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum::<f64>() as u64
    };
    Ok(Admitted {
        background: count("background"),
        interactive: count("interactive"),
    })
}

impl Env {
    /// Each email's person id and whether Webex shows their do not disturb on (`None` where it
    /// cannot be read), asked with the service app's own token, outside any counted window.
    async fn dnd_states(&self, emails: &[&str]) -> anyhow::Result<Vec<Option<(String, bool)>>> {
        let http = Client::new();
        let (base, token) = self
            .service_token(&http)
            .await
            .ok_or_else(|| anyhow::anyhow!("no service-app token to read the people"))?;
        let (base, token, http) = (&base, token.as_str(), &http);
        Ok(stream::iter(emails)
            .map(|email| async move {
                let mut url = base.join("/v1/people").ok()?;
                url.query_pairs_mut().append_pair("email", email);
                let people: Value = http
                    .get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .ok()?
                    .error_for_status()
                    .ok()?
                    .json()
                    .await
                    .ok()?;
                let id = people.pointer("/items/0/id")?.as_str()?.to_owned();
                let url = base
                    .join(&format!("/v1/people/{id}/features/doNotDisturb"))
                    .ok()?;
                let dnd: Value = http
                    .get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .ok()?
                    .error_for_status()
                    .ok()?
                    .json()
                    .await
                    .ok()?;
                Some((id, dnd["enabled"].as_bool()?))
            })
            .buffered(16)
            .collect()
            .await)
    }

    /// `POST /bulk` with a CSV file, as the form sends it; the new job's id.
    async fn post_bulk_csv(&self, http: &Client, user: &User, csv: String) -> anyhow::Result<i64> {
        let url = self.portal.join("/bulk")?;
        let form = Form::new().text("target", "csv").part(
            "csv",
            Part::bytes(csv.into_bytes())
                .file_name("people.csv")
                .mime_str("text/csv")?,
        );
        let mut req = http
            .post(url.clone())
            .header(header::ORIGIN, self.portal.origin().ascii_serialization())
            .header("Sec-Fetch-Site", "same-origin")
            .multipart(form);
        if let Some(cookies) = user.jar.cookies(&url) {
            req = req.header(header::COOKIE, cookies);
        }
        let res = req.send().await?;
        let status = res.status();
        let to = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let job = to
            .as_deref()
            .and_then(|to| to.strip_prefix("/bulk/")?.parse().ok());
        match job {
            Some(job) if status == StatusCode::SEE_OTHER => Ok(job),
            _ => anyhow::bail!(
                "POST /bulk answered {status}: {}",
                res.text().await.unwrap_or_default()
            ),
        }
    }

    /// The job's status fragment, polled every `every` until `until` says yes (or it shows a
    /// phase the run cannot go on from); the time it took.
    async fn wait_for_status(
        &self,
        http: &Client,
        admin: &User,
        job: i64,
        every: Duration,
        timeout: Duration,
        until: impl Fn(&str, &str) -> bool,
    ) -> anyhow::Result<Option<Duration>> {
        let began = Instant::now();
        let path = format!("/hx/bulk/{job}");
        let m = EN.bulk;
        loop {
            let (status, _, body) = self
                .send(http, admin, Method::GET, &path, true, None)
                .await
                .map_err(|e| anyhow::anyhow!("{path}: {e}"))?;
            anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}");
            let phase = bulk_phase(&body);
            if until(&phase, &body) {
                return Ok(Some(began.elapsed()));
            }
            if [m.phase_failed, m.phase_nobody, m.state_cancelled].contains(&phase.as_str()) {
                anyhow::bail!("the bulk change stopped: {phase}");
            }
            if began.elapsed() > timeout {
                return Ok(None);
            }
            tokio::time::sleep(every).await;
        }
    }
}

/// The phase heading of a bulk status fragment.
fn bulk_phase(html: &str) -> String {
    let Some(start) = html.find("id=\"bulk-phase\">") else {
        return String::new();
    };
    let rest = &html[start + "id=\"bulk-phase\">".len()..];
    unescape(&rest[..rest.find('<').unwrap_or(rest.len())])
}

/// Each row of a bulk report CSV as (email or extension, result); the portal writes no field
/// with a line break.
fn report_rows(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = split_csv_line(line).into_iter();
            let key = fields.nth(1)?;
            let result = fields.nth(2)?;
            Some((key, result))
        })
        .collect()
}

fn split_csv_line(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

/// Runs the workload with `users` signed in (the page loads) and `recorder` holding sign-in
/// errors.
pub(super) async fn run(
    env: &Env,
    options: &LoadOptions,
    http: &Client,
    users: Vec<User>,
    recorder: Recorder,
) -> anyhow::Result<Report> {
    let bulk = &options.bulk;
    let setup = bulk.setup.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "the bulk workload needs a portal set up for it (`BulkSetup::prepare`): use --spawn"
        )
    })?;
    anyhow::ensure!(bulk.page_rate > 0.0, "the page rate must be above 0");
    anyhow::ensure!(!users.is_empty(), "no user could sign in");
    let targets: Vec<&str> = env
        .people
        .iter()
        .map(|(e, _)| e)
        .skip(options.users)
        .filter(|e| *e != seed::ADMIN_EMAIL)
        .take(bulk.people)
        .map(String::as_str)
        .collect();
    anyhow::ensure!(
        targets.len() == bulk.people,
        "only {} people beyond the page users; seed more extra users",
        targets.len()
    );
    let admin = env
        .sign_in(http, seed::ADMIN_EMAIL)
        .await
        .map_err(|e| anyhow::anyhow!("the admin cannot sign in: {e}"))?;
    let initial = env.dnd_states(&targets).await?;
    let already_on = initial.iter().flatten().filter(|(_, on)| *on).count();

    if !options.webex_latency.is_zero() {
        env.add_fault(FaultRule {
            latency_ms: options.webex_latency.as_millis() as u64,
            ..FaultRule::default()
        })
        .await?;
    }
    if let Some(budget) = options.webex_budget_per_minute {
        env.add_fault(FaultRule {
            budget_per_minute: Some(budget),
            ..FaultRule::default()
        })
        .await?;
    }

    // The budget's admitted calls, read every second all along.
    let began = Instant::now();
    let admitted_samples: Mutex<Vec<(Duration, Admitted)>> = Mutex::new(Vec::new());
    let sample_admitted = async {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Ok(a) = admitted(http, &setup.metrics).await {
                admitted_samples.lock().unwrap().push((began.elapsed(), a));
            }
        }
    };

    // Page loads at a steady rate, recorded by phase.
    let recorders = [
        Recorder::default(),
        Recorder::default(),
        Recorder::default(),
    ];
    let requests = AtomicUsize::new(0);
    let workers = recorders.each_ref().map(|rec| Worker {
        env,
        http,
        rec,
        options,
        requests: &requests,
    });
    let phase = AtomicU8::new(IDLE as u8);
    let pages = async {
        let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / bulk.page_rate));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let mut in_flight = FuturesUnordered::new();
        let mut n = 0usize;
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    let p = phase.load(Ordering::Relaxed);
                    if p == STOPPED {
                        break;
                    }
                    in_flight.push(workers[usize::from(p)].page(&users[n % users.len()]));
                    n += 1;
                }
                Some(()) = in_flight.next() => {}
            }
        }
        while in_flight.next().await.is_some() {}
    };

    let csv: String = std::iter::once("email,dnd.enabled".to_owned())
        .chain(targets.iter().map(|e| format!("{e},on")))
        .collect::<Vec<_>>()
        .join("\r\n");
    let m = EN.bulk;
    let change = async {
        let result = async {
            tokio::time::sleep(options.duration).await;
            phase.store(PREVIEW as u8, Ordering::Relaxed);
            let started = Instant::now();
            let job = env.post_bulk_csv(http, &admin, csv).await?;
            let apply_button = format!("hx-post=\"/hx/bulk/{job}/apply\"");
            let previewed = env
                .wait_for_status(
                    http,
                    &admin,
                    job,
                    Duration::from_millis(500),
                    bulk.timeout,
                    |_, body| body.contains(&apply_button),
                )
                .await?;
            anyhow::ensure!(
                previewed.is_some(),
                "the preview was not ready in {} s",
                bulk.timeout.as_secs()
            );
            let preview = started.elapsed();

            let counts_before = env.webex_counts().await?;
            let click = admitted(http, &setup.metrics).await?;
            let at_click = began.elapsed();
            phase.store(APPLY as u8, Ordering::Relaxed);
            let clicked = Instant::now();
            let (status, _, body) = env
                .send(
                    http,
                    &admin,
                    Method::POST,
                    &format!("/hx/bulk/{job}/apply"),
                    true,
                    Some(&[]),
                )
                .await
                .map_err(|e| anyhow::anyhow!("apply: {e}"))?;
            anyhow::ensure!(
                status == StatusCode::OK && body.contains(m.applying),
                "apply answered {status}: {body}"
            );
            let finished = env
                .wait_for_status(
                    http,
                    &admin,
                    job,
                    Duration::from_millis(500),
                    bulk.timeout,
                    |phase, _| phase == m.phase_applied,
                )
                .await?
                .map(|_| clicked.elapsed());
            let end = admitted(http, &setup.metrics).await?;
            let counts_after = env.webex_counts().await?;
            let calls = (counts_before, counts_after, click, end);
            anyhow::Ok((job, preview, finished, at_click, calls))
        }
        .await;
        phase.store(STOPPED, Ordering::Relaxed);
        result
    };
    let (job, preview, finished, at_click, calls) = tokio::select! {
        (r, ()) = async { tokio::join!(change, pages) } => r?,
        _ = sample_admitted => unreachable!("the sampler never ends"),
    };
    let (counts_before, counts_after, click, end) = calls;
    env.clear_faults().await?;
    // The budget's window at the click: the reading just before it began.
    let window_start = admitted_samples
        .into_inner()
        .unwrap()
        .into_iter()
        .rev()
        .find(|(t, _)| *t + WINDOW <= at_click)
        .map_or(Admitted::default(), |(_, a)| a);

    let webex_calls: BTreeMap<String, u64> = counts_after
        .iter()
        .map(|(k, v)| (k.clone(), v - counts_before.get(k).copied().unwrap_or(0)))
        .filter(|(_, v)| *v > 0)
        .collect();
    let writes = webex_calls.get(DND_PUT).copied().unwrap_or(0);

    let (status, _, csv) = env
        .send(
            http,
            &admin,
            Method::GET,
            &format!("/bulk/{job}/report.csv"),
            false,
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("report: {e}"))?;
    anyhow::ensure!(status == StatusCode::OK, "the report answered {status}");
    let report_rows = report_rows(&csv);
    let mut rows: BTreeMap<String, u64> = BTreeMap::new();
    for (_, result) in &report_rows {
        *rows.entry(result.clone()).or_default() += 1;
    }
    let applied_keys: std::collections::HashSet<&str> = report_rows
        .iter()
        .filter(|(_, result)| result == m.row_applied)
        .map(|(key, _)| key.as_str())
        .collect();
    let applied = applied_keys.len() as u64;

    // Every person a row says was applied must show do not disturb on now.
    let now = env.dnd_states(&targets).await?;
    let not_on = now.iter().all(Option::is_some).then(|| {
        targets
            .iter()
            .zip(&now)
            .filter(|(email, state)| {
                applied_keys.contains(**email) && !state.as_ref().is_some_and(|(_, on)| *on)
            })
            .count() as u64
    });

    let mut errors = std::mem::take(&mut *recorder.errors.lock().unwrap());
    let samples_of: Vec<BTreeMap<&'static str, Vec<Duration>>> = recorders
        .into_iter()
        .zip(PHASES)
        .map(|(rec, name)| {
            for (kind, n) in rec.errors.lock().unwrap().iter() {
                *errors.entry(format!("{name}: {kind}")).or_default() += n;
            }
            rec.samples.into_inner().unwrap()
        })
        .collect();
    let page = |s: &BTreeMap<&'static str, Vec<Duration>>| {
        s.get("page complete")
            .cloned()
            .filter(|v| !v.is_empty())
            .map(stats)
    };
    let fragments = |s: &BTreeMap<&'static str, Vec<Duration>>| {
        let all: Vec<Duration> = s
            .iter()
            .filter(|(k, _)| k.starts_with("GET ") && **k != "GET /me")
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        (!all.is_empty()).then(|| stats(all))
    };
    if already_on > 0 {
        errors.insert(
            format!("{already_on} of the people had do not disturb on before the run"),
            1,
        );
    }
    let report = BulkReport {
        people: bulk.people,
        budget: setup.budget,
        job_id: job,
        preview,
        apply: finished,
        rows,
        applied,
        webex_calls: webex_calls.clone(),
        writes,
        not_on,
        background_calls: end.background - click.background,
        interactive_calls: end.interactive - click.interactive,
        background_in_window_at_click: click.background - window_start.background,
        interactive_in_window_at_click: click.interactive - window_start.interactive,
        pages: [0, 1, 2].map(|i| page(&samples_of[i])),
        fragments: [0, 1, 2].map(|i| fragments(&samples_of[i])),
    };
    let lost_or_doubled_writes = report.lost_or_doubled();
    Ok(Report {
        options: options.clone(),
        users_signed_in: users.len(),
        sign_in: None,
        sign_in_elapsed: Duration::ZERO,
        elapsed: began.elapsed(),
        requests: requests.load(Ordering::Relaxed),
        per_kind: BTreeMap::new(),
        errors,
        saves: BTreeMap::new(),
        webex_calls,
        fragments: None,
        baseline: None,
        bulk: Some(report),
        reverts: None,
        lost_or_doubled_writes,
        memory_after_sign_in: None,
        memory: MemoryTrend {
            samples: env
                .memory()
                .map(|m| vec![(began.elapsed(), m)])
                .unwrap_or_default(),
            warm_up: options.warm_up,
        },
    })
}

impl fmt::Display for BulkReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.budget;
        writeln!(
            f,
            "bulk change (job {}): do not disturb on for {} people from a CSV; preview ready in {:.1} s",
            self.job_id,
            self.people,
            self.preview.as_secs_f64()
        )?;
        match self.apply {
            Some(d) => writeln!(
                f,
                "  apply: {:.1} s from the click until every row was final",
                d.as_secs_f64()
            )?,
            None => writeln!(f, "  apply: NOT finished: stopped waiting")?,
        }
        let rows: Vec<String> = self.rows.iter().map(|(k, n)| format!("{k} {n}")).collect();
        writeln!(f, "  report rows: {}", rows.join(", "))?;
        writeln!(
            f,
            "  Webex do-not-disturb writes during the apply: {} (rows applied: {}); applied people Webex does not show on: {}; lost or doubled: {}",
            self.writes,
            self.applied,
            self.not_on.map_or("unknown".to_owned(), |n| n.to_string()),
            self.lost_or_doubled()
                .map_or("unknown".to_owned(), |n| n.to_string()),
        )?;
        writeln!(
            f,
            "  budget: {}/min, interactive reserve {}/min: background may use {}/min less interactive traffic",
            b.per_minute,
            b.interactive_reserve,
            b.per_minute.saturating_sub(b.interactive_reserve)
        )?;
        writeln!(
            f,
            "  calls admitted during the apply: background {} ({:.2} per applied row), interactive {} ({}/min)",
            self.background_calls,
            self.background_calls as f64 / self.applied.max(1) as f64,
            self.interactive_calls,
            self.interactive_per_minute()
                .map_or("-".to_owned(), |r| format!("{r:.1}")),
        )?;
        writeln!(
            f,
            "  the budget's window at the click: background {}, interactive {} (of {} background may use)",
            self.background_in_window_at_click,
            self.interactive_in_window_at_click,
            b.per_minute.saturating_sub(b.interactive_reserve)
        )?;
        writeln!(f, "  Webex calls the simulator answered during the apply:")?;
        for (op, n) in &self.webex_calls {
            writeln!(f, "    {n:>8}  {op}")?;
        }
        if let (Some(min), Some(room)) = (self.minimum(), self.background_room_per_minute()) {
            writeln!(
                f,
                "  minimum the budget allows: {:.1} s ({} background calls, less the room left at the click, at {room:.1}/min)",
                min.as_secs_f64(),
                self.background_calls
            )?;
        }
        if let Some(r) = self.ratio() {
            writeln!(f, "  apply / minimum: {r:.3}x")?;
        }
        writeln!(
            f,
            "  {:<22} {:>8} {:>9} {:>9} {:>9} {:>9}",
            "page loads", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
        )?;
        for (i, name) in PHASES.iter().enumerate() {
            for (what, s) in [
                ("page complete", &self.pages[i]),
                ("fragments", &self.fragments[i]),
            ] {
                if let Some(s) = s {
                    writeln!(
                        f,
                        "  {:<22} {:>8} {:>9} {:>9} {:>9} {:>9}",
                        format!("{what}, {name}"),
                        s.count,
                        ms(s.p50),
                        ms(s.p95),
                        ms(s.p99),
                        ms(s.max)
                    )?;
                }
            }
        }
        if let Some(r) = self.p99_ratio() {
            writeln!(f, "  page p99 during the apply / idle: {r:.2}x")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_line_is_split_at_commas_outside_quotes() {
        assert_eq!(
            split_csv_line(r#"3,a@x,"Doe, Jane",Do not disturb,Changed,,"id ""1""","x: a → b""#),
            vec![
                "3",
                "a@x",
                "Doe, Jane",
                "Do not disturb",
                "Changed",
                "",
                "id \"1\"",
                "x: a → b"
            ]
        );
    }
}
