//! The `Reverts` workload: many timed changes ending at the same second, drained by the job
//! runner while people keep loading pages (issue 17's benchmark).
//!
//! 1. The helpdesk turns on busy forwarding of `reverts` people "now, until T" through the
//!    forwarding card's own form, one HTTP request per person (each a real save and a stored
//!    `timed_revert` step, as the portal writes them), T the same second for all.
//! 2. Nothing for a minute, so the scheduling's calls leave the call budget's window (when they
//!    were more than a tenth of it); then page loads at `page_rate` for `duration`: the idle
//!    figures.
//! 3. At T the runner drains the reverts; page loads go on at the same rate until every step is
//!    final: the draining figures, the drain time, the steps by outcome, the Webex writes the
//!    simulator counted and the budget's calls by class, sampled every half second.
//! 4. Every person's busy forwarding must be back as it was: none lost, none doubled.

use std::sync::atomic::AtomicU8;

use futures_util::stream::FuturesUnordered;
use time::OffsetDateTime;

use super::*;

/// What a reverts run measured.
#[derive(Debug, Clone)]
pub struct RevertsReport {
    /// Reverts asked for, and how many were scheduled (the others are in the report's errors).
    pub reverts: usize,
    pub scheduled: usize,
    pub schedule_elapsed: Duration,
    /// The second every revert was due at (UTC).
    pub due_at: OffsetDateTime,
    /// From the due time until every step was final; `None` if `drain_timeout` passed first.
    pub drain: Option<Duration>,
    pub done: u64,
    pub skipped: u64,
    pub failed: u64,
    /// Attempts put back for later (Webex 429/5xx); the step ran again.
    pub retried: u64,
    /// Steps not final when the run stopped.
    pub left: u64,
    /// Forwarding writes the simulator answered during the drain (no page load writes).
    pub writes: u64,
    /// Scheduled people whose busy forwarding is not back as it was; `None` if unreadable.
    pub not_restored: Option<u64>,
    /// Calls the portal's budget admitted during the drain, by class.
    pub background_calls: u64,
    pub interactive_calls: u64,
    /// Background calls per minute after the drain's first minute (`None` for a shorter drain),
    /// and the most in any 60 seconds of it; the most calls of both classes in any 60 seconds.
    pub background_steady_per_minute: Option<f64>,
    pub background_busiest_minute: u64,
    pub all_busiest_minute: u64,
    pub budget: CallBudgetConfig,
    /// Page loads at the same offered rate: idle, then while the reverts drain.
    pub page_idle: Option<KindStats>,
    pub page_draining: Option<KindStats>,
    pub fragments_idle: Option<KindStats>,
    pub fragments_draining: Option<KindStats>,
}

impl RevertsReport {
    /// Page-complete p99 while draining over idle.
    pub fn p99_ratio(&self) -> Option<f64> {
        let (idle, draining) = (self.page_idle.as_ref()?, self.page_draining.as_ref()?);
        Some(draining.p99.as_secs_f64() / idle.p99.as_secs_f64().max(1e-9))
    }

    /// Interactive calls per minute over the drain.
    pub fn interactive_per_minute(&self) -> Option<f64> {
        let d = self.drain?.as_secs_f64();
        (d > 0.0).then(|| self.interactive_calls as f64 * 60.0 / d)
    }

    /// What the budget leaves background work per minute: below `per_minute − reserve`, less
    /// what interactive traffic used.
    pub fn background_room_per_minute(&self) -> Option<f64> {
        let room = f64::from(
            self.budget
                .per_minute
                .saturating_sub(self.budget.interactive_reserve),
        );
        Some((room - self.interactive_per_minute()?).max(0.0))
    }

    /// Background calls per minute (steady) over the room the budget leaves them.
    pub fn budget_use(&self) -> Option<f64> {
        let room = self.background_room_per_minute()?;
        let steady = self.background_steady_per_minute?;
        (room > 0.0).then(|| steady / room)
    }
}

/// When the reverts fall due by default, from the start of scheduling: the scheduling (about
/// six budget calls a person, and no faster than 50 people a second), a minute for its calls
/// to leave the budget's window, the idle measurement, and a few seconds.
pub fn reverts_due_in(options: &LoadOptions, budget: &CallBudgetConfig) -> Duration {
    let n = options.reverts as f64;
    let at_budget = n * 6.0 * 60.0 / f64::from(budget.per_minute.max(1));
    let scheduling = at_budget.max(n / 50.0);
    Duration::from_secs_f64(scheduling) + SETTLE + options.duration + Duration::from_secs(5)
}

/// The budget counts calls over the last 61 seconds: this long after the scheduling, its calls
/// no longer take room from the page loads or the reverts.
const SETTLE: Duration = Duration::from_secs(61);
const IDLE: u8 = 0;
const DRAINING: u8 = 1;
const STOPPED: u8 = 2;

/// The job steps' progress and the budget's admitted calls, as the portal counts them.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    done: u64,
    skipped: u64,
    failed: u64,
    retried: u64,
    background: u64,
    interactive: u64,
}

impl Progress {
    fn finished(&self) -> u64 {
        self.done + self.skipped + self.failed
    }
}

impl Env {
    async fn progress(&self, http: &Client) -> anyhow::Result<Progress> {
        use calling_portal::jobs::timed::REVERT;
        match &self.jobs {
            Some(JobsProbe::Local(state)) => {
                let mut p = Progress::default();
                for (s, n) in state.store.step_counts_of_kind(REVERT).await? {
                    let n = n as u64;
                    match s {
                        calling_portal::store::StepState::Done => p.done = n,
                        calling_portal::store::StepState::Skipped => p.skipped = n,
                        calling_portal::store::StepState::Failed => p.failed = n,
                        _ => {}
                    }
                }
                let usage = state.webex.budget_usage();
                p.background = usage.admitted_background;
                p.interactive = usage.admitted_interactive;
                // Retries are not a state: only the metrics count them (process-wide here).
                Ok(p)
            }
            Some(JobsProbe::Metrics(url)) => {
                let text = http
                    .get(url.clone())
                    .send()
                    .await?
                    .error_for_status()?
                    .text()
                    .await?;
                let value = |name: &str, labels: &[&str]| -> u64 {
                    text.lines()
                        .filter(|l| l.starts_with(name) && labels.iter().all(|x| l.contains(x)))
                        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
                        .sum::<f64>() as u64
                };
                let step = |outcome: &str| {
                    value(
                        "portal_job_steps_total{",
                        &[
                            &format!("kind=\"{REVERT}\""),
                            &format!("outcome=\"{outcome}\""),
                        ],
                    )
                };
                let admitted = |class: &str| {
                    value(
                        "portal_webex_budget_admitted_total{",
                        &[&format!("class=\"{class}\"")],
                    )
                };
                Ok(Progress {
                    done: step("done"),
                    skipped: step("skipped"),
                    failed: step("failed"),
                    retried: step("retried"),
                    background: admitted("background"),
                    interactive: admitted("interactive"),
                })
            }
            None => anyhow::bail!(
                "the reverts workload reads the job steps' progress from the portal: run it in this process or with --spawn"
            ),
        }
    }

    /// The helpdesk turns on `person_id`'s busy forwarding "now, until `due_at`" with the card's
    /// own form. "Webex is busy" (the budget is full while scheduling) is waited out.
    async fn schedule_revert(
        &self,
        http: &Client,
        helpdesk: &User,
        rec: &Recorder,
        person_id: &str,
        due_at: OffsetDateTime,
        forward_to: &str,
    ) -> Result<(), String> {
        let id: String = url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect();
        let path = format!("/hx/people/{id}/forwarding");
        for _ in 0..60 {
            let t = Instant::now();
            let (status, _, card) = self
                .send(http, helpdesk, Method::GET, &path, true, None)
                .await?;
            let mut form = form_fields(&card);
            if status != StatusCode::OK || form.iter().all(|(n, _)| n != "fingerprint") {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            rec.sample("schedule: GET forwarding", t.elapsed());
            let until = local_time(due_at, &card)?;
            if form.iter().any(|(n, _)| n == "busy_enabled") {
                return Err("schedule: busy forwarding already on".into());
            }
            form.push(("busy_enabled".into(), "on".into()));
            form.retain(|(n, _)| n != "busy_voicemail" && n != "timing" && n != "until");
            for (n, v) in form.iter_mut() {
                if n == "busy_destination" && v.is_empty() {
                    *v = forward_to.to_owned();
                }
            }
            form.push(("timing".into(), "until".into()));
            form.push(("until".into(), until));
            let t = Instant::now();
            let (status, headers, body) = self
                .send(http, helpdesk, Method::PUT, &path, true, Some(&form))
                .await?;
            let announced = headers
                .get("hx-trigger")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("upcoming-changed"));
            match status {
                StatusCode::OK if announced => {
                    rec.sample("schedule: PUT forwarding until", t.elapsed());
                    return Ok(());
                }
                // The card with "Not saved. Webex is busy." (200) or the error page (502).
                _ if body.contains("Webex is busy") => {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                other => return Err(format!("schedule: {other}: {}", page_text(&body))),
            }
        }
        Err("schedule: Webex stayed busy".into())
    }
}

/// What a page says, shortened: why the portal refused a step.
fn page_text(html: &str) -> String {
    let mut short = calling_portal::views::text_of(html);
    if let Some((cut, _)) = short.char_indices().nth(200) {
        short.truncate(cut);
        short.push('…');
    }
    short
}

/// `at` as the card's "when" fields take it: in the zone its hint names (`data-tz`), else UTC.
fn local_time(at: OffsetDateTime, card: &str) -> Result<String, String> {
    let tz = attribute_values(card, "data-tz")
        .first()
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let at = jiff::Timestamp::from_second(at.unix_timestamp()).map_err(|e| e.to_string())?;
    Ok(at.to_zoned(tz).strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Runs the workload with `users` signed in (page loads) and `recorder` holding sign-in errors.
pub(super) async fn run(
    env: &Env,
    options: &LoadOptions,
    http: &Client,
    users: Vec<User>,
    recorder: Recorder,
) -> anyhow::Result<Report> {
    anyhow::ensure!(options.page_rate > 0.0, "the page rate must be above 0");
    let targets: Vec<&str> = env
        .people
        .iter()
        .skip(options.users)
        .take(options.reverts)
        .map(|(_, id)| id.as_str())
        .collect();
    let helpdesk = env
        .sign_in(http, seed::HELPDESK_EMAIL)
        .await
        .map_err(|e| anyhow::anyhow!("the helpdesk cannot sign in: {e}"))?;
    let initial = env.busy_states(&targets).await;

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

    // 1. Scheduling: every revert due at the same second.
    let before_scheduling = env.progress(http).await?;
    let started = Instant::now();
    let due_in = options
        .reverts_due_in
        .unwrap_or_else(|| reverts_due_in(options, &env.budget));
    let now = OffsetDateTime::now_utc();
    // A whole second, not before `due_in` has passed.
    let due_at = (now + due_in + Duration::from_secs(1)).replace_nanosecond(0)?;
    let due = started + Duration::try_from(due_at - now)?;
    let scheduled: Vec<bool> = stream::iter(&targets)
        .map(|id| {
            let (helpdesk, rec) = (&helpdesk, &recorder);
            async move {
                match env
                    .schedule_revert(http, helpdesk, rec, id, due_at, &options.forward_to)
                    .await
                {
                    Ok(()) => true,
                    Err(e) => {
                        rec.error(e);
                        false
                    }
                }
            }
        })
        .buffered(options.concurrency.max(1))
        .collect()
        .await;
    let schedule_elapsed = started.elapsed();
    let scheduled_count = scheduled.iter().filter(|s| **s).count();
    let idle_from = due.checked_sub(options.duration + Duration::from_secs(1));
    // Scheduling calls still in the budget's window would hold back the first page loads.
    let scheduling_calls = env.progress(http).await?.interactive - before_scheduling.interactive;
    let settle = match scheduling_calls * 10 > u64::from(env.budget.per_minute) {
        true => SETTLE,
        false => Duration::ZERO,
    };
    let settled = Instant::now() + settle;
    let Some(idle_from) = idle_from.filter(|from| *from >= settled) else {
        let needed = schedule_elapsed + settle + options.duration + Duration::from_secs(5);
        anyhow::bail!(
            "scheduling took {:.0} s: the reverts fall due too soon to measure a settled idle \
             {} s before them; give --reverts-due-in {} or more",
            schedule_elapsed.as_secs_f64(),
            options.duration.as_secs(),
            needed.as_secs() + 1
        );
    };

    // 2. and 3. Page loads at a steady rate, idle, then while the reverts drain.
    tokio::time::sleep_until(idle_from.into()).await;
    let (idle_rec, drain_rec) = (Recorder::default(), Recorder::default());
    let requests = AtomicUsize::new(0);
    let workers = [&idle_rec, &drain_rec].map(|rec| Worker {
        env,
        http,
        rec,
        options,
        requests: &requests,
    });
    let phase = AtomicU8::new(IDLE);
    let pages = async {
        let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / options.page_rate));
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
                    let worker = &workers[usize::from(p)];
                    in_flight.push(worker.page(&users[n % users.len()]));
                    n += 1;
                }
                Some(()) = in_flight.next() => {}
            }
        }
        while in_flight.next().await.is_some() {}
    };
    let drain = async {
        tokio::time::sleep_until(due.into()).await;
        let before = env.progress(http).await?;
        let writes_before = env.webex_counts().await?;
        phase.store(DRAINING, Ordering::Relaxed);
        let began = Instant::now();
        // (time into the drain, background calls, all calls) as the budget has counted them.
        let mut samples: Vec<(Duration, u64, u64)> = vec![(
            Duration::ZERO,
            before.background,
            before.background + before.interactive,
        )];
        let mut last;
        let drained = loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            last = env.progress(http).await?;
            samples.push((
                began.elapsed(),
                last.background,
                last.background + last.interactive,
            ));
            if last.finished() - before.finished() >= scheduled_count as u64 {
                break Some(began.elapsed());
            }
            if began.elapsed() > options.drain_timeout {
                break None;
            }
        };
        phase.store(STOPPED, Ordering::Relaxed);
        let writes_after = env.webex_counts().await?;
        let key = "PUT /v1/people/{personId}/features/callForwarding";
        let writes = writes_after.get(key).copied().unwrap_or(0)
            - writes_before.get(key).copied().unwrap_or(0);
        anyhow::Ok((before, last, drained, samples, writes))
    };
    let ((), drained) = tokio::join!(pages, drain);
    let (before, after, drained, samples, writes) = drained?;
    env.clear_faults().await?;

    let scheduled_ids: Vec<&str> = targets
        .iter()
        .zip(&scheduled)
        .filter(|(_, s)| **s)
        .map(|(id, _)| *id)
        .collect();
    let initial_scheduled: Option<Vec<Option<bool>>> = initial.map(|states| {
        states
            .into_iter()
            .zip(&scheduled)
            .filter(|(_, s)| **s)
            .map(|(b, _)| b)
            .collect()
    });
    let not_restored = match initial_scheduled {
        Some(initial) => env.busy_states(&scheduled_ids).await.map(|now| {
            initial
                .iter()
                .zip(&now)
                .filter(|(before, now)| before.is_none() || before != now)
                .count() as u64
        }),
        None => None,
    };

    let window = Duration::from_secs(60);
    // The most calls counted in any 60 s of the drain, by `count` (background or all).
    let busiest = |count: fn(&(Duration, u64, u64)) -> u64| {
        samples
            .iter()
            .map(|now @ (t, _, _)| {
                let start = samples
                    .iter()
                    .find(|(s, _, _)| *t - *s <= window)
                    .map_or(count(now), count);
                count(now) - start
            })
            .max()
            .unwrap_or(0)
    };
    let steady = drained
        .filter(|d| *d > window + Duration::from_secs(30))
        .and_then(|d| {
            let at_minute = samples.iter().find(|(t, _, _)| *t >= window)?;
            let rate = (after.background - at_minute.1) as f64 * 60.0
                / (d - at_minute.0).as_secs_f64().max(1e-9);
            Some(rate)
        });
    let finished = after.finished() - before.finished();
    let samples_of = |rec: Recorder| rec.samples.into_inner().unwrap();
    let fragments = |s: &BTreeMap<&'static str, Vec<Duration>>| {
        let all: Vec<Duration> = s
            .iter()
            .filter(|(k, _)| k.starts_with("GET ") && **k != "GET /me")
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        (!all.is_empty()).then(|| stats(all))
    };
    let mut errors = std::mem::take(&mut *recorder.errors.lock().unwrap());
    for (phase, rec) in [("idle", &idle_rec), ("draining", &drain_rec)] {
        for (kind, n) in rec.errors.lock().unwrap().iter() {
            *errors.entry(format!("{phase}: {kind}")).or_default() += n;
        }
    }
    let (idle, draining) = (samples_of(idle_rec), samples_of(drain_rec));
    let page = |s: &BTreeMap<&'static str, Vec<Duration>>| {
        s.get("page complete")
            .cloned()
            .filter(|v| !v.is_empty())
            .map(stats)
    };
    let reverts = RevertsReport {
        reverts: options.reverts,
        scheduled: scheduled_count,
        schedule_elapsed,
        due_at,
        drain: drained,
        done: after.done - before.done,
        skipped: after.skipped - before.skipped,
        failed: after.failed - before.failed,
        retried: after.retried - before.retried,
        left: (scheduled_count as u64).saturating_sub(finished),
        writes,
        not_restored,
        background_calls: after.background - before.background,
        interactive_calls: after.interactive - before.interactive,
        background_steady_per_minute: steady,
        background_busiest_minute: busiest(|s| s.1),
        all_busiest_minute: busiest(|s| s.2),
        budget: env.budget,
        page_idle: page(&idle),
        page_draining: page(&draining),
        fragments_idle: fragments(&idle),
        fragments_draining: fragments(&draining),
    };
    let scheduling = samples_of(recorder);
    Ok(Report {
        options: options.clone(),
        users_signed_in: users.len(),
        sign_in: None,
        sign_in_elapsed: Duration::ZERO,
        elapsed: started.elapsed(),
        requests: requests.load(Ordering::Relaxed) + 2 * scheduled_count,
        per_kind: scheduling.into_iter().map(|(k, v)| (k, stats(v))).collect(),
        errors,
        saves: BTreeMap::new(),
        webex_calls: BTreeMap::new(),
        fragments: None,
        baseline: None,
        bulk: None,
        lost_or_doubled_writes: None,
        memory_after_sign_in: None,
        memory: MemoryTrend {
            samples: env
                .memory()
                .map(|m| vec![(started.elapsed(), m)])
                .unwrap_or_default(),
            warm_up: options.warm_up,
        },
        reverts: Some(reverts),
    })
}

impl fmt::Display for RevertsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.budget;
        writeln!(
            f,
            "reverts: {} scheduled of {} in {:.1} s, all due at {} UTC",
            self.scheduled,
            self.reverts,
            self.schedule_elapsed.as_secs_f64(),
            self.due_at.time()
        )?;
        match self.drain {
            Some(d) => writeln!(f, "  drained in {:.1} s", d.as_secs_f64())?,
            None => writeln!(f, "  NOT drained: stopped waiting")?,
        }
        writeln!(
            f,
            "  steps: done {}, skipped {}, failed {}, left {} (attempts retried: {})",
            self.done, self.skipped, self.failed, self.left, self.retried
        )?;
        writeln!(
            f,
            "  Webex forwarding writes during the drain: {} (steps done: {}); people not back as they were: {}",
            self.writes,
            self.done,
            self.not_restored
                .map_or("unknown".to_owned(), |n| n.to_string())
        )?;
        writeln!(
            f,
            "  budget: {}/min, interactive reserve {}/min: background may use {}/min less interactive traffic",
            b.per_minute,
            b.interactive_reserve,
            b.per_minute.saturating_sub(b.interactive_reserve)
        )?;
        let per = |n: u64| match self.drain {
            Some(d) if !d.is_zero() => format!("{:.0}/min", n as f64 * 60.0 / d.as_secs_f64()),
            _ => "-".into(),
        };
        writeln!(
            f,
            "  calls admitted during the drain: background {} ({}), interactive {} ({}); {:.2} background calls per revert",
            self.background_calls,
            per(self.background_calls),
            self.interactive_calls,
            per(self.interactive_calls),
            self.background_calls as f64 / (self.done + self.skipped + self.failed).max(1) as f64
        )?;
        writeln!(
            f,
            "  all calls: busiest 60 s {} of the budget's {} ({:.0} %)",
            self.all_busiest_minute,
            b.per_minute,
            self.all_busiest_minute as f64 * 100.0 / f64::from(b.per_minute.max(1))
        )?;
        writeln!(
            f,
            "  background: busiest 60 s {}, after the first minute {}; room left by interactive {}; at {} of it",
            self.background_busiest_minute,
            self.background_steady_per_minute
                .map_or("- (drain under 90 s)".to_owned(), |r| format!("{r:.0}/min")),
            self.background_room_per_minute()
                .map_or("-".to_owned(), |r| format!("{r:.0}/min")),
            self.budget_use()
                .map_or("-".to_owned(), |r| format!("{:.0} %", r * 100.0)),
        )?;
        writeln!(
            f,
            "  {:<22} {:>8} {:>9} {:>9} {:>9} {:>9}",
            "page loads", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"
        )?;
        for (name, s) in [
            ("page complete, idle", &self.page_idle),
            ("page complete, drain", &self.page_draining),
            ("fragments, idle", &self.fragments_idle),
            ("fragments, drain", &self.fragments_draining),
        ] {
            if let Some(s) = s {
                writeln!(
                    f,
                    "  {:<22} {:>8} {:>9} {:>9} {:>9} {:>9}",
                    name,
                    s.count,
                    ms(s.p50),
                    ms(s.p95),
                    ms(s.p99),
                    ms(s.max)
                )?;
            }
        }
        if let Some(r) = self.p99_ratio() {
            writeln!(f, "  page p99 draining / idle: {r:.2}x")?;
        }
        Ok(())
    }
}
