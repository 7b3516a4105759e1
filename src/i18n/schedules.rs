//! Messages of the personal schedules card (issue 15; [`super::Messages::schedules`] holds them),
//! and [`When`], an event's time in language-free terms for [`ScheduleMessages::when`].

use time::{Date, Weekday};

/// When an event happens, as the card says it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub start: Date,
    pub end: Date,
    /// `HH:MM` from and to; `None`: all day.
    pub times: Option<(String, String)>,
    pub repeat: Repeat,
    /// The last day it repeats; `None`: for ever (or it does not repeat).
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    Once,
    /// Every n days.
    Daily(u32),
    /// Every week on these days (Monday first).
    Weekly(Vec<Weekday>),
    /// Every year on the start date's day and month (location events, FACTS §10.3).
    Yearly,
    /// A recurrence this portal does not put in words (an end after n times, yearly, …).
    Other,
}

pub struct ScheduleMessages {
    pub intro: &'static str,
    pub own_heading: &'static str,
    pub own_none: &'static str,
    pub location_heading: &'static str,
    pub location_hint: &'static str,
    pub location_none: &'static str,
    pub type_label: &'static str,
    pub business_hours: &'static str,
    pub holidays: &'static str,
    pub events_label: &'static str,
    pub no_events: &'static str,
    /// "Named by: Selective forward, Selective reject" (the rules naming a schedule).
    pub used_by: fn(&str) -> String,
    pub uses_unknown: &'static str,
    pub create: &'static str,
    pub name_label: &'static str,
    pub name_hint: fn(usize) -> String,
    pub first_event: &'static str,
    pub event_name: &'static str,
    pub start_date: &'static str,
    pub end_date: &'static str,
    pub date_hint: &'static str,
    pub start_time: &'static str,
    pub end_time: &'static str,
    pub all_day: &'static str,
    pub repeat_legend: &'static str,
    pub repeat_none: &'static str,
    pub repeat_daily: &'static str,
    pub repeat_weekly: &'static str,
    pub days_legend: &'static str,
    pub weekday: fn(Weekday) -> &'static str,
    pub repeat_until: &'static str,
    pub repeat_until_hint: &'static str,
    pub add_event: &'static str,
    /// "Change Weekdays" (an event's form).
    pub edit_event: fn(&str) -> String,
    pub delete_event: fn(&str) -> String,
    pub delete_event_confirm: fn(&str) -> String,
    pub rename: fn(&str) -> String,
    pub new_name: &'static str,
    pub rename_hint: &'static str,
    pub delete_schedule: fn(&str) -> String,
    pub delete_confirm: fn(&str) -> String,
    /// `(schedule, the rules naming it)`.
    pub delete_confirm_used: fn(&str, &str) -> String,
    pub schedules_label: &'static str,
    pub event_label: &'static str,
    pub when_label: &'static str,
    pub when: fn(&When) -> String,
    // Refusals.
    pub name_missing: &'static str,
    pub name_too_long: fn(usize) -> String,
    pub name_taken: &'static str,
    pub type_invalid: &'static str,
    pub event_name_missing: &'static str,
    pub event_name_taken: &'static str,
    pub date_invalid: &'static str,
    pub time_invalid: &'static str,
    pub end_before_start: &'static str,
    pub days_missing: &'static str,
    pub until_before_start: &'static str,
    pub schedule_gone: &'static str,
    pub event_gone: &'static str,
    pub location_read_only: &'static str,
}

/// `a, b and c`.
fn list(items: &[&str], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DE_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const FR_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

fn month(months: &[&'static str; 12], d: Date) -> &'static str {
    months[usize::from(u8::from(d.month())) - 1]
}

fn en_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn de_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "Montag",
        Weekday::Tuesday => "Dienstag",
        Weekday::Wednesday => "Mittwoch",
        Weekday::Thursday => "Donnerstag",
        Weekday::Friday => "Freitag",
        Weekday::Saturday => "Samstag",
        Weekday::Sunday => "Sonntag",
    }
}

fn fr_weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "lundi",
        Weekday::Tuesday => "mardi",
        Weekday::Wednesday => "mercredi",
        Weekday::Thursday => "jeudi",
        Weekday::Friday => "vendredi",
        Weekday::Saturday => "samedi",
        Weekday::Sunday => "dimanche",
    }
}

fn en_when(w: &When) -> String {
    let date = |d: Date| format!("{} {} {}", d.day(), month(&EN_MONTHS, d), d.year());
    let hours = match &w.times {
        None => "all day".to_owned(),
        Some((a, b)) => format!("{a}–{b}"),
    };
    let until = w
        .until
        .map(|d| format!(" until {}", date(d)))
        .unwrap_or_default();
    let from = date(w.start);
    match &w.repeat {
        Repeat::Once => match &w.times {
            Some((a, b)) if w.start != w.end => {
                format!("From {} {a} to {} {b}", date(w.start), date(w.end))
            }
            _ if w.start != w.end => format!("{} to {}, all day", date(w.start), date(w.end)),
            _ => format!("{from}, {hours}"),
        },
        Repeat::Daily(1) => format!("Every day, {hours}, from {from}{until}"),
        Repeat::Daily(n) => format!("Every {n} days, {hours}, from {from}{until}"),
        Repeat::Weekly(days) => {
            let days: Vec<&str> = days.iter().map(|d| en_weekday(*d)).collect();
            format!("Every {}, {hours}, from {from}{until}", list(&days, "and"))
        }
        Repeat::Yearly => format!(
            "Every year on {} {}, {hours}, from {from}{until}",
            w.start.day(),
            month(&EN_MONTHS, w.start)
        ),
        Repeat::Other => format!("{from}, {hours}, repeating"),
    }
}

fn de_when(w: &When) -> String {
    let date = |d: Date| format!("{}. {} {}", d.day(), month(&DE_MONTHS, d), d.year());
    let hours = match &w.times {
        None => "ganztägig".to_owned(),
        Some((a, b)) => format!("{a}–{b} Uhr"),
    };
    let until = w
        .until
        .map(|d| format!(" bis {}", date(d)))
        .unwrap_or_default();
    let from = date(w.start);
    match &w.repeat {
        Repeat::Once => match &w.times {
            Some((a, b)) if w.start != w.end => {
                format!("Von {} {a} Uhr bis {} {b} Uhr", date(w.start), date(w.end))
            }
            _ if w.start != w.end => format!("{} bis {}, ganztägig", date(w.start), date(w.end)),
            _ => format!("{from}, {hours}"),
        },
        Repeat::Daily(1) => format!("Jeden Tag, {hours}, ab {from}{until}"),
        Repeat::Daily(n) => format!("Alle {n} Tage, {hours}, ab {from}{until}"),
        Repeat::Weekly(days) => {
            let days: Vec<&str> = days.iter().map(|d| de_weekday(*d)).collect();
            format!("Jeden {}, {hours}, ab {from}{until}", list(&days, "und"))
        }
        Repeat::Yearly => format!(
            "Jedes Jahr am {}. {}, {hours}, ab {from}{until}",
            w.start.day(),
            month(&DE_MONTHS, w.start)
        ),
        Repeat::Other => format!("{from}, {hours}, wiederholt"),
    }
}

fn fr_when(w: &When) -> String {
    let date = |d: Date| {
        let day = if d.day() == 1 {
            "1er".to_owned()
        } else {
            d.day().to_string()
        };
        format!("{day} {} {}", month(&FR_MONTHS, d), d.year())
    };
    let hours = match &w.times {
        None => "toute la journée".to_owned(),
        Some((a, b)) => format!("de {a} à {b}"),
    };
    let until = w
        .until
        .map(|d| format!(" jusqu'au {}", date(d)))
        .unwrap_or_default();
    let from = date(w.start);
    match &w.repeat {
        Repeat::Once => match &w.times {
            Some((a, b)) if w.start != w.end => {
                format!("Du {} à {a} au {} à {b}", date(w.start), date(w.end))
            }
            _ if w.start != w.end => {
                format!("Du {} au {}, toute la journée", date(w.start), date(w.end))
            }
            _ => format!("Le {from}, {hours}"),
        },
        Repeat::Daily(1) => format!("Tous les jours, {hours}, à partir du {from}{until}"),
        Repeat::Daily(n) => format!("Tous les {n} jours, {hours}, à partir du {from}{until}"),
        Repeat::Weekly(days) => {
            let days: Vec<&str> = days.iter().map(|d| fr_weekday(*d)).collect();
            format!(
                "Chaque {}, {hours}, à partir du {from}{until}",
                list(&days, "et")
            )
        }
        Repeat::Yearly => format!(
            "Chaque année le {}, {hours}, à partir du {from}{until}",
            date(w.start)
                .rsplit_once(' ')
                .map_or_else(String::new, |(day_month, _)| day_month.to_owned())
        ),
        Repeat::Other => format!("Le {from}, {hours}, avec répétition"),
    }
}

pub static EN: ScheduleMessages = ScheduleMessages {
    intro: "A schedule says when a rule applies: your business hours, or your holidays. Rules name a schedule by its name.",
    own_heading: "Your schedules",
    own_none: "You have no schedules yet.",
    location_heading: "Your location's schedules",
    location_hint: "Your administrator sets these. Rules can use them; you can't change them here.",
    location_none: "Your location has no schedules.",
    type_label: "Type",
    business_hours: "Business hours",
    holidays: "Holidays",
    events_label: "Events",
    no_events: "No events.",
    used_by: |rules| format!("Named by these rules: {rules}."),
    uses_unknown: "Whether rules name it could not be checked.",
    create: "Add a schedule",
    name_label: "Name",
    name_hint: |n| format!("At most {n} characters."),
    first_event: "First event",
    event_name: "Event name",
    start_date: "Start date",
    end_date: "End date",
    date_hint: "Such as 2026-12-24.",
    start_time: "From",
    end_time: "To",
    all_day: "All day",
    repeat_legend: "Repeats",
    repeat_none: "Does not repeat",
    repeat_daily: "Every day",
    repeat_weekly: "Every week, on these days",
    days_legend: "Days, when it repeats every week",
    weekday: en_weekday,
    repeat_until: "Repeat until",
    repeat_until_hint: "Leave empty to repeat for ever.",
    add_event: "Add an event",
    edit_event: |name| format!("Change {name}"),
    delete_event: |name| format!("Delete {name}"),
    delete_event_confirm: |name| format!("Delete the event {name}?"),
    rename: |name| format!("Rename {name}"),
    new_name: "New name",
    rename_hint: "Rules name a schedule by its name: after a rename, rules that name the old name no longer apply.",
    delete_schedule: |name| format!("Delete {name}"),
    delete_confirm: |name| format!("Delete the schedule {name}?"),
    delete_confirm_used: |name, rules| {
        format!(
            "Delete the schedule {name}? These rules name it and will no longer apply: {rules}."
        )
    },
    schedules_label: "Schedules",
    event_label: "Event",
    when_label: "When",
    when: en_when,
    name_missing: "Enter a name, such as Office hours.",
    name_too_long: |n| format!("Use at most {n} characters."),
    name_taken: "You already have a schedule of this type with this name.",
    type_invalid: "Choose business hours or holidays.",
    event_name_missing: "Enter a name for the event, such as Weekdays.",
    event_name_taken: "This schedule already has an event with this name.",
    date_invalid: "Enter a date such as 2026-12-24.",
    time_invalid: "Enter a time such as 09:00.",
    end_before_start: "The end is before the start.",
    days_missing: "Choose at least one day.",
    until_before_start: "The last day is before the start date.",
    schedule_gone: "This schedule is no longer there. Reload the card.",
    event_gone: "This event is no longer there. Reload the card.",
    location_read_only: "This is your location's schedule: only your administrator can change it.",
};

pub static DE: ScheduleMessages = ScheduleMessages {
    intro: "Ein Zeitplan legt fest, wann eine Regel gilt: Ihre Geschäftszeiten oder Ihre Feiertage. Regeln nennen einen Zeitplan beim Namen.",
    own_heading: "Ihre Zeitpläne",
    own_none: "Sie haben noch keine Zeitpläne.",
    location_heading: "Zeitpläne Ihres Standorts",
    location_hint: "Diese legt Ihr Administrator fest. Regeln können sie verwenden; ändern können Sie sie hier nicht.",
    location_none: "Ihr Standort hat keine Zeitpläne.",
    type_label: "Art",
    business_hours: "Geschäftszeiten",
    holidays: "Feiertage",
    events_label: "Termine",
    no_events: "Keine Termine.",
    used_by: |rules| format!("Diese Regeln nennen ihn: {rules}."),
    uses_unknown: "Ob Regeln ihn nennen, ließ sich nicht prüfen.",
    create: "Zeitplan hinzufügen",
    name_label: "Name",
    name_hint: |n| format!("Höchstens {n} Zeichen."),
    first_event: "Erster Termin",
    event_name: "Name des Termins",
    start_date: "Startdatum",
    end_date: "Enddatum",
    date_hint: "Zum Beispiel 2026-12-24.",
    start_time: "Von",
    end_time: "Bis",
    all_day: "Ganztägig",
    repeat_legend: "Wiederholung",
    repeat_none: "Keine Wiederholung",
    repeat_daily: "Jeden Tag",
    repeat_weekly: "Jede Woche, an diesen Tagen",
    days_legend: "Tage, bei wöchentlicher Wiederholung",
    weekday: de_weekday,
    repeat_until: "Wiederholen bis",
    repeat_until_hint: "Leer lassen, um ohne Ende zu wiederholen.",
    add_event: "Termin hinzufügen",
    edit_event: |name| format!("{name} ändern"),
    delete_event: |name| format!("{name} löschen"),
    delete_event_confirm: |name| format!("Den Termin {name} löschen?"),
    rename: |name| format!("{name} umbenennen"),
    new_name: "Neuer Name",
    rename_hint: "Regeln nennen einen Zeitplan beim Namen: Nach dem Umbenennen gelten Regeln mit dem alten Namen nicht mehr.",
    delete_schedule: |name| format!("{name} löschen"),
    delete_confirm: |name| format!("Den Zeitplan {name} löschen?"),
    delete_confirm_used: |name, rules| {
        format!(
            "Den Zeitplan {name} löschen? Diese Regeln nennen ihn und gelten dann nicht mehr: {rules}."
        )
    },
    schedules_label: "Zeitpläne",
    event_label: "Termin",
    when_label: "Wann",
    when: de_when,
    name_missing: "Geben Sie einen Namen ein, zum Beispiel Bürozeiten.",
    name_too_long: |n| format!("Verwenden Sie höchstens {n} Zeichen."),
    name_taken: "Sie haben schon einen Zeitplan dieser Art mit diesem Namen.",
    type_invalid: "Wählen Sie Geschäftszeiten oder Feiertage.",
    event_name_missing: "Geben Sie dem Termin einen Namen, zum Beispiel Werktage.",
    event_name_taken: "Dieser Zeitplan hat schon einen Termin mit diesem Namen.",
    date_invalid: "Geben Sie ein Datum wie 2026-12-24 ein.",
    time_invalid: "Geben Sie eine Uhrzeit wie 09:00 ein.",
    end_before_start: "Das Ende liegt vor dem Beginn.",
    days_missing: "Wählen Sie mindestens einen Tag.",
    until_before_start: "Der letzte Tag liegt vor dem Startdatum.",
    schedule_gone: "Diesen Zeitplan gibt es nicht mehr. Laden Sie die Karte neu.",
    event_gone: "Diesen Termin gibt es nicht mehr. Laden Sie die Karte neu.",
    location_read_only: "Das ist ein Zeitplan Ihres Standorts: Nur Ihr Administrator kann ihn ändern.",
};

pub static FR: ScheduleMessages = ScheduleMessages {
    intro: "Un horaire indique quand une règle s'applique : vos heures de bureau ou vos jours fériés. Les règles désignent un horaire par son nom.",
    own_heading: "Vos horaires",
    own_none: "Vous n'avez pas encore d'horaire.",
    location_heading: "Horaires de votre site",
    location_hint: "Votre administrateur les définit. Les règles peuvent les utiliser ; vous ne pouvez pas les modifier ici.",
    location_none: "Votre site n'a pas d'horaire.",
    type_label: "Type",
    business_hours: "Heures de bureau",
    holidays: "Jours fériés",
    events_label: "Événements",
    no_events: "Aucun événement.",
    used_by: |rules| format!("Ces règles le désignent : {rules}."),
    uses_unknown: "Impossible de vérifier si des règles le désignent.",
    create: "Ajouter un horaire",
    name_label: "Nom",
    name_hint: |n| format!("{n} caractères au plus."),
    first_event: "Premier événement",
    event_name: "Nom de l'événement",
    start_date: "Date de début",
    end_date: "Date de fin",
    date_hint: "Par exemple 2026-12-24.",
    start_time: "De",
    end_time: "À",
    all_day: "Toute la journée",
    repeat_legend: "Répétition",
    repeat_none: "Pas de répétition",
    repeat_daily: "Tous les jours",
    repeat_weekly: "Chaque semaine, ces jours-là",
    days_legend: "Jours, pour une répétition chaque semaine",
    weekday: fr_weekday,
    repeat_until: "Répéter jusqu'au",
    repeat_until_hint: "Laissez vide pour répéter sans fin.",
    add_event: "Ajouter un événement",
    edit_event: |name| format!("Modifier {name}"),
    delete_event: |name| format!("Supprimer {name}"),
    delete_event_confirm: |name| format!("Supprimer l'événement {name} ?"),
    rename: |name| format!("Renommer {name}"),
    new_name: "Nouveau nom",
    rename_hint: "Les règles désignent un horaire par son nom : après un changement de nom, les règles qui portent l'ancien nom ne s'appliquent plus.",
    delete_schedule: |name| format!("Supprimer {name}"),
    delete_confirm: |name| format!("Supprimer l'horaire {name} ?"),
    delete_confirm_used: |name, rules| {
        format!(
            "Supprimer l'horaire {name} ? Ces règles le désignent et ne s'appliqueront plus : {rules}."
        )
    },
    schedules_label: "Horaires",
    event_label: "Événement",
    when_label: "Quand",
    when: fr_when,
    name_missing: "Saisissez un nom, par exemple Heures de bureau.",
    name_too_long: |n| format!("Utilisez {n} caractères au plus."),
    name_taken: "Vous avez déjà un horaire de ce type portant ce nom.",
    type_invalid: "Choisissez heures de bureau ou jours fériés.",
    event_name_missing: "Donnez un nom à l'événement, par exemple Jours ouvrés.",
    event_name_taken: "Cet horaire a déjà un événement portant ce nom.",
    date_invalid: "Saisissez une date comme 2026-12-24.",
    time_invalid: "Saisissez une heure comme 09:00.",
    end_before_start: "La fin est avant le début.",
    days_missing: "Choisissez au moins un jour.",
    until_before_start: "Le dernier jour est avant la date de début.",
    schedule_gone: "Cet horaire n'existe plus. Rechargez la carte.",
    event_gone: "Cet événement n'existe plus. Rechargez la carte.",
    location_read_only: "C'est un horaire de votre site : seul votre administrateur peut le modifier.",
};

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn events_are_put_in_words() {
        let weekly = When {
            start: date!(2026 - 01 - 05),
            end: date!(2026 - 01 - 05),
            times: Some(("09:00".into(), "17:00".into())),
            repeat: Repeat::Weekly(vec![Weekday::Monday, Weekday::Tuesday, Weekday::Friday]),
            until: None,
        };
        assert_eq!(
            en_when(&weekly),
            "Every Monday, Tuesday and Friday, 09:00–17:00, from 5 Jan 2026"
        );
        assert_eq!(
            de_when(&weekly),
            "Jeden Montag, Dienstag und Freitag, 09:00–17:00 Uhr, ab 5. Jan. 2026"
        );
        let break_ = When {
            start: date!(2026 - 12 - 24),
            end: date!(2026 - 12 - 26),
            times: None,
            repeat: Repeat::Once,
            until: None,
        };
        assert_eq!(en_when(&break_), "24 Dec 2026 to 26 Dec 2026, all day");
        let christmas = When {
            start: date!(2026 - 12 - 25),
            end: date!(2026 - 12 - 25),
            repeat: Repeat::Yearly,
            ..break_.clone()
        };
        assert_eq!(
            fr_when(&christmas),
            "Chaque année le 25 déc., toute la journée, à partir du 25 déc. 2026"
        );
        assert_eq!(
            fr_when(&break_),
            "Du 24 déc. 2026 au 26 déc. 2026, toute la journée"
        );
    }
}
