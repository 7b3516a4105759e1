//! Messages of timed changes (issue 17; [`super::Messages::timed`] holds them): the "when" part
//! of every card's form, and the person's upcoming and recent scheduled changes.

pub struct TimedMessages {
    pub timing_legend: &'static str,
    pub timing_now: &'static str,
    pub timing_until: &'static str,
    pub timing_from: &'static str,
    pub from_label: &'static str,
    pub until_label: &'static str,
    /// "Times are in Europe/Berlin."
    pub times_in: fn(&str) -> String,
    pub until_missing: &'static str,
    pub from_missing: &'static str,
    pub time_unreadable: &'static str,
    pub time_past: &'static str,
    pub from_after_until: &'static str,
    /// A file (a greeting) in a change that starts later.
    pub files_now: &'static str,
    /// The card's notice after "now, until …": when it goes back.
    pub saved_until: fn(&str) -> String,
    /// The card's notice after "from … until …": its title, and when.
    pub scheduled_title: &'static str,
    pub scheduled: fn(&str, &str) -> String,
    pub upcoming_heading: &'static str,
    pub upcoming_none: &'static str,
    /// (feature, when)
    pub step_apply: fn(&str, &str) -> String,
    pub step_revert: fn(&str, &str) -> String,
    pub scheduled_by: fn(&str) -> String,
    pub cancel: &'static str,
    pub cancel_confirm: &'static str,
    pub cancelled: &'static str,
    pub cancel_gone: &'static str,
    pub recent_heading: &'static str,
    /// (feature, when)
    pub left_as_changed: fn(&str, &str) -> String,
    pub reverted: fn(&str, &str) -> String,
    pub applied: fn(&str, &str) -> String,
    pub ran_late: &'static str,
    pub step_failed: fn(&str, &str) -> String,
}

pub static EN: TimedMessages = TimedMessages {
    timing_legend: "When",
    timing_now: "Now, until I change it",
    timing_until: "Now, and back to how it is at a time I choose",
    timing_from: "From a time I choose until another",
    from_label: "From",
    until_label: "Until",
    times_in: |tz| format!("Times are in {tz}."),
    until_missing: "Enter when the change should end.",
    from_missing: "Enter when the change should start.",
    time_unreadable: "Enter a date and a time, such as 2026-12-04 17:00.",
    time_past: "That time has passed. Choose a later one.",
    from_after_until: "The end must come after the start.",
    files_now: "A greeting is uploaded when you save: upload it now, or schedule the change without it.",
    saved_until: |when| format!("It goes back to how it was on {when}."),
    scheduled_title: "Scheduled. Nothing has changed yet.",
    scheduled: |from, until| format!("From {from} until {until}."),
    upcoming_heading: "Scheduled changes",
    upcoming_none: "No changes are scheduled.",
    step_apply: |feature, when| format!("{when}: {feature} changes as scheduled"),
    step_revert: |feature, when| format!("{when}: {feature} goes back to how it was"),
    scheduled_by: |name| format!("Scheduled by {name}"),
    cancel: "Cancel",
    cancel_confirm: "Cancel this scheduled change? What is in place now stays as it is.",
    cancelled: "Cancelled. What is in place now stays as it is.",
    cancel_gone: "That change has already run or was cancelled.",
    recent_heading: "Done recently",
    left_as_changed: |feature, when| {
        format!(
            "{when}: {feature} was left as you changed it. It was changed after the portal applied the change, so the portal did not put it back."
        )
    },
    reverted: |feature, when| format!("{when}: {feature} was put back as it was."),
    applied: |feature, when| format!("{when}: {feature} changed as scheduled."),
    ran_late: "This ran late: the portal was not running at the time.",
    step_failed: |feature, when| {
        format!("{when}: the scheduled change of {feature} failed. Ask your helpdesk.")
    },
};

pub static DE: TimedMessages = TimedMessages {
    timing_legend: "Wann",
    timing_now: "Jetzt, bis ich es ändere",
    timing_until: "Jetzt, und zu einer Zeit meiner Wahl wieder wie vorher",
    timing_from: "Von einer Zeit meiner Wahl bis zu einer anderen",
    from_label: "Von",
    until_label: "Bis",
    times_in: |tz| format!("Zeiten in {tz}."),
    until_missing: "Geben Sie an, wann die Änderung enden soll.",
    from_missing: "Geben Sie an, wann die Änderung beginnen soll.",
    time_unreadable: "Geben Sie ein Datum und eine Uhrzeit ein, etwa 04.12.2026 17:00.",
    time_past: "Diese Zeit ist vorbei. Wählen Sie eine spätere.",
    from_after_until: "Das Ende muss nach dem Beginn liegen.",
    files_now: "Eine Begrüßung wird beim Speichern hochgeladen: Laden Sie sie jetzt hoch oder planen Sie die Änderung ohne sie.",
    saved_until: |when| format!("Am {when} wird es wieder wie vorher."),
    scheduled_title: "Geplant. Noch hat sich nichts geändert.",
    scheduled: |from, until| format!("Von {from} bis {until}."),
    upcoming_heading: "Geplante Änderungen",
    upcoming_none: "Es sind keine Änderungen geplant.",
    step_apply: |feature, when| format!("{when}: {feature} ändert sich wie geplant"),
    step_revert: |feature, when| format!("{when}: {feature} wird wieder wie vorher"),
    scheduled_by: |name| format!("Geplant von {name}"),
    cancel: "Absagen",
    cancel_confirm: "Diese geplante Änderung absagen? Was jetzt gilt, bleibt, wie es ist.",
    cancelled: "Abgesagt. Was jetzt gilt, bleibt, wie es ist.",
    cancel_gone: "Diese Änderung ist schon ausgeführt oder abgesagt.",
    recent_heading: "Kürzlich ausgeführt",
    left_as_changed: |feature, when| {
        format!(
            "{when}: {feature} blieb, wie Sie es geändert haben. Es wurde geändert, nachdem das Portal die Änderung ausgeführt hatte, daher hat das Portal es nicht zurückgesetzt."
        )
    },
    reverted: |feature, when| format!("{when}: {feature} ist wieder wie vorher."),
    applied: |feature, when| format!("{when}: {feature} hat sich wie geplant geändert."),
    ran_late: "Das lief verspätet: Das Portal lief zu der Zeit nicht.",
    step_failed: |feature, when| {
        format!(
            "{when}: Die geplante Änderung von {feature} ist fehlgeschlagen. Wenden Sie sich an Ihren Helpdesk."
        )
    },
};

pub static FR: TimedMessages = TimedMessages {
    timing_legend: "Quand",
    timing_now: "Maintenant, jusqu'à ce que je le change",
    timing_until: "Maintenant, puis retour à l'état actuel à l'heure de mon choix",
    timing_from: "D'une heure de mon choix à une autre",
    from_label: "Du",
    until_label: "Au",
    times_in: |tz| format!("Heures exprimées en {tz}."),
    until_missing: "Indiquez quand la modification doit prendre fin.",
    from_missing: "Indiquez quand la modification doit commencer.",
    time_unreadable: "Saisissez une date et une heure, par exemple 04/12/2026 17:00.",
    time_past: "Cette heure est passée. Choisissez-en une plus tardive.",
    from_after_until: "La fin doit venir après le début.",
    files_now: "Un message d'accueil est importé à l'enregistrement : importez-le maintenant, ou programmez la modification sans lui.",
    saved_until: |when| format!("Retour à l'état précédent le {when}."),
    scheduled_title: "Programmé. Rien n'a encore changé.",
    scheduled: |from, until| format!("Du {from} au {until}."),
    upcoming_heading: "Modifications programmées",
    upcoming_none: "Aucune modification n'est programmée.",
    step_apply: |feature, when| format!("{when}\u{202f}: {feature} change comme prévu"),
    step_revert: |feature, when| format!("{when}\u{202f}: {feature} revient à l'état précédent"),
    scheduled_by: |name| format!("Programmé par {name}"),
    cancel: "Annuler",
    cancel_confirm: "Annuler cette modification programmée\u{202f}? Ce qui est en place reste tel quel.",
    cancelled: "Annulé. Ce qui est en place reste tel quel.",
    cancel_gone: "Cette modification a déjà eu lieu ou a été annulée.",
    recent_heading: "Fait récemment",
    left_as_changed: |feature, when| {
        format!(
            "{when}\u{202f}: {feature} est resté tel que vous l'avez modifié. Il a été modifié après que le portail a appliqué le changement\u{202f}; le portail ne l'a donc pas rétabli."
        )
    },
    reverted: |feature, when| format!("{when}\u{202f}: {feature} a été rétabli comme avant."),
    applied: |feature, when| format!("{when}\u{202f}: {feature} a changé comme prévu."),
    ran_late: "Exécuté en retard\u{202f}: le portail ne fonctionnait pas à ce moment-là.",
    step_failed: |feature, when| {
        format!(
            "{when}\u{202f}: la modification programmée de {feature} a échoué. Contactez votre support."
        )
    },
};
