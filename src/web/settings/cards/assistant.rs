//! The personal assistant ("away") card (FACTS §10.4): on/off, presence, until when, transfer to a
//! number, alerting. Webex has no feature-access key for it (FACTS §3a).

use crate::web::settings::{Card, FieldErrors, ticked};
use crate::{
    auth::authz::Target,
    domain::{calls::date_and_time, phone::Destination},
    features::Feature,
    i18n::Messages,
    views::{
        calling::{AssistantCard, AssistantForm, Choice},
        card::CardCommon,
    },
    webex::{
        AssistantAlerting, PersonalAssistant, PersonalAssistantPatch, Presence, Receipt,
        WebexClient, WebexError,
    },
};

pub struct Assistant;

pub const MIN_RINGS: u32 = 2;
pub const MAX_RINGS: u32 = 20;

const PRESENCES: [Presence; 10] = [
    Presence::Available,
    Presence::BusinessTrip,
    Presence::GoneForTheDay,
    Presence::Lunch,
    Presence::Meeting,
    Presence::OutOfOffice,
    Presence::TemporarilyOut,
    Presence::Training,
    Presence::Unavailable,
    Presence::Vacation,
];

const ALERTINGS: [AssistantAlerting; 3] = [
    AssistantAlerting::AlertMeFirst,
    AssistantAlerting::PlayRingReminder,
    AssistantAlerting::NoAlert,
];

fn text(v: impl Into<String>) -> String {
    v.into()
}

impl Card for Assistant {
    const FEATURE: Feature = Feature::PersonalAssistant;
    type Setting = PersonalAssistant;
    type Form = AssistantForm;
    type Patch = PersonalAssistantPatch;

    async fn read(webex: &WebexClient, person_id: &str) -> Result<Self::Setting, WebexError> {
        webex.get_personal_assistant(person_id).await
    }

    async fn write(
        webex: &WebexClient,
        person_id: &str,
        patch: &Self::Patch,
    ) -> Result<Receipt, WebexError> {
        webex.put_personal_assistant(person_id, patch).await
    }

    fn form_of(s: &Self::Setting) -> Self::Form {
        let (until_date, until_time) = date_and_time(s.until_date_time.as_deref().unwrap_or(""));
        AssistantForm {
            enabled: s.enabled.then(String::new),
            presence: s.presence.clone().map(text).unwrap_or_default(),
            until_date,
            until_time,
            transfer_enabled: s.transfer_enabled.then(String::new),
            transfer_number: s.transfer_number.clone().unwrap_or_default(),
            alerting: s.alerting.clone().map(text).unwrap_or_default(),
            rings: s
                .alert_me_first_number_of_rings
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// Out of office: the assistant answers, with the presence, until the end (in UTC, as Webex
    /// keeps it).
    fn preset(
        current: &Self::Setting,
        preset: &crate::web::settings::out_of_office::OutOfOffice,
    ) -> Option<Self::Form> {
        let u = preset.until;
        Some(AssistantForm {
            enabled: Some(String::new()),
            presence: preset.presence.clone(),
            until_date: format!("{:04}-{:02}-{:02}", u.year(), u8::from(u.month()), u.day()),
            until_time: format!("{:02}:{:02}", u.hour(), u.minute()),
            ..Self::form_of(current)
        })
    }

    fn patch(
        f: &Self::Form,
        current: &Self::Setting,
        target: &Target,
        t: &'static Messages,
    ) -> Result<Option<Self::Patch>, FieldErrors> {
        let m = t.calling;
        let mut errors = FieldErrors::default();
        let was = Self::form_of(current);
        let mut patch = PersonalAssistantPatch::default();

        let enabled = ticked(&f.enabled);
        if enabled != current.enabled {
            patch.enabled = Some(enabled);
        }
        let presence = f.presence.trim();
        if !presence.is_empty() && presence != was.presence {
            let p = Presence::from(presence.to_owned());
            if matches!(p, Presence::Other(_)) {
                errors.add("presence", m.cid_choice_invalid);
            } else {
                patch.presence = Some(p);
            }
        }
        let (date, time) = (f.until_date.trim(), f.until_time.trim());
        if (date, time) != (was.until_date.as_str(), was.until_time.as_str())
            && !(date.is_empty() && time.is_empty())
        {
            match until(date, time) {
                Some(value) => patch.until_date_time = Some(value),
                None => errors.add("until_date", m.pa_until_invalid),
            }
        }
        let transfer = ticked(&f.transfer_enabled);
        if transfer != current.transfer_enabled {
            patch.transfer_enabled = Some(transfer);
        }
        let number = f.transfer_number.trim();
        if (transfer || !number.is_empty()) && number != was.transfer_number.trim() {
            match Destination::parse(number, target.country.as_deref()) {
                Ok(d) => patch.transfer_number = Some(d.as_webex().to_owned()),
                Err(e) => errors.add("transfer_number", (t.destination_error)(&e)),
            }
        } else if transfer && number.is_empty() {
            errors.add(
                "transfer_number",
                (t.destination_error)(&crate::domain::phone::DestinationError::Empty),
            );
        }
        let alerting = AssistantAlerting::from(f.alerting.trim().to_owned());
        if !f.alerting.trim().is_empty() && f.alerting.trim() != was.alerting {
            if matches!(alerting, AssistantAlerting::Other(_)) {
                errors.add("alerting", m.cid_choice_invalid);
            } else {
                patch.alerting = Some(alerting.clone());
            }
        }
        if alerting == AssistantAlerting::AlertMeFirst && f.rings.trim() != was.rings {
            match f.rings.trim().parse::<u32>() {
                Ok(n) if (MIN_RINGS..=MAX_RINGS).contains(&n) => {
                    patch.alert_me_first_number_of_rings = Some(n);
                }
                _ => errors.add("rings", m.pa_rings_invalid),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((!patch.is_empty()).then_some(patch))
    }

    fn describe(f: &Self::Form, t: &'static Messages) -> Vec<(&'static str, String)> {
        let m = t.calling;
        let yes_no = |b: &Option<String>| if ticked(b) { t.yes } else { t.no }.to_owned();
        vec![
            (m.pa_enabled, yes_no(&f.enabled)),
            (m.pa_presence, f.presence.clone()),
            (m.pa_until, format!("{} {}", f.until_date, f.until_time)),
            (m.pa_transfer_number, f.transfer_number.clone()),
            (m.pa_alerting, f.alerting.clone()),
        ]
    }

    fn render(
        c: CardCommon,
        form: Self::Form,
        _: Option<&Self::Setting>,
    ) -> Result<String, askama::Error> {
        let m = c.t.calling;
        let presences: Vec<Choice> = PRESENCES
            .iter()
            .map(|p| {
                let v = text(p.clone());
                let chosen = v == form.presence;
                (v, (m.presence)(p).to_owned(), chosen)
            })
            .collect();
        let alertings: Vec<Choice> = ALERTINGS
            .iter()
            .map(|a| {
                let v = text(a.clone());
                let chosen = v == form.alerting;
                (v, (m.alerting)(a).to_owned(), chosen)
            })
            .collect();
        askama::Template::render(&AssistantCard {
            c,
            form,
            presences,
            alertings,
        })
    }
}

/// `2026-12-24` and `17:00` → `2026-12-24T17:00:00.000Z`, the form Webex documents (FACTS §10.4).
fn until(date: &str, time: &str) -> Option<String> {
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?, 4)?, num(d.next()?, 2)?, num(d.next()?, 2)?);
    let mut t = time.split(':');
    let (h, min) = (num(t.next()?, 2)?, num(t.next()?, 2)?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    let month = ::time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date =
        ::time::Date::from_calendar_date(i32::from(y), month, u8::try_from(day).ok()?).ok()?;
    let at = ::time::Time::from_hms(u8::try_from(h).ok()?, u8::try_from(min).ok()?, 0).ok()?;
    Some(format!(
        "{date}T{:02}:{:02}:00.000Z",
        at.hour(),
        at.minute()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_is_checked_and_written_as_webex_documents_it() {
        assert_eq!(
            until("2026-12-24", "17:05").as_deref(),
            Some("2026-12-24T17:05:00.000Z")
        );
        assert_eq!(until("2026-02-30", "17:05"), None);
        assert_eq!(until("2026-12-24", "25:00"), None);
        assert_eq!(until("tomorrow", ""), None);
    }
}
