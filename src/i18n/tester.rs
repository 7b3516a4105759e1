//! Messages of the call rules in the summary and of its "Try a call" tester (issue 15;
//! [`super::Messages::tester`] holds them). Functions that speak of the person take their name
//! (`Some`) when the reader is someone else (the helpdesk), else address the reader.

use super::Messages;
use crate::domain::call_rules::{
    Action, Call, Caller, Disposition, RuleWarning, Step, Target,
    in_force::{Callers, Rule, RuleLine, ScheduleName},
};
use crate::features::Feature;
use crate::webex::RuleKind;

pub struct TesterMessages {
    /// A rule in force, as the summary lists it.
    pub rule: fn(&Rule) -> String,
    /// The other lines about the rules (`name`: the person, when it is not the reader).
    pub line: fn(&RuleLine, Option<&str>) -> String,
    /// Appended to a line whose order Webex does not document.
    pub not_documented: &'static str,
    pub warning: fn(&RuleWarning, Option<&str>) -> String,
    /// The rules could not be read (the Webex error follows).
    pub rules_unavailable: &'static str,
    // The tester's form.
    pub heading: &'static str,
    pub intro: fn(Option<&str>) -> String,
    pub caller_legend: &'static str,
    pub caller_number: &'static str,
    pub caller_anonymous: &'static str,
    pub caller_unavailable: &'static str,
    pub number_label: &'static str,
    pub number_hint: &'static str,
    pub origin_legend: &'static str,
    pub origin_external: &'static str,
    pub origin_internal: &'static str,
    pub day_label: &'static str,
    pub time_label: &'static str,
    /// The day and time are the person's local time.
    pub when_hint: fn(Option<&str>) -> String,
    pub submit: &'static str,
    pub answer_heading: &'static str,
    // Its refusals.
    pub number_missing: &'static str,
    pub number_invalid: fn(&str) -> String,
    pub day_invalid: &'static str,
    pub time_invalid: &'static str,
    // Its answer.
    /// "A call from +1 408-555-0100 on Friday 4 December at 18:30".
    pub call: fn(&Call) -> String,
    pub step: fn(&Step, Option<&str>) -> String,
    /// Which rule decided a step: "Selective forward, rule 1" (the feature's name first).
    pub decided_by: fn(&str, usize) -> String,
    /// The call and its steps joined: "A call …: rings …; if …".
    pub answer: fn(&str, &[String]) -> String,
}

fn feature(kind: RuleKind) -> Feature {
    match kind {
        RuleKind::SelectiveForward => Feature::SelectiveForward,
        RuleKind::SelectiveAccept => Feature::SelectiveAccept,
        RuleKind::SelectiveReject => Feature::SelectiveReject,
        RuleKind::SimultaneousRing => Feature::SimultaneousRing,
    }
}

/// "a, b or c" with the language's last joiner.
fn listed(items: &[String], or: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {or} {last}", init.join(", ")),
    }
}

fn numbers(t: &Messages, list: &[String], and: &str) -> String {
    listed(&list.iter().map(|n| t.phone(n)).collect::<Vec<_>>(), and)
}

// ---------------------------------------------------------------------------------------------
// English

pub static EN: TesterMessages = TesterMessages {
    rule: |r| en_rule(r),
    line: |l, name| en_line(l, name),
    not_documented: "Webex does not document this order; this is our reading.",
    warning: |w, name| en_warning(w, name),
    rules_unavailable: "The call rules could not be read, so they are not in this summary.",
    heading: "Try a call",
    intro: |name| match name {
        None => "See what happens to one call to you, from the rules as they are now.".to_owned(),
        Some(n) => format!("See what happens to one call to {n}, from the rules as they are now."),
    },
    caller_legend: "Who calls",
    caller_number: "A number",
    caller_anonymous: "Someone who hides their number",
    caller_unavailable: "A caller without a number",
    number_label: "Caller's number",
    number_hint: "As caller ID shows it, such as +1 408 555 0100, or an extension.",
    origin_legend: "From where",
    origin_external: "Outside the organization",
    origin_internal: "Inside the organization",
    day_label: "Day",
    time_label: "Time",
    when_hint: |name| match name {
        None => "In your local time.".to_owned(),
        Some(n) => format!("In {n}'s local time."),
    },
    submit: "Try it",
    answer_heading: "What happens",
    number_missing: "Enter the caller's number.",
    number_invalid: |s| {
        format!("“{s}” is not a phone number. Use digits, such as +1 408 555 0100.")
    },
    day_invalid: "Enter a day, such as 2026-12-04.",
    time_invalid: "Enter a time between 00:00 and 23:59, such as 18:30.",
    call: |c| {
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let who = match (&c.caller, c.internal) {
            (Caller::Number(n), false) => format!("A call from {}", super::EN.phone(n)),
            (Caller::Number(n), true) => format!("An internal call from {}", super::EN.phone(n)),
            (Caller::Anonymous, _) => "An anonymous call".to_owned(),
            (Caller::Unavailable, _) => "A call without a number".to_owned(),
        };
        format!(
            "{who} on {} {} {} {} at {:02}:{:02}",
            DAYS[usize::from(c.at.weekday().number_days_from_monday())],
            c.at.day(),
            MONTHS[usize::from(u8::from(c.at.month())) - 1],
            c.at.year(),
            c.at.hour(),
            c.at.minute()
        )
    },
    step: |s, name| en_step(s, name),
    decided_by: |feature, n| format!("{feature}, rule {n}"),
    answer: |call, steps| format!("{call}: {}.", steps.join("; ")),
};

fn en_callers(c: &Callers) -> String {
    match c {
        Callers::Any => "all calls".to_owned(),
        Callers::Internal => "calls from inside the organization".to_owned(),
        Callers::External => "calls from outside the organization".to_owned(),
        Callers::Forwarded => "forwarded calls".to_owned(),
        Callers::Listed {
            numbers,
            anonymous,
            unavailable,
        } => {
            let mut who: Vec<String> = numbers.iter().map(|n| super::EN.phone(n)).collect();
            if *anonymous {
                who.push("anonymous callers".into());
            }
            if *unavailable {
                who.push("callers without a number".into());
            }
            format!("calls from {}", listed(&who, "or"))
        }
        Callers::Unknown => "calls from callers this portal cannot show".to_owned(),
    }
}

fn en_when(w: &Option<ScheduleName>) -> String {
    match w {
        None => String::new(),
        Some(s) => {
            let mut out = if s.holidays {
                format!(" on “{}”", s.name)
            } else {
                format!(" during “{}”", s.name)
            };
            if s.location {
                out.push_str(" (the location's schedule)");
            }
            out
        }
    }
}

fn en_rule(r: &Rule) -> String {
    let what = match (r.kind, r.does) {
        (RuleKind::SelectiveReject, true) => "are rejected".to_owned(),
        (RuleKind::SelectiveReject, false) => "are not rejected".to_owned(),
        (RuleKind::SelectiveAccept, true) => "are accepted".to_owned(),
        (RuleKind::SelectiveAccept, false) => "are not accepted: they are rejected".to_owned(),
        (RuleKind::SelectiveForward, true) => format!(
            "go to {}",
            r.forward_to
                .as_ref()
                .map_or_else(String::new, |t| (super::EN.target)(t))
        ),
        (RuleKind::SelectiveForward, false) => "are not forwarded".to_owned(),
        (RuleKind::SimultaneousRing, true) => "also ring the simultaneous-ring numbers".to_owned(),
        (RuleKind::SimultaneousRing, false) => {
            "don't ring the simultaneous-ring numbers".to_owned()
        }
    };
    format!(
        "{} ({}): {}{} {what}.",
        (super::EN.feature_name)(feature(r.kind)),
        (super::EN.rule_cards.rule_number)(r.position).to_lowercase(),
        en_callers(&r.callers),
        en_when(&r.when)
    )
}

fn en_phones(name: Option<&str>) -> String {
    name.map_or_else(|| "your phones".to_owned(), |n| format!("{n}'s phones"))
}

fn en_line(l: &RuleLine, name: Option<&str>) -> String {
    match l {
        RuleLine::Rule(r) => en_rule(r),
        RuleLine::OthersRejected => {
            "Selective accept: calls that no accept rule lets through are rejected.".to_owned()
        }
        RuleLine::FirstForwardRuleWins => {
            "Selective forward: when several rules match a call, the first one in the list applies."
                .to_owned()
        }
        RuleLine::RulesBeforeDoNotDisturb => {
            "These rules apply even while do not disturb is on.".to_owned()
        }
        RuleLine::RingsTogether {
            numbers: list,
            by_rules,
        } => format!(
            "Simultaneous ring: {} ring together with {}{}.",
            numbers(&super::EN, list, "and"),
            en_phones(name),
            if *by_rules {
                " for the calls its rules pick"
            } else {
                ""
            }
        ),
        RuleLine::ReachRings { numbers: list, .. } => format!(
            "Single number reach: {} ring with {}.",
            numbers(&super::EN, list, "and"),
            en_phones(name)
        ),
    }
}

fn en_warning(w: &RuleWarning, name: Option<&str>) -> String {
    let f = |k: RuleKind| (super::EN.feature_name)(feature(k));
    match w {
        RuleWarning::MissingSchedule {
            rule,
            schedule_name,
            ..
        } => format!(
            "{}: a rule names the schedule “{schedule_name}”, which no longer exists, so it never applies.",
            f(*rule)
        ),
        RuleWarning::RejectsEveryCall { .. } => {
            "Selective reject has a rule for every caller at all hours: every call is rejected."
                .to_owned()
        }
        RuleWarning::AcceptsNoCall => {
            "Selective accept is on without a rule that accepts calls: every call is rejected."
                .to_owned()
        }
        RuleWarning::SelectiveForwardHidesCallForwarding { .. } => {
            "Selective forward has a rule for every caller at all hours, so call forwarding never applies."
                .to_owned()
        }
        RuleWarning::ForwardAlwaysHidesRinging => format!(
            "All calls are forwarded or sent to voicemail, so the simultaneous-ring and single-number-reach numbers never ring with {}.",
            en_phones(name)
        ),
        RuleWarning::DoNotDisturbHidesRinging => format!(
            "Do not disturb is on, so the simultaneous-ring and single-number-reach numbers don't ring with {}.",
            en_phones(name)
        ),
        RuleWarning::SimultaneousRingCriteriaIgnored => {
            "Simultaneous ring has rules, but they are switched off: its numbers ring for every call."
                .to_owned()
        }
        RuleWarning::SimultaneousRingWithoutNumbers => {
            "Simultaneous ring is on without numbers: it does nothing.".to_owned()
        }
        RuleWarning::EnabledWithoutRules { rule } => {
            format!("{} is on without any rule: it does nothing.", f(*rule))
        }
        RuleWarning::UnsupportedRecurrence {
            schedule_name,
            event_name,
        } => format!(
            "The schedule “{schedule_name}” has an event, “{event_name}”, that repeats in a way this portal cannot check: it is taken as not covering the call."
        ),
    }
}

fn en_disposition(d: &Disposition) -> String {
    match d {
        Disposition::To(t) => (super::EN.target)(t),
        Disposition::BusyTone => "a busy tone".to_owned(),
        Disposition::KeepsRinging => "it keeps ringing".to_owned(),
    }
}

fn en_step(s: &Step, name: Option<&str>) -> String {
    match &s.action {
        Action::Reject => "rejected".to_owned(),
        Action::Forward(Target::Voicemail) => "straight to voicemail".to_owned(),
        Action::Forward(t) => format!("forwarded to {}", (super::EN.target)(t)),
        Action::BusyTreatment(d) => {
            format!("do not disturb is on, so {}", en_disposition(d))
        }
        Action::Ring { also } if also.is_empty() => format!("rings {}", en_phones(name)),
        Action::Ring { also } => format!(
            "rings {} and {} together",
            en_phones(name),
            numbers(&super::EN, also, "and")
        ),
        Action::WhenBusy(d) => match name {
            None => format!("if you are on a call, {}", en_disposition(d)),
            Some(n) => format!("if {n} is on a call, {}", en_disposition(d)),
        },
        Action::WhenNoAnswer {
            rings: Some(r),
            then,
        } => format!(
            "if nobody answers in {r} {}, {}",
            super::one_other("en", *r, "ring", "rings"),
            en_disposition(then)
        ),
        Action::WhenNoAnswer { rings: None, .. } => {
            "if nobody answers, it rings until the caller hangs up".to_owned()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deutsch

pub static DE: TesterMessages = TesterMessages {
    rule: |r| de_rule(r),
    line: |l, name| de_line(l, name),
    not_documented: "Webex dokumentiert diese Reihenfolge nicht; so verstehen wir sie.",
    warning: |w, name| de_warning(w, name),
    rules_unavailable: "Die Anrufregeln konnten nicht gelesen werden und fehlen daher in dieser Übersicht.",
    heading: "Anruf ausprobieren",
    intro: |name| match name {
        None => {
            "Sehen Sie, was mit einem Anruf an Sie geschieht, nach den Regeln, wie sie jetzt sind."
                .to_owned()
        }
        Some(n) => format!(
            "Sehen Sie, was mit einem Anruf an {n} geschieht, nach den Regeln, wie sie jetzt sind."
        ),
    },
    caller_legend: "Wer anruft",
    caller_number: "Eine Nummer",
    caller_anonymous: "Jemand mit unterdrückter Nummer",
    caller_unavailable: "Ein Anrufer ohne Nummer",
    number_label: "Nummer des Anrufers",
    number_hint: "Wie die Anruferkennung sie zeigt, etwa +49 30 1234567, oder eine Durchwahl.",
    origin_legend: "Von wo",
    origin_external: "Von außerhalb der Organisation",
    origin_internal: "Aus der Organisation",
    day_label: "Tag",
    time_label: "Uhrzeit",
    when_hint: |name| match name {
        None => "In Ihrer Ortszeit.".to_owned(),
        Some(n) => format!("In der Ortszeit von {n}."),
    },
    submit: "Ausprobieren",
    answer_heading: "Was geschieht",
    number_missing: "Geben Sie die Nummer des Anrufers ein.",
    number_invalid: |s| {
        format!("„{s}“ ist keine Telefonnummer. Verwenden Sie Ziffern, etwa +49 30 1234567.")
    },
    day_invalid: "Geben Sie einen Tag ein, etwa 2026-12-04.",
    time_invalid: "Geben Sie eine Uhrzeit zwischen 00:00 und 23:59 ein, etwa 18:30.",
    call: |c| {
        const DAYS: [&str; 7] = [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ];
        const MONTHS: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        let who = match (&c.caller, c.internal) {
            (Caller::Number(n), false) => format!("Ein Anruf von {}", super::DE.phone(n)),
            (Caller::Number(n), true) => format!("Ein interner Anruf von {}", super::DE.phone(n)),
            (Caller::Anonymous, _) => "Ein anonymer Anruf".to_owned(),
            (Caller::Unavailable, _) => "Ein Anruf ohne Nummer".to_owned(),
        };
        format!(
            "{who} am {}, {}. {} {}, um {:02}:{:02} Uhr",
            DAYS[usize::from(c.at.weekday().number_days_from_monday())],
            c.at.day(),
            MONTHS[usize::from(u8::from(c.at.month())) - 1],
            c.at.year(),
            c.at.hour(),
            c.at.minute()
        )
    },
    step: |s, name| de_step(s, name),
    decided_by: |feature, n| format!("{feature}, Regel {n}"),
    answer: |call, steps| format!("{call}: {}.", steps.join("; ")),
};

fn de_callers(c: &Callers) -> String {
    match c {
        Callers::Any => "alle Anrufe".to_owned(),
        Callers::Internal => "Anrufe aus der Organisation".to_owned(),
        Callers::External => "Anrufe von außerhalb der Organisation".to_owned(),
        Callers::Forwarded => "weitergeleitete Anrufe".to_owned(),
        Callers::Listed {
            numbers,
            anonymous,
            unavailable,
        } => {
            let mut who: Vec<String> = numbers.iter().map(|n| super::DE.phone(n)).collect();
            if *anonymous {
                who.push("anonymen Anrufern".into());
            }
            if *unavailable {
                who.push("Anrufern ohne Nummer".into());
            }
            format!("Anrufe von {}", listed(&who, "oder"))
        }
        Callers::Unknown => "Anrufe von Anrufern, die dieses Portal nicht anzeigen kann".to_owned(),
    }
}

fn de_when(w: &Option<ScheduleName>) -> String {
    match w {
        None => String::new(),
        Some(s) => {
            let mut out = if s.holidays {
                format!(" an „{}“", s.name)
            } else {
                format!(" während „{}“", s.name)
            };
            if s.location {
                out.push_str(" (Zeitplan des Standorts)");
            }
            out
        }
    }
}

fn de_rule(r: &Rule) -> String {
    let what = match (r.kind, r.does) {
        (RuleKind::SelectiveReject, true) => "werden abgelehnt".to_owned(),
        (RuleKind::SelectiveReject, false) => "werden nicht abgelehnt".to_owned(),
        (RuleKind::SelectiveAccept, true) => "werden angenommen".to_owned(),
        (RuleKind::SelectiveAccept, false) => "werden nicht angenommen, also abgelehnt".to_owned(),
        (RuleKind::SelectiveForward, true) => format!(
            "gehen an {}",
            r.forward_to
                .as_ref()
                .map_or_else(String::new, |t| (super::DE.target)(t))
        ),
        (RuleKind::SelectiveForward, false) => "werden nicht weitergeleitet".to_owned(),
        (RuleKind::SimultaneousRing, true) => {
            "klingeln auch auf den Nummern für paralleles Klingeln".to_owned()
        }
        (RuleKind::SimultaneousRing, false) => {
            "klingeln nicht auf den Nummern für paralleles Klingeln".to_owned()
        }
    };
    format!(
        "{} ({}): {}{} {what}.",
        (super::DE.feature_name)(feature(r.kind)),
        (super::DE.rule_cards.rule_number)(r.position),
        de_callers(&r.callers),
        de_when(&r.when)
    )
}

fn de_phones(name: Option<&str>) -> String {
    name.map_or_else(
        || "Ihren Telefonen".to_owned(),
        |n| format!("den Telefonen von {n}"),
    )
}

fn de_line(l: &RuleLine, name: Option<&str>) -> String {
    match l {
        RuleLine::Rule(r) => de_rule(r),
        RuleLine::OthersRejected => {
            "Selektive Annahme: Anrufe, die keine Annahmeregel durchlässt, werden abgelehnt."
                .to_owned()
        }
        RuleLine::FirstForwardRuleWins => {
            "Selektive Weiterleitung: Passen mehrere Regeln zu einem Anruf, gilt die erste in der Liste."
                .to_owned()
        }
        RuleLine::RulesBeforeDoNotDisturb => {
            "Diese Regeln gelten auch, während „Nicht stören“ ein ist.".to_owned()
        }
        RuleLine::RingsTogether {
            numbers: list,
            by_rules,
        } => format!(
            "Paralleles Klingeln: {} klingeln zusammen mit {}{}.",
            numbers(&super::DE, list, "und"),
            de_phones(name),
            if *by_rules {
                ", für die Anrufe, die seine Regeln wählen"
            } else {
                ""
            }
        ),
        RuleLine::ReachRings { numbers: list, .. } => format!(
            "Eine Nummer für alles: {} klingeln mit {}.",
            numbers(&super::DE, list, "und"),
            de_phones(name)
        ),
    }
}

fn de_warning(w: &RuleWarning, name: Option<&str>) -> String {
    let f = |k: RuleKind| (super::DE.feature_name)(feature(k));
    match w {
        RuleWarning::MissingSchedule {
            rule,
            schedule_name,
            ..
        } => format!(
            "{}: Eine Regel nennt den Zeitplan „{schedule_name}“, den es nicht mehr gibt; sie gilt also nie.",
            f(*rule)
        ),
        RuleWarning::RejectsEveryCall { .. } => {
            "Selektive Ablehnung hat eine Regel für alle Anrufer zu jeder Zeit: Jeder Anruf wird abgelehnt."
                .to_owned()
        }
        RuleWarning::AcceptsNoCall => {
            "Selektive Annahme ist ein, aber keine Regel nimmt Anrufe an: Jeder Anruf wird abgelehnt."
                .to_owned()
        }
        RuleWarning::SelectiveForwardHidesCallForwarding { .. } => {
            "Selektive Weiterleitung hat eine Regel für alle Anrufer zu jeder Zeit, daher greift die Anrufweiterleitung nie."
                .to_owned()
        }
        RuleWarning::ForwardAlwaysHidesRinging => format!(
            "Alle Anrufe werden weitergeleitet oder gehen an die Voicemail, daher klingeln die Nummern für paralleles Klingeln und „Eine Nummer für alles“ nie mit {}.",
            de_phones(name)
        ),
        RuleWarning::DoNotDisturbHidesRinging => format!(
            "„Nicht stören“ ist ein, daher klingeln die Nummern für paralleles Klingeln und „Eine Nummer für alles“ nicht mit {}.",
            de_phones(name)
        ),
        RuleWarning::SimultaneousRingCriteriaIgnored => {
            "Paralleles Klingeln hat Regeln, aber sie sind ausgeschaltet: Die Nummern klingeln bei jedem Anruf."
                .to_owned()
        }
        RuleWarning::SimultaneousRingWithoutNumbers => {
            "Paralleles Klingeln ist ein, aber ohne Nummern: Es bewirkt nichts.".to_owned()
        }
        RuleWarning::EnabledWithoutRules { rule } => {
            format!("{} ist ein, aber ohne Regel: Es bewirkt nichts.", f(*rule))
        }
        RuleWarning::UnsupportedRecurrence {
            schedule_name,
            event_name,
        } => format!(
            "Der Zeitplan „{schedule_name}“ hat einen Termin, „{event_name}“, der sich auf eine Weise wiederholt, die dieses Portal nicht prüfen kann: Er gilt hier als nicht zutreffend."
        ),
    }
}

fn de_disposition(d: &Disposition) -> String {
    match d {
        Disposition::To(t) => format!("an {}", (super::DE.target)(t)),
        Disposition::BusyTone => "ein Besetztzeichen".to_owned(),
        Disposition::KeepsRinging => "es klingelt weiter".to_owned(),
    }
}

fn de_step(s: &Step, name: Option<&str>) -> String {
    match &s.action {
        Action::Reject => "abgelehnt".to_owned(),
        Action::Forward(Target::Voicemail) => "direkt an die Voicemail".to_owned(),
        Action::Forward(t) => format!("weitergeleitet an {}", (super::DE.target)(t)),
        Action::BusyTreatment(d) => {
            format!("„Nicht stören“ ist ein, also {}", de_disposition(d))
        }
        Action::Ring { also } if also.is_empty() => format!("klingelt auf {}", de_phones(name)),
        Action::Ring { also } => format!(
            "klingelt auf {} und auf {} zusammen",
            de_phones(name),
            numbers(&super::DE, also, "und")
        ),
        Action::WhenBusy(d) => match name {
            None => format!("wenn Sie telefonieren, {}", de_disposition(d)),
            Some(n) => format!("wenn {n} telefoniert, {}", de_disposition(d)),
        },
        Action::WhenNoAnswer {
            rings: Some(r),
            then,
        } => format!(
            "wenn nach {r} {} niemand annimmt, {}",
            super::one_other("de", *r, "Klingelton", "Klingeltönen"),
            de_disposition(then)
        ),
        Action::WhenNoAnswer { rings: None, .. } => {
            "wenn niemand annimmt, klingelt es, bis der Anrufer auflegt".to_owned()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Français

pub static FR: TesterMessages = TesterMessages {
    rule: |r| fr_rule(r),
    line: |l, name| fr_line(l, name),
    not_documented: "Webex ne documente pas cet ordre ; c'est notre lecture.",
    warning: |w, name| fr_warning(w, name),
    rules_unavailable: "Les règles d'appel n'ont pas pu être lues : elles manquent dans ce résumé.",
    heading: "Essayer un appel",
    intro: |name| match name {
        None => "Voyez ce que devient un appel qui vous est adressé, selon les règles actuelles."
            .to_owned(),
        Some(n) => {
            format!("Voyez ce que devient un appel adressé à {n}, selon les règles actuelles.")
        }
    },
    caller_legend: "Qui appelle",
    caller_number: "Un numéro",
    caller_anonymous: "Quelqu'un qui masque son numéro",
    caller_unavailable: "Un appelant sans numéro",
    number_label: "Numéro de l'appelant",
    number_hint: "Tel que l'affiche l'identification de l'appelant, par exemple +33 1 42 68 53 00, ou un poste.",
    origin_legend: "D'où",
    origin_external: "De l'extérieur de l'organisation",
    origin_internal: "De l'organisation",
    day_label: "Jour",
    time_label: "Heure",
    when_hint: |name| match name {
        None => "Dans votre heure locale.".to_owned(),
        Some(n) => format!("Dans l'heure locale de {n}."),
    },
    submit: "Essayer",
    answer_heading: "Ce qui se passe",
    number_missing: "Saisissez le numéro de l'appelant.",
    number_invalid: |s| {
        format!(
            "« {s} » n'est pas un numéro de téléphone. Utilisez des chiffres, par exemple +33 1 42 68 53 00."
        )
    },
    day_invalid: "Saisissez un jour, par exemple 2026-12-04.",
    time_invalid: "Saisissez une heure entre 00:00 et 23:59, par exemple 18:30.",
    call: |c| {
        const DAYS: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        const MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        let who = match (&c.caller, c.internal) {
            (Caller::Number(n), false) => format!("Un appel du {}", super::FR.phone(n)),
            (Caller::Number(n), true) => format!("Un appel interne du {}", super::FR.phone(n)),
            (Caller::Anonymous, _) => "Un appel anonyme".to_owned(),
            (Caller::Unavailable, _) => "Un appel sans numéro".to_owned(),
        };
        format!(
            "{who} le {} {} {} {} à {:02}:{:02}",
            DAYS[usize::from(c.at.weekday().number_days_from_monday())],
            c.at.day(),
            MONTHS[usize::from(u8::from(c.at.month())) - 1],
            c.at.year(),
            c.at.hour(),
            c.at.minute()
        )
    },
    step: |s, name| fr_step(s, name),
    decided_by: |feature, n| format!("{feature}, règle {n}"),
    answer: |call, steps| format!("{call} : {}.", steps.join(" ; ")),
};

fn fr_callers(c: &Callers) -> String {
    match c {
        Callers::Any => "tous les appels".to_owned(),
        Callers::Internal => "les appels internes à l'organisation".to_owned(),
        Callers::External => "les appels extérieurs à l'organisation".to_owned(),
        Callers::Forwarded => "les appels renvoyés".to_owned(),
        Callers::Listed {
            numbers,
            anonymous,
            unavailable,
        } => {
            let mut who: Vec<String> = numbers.iter().map(|n| super::FR.phone(n)).collect();
            if *anonymous {
                who.push("d'appelants anonymes".into());
            }
            if *unavailable {
                who.push("d'appelants sans numéro".into());
            }
            let who: Vec<String> = who
                .into_iter()
                .map(|w| {
                    if w.starts_with("d'") {
                        w
                    } else {
                        format!("du {w}")
                    }
                })
                .collect();
            format!("les appels {}", listed(&who, "ou"))
        }
        Callers::Unknown => "les appels d'appelants que ce portail ne peut pas afficher".to_owned(),
    }
}

fn fr_when(w: &Option<ScheduleName>) -> String {
    match w {
        None => String::new(),
        Some(s) => {
            let mut out = if s.holidays {
                format!(" les jours de « {} »", s.name)
            } else {
                format!(" pendant « {} »", s.name)
            };
            if s.location {
                out.push_str(" (planning du site)");
            }
            out
        }
    }
}

fn fr_rule(r: &Rule) -> String {
    let what = match (r.kind, r.does) {
        (RuleKind::SelectiveReject, true) => "sont refusés".to_owned(),
        (RuleKind::SelectiveReject, false) => "ne sont pas refusés".to_owned(),
        (RuleKind::SelectiveAccept, true) => "sont acceptés".to_owned(),
        (RuleKind::SelectiveAccept, false) => "ne sont pas acceptés : ils sont refusés".to_owned(),
        (RuleKind::SelectiveForward, true) => format!(
            "sont renvoyés vers {}",
            r.forward_to
                .as_ref()
                .map_or_else(String::new, |t| (super::FR.target)(t))
        ),
        (RuleKind::SelectiveForward, false) => "ne sont pas renvoyés".to_owned(),
        (RuleKind::SimultaneousRing, true) => {
            "sonnent aussi sur les numéros de sonnerie simultanée".to_owned()
        }
        (RuleKind::SimultaneousRing, false) => {
            "ne sonnent pas sur les numéros de sonnerie simultanée".to_owned()
        }
    };
    format!(
        "{} ({}) : {}{} {what}.",
        (super::FR.feature_name)(feature(r.kind)),
        (super::FR.rule_cards.rule_number)(r.position).to_lowercase(),
        fr_callers(&r.callers),
        fr_when(&r.when)
    )
}

fn fr_phones(name: Option<&str>) -> String {
    name.map_or_else(
        || "vos téléphones".to_owned(),
        |n| format!("les téléphones de {n}"),
    )
}

fn fr_line(l: &RuleLine, name: Option<&str>) -> String {
    match l {
        RuleLine::Rule(r) => fr_rule(r),
        RuleLine::OthersRejected => {
            "Acceptation sélective : les appels qu'aucune règle d'acceptation ne laisse passer sont refusés."
                .to_owned()
        }
        RuleLine::FirstForwardRuleWins => {
            "Renvoi sélectif : quand plusieurs règles correspondent à un appel, la première de la liste s'applique."
                .to_owned()
        }
        RuleLine::RulesBeforeDoNotDisturb => {
            "Ces règles s'appliquent même lorsque Ne pas déranger est activé.".to_owned()
        }
        RuleLine::RingsTogether {
            numbers: list,
            by_rules,
        } => format!(
            "Sonnerie simultanée : {} sonnent en même temps que {}{}.",
            numbers(&super::FR, list, "et"),
            fr_phones(name),
            if *by_rules {
                ", pour les appels que ses règles choisissent"
            } else {
                ""
            }
        ),
        RuleLine::ReachRings { numbers: list, .. } => format!(
            "Numéro unique : {} sonnent avec {}.",
            numbers(&super::FR, list, "et"),
            fr_phones(name)
        ),
    }
}

fn fr_warning(w: &RuleWarning, name: Option<&str>) -> String {
    let f = |k: RuleKind| (super::FR.feature_name)(feature(k));
    match w {
        RuleWarning::MissingSchedule {
            rule,
            schedule_name,
            ..
        } => format!(
            "{} : une règle nomme le planning « {schedule_name} », qui n'existe plus ; elle ne s'applique donc jamais.",
            f(*rule)
        ),
        RuleWarning::RejectsEveryCall { .. } => {
            "Le refus sélectif a une règle pour tous les appelants à toute heure : chaque appel est refusé."
                .to_owned()
        }
        RuleWarning::AcceptsNoCall => {
            "L'acceptation sélective est activée sans règle qui accepte des appels : chaque appel est refusé."
                .to_owned()
        }
        RuleWarning::SelectiveForwardHidesCallForwarding { .. } => {
            "Le renvoi sélectif a une règle pour tous les appelants à toute heure : le renvoi d'appel ne s'applique donc jamais."
                .to_owned()
        }
        RuleWarning::ForwardAlwaysHidesRinging => format!(
            "Tous les appels sont renvoyés ou envoyés à la messagerie vocale : les numéros de sonnerie simultanée et du numéro unique ne sonnent donc jamais avec {}.",
            fr_phones(name)
        ),
        RuleWarning::DoNotDisturbHidesRinging => format!(
            "Ne pas déranger est activé : les numéros de sonnerie simultanée et du numéro unique ne sonnent donc pas avec {}.",
            fr_phones(name)
        ),
        RuleWarning::SimultaneousRingCriteriaIgnored => {
            "La sonnerie simultanée a des règles, mais elles sont désactivées : ses numéros sonnent pour chaque appel."
                .to_owned()
        }
        RuleWarning::SimultaneousRingWithoutNumbers => {
            "La sonnerie simultanée est activée sans numéro : elle ne fait rien.".to_owned()
        }
        RuleWarning::EnabledWithoutRules { rule } => {
            format!("{} est activé sans aucune règle : cela ne fait rien.", f(*rule))
        }
        RuleWarning::UnsupportedRecurrence {
            schedule_name,
            event_name,
        } => format!(
            "Le planning « {schedule_name} » a un événement, « {event_name} », qui se répète d'une façon que ce portail ne sait pas vérifier : il est considéré comme ne couvrant pas l'appel."
        ),
    }
}

fn fr_disposition(d: &Disposition) -> String {
    match d {
        Disposition::To(t) => format!("vers {}", (super::FR.target)(t)),
        Disposition::BusyTone => "une tonalité d'occupation".to_owned(),
        Disposition::KeepsRinging => "ça continue de sonner".to_owned(),
    }
}

fn fr_step(s: &Step, name: Option<&str>) -> String {
    match &s.action {
        Action::Reject => "refusé".to_owned(),
        Action::Forward(Target::Voicemail) => "directement vers la messagerie vocale".to_owned(),
        Action::Forward(t) => format!("renvoyé vers {}", (super::FR.target)(t)),
        Action::BusyTreatment(d) => {
            format!("Ne pas déranger est activé, donc {}", fr_disposition(d))
        }
        Action::Ring { also } if also.is_empty() => format!("sonne sur {}", fr_phones(name)),
        Action::Ring { also } => format!(
            "sonne en même temps sur {} et {}",
            fr_phones(name),
            numbers(&super::FR, also, "et")
        ),
        Action::WhenBusy(d) => match name {
            None => format!("si vous êtes en ligne, {}", fr_disposition(d)),
            Some(n) => format!("si {n} est en ligne, {}", fr_disposition(d)),
        },
        Action::WhenNoAnswer {
            rings: Some(r),
            then,
        } => format!(
            "si personne ne répond en {r} {}, {}",
            super::one_other("fr", *r, "sonnerie", "sonneries"),
            fr_disposition(then)
        ),
        Action::WhenNoAnswer { rings: None, .. } => {
            "si personne ne répond, ça sonne jusqu'à ce que l'appelant raccroche".to_owned()
        }
    }
}
