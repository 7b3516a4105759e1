//! "Try a call": one call (who, internal or external, a day and time in the person's local time)
//! run through the live rules by `domain::call_rules::evaluate`, answered in words. Nothing is
//! written; bad input keeps what was typed with a message by the field (422) and calls no Webex.

use axum::{
    Extension, Form,
    extract::rejection::FormRejection,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use serde::Deserialize;
use time::{Date, PrimitiveDateTime, Time};

use super::{
    Ctx, FieldErrors,
    summary::{rule_parts, third_person},
};
use crate::{
    domain::call_rules::{self, Call, Caller, PersonRules, Reason},
    error::AppError,
    features::Feature,
    i18n::{Locale, Messages},
    views::{TesterPartial, TesterView},
    webex::WebexError,
};

/// The form as posted; every field may be missing (a forged post gets messages, not a 400).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TesterForm {
    pub caller: String,
    pub number: String,
    pub origin: String,
    pub day: String,
    pub time: String,
}

/// The form as the summary first shows it: a number to type, external, now in the reader's time
/// zone (the person's own when they look at themselves).
pub fn blank(cx: &Ctx, locale: Option<&Locale>) -> TesterView {
    let now = cx.state.clock.now();
    let (day, time) = locale
        .and_then(|l| {
            let ts = jiff::Timestamp::from_second(now.unix_timestamp()).ok()?;
            let z = ts.to_zoned(l.tz.clone());
            Some((
                z.strftime("%Y-%m-%d").to_string(),
                z.strftime("%H:%M").to_string(),
            ))
        })
        .unwrap_or_else(|| {
            (
                format!(
                    "{:04}-{:02}-{:02}",
                    now.year(),
                    u8::from(now.month()),
                    now.day()
                ),
                format!("{:02}:{:02}", now.hour(), now.minute()),
            )
        });
    view(
        cx,
        TesterForm {
            caller: "number".into(),
            origin: "external".into(),
            day,
            time,
            ..TesterForm::default()
        },
    )
}

fn view(cx: &Ctx, form: TesterForm) -> TesterView {
    let name = third_person(cx);
    TesterView {
        url: format!("{}/summary/tester", cx.base()),
        intro: (cx.t.tester.intro)(name),
        when_hint: (cx.t.tester.when_hint)(name),
        caller: match form.caller.as_str() {
            c @ ("anonymous" | "unavailable") => c.to_owned(),
            _ => "number".to_owned(),
        },
        number: form.number,
        internal: form.origin == "internal",
        day: form.day,
        time: form.time,
        ..TesterView::default()
    }
}

/// `POST {PERSON_BASE}/summary/tester`: the call's outcome under the live settings.
pub async fn post_tester(cx: Ctx, form: Result<Form<TesterForm>, FormRejection>) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let t = cx.t;
    let checked = check(t, &form);
    let mut tester = view(&cx, form);
    let call = match checked {
        Ok(call) => call,
        Err(errors) => {
            tester.errors = errors;
            return render(t, tester, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    // The display client: the page's cards and summary share these reads.
    let webex = cx.webex_for_display();
    let id = cx.target.person_id.as_str();
    let (f, v, d, parts) = tokio::join!(
        webex.get_call_forwarding(id),
        webex.get_voicemail(id),
        webex.get_do_not_disturb(id),
        rule_parts(&cx, &webex),
    );
    let rules = match (f, v, d, parts) {
        (Ok(f), Ok(v), Ok(d), Ok(p)) => p.with(f, v, d),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
            return failed(t, tester, &e);
        }
    };
    let (answer, notes) = words(t, third_person(&cx), &rules, &call);
    tester.answer = Some(answer);
    tester.notes = notes;
    render(t, tester, StatusCode::OK)
}

/// The answer and the notes under it.
fn words(
    t: &'static Messages,
    name: Option<&str>,
    rules: &PersonRules,
    call: &Call,
) -> (String, Vec<String>) {
    let outcome = call_rules::evaluate(rules, call);
    let steps: Vec<String> = outcome
        .steps
        .iter()
        .map(|s| {
            let text = (t.tester.step)(s, name);
            match because(t, rules, &s.reason) {
                Some(rule) => format!("{text} ({rule})"),
                None => text,
            }
        })
        .collect();
    let answer = (t.tester.answer)(&(t.tester.call)(call), &steps);
    let mut notes = Vec::new();
    if outcome.steps.iter().any(|s| !s.documented) {
        notes.push(t.tester.not_documented.to_owned());
    }
    notes.extend(outcome.warnings.iter().map(|w| (t.tester.warning)(w, name)));
    (answer, notes)
}

/// Which rule decided a step: "Selective forward, rule 1".
fn because(t: &'static Messages, rules: &PersonRules, reason: &Reason) -> Option<String> {
    let (feature, list, id) = match reason {
        Reason::SelectiveReject { criterion_id } => (
            Feature::SelectiveReject,
            &rules.selective_reject_criteria,
            criterion_id,
        ),
        Reason::SelectiveDontAccept { criterion_id } => (
            Feature::SelectiveAccept,
            &rules.selective_accept_criteria,
            criterion_id,
        ),
        Reason::SelectiveForward { criterion_id } => (
            Feature::SelectiveForward,
            &rules.selective_forward_criteria,
            criterion_id,
        ),
        Reason::NotSelectivelyAccepted => {
            return Some((t.feature_name)(Feature::SelectiveAccept).to_owned());
        }
        _ => return None,
    };
    let position = list.iter().position(|c| &c.id == id)? + 1;
    Some((t.tester.decided_by)((t.feature_name)(feature), position))
}

/// The form checked into a call, or the messages by the fields.
fn check(t: &'static Messages, form: &TesterForm) -> Result<Call, FieldErrors> {
    let m = t.tester;
    let mut errors = FieldErrors::default();
    let caller = match form.caller.as_str() {
        "anonymous" => Some(Caller::Anonymous),
        "unavailable" => Some(Caller::Unavailable),
        _ => {
            let typed = form.number.trim();
            if typed.is_empty() {
                errors.add("number", m.number_missing);
                None
            } else if !is_number(typed) {
                errors.add("number", (m.number_invalid)(typed));
                None
            } else {
                Some(Caller::Number(typed.to_owned()))
            }
        }
    };
    let day = parse_day(form.day.trim());
    if day.is_none() {
        errors.add("day", m.day_invalid);
    }
    let at = parse_time(form.time.trim());
    if at.is_none() {
        errors.add("time", m.time_invalid);
    }
    match (caller, day, at) {
        (Some(caller), Some(day), Some(at)) => Ok(Call {
            caller,
            internal: form.origin == "internal",
            forwarded: false,
            at: PrimitiveDateTime::new(day, at),
        }),
        _ => Err(errors),
    }
}

/// A number as caller ID may show it: an optional `+`, then 2 to 20 digits with the usual
/// separators.
fn is_number(s: &str) -> bool {
    let rest = s.strip_prefix('+').unwrap_or(s);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.' | '/'))
        && (2..=20).contains(&digits)
}

/// `YYYY-MM-DD`, as a date input sends it.
fn parse_day(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// `HH:MM` (or `HH:MM:SS`, which some browsers send).
fn parse_time(s: &str) -> Option<Time> {
    let mut parts = s.split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    let sec = parts.next();
    if parts.next().is_some() || h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let sec: u8 = match sec {
        Some(x) if x.len() == 2 => x.parse().ok()?,
        Some(_) => return None,
        None => 0,
    };
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, sec).ok()
}

fn failed(t: &'static Messages, mut tester: TesterView, e: &WebexError) -> Response {
    tracing::warn!(error = %e, "tester could not read the settings");
    tester.failure = Some(((t.webex_error)(e), e.tracking_id().map(str::to_owned)));
    render(t, tester, StatusCode::BAD_GATEWAY)
}

fn render(t: &'static Messages, tester: TesterView, status: StatusCode) -> Response {
    match askama::Template::render(&TesterPartial { t, tester }) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::Internal(format!("tester template: {e}")).into_response(),
    }
}

/// The locale of the request, for the form's first day and time.
pub type MaybeLocale = Option<Extension<Locale>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_reads_in_every_language() {
        let at = PrimitiveDateTime::new(
            Date::from_calendar_date(2026, time::Month::December, 4).unwrap(),
            Time::from_hms(18, 30, 0).unwrap(),
        );
        let mut rules = PersonRules::default();
        rules.voicemail.enabled = true;
        rules.voicemail.send_unanswered_calls.enabled = true;
        rules.voicemail.send_unanswered_calls.number_of_rings = Some(3);
        let call = Call::from_number("+14085550100", at);
        let said = |t: &'static Messages, name| words(t, name, &rules, &call).0;
        assert_eq!(
            said(&crate::i18n::EN, None),
            "A call from +1 408-555-0100 on Friday 4 December 2026 at 18:30: rings your phones; \
             if you are on a call, a busy tone; if nobody answers in 3 rings, voicemail."
        );
        assert_eq!(
            said(&crate::i18n::DE, Some("Alice Anderson")),
            "Ein Anruf von +1 408-555-0100 am Freitag, 4. Dezember 2026, um 18:30 Uhr: klingelt \
             auf den Telefonen von Alice Anderson; wenn Alice Anderson telefoniert, ein \
             Besetztzeichen; wenn nach 3 Klingeltönen niemand annimmt, an die Voicemail."
        );
        assert_eq!(
            said(&crate::i18n::FR, None),
            "Un appel du +1 408-555-0100 le vendredi 4 décembre 2026 à 18:30 : sonne sur vos \
             téléphones ; si vous êtes en ligne, une tonalité d'occupation ; si personne ne \
             répond en 3 sonneries, vers la messagerie vocale."
        );
    }

    #[test]
    fn days_times_and_numbers_are_checked() {
        assert!(parse_day("2026-12-04").is_some());
        assert!(parse_day("2026-02-30").is_none());
        assert!(parse_day("4.12.2026").is_none());
        assert!(parse_time("18:30").is_some());
        assert!(parse_time("18:30:00").is_some());
        assert!(parse_time("24:00").is_none());
        assert!(parse_time("6pm").is_none());
        assert!(is_number("+1 408 555 0100"));
        assert!(is_number("(408) 555-0100"));
        assert!(is_number("1234"));
        assert!(!is_number("call me"));
        assert!(!is_number("+"));
        assert!(!is_number("1"));
    }
}
