//! The call rules in force, for the summary: each enabled feature's criteria in the order the
//! evaluator applies them ([`super::evaluate`]), and the lines that say how they combine. Each
//! line says whether Webex documents what it states ([`RuleLine::documented`], the sources are
//! the module docs of [`super`]).

use super::{PersonRules, Target};
use crate::webex::models::{CallsFrom, Criterion, RuleKind, ScheduleLevel, ScheduleType};

/// Whose calls a rule covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callers {
    Any,
    Internal,
    External,
    Forwarded,
    /// Specific numbers, and/or anonymous or unavailable callers.
    Listed {
        numbers: Vec<String>,
        anonymous: bool,
        unavailable: bool,
    },
    /// A `callsFrom` this portal does not know.
    Unknown,
}

/// The schedule a rule names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleName {
    pub name: String,
    pub holidays: bool,
    /// The location's schedule rather than the person's.
    pub location: bool,
}

/// One criterion of an enabled feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub kind: RuleKind,
    /// Its place in the feature's list, from 1.
    pub position: usize,
    pub callers: Callers,
    /// `None`: all hours of all days.
    pub when: Option<ScheduleName>,
    /// `false`: a "don't" rule (don't forward, accept, reject, ring).
    pub does: bool,
    /// Selective forward's destination.
    pub forward_to: Option<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleLine {
    Rule(Rule),
    /// Selective accept is on: calls no accept rule lets through are rejected.
    OthersRejected,
    /// Several forward rules may match one call: the first in the list applies.
    FirstForwardRuleWins,
    /// Do not disturb is on with selective rules: the rules still apply first.
    RulesBeforeDoNotDisturb,
    /// Simultaneous ring: these numbers ring with the person's phones (`by_rules`: only for the
    /// calls its rules pick).
    RingsTogether {
        numbers: Vec<String>,
        by_rules: bool,
    },
    /// Single number reach rings these numbers with the phones (`with_simultaneous`: and the
    /// simultaneous-ring ones).
    ReachRings {
        numbers: Vec<String>,
        with_simultaneous: bool,
    },
}

impl RuleLine {
    /// Whether Webex documents what the line states (else it is this portal's reading).
    pub fn documented(&self) -> bool {
        match self {
            RuleLine::Rule(_) | RuleLine::RingsTogether { .. } => true,
            RuleLine::ReachRings {
                with_simultaneous, ..
            } => !with_simultaneous,
            RuleLine::OthersRejected
            | RuleLine::FirstForwardRuleWins
            | RuleLine::RulesBeforeDoNotDisturb => false,
        }
    }

    /// Lines about ringing, which the summary puts with "your phones ring".
    pub fn is_ringing(&self) -> bool {
        matches!(
            self,
            RuleLine::RingsTogether { .. }
                | RuleLine::ReachRings { .. }
                | RuleLine::Rule(Rule {
                    kind: RuleKind::SimultaneousRing,
                    ..
                })
        )
    }
}

/// The rules in force, in the evaluator's order: reject, accept, forward, then what rings.
pub fn in_force(r: &PersonRules) -> Vec<RuleLine> {
    let mut out = Vec::new();
    let rules = |kind: RuleKind, criteria: &[Criterion], out: &mut Vec<RuleLine>| {
        for (i, c) in criteria.iter().enumerate() {
            out.push(RuleLine::Rule(rule(r, kind, i + 1, c)));
        }
    };
    if r.selective_reject.enabled {
        rules(
            RuleKind::SelectiveReject,
            &r.selective_reject_criteria,
            &mut out,
        );
    }
    if r.selective_accept.enabled {
        rules(
            RuleKind::SelectiveAccept,
            &r.selective_accept_criteria,
            &mut out,
        );
        out.push(RuleLine::OthersRejected);
    }
    if r.selective_forward.enabled {
        rules(
            RuleKind::SelectiveForward,
            &r.selective_forward_criteria,
            &mut out,
        );
        let doing = r
            .selective_forward_criteria
            .iter()
            .filter(|c| c.action_enabled(RuleKind::SelectiveForward) != Some(false))
            .count();
        if doing > 1 {
            out.push(RuleLine::FirstForwardRuleWins);
        }
    }
    let selective = (r.selective_reject.enabled && !r.selective_reject_criteria.is_empty())
        || r.selective_accept.enabled
        || (r.selective_forward.enabled && !r.selective_forward_criteria.is_empty());
    if selective && r.do_not_disturb.enabled {
        out.push(RuleLine::RulesBeforeDoNotDisturb);
    }
    let sim = &r.simultaneous_ring;
    let sim_on = sim.enabled && !sim.phone_numbers.is_empty();
    if sim_on {
        out.push(RuleLine::RingsTogether {
            numbers: sim
                .phone_numbers
                .iter()
                .map(|n| n.phone_number.clone())
                .collect(),
            by_rules: sim.criterias_enabled,
        });
        if sim.criterias_enabled {
            rules(
                RuleKind::SimultaneousRing,
                &r.simultaneous_ring_criteria,
                &mut out,
            );
        }
    }
    let reach: Vec<String> = r
        .single_number_reach
        .numbers
        .iter()
        .filter(|n| n.enabled)
        .map(|n| n.phone_number.clone())
        .collect();
    if !reach.is_empty() {
        out.push(RuleLine::ReachRings {
            numbers: reach,
            with_simultaneous: sim_on,
        });
    }
    out
}

fn rule(r: &PersonRules, kind: RuleKind, position: usize, c: &Criterion) -> Rule {
    let callers = match &c.calls_from {
        None | Some(CallsFrom::AnyPhoneNumber) => Callers::Any,
        Some(CallsFrom::AnyInternal) => Callers::Internal,
        Some(CallsFrom::AnyExternal) => Callers::External,
        Some(CallsFrom::Forwarded) => Callers::Forwarded,
        Some(CallsFrom::SelectPhoneNumbers) => Callers::Listed {
            numbers: c.phone_numbers.clone(),
            anonymous: c.anonymous_callers_enabled,
            unavailable: c.unavailable_callers_enabled,
        },
        Some(CallsFrom::Other(_)) => Callers::Unknown,
    };
    let when = c
        .schedule_name
        .as_deref()
        .filter(|n| !n.is_empty())
        .map(|name| ScheduleName {
            name: name.to_owned(),
            holidays: c.schedule_type == Some(ScheduleType::Holidays),
            location: c.schedule_level == Some(ScheduleLevel::Location),
        });
    let does = c.action_enabled(kind) != Some(false);
    let forward_to = (kind == RuleKind::SelectiveForward && does).then(|| {
        if c.send_to_voicemail().unwrap_or(false) {
            Target::Voicemail
        } else {
            Target::Number(
                c.forward_to_phone_number
                    .clone()
                    .or_else(|| r.selective_forward.default_phone_number_to_forward.clone())
                    .unwrap_or_default(),
            )
        }
    });
    Rule {
        kind,
        position,
        callers,
        when,
        does,
        forward_to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webex::models::{SimultaneousRingNumber, SingleNumberReachNumber};

    fn criterion(kind: RuleKind, json: serde_json::Value) -> Criterion {
        let mut c: Criterion = serde_json::from_value(json).unwrap();
        if !c.extra.contains_key(kind.action_key()) {
            c.extra.insert(kind.action_key().into(), true.into());
        }
        c
    }

    #[test]
    fn lines_follow_the_evaluators_order_and_flag_what_is_not_documented() {
        let mut r = PersonRules::default();
        r.selective_forward.enabled = true;
        r.selective_forward.default_phone_number_to_forward = Some("+16175550142".into());
        r.selective_forward_criteria = vec![
            criterion(
                RuleKind::SelectiveForward,
                serde_json::json!({"id": "f1", "callsFrom": "SELECT_PHONE_NUMBERS",
                    "phoneNumbers": ["+1 408 555 0100"], "scheduleName": "After hours",
                    "scheduleType": "businessHours", "scheduleLevel": "PEOPLE"}),
            ),
            criterion(
                RuleKind::SelectiveForward,
                serde_json::json!({"id": "f2", "callsFrom": "ANY_INTERNAL",
                    "sendToVoicemailEnabled": true}),
            ),
        ];
        r.selective_reject.enabled = true;
        r.selective_reject_criteria = vec![criterion(
            RuleKind::SelectiveReject,
            serde_json::json!({"id": "r1", "callsFrom": "SELECT_PHONE_NUMBERS",
                "anonymousCallersEnabled": true, "scheduleName": "Company holidays",
                "scheduleType": "holidays", "scheduleLevel": "LOCATION"}),
        )];
        r.simultaneous_ring.enabled = true;
        r.simultaneous_ring.phone_numbers = vec![SimultaneousRingNumber {
            phone_number: "+16175550142".into(),
            ..Default::default()
        }];
        r.single_number_reach.numbers = vec![SingleNumberReachNumber {
            phone_number: "+13125550177".into(),
            enabled: true,
            ..Default::default()
        }];
        r.do_not_disturb.enabled = true;
        let lines = in_force(&r);
        let RuleLine::Rule(first) = &lines[0] else {
            panic!("{lines:?}")
        };
        assert_eq!(first.kind, RuleKind::SelectiveReject);
        assert_eq!(
            first.when,
            Some(ScheduleName {
                name: "Company holidays".into(),
                holidays: true,
                location: true
            })
        );
        let RuleLine::Rule(f1) = &lines[1] else {
            panic!()
        };
        assert_eq!(
            f1.forward_to,
            Some(Target::Number("+16175550142".into())),
            "the default number"
        );
        let RuleLine::Rule(f2) = &lines[2] else {
            panic!()
        };
        assert_eq!(f2.callers, Callers::Internal);
        assert_eq!(f2.forward_to, Some(Target::Voicemail));
        assert_eq!(
            &lines[3..],
            &[
                RuleLine::FirstForwardRuleWins,
                RuleLine::RulesBeforeDoNotDisturb,
                RuleLine::RingsTogether {
                    numbers: vec!["+16175550142".into()],
                    by_rules: false
                },
                RuleLine::ReachRings {
                    numbers: vec!["+13125550177".into()],
                    with_simultaneous: true
                },
            ]
        );
        let undocumented: Vec<bool> = lines.iter().map(RuleLine::documented).collect();
        assert_eq!(
            undocumented,
            [true, true, true, false, false, true, false],
            "{lines:?}"
        );
    }

    #[test]
    fn disabled_features_say_nothing() {
        let mut r = PersonRules {
            selective_reject_criteria: vec![criterion(
                RuleKind::SelectiveReject,
                serde_json::json!({"id": "r1"}),
            )],
            ..PersonRules::default()
        };
        assert!(in_force(&r).is_empty());
        r.selective_accept.enabled = true;
        assert_eq!(in_force(&r), vec![RuleLine::OthersRejected]);
    }
}
