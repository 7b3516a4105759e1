//! "What happens to my calls": the plain-language summary of a person's live call handling, and
//! the warnings when settings hide or contradict each other.
//!
//! The summary is language-free (enums, not sentences): views render it through the message
//! catalogue. Precedence follows Webex Calling's order of evaluation: forward-always, then
//! voicemail's send-all-calls, then do not disturb (busy treatment), then busy and no-answer,
//! where call forwarding takes precedence over voicemail for the same condition.

/// Where a call goes when a rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Voicemail,
    /// A destination as shown to people (E.164 formatted or an extension).
    Number(String),
}

/// The inputs: the relevant parts of forwarding, voicemail and do-not-disturb settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallHandling {
    pub do_not_disturb: bool,
    pub forward_always: Option<Target>,
    pub forward_busy: Option<Target>,
    /// Forward when not answered, after this many rings.
    pub forward_no_answer: Option<(Target, u32)>,
    pub business_continuity: Option<Target>,
    pub voicemail_enabled: bool,
    pub voicemail_send_all: bool,
    pub voicemail_busy: bool,
    /// Unanswered calls go to voicemail after this many rings.
    pub voicemail_unanswered: Option<u32>,
}

/// One statement of the summary, in the order a caller meets them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    DoNotDisturbOff,
    DoNotDisturbOn,
    AllCallsForwarded(Target),
    AllCallsToVoicemail,
    RingsYourPhones,
    NoAnswerGoesTo(Target, u32),
    NoAnswerKeepsRinging,
    BusyGoesTo(Target),
    /// DND or busy without a busy rule: the caller hears a busy tone.
    BusyTone,
    OfflineGoesTo(Target),
}

/// Settings that have no effect or contradict each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Forward-always is on, so the busy and no-answer rules never apply.
    ForwardAlwaysHidesOtherRules,
    /// Voicemail's "send all calls" is on, so busy and no-answer rules never apply.
    SendAllToVoicemailHidesOtherRules,
    /// A forwarding rule sends calls to voicemail, but voicemail is off.
    ForwardsToVoicemailWhileVoicemailOff,
    /// Do not disturb is on: phones don't ring and callers get the busy treatment.
    DoNotDisturbIsOn,
    /// Both call forwarding and voicemail handle busy calls: forwarding wins.
    BusyForwardOverridesVoicemail,
    /// Both call forwarding and voicemail handle unanswered calls: forwarding wins.
    NoAnswerForwardOverridesVoicemail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub lines: Vec<Line>,
    pub warnings: Vec<Warning>,
}

impl CallHandling {
    pub fn summarize(&self) -> Summary {
        let mut lines = Vec::new();
        let mut warnings = Vec::new();
        let vm_rules_active = self.voicemail_enabled;

        lines.push(if self.do_not_disturb {
            Line::DoNotDisturbOn
        } else {
            Line::DoNotDisturbOff
        });

        let uses_voicemail = [
            self.forward_always.as_ref(),
            self.forward_busy.as_ref(),
            self.forward_no_answer.as_ref().map(|(t, _)| t),
            self.business_continuity.as_ref(),
        ]
        .into_iter()
        .flatten()
        .any(|t| *t == Target::Voicemail);
        if uses_voicemail && !self.voicemail_enabled {
            warnings.push(Warning::ForwardsToVoicemailWhileVoicemailOff);
        }

        if let Some(target) = &self.forward_always {
            lines.push(Line::AllCallsForwarded(target.clone()));
            if self.forward_busy.is_some()
                || self.forward_no_answer.is_some()
                || (vm_rules_active && (self.voicemail_busy || self.voicemail_unanswered.is_some()))
            {
                warnings.push(Warning::ForwardAlwaysHidesOtherRules);
            }
        } else if vm_rules_active && self.voicemail_send_all {
            lines.push(Line::AllCallsToVoicemail);
            if self.forward_busy.is_some()
                || self.forward_no_answer.is_some()
                || self.voicemail_busy
                || self.voicemail_unanswered.is_some()
            {
                warnings.push(Warning::SendAllToVoicemailHidesOtherRules);
            }
        } else {
            let busy = self.busy_target();
            if self.do_not_disturb {
                warnings.push(Warning::DoNotDisturbIsOn);
            } else {
                lines.push(Line::RingsYourPhones);
                lines.push(match &self.forward_no_answer {
                    Some((target, rings)) => Line::NoAnswerGoesTo(target.clone(), *rings),
                    None => match self.voicemail_unanswered.filter(|_| vm_rules_active) {
                        Some(rings) => Line::NoAnswerGoesTo(Target::Voicemail, rings),
                        None => Line::NoAnswerKeepsRinging,
                    },
                });
            }
            lines.push(match busy {
                Some(target) => Line::BusyGoesTo(target),
                None => Line::BusyTone,
            });
            if self.forward_busy.is_some() && vm_rules_active && self.voicemail_busy {
                warnings.push(Warning::BusyForwardOverridesVoicemail);
            }
            if self.forward_no_answer.is_some()
                && vm_rules_active
                && self.voicemail_unanswered.is_some()
            {
                warnings.push(Warning::NoAnswerForwardOverridesVoicemail);
            }
        }

        if let Some(target) = &self.business_continuity {
            lines.push(Line::OfflineGoesTo(target.clone()));
        }
        Summary { lines, warnings }
    }

    fn busy_target(&self) -> Option<Target> {
        self.forward_busy.clone().or_else(|| {
            (self.voicemail_enabled && self.voicemail_busy).then_some(Target::Voicemail)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typical() -> CallHandling {
        CallHandling {
            voicemail_enabled: true,
            voicemail_busy: true,
            voicemail_unanswered: Some(3),
            ..Default::default()
        }
    }

    #[test]
    fn the_usual_setup_reads_naturally() {
        let s = typical().summarize();
        assert_eq!(
            s.lines,
            vec![
                Line::DoNotDisturbOff,
                Line::RingsYourPhones,
                Line::NoAnswerGoesTo(Target::Voicemail, 3),
                Line::BusyGoesTo(Target::Voicemail),
            ]
        );
        assert!(s.warnings.is_empty());
    }

    #[test]
    fn forward_always_hides_everything_else() {
        let mut h = typical();
        h.forward_always = Some(Target::Number("+1 408-555-0100".into()));
        let s = h.summarize();
        assert_eq!(
            s.lines,
            vec![
                Line::DoNotDisturbOff,
                Line::AllCallsForwarded(Target::Number("+1 408-555-0100".into()))
            ]
        );
        assert_eq!(s.warnings, vec![Warning::ForwardAlwaysHidesOtherRules]);
    }

    #[test]
    fn voicemail_off_while_a_rule_sends_calls_there() {
        let h = CallHandling {
            forward_no_answer: Some((Target::Voicemail, 4)),
            ..Default::default()
        };
        let s = h.summarize();
        assert!(
            s.warnings
                .contains(&Warning::ForwardsToVoicemailWhileVoicemailOff)
        );
        assert!(s.lines.contains(&Line::BusyTone));
    }

    #[test]
    fn do_not_disturb_sends_callers_to_the_busy_treatment() {
        let mut h = typical();
        h.do_not_disturb = true;
        let s = h.summarize();
        assert_eq!(
            s.lines,
            vec![Line::DoNotDisturbOn, Line::BusyGoesTo(Target::Voicemail)]
        );
        assert_eq!(s.warnings, vec![Warning::DoNotDisturbIsOn]);
    }

    #[test]
    fn forwarding_wins_over_voicemail_for_the_same_condition() {
        let mut h = typical();
        h.forward_busy = Some(Target::Number("extension 2001".into()));
        h.forward_no_answer = Some((Target::Number("extension 2002".into()), 5));
        h.business_continuity = Some(Target::Voicemail);
        let s = h.summarize();
        assert_eq!(
            s.lines,
            vec![
                Line::DoNotDisturbOff,
                Line::RingsYourPhones,
                Line::NoAnswerGoesTo(Target::Number("extension 2002".into()), 5),
                Line::BusyGoesTo(Target::Number("extension 2001".into())),
                Line::OfflineGoesTo(Target::Voicemail),
            ]
        );
        assert_eq!(
            s.warnings,
            vec![
                Warning::BusyForwardOverridesVoicemail,
                Warning::NoAnswerForwardOverridesVoicemail
            ]
        );
    }

    #[test]
    fn send_all_to_voicemail() {
        let mut h = typical();
        h.voicemail_send_all = true;
        let s = h.summarize();
        assert_eq!(
            s.lines,
            vec![Line::DoNotDisturbOff, Line::AllCallsToVoicemail]
        );
        assert_eq!(s.warnings, vec![Warning::SendAllToVoicemailHidesOtherRules]);
    }
}

// ---------------------------------------------------------------------------------------------
// Personal assistant and call intercept: they come before every rule above, so the summary
// states them first.

/// The personal assistant is on: calls are answered for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    pub presence: Option<crate::webex::Presence>,
    /// As Webex holds it (`2026-12-24T17:00:00Z`), shown as date and time.
    pub until: Option<String>,
    /// Callers may be transferred here.
    pub transfer_to: Option<String>,
}

/// Call intercept is on: incoming calls are intercepted (or not), outgoing ones too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intercepted {
    /// Incoming calls are intercepted (`INTERCEPT_ALL`), not let through (`ALLOW_ALL`).
    pub incoming: bool,
    pub to_voicemail: bool,
    /// Outgoing calls are limited to local ones (`ALLOW_LOCAL_ONLY`), else all are intercepted.
    pub outgoing_local_only: bool,
}

/// What the personal assistant says about calls, when it is on.
pub fn away(pa: &crate::webex::PersonalAssistant) -> Option<Away> {
    pa.enabled.then(|| Away {
        presence: pa.presence.clone(),
        until: pa.until_date_time.clone().filter(|s| !s.is_empty()),
        transfer_to: pa
            .transfer_enabled
            .then(|| pa.transfer_number.clone())
            .flatten()
            .filter(|s| !s.is_empty()),
    })
}

/// What call intercept does to calls, when it is on.
pub fn intercepted(ic: &crate::webex::CallIntercept) -> Option<Intercepted> {
    use crate::webex::{InterceptIncomingType, InterceptOutgoingType};
    ic.enabled.then(|| Intercepted {
        incoming: ic.incoming.kind != InterceptIncomingType::AllowAll,
        to_voicemail: ic.incoming.voicemail_enabled,
        outgoing_local_only: ic.outgoing.kind == InterceptOutgoingType::AllowLocalOnly,
    })
}

/// `2026-12-24T17:00:00.000Z` → (`2026-12-24`, `17:00`); anything else → empty strings.
pub fn date_and_time(webex: &str) -> (String, String) {
    let date = webex.get(..10).unwrap_or("");
    let time = webex.get(11..16).unwrap_or("");
    let valid = |s: &str, sep: char, n: usize| {
        s.split(sep).count() == n && s.chars().all(|c| c.is_ascii_digit() || c == sep)
    };
    if valid(date, '-', 3) && valid(time, ':', 2) {
        (date.to_owned(), time.to_owned())
    } else {
        (String::new(), String::new())
    }
}

#[cfg(test)]
mod away_tests {
    use super::*;
    use crate::webex::{CallIntercept, PersonalAssistant};

    #[test]
    fn away_and_intercept_only_when_on() {
        let mut pa = PersonalAssistant::default();
        assert_eq!(away(&pa), None);
        pa.enabled = true;
        pa.transfer_number = Some("+15551234".into());
        assert_eq!(away(&pa).unwrap().transfer_to, None, "transfer is off");
        pa.transfer_enabled = true;
        assert_eq!(away(&pa).unwrap().transfer_to.as_deref(), Some("+15551234"));
        let mut ic = CallIntercept::default();
        assert_eq!(intercepted(&ic), None);
        ic.enabled = true;
        assert!(intercepted(&ic).unwrap().incoming);
    }

    #[test]
    fn webex_times_split_into_date_and_time() {
        assert_eq!(
            date_and_time("2026-12-24T17:05:00.000Z"),
            ("2026-12-24".into(), "17:05".into())
        );
        assert_eq!(date_and_time("soon"), (String::new(), String::new()));
    }
}
