//! "What happens to my calls": the live forwarding, voicemail and DND settings, and every call
//! rule (selective reject / accept / forward with their criteria and schedules, simultaneous ring,
//! single number reach), read in parallel, summarized by `domain::calls` and
//! `domain::call_rules` and worded by the catalogue. Below it, the "Try a call" tester
//! ([`super::tester`]). The page reloads it whenever a card announces a save (`settings-changed`).

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use futures_util::future::try_join_all;

use super::Ctx;
use crate::{
    domain::{
        call_rules::{self, KnownSchedule, PersonRules, in_force},
        calls::{CallHandling, Line, Target},
        forwarding::shown,
    },
    error::AppError,
    views::Summary,
    webex::{
        CallForwardingSettings, Criterion, CriterionSummary, DoNotDisturb, RuleKind, ScheduleLevel,
        ScheduleType, SelectiveCalls, SelectiveForward, SimultaneousRing, SingleNumberReach,
        VoicemailSettings, WebexClient, WebexError,
    },
};

pub async fn get_summary(
    cx: Ctx,
    locale: super::tester::MaybeLocale,
) -> Result<Response, AppError> {
    let t = cx.t;
    let id = cx.target.person_id.as_str();
    // The cards of the same page read these too: shared, so each is read from Webex once.
    let webex = cx.webex_for_display();
    let tester = super::tester::blank(&cx, locale.as_ref().map(|l| &l.0));
    let (forwarding, voicemail, dnd, before, rules) = tokio::join!(
        webex.get_call_forwarding(id),
        webex.get_voicemail(id),
        webex.get_do_not_disturb(id),
        before_rules(&cx),
        rule_parts(&cx, &webex),
    );
    let (view, status) = match (forwarding, voicemail, dnd) {
        (Ok(f), Ok(v), Ok(d)) => {
            let summary = handling(&f, &v, &d).summarize();
            let name = third_person(&cx);
            // About someone else (the helpdesk), the summary names them (issue 14, defect 8).
            let (lines, warnings): (Vec<String>, Vec<String>) = match third_person(&cx) {
                None => (
                    summary.lines.iter().map(t.summary_line).collect(),
                    summary
                        .warnings
                        .iter()
                        .map(|w| (t.warning)(w).to_owned())
                        .collect(),
                ),
                Some(name) => (
                    summary
                        .lines
                        .iter()
                        .map(|l| (t.reach.summary_line_of)(l, name))
                        .collect(),
                    summary
                        .warnings
                        .iter()
                        .map(|w| (t.reach.warning_of)(w, name))
                        .collect(),
                ),
            };
            // The rules in force, their warnings after forwarding's.
            let (mut first, mut ringing, mut warnings) = (Vec::new(), Vec::new(), warnings);
            match rules {
                Ok(parts) => {
                    let rules = parts.with(f, v, d);
                    for line in in_force::in_force(&rules) {
                        let mut text = (t.tester.line)(&line, name);
                        if !line.documented() {
                            text = format!("{text} {}", t.tester.not_documented);
                        }
                        if line.is_ringing() {
                            ringing.push(text);
                        } else {
                            first.push(text);
                        }
                    }
                    warnings.extend(
                        call_rules::warnings(&rules)
                            .iter()
                            .map(|w| (t.tester.warning)(w, name)),
                    );
                }
                Err(e) => {
                    tracing::warn!(error = %e, "call rules could not be loaded for the summary");
                    warnings.push(format!(
                        "{} {}",
                        t.tester.rules_unavailable,
                        (t.webex_error)(&e)
                    ));
                }
            }
            // The ringing lines go after "calls ring your phones", else at the end; the selective
            // rules (which Webex applies first) after the headline, whether DND is on.
            let at = summary
                .lines
                .iter()
                .position(|l| *l == Line::RingsYourPhones)
                .map_or(lines.len(), |i| i + 1);
            let mut lines = lines;
            lines.splice(at..at, ringing);
            let headline = lines.len().min(1);
            lines.splice(headline..headline, first);
            let view = Summary {
                t,
                lines: before.into_iter().chain(lines).collect(),
                warnings,
                error: None,
                tracking_id: None,
                tester,
            };
            (view, StatusCode::OK)
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            tracing::warn!(error = %e, "summary could not be loaded");
            let view = Summary {
                t,
                lines: Vec::new(),
                warnings: Vec::new(),
                error: Some((t.webex_error)(&e)),
                tracking_id: e.tracking_id().map(str::to_owned),
                tester,
            };
            (view, StatusCode::BAD_GATEWAY)
        }
    };
    let html = askama::Template::render(&view)
        .map_err(|e| AppError::Internal(format!("summary template: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// The summary's inputs from the three settings, as Webex applies them.
pub fn handling(
    f: &CallForwardingSettings,
    v: &VoicemailSettings,
    d: &DoNotDisturb,
) -> CallHandling {
    let target = |enabled: bool, to_voicemail: bool, destination: &Option<String>| {
        enabled.then(|| {
            if to_voicemail {
                Target::Voicemail
            } else {
                Target::Number(shown(destination.as_deref()))
            }
        })
    };
    let rules = &f.call_forwarding;
    CallHandling {
        do_not_disturb: d.enabled,
        forward_always: target(
            rules.always.enabled,
            rules.always.destination_voicemail_enabled,
            &rules.always.destination,
        ),
        forward_busy: target(
            rules.busy.enabled,
            rules.busy.destination_voicemail_enabled,
            &rules.busy.destination,
        ),
        forward_no_answer: target(
            rules.no_answer.enabled,
            rules.no_answer.destination_voicemail_enabled,
            &rules.no_answer.destination,
        )
        .map(|t| (t, rules.no_answer.number_of_rings.unwrap_or(3))),
        business_continuity: target(
            f.business_continuity.enabled,
            f.business_continuity.destination_voicemail_enabled,
            &f.business_continuity.destination,
        ),
        voicemail_enabled: v.enabled,
        voicemail_send_all: v.send_all_calls.enabled,
        voicemail_busy: v.send_busy_calls.enabled,
        voicemail_unanswered: v
            .send_unanswered_calls
            .enabled
            .then(|| v.send_unanswered_calls.number_of_rings.unwrap_or(3)),
    }
}

/// The summary's first lines: the personal assistant (while it is on) and call intercept, which
/// come before every other rule. One that cannot be read is left out: the cards say why.
async fn before_rules(cx: &Ctx) -> Vec<String> {
    let (t, id, webex) = (
        cx.t.calling,
        cx.target.person_id.as_str(),
        cx.webex_for_display(),
    );
    let (pa, ic) = tokio::join!(
        webex.get_personal_assistant(id),
        webex.get_call_intercept(id)
    );
    let away = pa.ok().as_ref().and_then(crate::domain::calls::away);
    let intercepted = ic.ok().as_ref().and_then(crate::domain::calls::intercepted);
    match third_person(cx) {
        None => away
            .iter()
            .map(t.summary_away)
            .chain(intercepted.iter().map(t.summary_intercepted))
            .collect(),
        Some(name) => {
            let r = cx.t.reach;
            away.iter()
                .map(|a| (r.away_of)(a, name))
                .chain(intercepted.iter().map(|i| (r.intercepted_of)(i, name)))
                .collect()
        }
    }
}

/// Everything the rules evaluator reads besides forwarding, voicemail and DND.
pub struct RuleParts {
    selective_reject: (SelectiveCalls, Vec<Criterion>),
    selective_accept: (SelectiveCalls, Vec<Criterion>),
    selective_forward: (SelectiveForward, Vec<Criterion>),
    simultaneous_ring: (SimultaneousRing, Vec<Criterion>),
    single_number_reach: SingleNumberReach,
    schedules: Vec<KnownSchedule>,
}

impl RuleParts {
    pub fn with(
        self,
        forwarding: CallForwardingSettings,
        voicemail: VoicemailSettings,
        do_not_disturb: DoNotDisturb,
    ) -> PersonRules {
        PersonRules {
            forwarding,
            do_not_disturb,
            voicemail,
            selective_reject: self.selective_reject.0,
            selective_reject_criteria: self.selective_reject.1,
            selective_accept: self.selective_accept.0,
            selective_accept_criteria: self.selective_accept.1,
            selective_forward: self.selective_forward.0,
            selective_forward_criteria: self.selective_forward.1,
            simultaneous_ring: self.simultaneous_ring.0,
            simultaneous_ring_criteria: self.simultaneous_ring.1,
            single_number_reach: self.single_number_reach,
            schedules: self.schedules,
        }
    }
}

/// The live rules: the four features with each criterion read in full (the parent GETs list
/// only summaries), single number reach, and the schedules the criteria name, found on the
/// person's list (their own and their location's, FACTS §10.3), in parallel through `webex`
/// (the display client, so the rule cards of the page share these reads).
pub async fn rule_parts(cx: &Ctx, webex: &WebexClient) -> Result<RuleParts, WebexError> {
    let id = cx.target.person_id.as_str();
    let (sr, sa, sf, sim, snr) = tokio::join!(
        webex.get_selective_reject(id),
        webex.get_selective_accept(id),
        webex.get_selective_forward(id),
        webex.get_simultaneous_ring(id),
        webex.get_single_number_reach(id),
    );
    let (sr, sa, sf, sim, snr) = (sr?, sa?, sf?, sim?, snr?);
    let criteria = |kind: RuleKind, rows: &[CriterionSummary]| {
        let ids: Vec<String> = rows.iter().map(|c| c.id.clone()).collect();
        try_join_all(
            ids.into_iter()
                .map(move |c| async move { webex.get_criterion(kind, id, &c).await }),
        )
    };
    // Only the schedules a rule names are read in full (each is a Webex call), and the list
    // only when some rule names one; alongside the criteria.
    let named: std::collections::BTreeSet<String> = [&sr.criteria, &sa.criteria, &sf.criteria]
        .into_iter()
        .chain([&sim.criteria])
        .flatten()
        .filter_map(|c| c.schedule_name.clone().filter(|n| !n.is_empty()))
        .collect();
    let location = cx.target.location_id.clone();
    let schedules = async {
        if named.is_empty() {
            return Ok(Vec::new());
        }
        let list = webex.get_person_schedule_list(id).await?;
        try_join_all(
            list.into_iter()
                .filter(|s| named.contains(&s.name))
                .filter_map(|s| {
                    let level = s.level.clone().unwrap_or(ScheduleLevel::People);
                    let kind = s
                        .schedule_type
                        .clone()
                        .unwrap_or(ScheduleType::BusinessHours);
                    // A location schedule is read from its location; without one it cannot be.
                    let at = match level {
                        ScheduleLevel::Location => {
                            Some(s.location_id.clone().or_else(|| location.clone())?)
                        }
                        _ => None,
                    };
                    Some(async move {
                        let schedule = match &at {
                            Some(location_id) => {
                                webex
                                    .get_location_schedule(location_id, &kind, &s.id)
                                    .await?
                            }
                            None => webex.get_person_schedule(id, &kind, &s.id).await?,
                        };
                        Ok::<_, WebexError>(KnownSchedule { level, schedule })
                    })
                }),
        )
        .await
    };
    let (src, sac, sfc, simc, schedules) = tokio::try_join!(
        criteria(RuleKind::SelectiveReject, &sr.criteria),
        criteria(RuleKind::SelectiveAccept, &sa.criteria),
        criteria(RuleKind::SelectiveForward, &sf.criteria),
        criteria(RuleKind::SimultaneousRing, &sim.criteria),
        schedules,
    )?;
    Ok(RuleParts {
        selective_reject: (sr, src),
        selective_accept: (sa, sac),
        selective_forward: (sf, sfc),
        simultaneous_ring: (sim, simc),
        single_number_reach: snr,
        schedules,
    })
}

/// The person's name when the summary is about someone else than the reader.
pub fn third_person(cx: &Ctx) -> Option<&str> {
    (cx.target.acting == crate::auth::authz::Acting::OnBehalf)
        .then_some(cx.target.display_name.as_str())
}
