//! Messages of bulk changes (issue 18; [`super::Messages::bulk`] holds them): the form that
//! starts one, a job's progress, preview and report, and the reasons rows are refused.

use crate::bulk::csv::{BadReason, FileError};

pub struct BulkMessages {
    pub nav: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub errors_title: &'static str,
    pub who_legend: &'static str,
    pub target_location: &'static str,
    pub target_group: &'static str,
    pub target_search: &'static str,
    pub target_csv: &'static str,
    pub location_label: &'static str,
    pub location_none: &'static str,
    pub group_label: &'static str,
    pub group_hint: &'static str,
    pub query_label: &'static str,
    pub query_hint: &'static str,
    pub csv_label: &'static str,
    pub csv_hint: &'static str,
    pub template_all: &'static str,
    pub template_one: &'static str,
    pub what_legend: &'static str,
    pub what_csv: &'static str,
    pub setting_label: &'static str,
    pub setting_none: &'static str,
    pub fields_hint: &'static str,
    pub switch_keep: &'static str,
    pub switch_on: &'static str,
    pub switch_off: &'static str,
    pub reset_label: &'static str,
    pub ticket_label: &'static str,
    pub ticket_hint: &'static str,
    pub preview_button: &'static str,
    pub preview_hint: &'static str,
    pub recent_heading: &'static str,
    pub recent_none: &'static str,
    pub back: &'static str,
    // The form's refusals.
    pub choose_target: &'static str,
    pub choose_location: &'static str,
    pub enter_group: &'static str,
    pub enter_query: &'static str,
    pub choose_file: &'static str,
    pub file_not_utf8: &'static str,
    pub file_no_rows: &'static str,
    pub file_error: fn(&FileError) -> String,
    pub unknown_column: fn(&str) -> String,
    pub choose_setting: &'static str,
    pub nothing_to_change: &'static str,
    pub unknown_field: fn(&str) -> String,
    pub not_on_off: fn(&str) -> String,
    pub no_reset: &'static str,
    pub no_access: &'static str,
    pub refused_now: &'static str,
    // Titles.
    pub title_location: fn(&str) -> String,
    pub title_group: fn(&str) -> String,
    pub title_search: fn(&str) -> String,
    pub title_csv: fn(&str) -> String,
    // A job.
    pub state_running: &'static str,
    pub state_paused: &'static str,
    pub state_done: &'static str,
    pub state_failed: &'static str,
    pub state_cancelled: &'static str,
    pub phase_finding: &'static str,
    pub phase_failed: &'static str,
    pub phase_nobody: &'static str,
    pub phase_checking: &'static str,
    pub phase_preview: &'static str,
    pub phase_applying: &'static str,
    pub phase_applied: &'static str,
    pub phase_undoing: &'static str,
    pub phase_undone: &'static str,
    pub plan_failed: fn(&str) -> String,
    /// (done, failed, left)
    pub progress: fn(i64, i64, i64) -> String,
    /// (minutes, calls a minute)
    pub eta: fn(u64, u32) -> String,
    pub progress_label: &'static str,
    /// The apply button: "Apply to 12 people".
    pub apply_to: fn(usize) -> String,
    pub apply_confirm: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub cancel: &'static str,
    pub cancel_confirm: &'static str,
    pub undo_all: &'static str,
    pub undo_confirm: &'static str,
    pub undo_row: &'static str,
    pub report_csv: &'static str,
    /// (shown, all)
    pub more_rows: fn(usize, usize) -> String,
    pub applying: &'static str,
    pub undoing: &'static str,
    pub paused: &'static str,
    pub resumed: &'static str,
    pub cancelled: &'static str,
    pub nothing_to_apply: &'static str,
    pub nothing_to_undo: &'static str,
    pub not_now: &'static str,
    pub tally_label: &'static str,
    pub rows_caption: &'static str,
    pub th_person: &'static str,
    pub th_setting: &'static str,
    pub th_result: &'static str,
    pub th_change: &'static str,
    pub refused_heading: &'static str,
    pub th_row: &'static str,
    pub th_reason: &'static str,
    pub tracking: &'static str,
    pub row_change: &'static str,
    pub row_applied: &'static str,
    pub row_undone: &'static str,
    pub row_unchanged: &'static str,
    pub row_invalid: &'static str,
    pub row_refused: &'static str,
    pub row_conflict: &'static str,
    pub row_failed: &'static str,
    pub row_cancelled: &'static str,
    pub row_pending: &'static str,
    pub refused_not_found: &'static str,
    pub refused_outside_scope: &'static str,
    pub refused_not_calling: &'static str,
    pub refused_duplicate: &'static str,
    pub refused_ambiguous: &'static str,
    pub bad_row: fn(BadReason) -> String,
    pub csv_header: [&'static str; 8],
}

fn en_bad_row(reason: BadReason) -> String {
    match reason {
        BadReason::UnterminatedQuote => "a quote is not closed",
        BadReason::TextAfterQuote => "text after a closing quote",
        BadReason::TooManyFields => "more cells than the header has columns",
        BadReason::NoKey => "no email and no extension",
        BadReason::BothKeys => "both an email and an extension: give one",
        BadReason::BadEmail => "the email is not an address",
        BadReason::BadExtension => "the extension is not 2 to 10 digits",
        BadReason::NoSettings => "no value to change",
        BadReason::TooManyRows => {
            "more than 20,000 rows: this one and those after it were not read"
        }
    }
    .to_owned()
}

fn en_file_error(e: &FileError) -> String {
    match e {
        FileError::Empty => "The file is empty.".to_owned(),
        FileError::NoKeyColumn => {
            "The first line needs an email or an extension column. Start from the template.".to_owned()
        }
        FileError::NoSettingColumns => {
            "The file has no setting column (such as forwarding.always_enabled). Start from the template.".to_owned()
        }
        FileError::BadHeader(i) => format!("Column {} of the first line is empty or repeated.", i + 1),
        FileError::HeaderSyntax(r) => format!("The first line cannot be read: {}.", en_bad_row(*r)),
    }
}

pub static EN: BulkMessages = BulkMessages {
    nav: "Bulk changes",
    heading: "Bulk changes",
    intro: "Change one setting for many people at once. You see a preview first; nothing changes until you apply it, and you can undo it afterwards.",
    errors_title: "Check the form",
    who_legend: "Who",
    target_location: "Everyone at a location",
    target_group: "The members of a Webex group",
    target_search: "Everyone a search finds",
    target_csv: "The people in a CSV file",
    location_label: "Location",
    location_none: "Choose a location",
    group_label: "Group name",
    group_hint: "Exactly as it is named in Webex.",
    query_label: "Search",
    query_hint: "A name, an email or an extension, as in the helpdesk search.",
    csv_label: "CSV file",
    csv_hint: "One person per row, named by email or extension, and a column for each value to set. An empty cell leaves that value as it is.",
    template_all: "Download a template with every column",
    template_one: "Download a template for this setting",
    what_legend: "What changes",
    what_csv: "For a CSV file, its columns say what changes.",
    setting_label: "Setting",
    setting_none: "Choose a setting",
    fields_hint: "Only the values you fill in change; empty ones stay as each person has them.",
    switch_keep: "Leave as it is",
    switch_on: "On",
    switch_off: "Off",
    reset_label: "Reset to Webex's defaults instead",
    ticket_label: "Ticket or reason (optional)",
    ticket_hint: "Kept with every change in the audit log.",
    preview_button: "Preview",
    preview_hint: "The preview reads each person's setting; it writes nothing.",
    recent_heading: "Recent bulk changes",
    recent_none: "No bulk changes yet.",
    back: "All bulk changes",
    choose_target: "Choose who the change is for.",
    choose_location: "Choose a location in your scope.",
    enter_group: "Enter the Webex group's name.",
    enter_query: "Enter at least 2 characters to search for.",
    choose_file: "Choose the CSV file.",
    file_not_utf8: "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and choose it again.",
    file_no_rows: "The file has no row to change.",
    file_error: en_file_error,
    unknown_column: |c| {
        format!("The column {c} is not one the portal can set. Start from the template.")
    },
    choose_setting: "Choose the setting to change.",
    nothing_to_change: "Fill in at least one value to change, or choose the reset.",
    unknown_field: |f| format!("{f} is not a value of this setting."),
    not_on_off: |f| format!("{f}: write on or off."),
    no_reset: "This setting has no reset to Webex's defaults.",
    no_access: "The organization does not let this be changed here.",
    refused_now: "No longer in your scope.",
    title_location: |name| format!("Location {name}"),
    title_group: |name| format!("Group {name}"),
    title_search: |q| format!("Search \"{q}\""),
    title_csv: |file| format!("File {file}"),
    state_running: "Running",
    state_paused: "Paused",
    state_done: "Done",
    state_failed: "Done, with failures",
    state_cancelled: "Cancelled",
    phase_finding: "Finding the people…",
    phase_failed: "The people could not be found",
    phase_nobody: "Nobody to change",
    phase_checking: "Preparing the preview…",
    phase_preview: "Preview: nothing has changed yet",
    phase_applying: "Applying…",
    phase_applied: "Applied",
    phase_undoing: "Undoing…",
    phase_undone: "Undone",
    plan_failed: |e| format!("What went wrong: {e}"),
    progress: |done, failed, left| {
        if failed > 0 {
            format!("{done} done ({failed} failed), {left} left")
        } else {
            format!("{done} done, {left} left")
        }
    },
    eta: |minutes, per_minute| match minutes {
        0 | 1 => format!(
            "About a minute left at the current Webex budget ({per_minute} calls a minute)."
        ),
        n => format!(
            "About {n} minutes left at the current Webex budget ({per_minute} calls a minute)."
        ),
    },
    progress_label: "Progress",
    apply_to: |n| match n {
        1 => "Apply to 1 person".to_owned(),
        n => format!("Apply to {n} people"),
    },
    apply_confirm: "Apply the change to everyone marked \"will change\"?",
    pause: "Pause",
    resume: "Resume",
    cancel: "Cancel",
    cancel_confirm: "Cancel what has not run yet? What is done stays done.",
    undo_all: "Undo the whole change",
    undo_confirm: "Put every applied row back as it was? Rows changed since are left as they are.",
    undo_row: "Undo",
    report_csv: "Download the report (CSV)",
    more_rows: |shown, all| {
        format!("The first {shown} of {all} rows are shown; the report has them all.")
    },
    applying: "Applying. You can leave this page; the change goes on.",
    undoing: "Undoing. You can leave this page; it goes on.",
    paused: "Paused. Nothing more changes until you resume.",
    resumed: "Resumed.",
    cancelled: "Cancelled. What was done stays done.",
    nothing_to_apply: "Nothing to apply: no row would change.",
    nothing_to_undo: "Nothing to undo.",
    not_now: "That cannot be done now; the page shows what can.",
    tally_label: "Rows",
    rows_caption: "Person by person",
    th_person: "Person",
    th_setting: "Setting",
    th_result: "Result",
    th_change: "Change",
    refused_heading: "Not included",
    th_row: "Row",
    th_reason: "Why",
    tracking: "Webex tracking ID",
    row_change: "Will change",
    row_applied: "Changed",
    row_undone: "Put back",
    row_unchanged: "Already as wanted",
    row_invalid: "Would not be accepted",
    row_refused: "Refused",
    row_conflict: "Changed since; left as it is",
    row_failed: "Failed",
    row_cancelled: "Cancelled",
    row_pending: "Waiting",
    refused_not_found: "Nobody in the organization has this email or extension.",
    refused_outside_scope: "Outside your scope.",
    refused_not_calling: "Not a Webex Calling user.",
    refused_duplicate: "The same person is in an earlier row.",
    refused_ambiguous: "Several people have this extension; name the person by email.",
    bad_row: en_bad_row,
    csv_header: [
        "Row",
        "Email or extension",
        "Person",
        "Setting",
        "Result",
        "Why",
        "Webex tracking ID",
        "Change",
    ],
};

fn de_bad_row(reason: BadReason) -> String {
    match reason {
        BadReason::UnterminatedQuote => "ein Anführungszeichen wird nicht geschlossen",
        BadReason::TextAfterQuote => "Text nach einem schließenden Anführungszeichen",
        BadReason::TooManyFields => "mehr Zellen, als die Kopfzeile Spalten hat",
        BadReason::NoKey => "weder E-Mail noch Durchwahl",
        BadReason::BothKeys => "E-Mail und Durchwahl: geben Sie eines an",
        BadReason::BadEmail => "die E-Mail ist keine Adresse",
        BadReason::BadExtension => "die Durchwahl hat nicht 2 bis 10 Ziffern",
        BadReason::NoSettings => "kein Wert zu ändern",
        BadReason::TooManyRows => {
            "mehr als 20.000 Zeilen: diese und die folgenden wurden nicht gelesen"
        }
    }
    .to_owned()
}

fn de_file_error(e: &FileError) -> String {
    match e {
        FileError::Empty => "Die Datei ist leer.".to_owned(),
        FileError::NoKeyColumn => {
            "Die erste Zeile braucht eine Spalte email oder extension. Beginnen Sie mit der Vorlage.".to_owned()
        }
        FileError::NoSettingColumns => {
            "Die Datei hat keine Spalte für eine Einstellung (etwa forwarding.always_enabled). Beginnen Sie mit der Vorlage.".to_owned()
        }
        FileError::BadHeader(i) => format!("Spalte {} der ersten Zeile ist leer oder doppelt.", i + 1),
        FileError::HeaderSyntax(r) => format!("Die erste Zeile ist nicht lesbar: {}.", de_bad_row(*r)),
    }
}

pub static DE: BulkMessages = BulkMessages {
    nav: "Sammeländerungen",
    heading: "Sammeländerungen",
    intro: "Ändern Sie eine Einstellung für viele Personen auf einmal. Sie sehen zuerst eine Vorschau; erst wenn Sie sie anwenden, ändert sich etwas, und Sie können es danach rückgängig machen.",
    errors_title: "Bitte prüfen Sie das Formular",
    who_legend: "Wer",
    target_location: "Alle an einem Standort",
    target_group: "Die Mitglieder einer Webex-Gruppe",
    target_search: "Alle, die eine Suche findet",
    target_csv: "Die Personen in einer CSV-Datei",
    location_label: "Standort",
    location_none: "Standort wählen",
    group_label: "Gruppenname",
    group_hint: "Genau wie er in Webex heißt.",
    query_label: "Suche",
    query_hint: "Ein Name, eine E-Mail oder eine Durchwahl, wie in der Helpdesk-Suche.",
    csv_label: "CSV-Datei",
    csv_hint: "Eine Person pro Zeile, mit E-Mail oder Durchwahl, und eine Spalte für jeden Wert. Eine leere Zelle lässt den Wert, wie er ist.",
    template_all: "Vorlage mit allen Spalten herunterladen",
    template_one: "Vorlage für diese Einstellung herunterladen",
    what_legend: "Was sich ändert",
    what_csv: "Bei einer CSV-Datei sagen ihre Spalten, was sich ändert.",
    setting_label: "Einstellung",
    setting_none: "Einstellung wählen",
    fields_hint: "Nur die Werte, die Sie ausfüllen, ändern sich; leere bleiben, wie jede Person sie hat.",
    switch_keep: "Lassen, wie es ist",
    switch_on: "Ein",
    switch_off: "Aus",
    reset_label: "Stattdessen auf die Webex-Standardwerte zurücksetzen",
    ticket_label: "Ticket oder Grund (optional)",
    ticket_hint: "Wird bei jeder Änderung im Änderungsprotokoll gespeichert.",
    preview_button: "Vorschau",
    preview_hint: "Die Vorschau liest die Einstellung jeder Person; sie schreibt nichts.",
    recent_heading: "Letzte Sammeländerungen",
    recent_none: "Noch keine Sammeländerungen.",
    back: "Alle Sammeländerungen",
    choose_target: "Wählen Sie, für wen die Änderung ist.",
    choose_location: "Wählen Sie einen Standort in Ihrem Zuständigkeitsbereich.",
    enter_group: "Geben Sie den Namen der Webex-Gruppe ein.",
    enter_query: "Geben Sie mindestens 2 Zeichen für die Suche ein.",
    choose_file: "Wählen Sie die CSV-Datei.",
    file_not_utf8: "Die Datei ist kein UTF-8-Text. Speichern Sie sie als „CSV UTF-8“ und wählen Sie sie erneut.",
    file_no_rows: "Die Datei hat keine Zeile zu ändern.",
    file_error: de_file_error,
    unknown_column: |c| {
        format!("Die Spalte {c} kann das Portal nicht setzen. Beginnen Sie mit der Vorlage.")
    },
    choose_setting: "Wählen Sie die Einstellung, die sich ändern soll.",
    nothing_to_change: "Füllen Sie mindestens einen Wert aus oder wählen Sie das Zurücksetzen.",
    unknown_field: |f| format!("{f} ist kein Wert dieser Einstellung."),
    not_on_off: |f| format!("{f}: schreiben Sie on oder off."),
    no_reset: "Diese Einstellung lässt sich nicht auf Webex-Standardwerte zurücksetzen.",
    no_access: "Die Organisation lässt das hier nicht ändern.",
    refused_now: "Nicht mehr in Ihrem Zuständigkeitsbereich.",
    title_location: |name| format!("Standort {name}"),
    title_group: |name| format!("Gruppe {name}"),
    title_search: |q| format!("Suche „{q}“"),
    title_csv: |file| format!("Datei {file}"),
    state_running: "Läuft",
    state_paused: "Angehalten",
    state_done: "Fertig",
    state_failed: "Fertig, mit Fehlern",
    state_cancelled: "Abgebrochen",
    phase_finding: "Personen werden gesucht…",
    phase_failed: "Die Personen konnten nicht gefunden werden",
    phase_nobody: "Niemand zu ändern",
    phase_checking: "Vorschau wird vorbereitet…",
    phase_preview: "Vorschau: Noch hat sich nichts geändert",
    phase_applying: "Wird angewendet…",
    phase_applied: "Angewendet",
    phase_undoing: "Wird rückgängig gemacht…",
    phase_undone: "Rückgängig gemacht",
    plan_failed: |e| format!("Was schiefging: {e}"),
    progress: |done, failed, left| {
        if failed > 0 {
            format!("{done} erledigt ({failed} fehlgeschlagen), {left} offen")
        } else {
            format!("{done} erledigt, {left} offen")
        }
    },
    eta: |minutes, per_minute| match minutes {
        0 | 1 => format!(
            "Noch etwa eine Minute beim aktuellen Webex-Budget ({per_minute} Aufrufe pro Minute)."
        ),
        n => format!(
            "Noch etwa {n} Minuten beim aktuellen Webex-Budget ({per_minute} Aufrufe pro Minute)."
        ),
    },
    progress_label: "Fortschritt",
    apply_to: |n| match n {
        1 => "Auf 1 Person anwenden".to_owned(),
        n => format!("Auf {n} Personen anwenden"),
    },
    apply_confirm: "Die Änderung auf alle mit „Wird geändert“ anwenden?",
    pause: "Anhalten",
    resume: "Fortsetzen",
    cancel: "Abbrechen",
    cancel_confirm: "Abbrechen, was noch nicht gelaufen ist? Was erledigt ist, bleibt.",
    undo_all: "Ganze Änderung rückgängig machen",
    undo_confirm: "Jede angewendete Zeile wiederherstellen, wie sie war? Seitdem geänderte Zeilen bleiben, wie sie sind.",
    undo_row: "Rückgängig",
    report_csv: "Bericht herunterladen (CSV)",
    more_rows: |shown, all| {
        format!("Die ersten {shown} von {all} Zeilen werden gezeigt; der Bericht enthält alle.")
    },
    applying: "Wird angewendet. Sie können die Seite verlassen; die Änderung läuft weiter.",
    undoing: "Wird rückgängig gemacht. Sie können die Seite verlassen; es läuft weiter.",
    paused: "Angehalten. Bis Sie fortsetzen, ändert sich nichts mehr.",
    resumed: "Fortgesetzt.",
    cancelled: "Abgebrochen. Was erledigt ist, bleibt.",
    nothing_to_apply: "Nichts anzuwenden: Keine Zeile würde sich ändern.",
    nothing_to_undo: "Nichts rückgängig zu machen.",
    not_now: "Das geht jetzt nicht; die Seite zeigt, was geht.",
    tally_label: "Zeilen",
    rows_caption: "Person für Person",
    th_person: "Person",
    th_setting: "Einstellung",
    th_result: "Ergebnis",
    th_change: "Änderung",
    refused_heading: "Nicht enthalten",
    th_row: "Zeile",
    th_reason: "Warum",
    tracking: "Webex-Tracking-ID",
    row_change: "Wird geändert",
    row_applied: "Geändert",
    row_undone: "Wiederhergestellt",
    row_unchanged: "Schon wie gewünscht",
    row_invalid: "Würde nicht angenommen",
    row_refused: "Abgelehnt",
    row_conflict: "Seitdem geändert; so gelassen",
    row_failed: "Fehlgeschlagen",
    row_cancelled: "Abgebrochen",
    row_pending: "Wartet",
    refused_not_found: "Niemand in der Organisation hat diese E-Mail oder Durchwahl.",
    refused_outside_scope: "Außerhalb Ihres Zuständigkeitsbereichs.",
    refused_not_calling: "Kein Webex-Calling-Benutzer.",
    refused_duplicate: "Dieselbe Person steht in einer früheren Zeile.",
    refused_ambiguous: "Mehrere Personen haben diese Durchwahl; nennen Sie die Person per E-Mail.",
    bad_row: de_bad_row,
    csv_header: [
        "Zeile",
        "E-Mail oder Durchwahl",
        "Person",
        "Einstellung",
        "Ergebnis",
        "Warum",
        "Webex-Tracking-ID",
        "Änderung",
    ],
};

fn fr_bad_row(reason: BadReason) -> String {
    match reason {
        BadReason::UnterminatedQuote => "un guillemet n'est pas fermé",
        BadReason::TextAfterQuote => "du texte après un guillemet fermant",
        BadReason::TooManyFields => "plus de cellules que l'en-tête n'a de colonnes",
        BadReason::NoKey => "ni e-mail ni poste",
        BadReason::BothKeys => "un e-mail et un poste\u{202f}: donnez-en un",
        BadReason::BadEmail => "l'e-mail n'est pas une adresse",
        BadReason::BadExtension => "le poste n'a pas de 2 à 10 chiffres",
        BadReason::NoSettings => "aucune valeur à changer",
        BadReason::TooManyRows => {
            "plus de 20\u{202f}000 lignes\u{202f}: celle-ci et les suivantes n'ont pas été lues"
        }
    }
    .to_owned()
}

fn fr_file_error(e: &FileError) -> String {
    match e {
        FileError::Empty => "Le fichier est vide.".to_owned(),
        FileError::NoKeyColumn => {
            "La première ligne doit avoir une colonne email ou extension. Partez du modèle.".to_owned()
        }
        FileError::NoSettingColumns => {
            "Le fichier n'a pas de colonne de réglage (comme forwarding.always_enabled). Partez du modèle.".to_owned()
        }
        FileError::BadHeader(i) => format!("La colonne {} de la première ligne est vide ou répétée.", i + 1),
        FileError::HeaderSyntax(r) => format!("La première ligne est illisible\u{202f}: {}.", fr_bad_row(*r)),
    }
}

pub static FR: BulkMessages = BulkMessages {
    nav: "Modifications groupées",
    heading: "Modifications groupées",
    intro: "Changez un réglage pour de nombreuses personnes à la fois. Vous voyez d'abord un aperçu\u{202f}; rien ne change tant que vous ne l'appliquez pas, et vous pouvez l'annuler ensuite.",
    errors_title: "Vérifiez le formulaire",
    who_legend: "Qui",
    target_location: "Tout le monde sur un site",
    target_group: "Les membres d'un groupe Webex",
    target_search: "Tous ceux qu'une recherche trouve",
    target_csv: "Les personnes d'un fichier CSV",
    location_label: "Site",
    location_none: "Choisissez un site",
    group_label: "Nom du groupe",
    group_hint: "Exactement comme il est nommé dans Webex.",
    query_label: "Recherche",
    query_hint: "Un nom, un e-mail ou un poste, comme dans la recherche du support.",
    csv_label: "Fichier CSV",
    csv_hint: "Une personne par ligne, désignée par e-mail ou poste, et une colonne par valeur à régler. Une cellule vide laisse la valeur telle quelle.",
    template_all: "Télécharger un modèle avec toutes les colonnes",
    template_one: "Télécharger un modèle pour ce réglage",
    what_legend: "Ce qui change",
    what_csv: "Pour un fichier CSV, ses colonnes disent ce qui change.",
    setting_label: "Réglage",
    setting_none: "Choisissez un réglage",
    fields_hint: "Seules les valeurs remplies changent\u{202f}; les vides restent comme chaque personne les a.",
    switch_keep: "Laisser tel quel",
    switch_on: "Activé",
    switch_off: "Désactivé",
    reset_label: "Rétablir plutôt les valeurs par défaut de Webex",
    ticket_label: "Ticket ou motif (facultatif)",
    ticket_hint: "Conservé avec chaque modification dans le journal.",
    preview_button: "Aperçu",
    preview_hint: "L'aperçu lit le réglage de chaque personne\u{202f}; il n'écrit rien.",
    recent_heading: "Modifications groupées récentes",
    recent_none: "Aucune modification groupée pour l'instant.",
    back: "Toutes les modifications groupées",
    choose_target: "Choisissez pour qui est la modification.",
    choose_location: "Choisissez un site de votre périmètre.",
    enter_group: "Saisissez le nom du groupe Webex.",
    enter_query: "Saisissez au moins 2 caractères à rechercher.",
    choose_file: "Choisissez le fichier CSV.",
    file_not_utf8: "Le fichier n'est pas du texte UTF-8. Enregistrez-le en «\u{a0}CSV UTF-8\u{a0}» et choisissez-le à nouveau.",
    file_no_rows: "Le fichier n'a aucune ligne à modifier.",
    file_error: fr_file_error,
    unknown_column: |c| {
        format!(
            "La colonne {c} n'est pas un réglage que le portail sait modifier. Partez du modèle."
        )
    },
    choose_setting: "Choisissez le réglage à modifier.",
    nothing_to_change: "Remplissez au moins une valeur, ou choisissez la réinitialisation.",
    unknown_field: |f| format!("{f} n'est pas une valeur de ce réglage."),
    not_on_off: |f| format!("{f}\u{202f}: écrivez on ou off."),
    no_reset: "Ce réglage ne se rétablit pas aux valeurs par défaut de Webex.",
    no_access: "L'organisation ne permet pas de le modifier ici.",
    refused_now: "N'est plus dans votre périmètre.",
    title_location: |name| format!("Site {name}"),
    title_group: |name| format!("Groupe {name}"),
    title_search: |q| format!("Recherche «\u{a0}{q}\u{a0}»"),
    title_csv: |file| format!("Fichier {file}"),
    state_running: "En cours",
    state_paused: "En pause",
    state_done: "Terminé",
    state_failed: "Terminé, avec des échecs",
    state_cancelled: "Annulé",
    phase_finding: "Recherche des personnes…",
    phase_failed: "Les personnes n'ont pas pu être trouvées",
    phase_nobody: "Personne à modifier",
    phase_checking: "Préparation de l'aperçu…",
    phase_preview: "Aperçu\u{202f}: rien n'a encore changé",
    phase_applying: "Application en cours…",
    phase_applied: "Appliqué",
    phase_undoing: "Annulation en cours…",
    phase_undone: "Annulé",
    plan_failed: |e| format!("Ce qui n'a pas marché\u{202f}: {e}"),
    progress: |done, failed, left| {
        if failed > 0 {
            format!("{done} faits ({failed} en échec), {left} restants")
        } else {
            format!("{done} faits, {left} restants")
        }
    },
    eta: |minutes, per_minute| match minutes {
        0 | 1 => format!(
            "Environ une minute restante au budget Webex actuel ({per_minute} appels par minute)."
        ),
        n => format!(
            "Environ {n} minutes restantes au budget Webex actuel ({per_minute} appels par minute)."
        ),
    },
    progress_label: "Avancement",
    apply_to: |n| match n {
        1 => "Appliquer à 1 personne".to_owned(),
        n => format!("Appliquer à {n} personnes"),
    },
    apply_confirm: "Appliquer la modification à toutes les lignes «\u{a0}Va changer\u{a0}»\u{202f}?",
    pause: "Mettre en pause",
    resume: "Reprendre",
    cancel: "Annuler",
    cancel_confirm: "Annuler ce qui n'a pas encore tourné\u{202f}? Ce qui est fait reste fait.",
    undo_all: "Annuler toute la modification",
    undo_confirm: "Remettre chaque ligne appliquée comme avant\u{202f}? Les lignes modifiées depuis restent telles quelles.",
    undo_row: "Annuler",
    report_csv: "Télécharger le rapport (CSV)",
    more_rows: |shown, all| {
        format!(
            "Les {shown} premières lignes sur {all} sont affichées\u{202f}; le rapport les contient toutes."
        )
    },
    applying: "Application en cours. Vous pouvez quitter la page\u{202f}; la modification continue.",
    undoing: "Annulation en cours. Vous pouvez quitter la page\u{202f}; elle continue.",
    paused: "En pause. Plus rien ne change tant que vous ne reprenez pas.",
    resumed: "Repris.",
    cancelled: "Annulé. Ce qui est fait reste fait.",
    nothing_to_apply: "Rien à appliquer\u{202f}: aucune ligne ne changerait.",
    nothing_to_undo: "Rien à annuler.",
    not_now: "Ce n'est pas possible maintenant\u{202f}; la page montre ce qui l'est.",
    tally_label: "Lignes",
    rows_caption: "Personne par personne",
    th_person: "Personne",
    th_setting: "Réglage",
    th_result: "Résultat",
    th_change: "Modification",
    refused_heading: "Non inclus",
    th_row: "Ligne",
    th_reason: "Pourquoi",
    tracking: "ID de suivi Webex",
    row_change: "Va changer",
    row_applied: "Modifié",
    row_undone: "Rétabli",
    row_unchanged: "Déjà comme voulu",
    row_invalid: "Ne serait pas accepté",
    row_refused: "Refusé",
    row_conflict: "Modifié depuis\u{202f}; laissé tel quel",
    row_failed: "Échec",
    row_cancelled: "Annulé",
    row_pending: "En attente",
    refused_not_found: "Personne dans l'organisation n'a cet e-mail ou ce poste.",
    refused_outside_scope: "Hors de votre périmètre.",
    refused_not_calling: "Pas un utilisateur Webex Calling.",
    refused_duplicate: "La même personne figure sur une ligne précédente.",
    refused_ambiguous: "Plusieurs personnes ont ce poste\u{202f}; désignez la personne par e-mail.",
    bad_row: fr_bad_row,
    csv_header: [
        "Ligne",
        "E-mail ou poste",
        "Personne",
        "Réglage",
        "Résultat",
        "Pourquoi",
        "ID de suivi Webex",
        "Modification",
    ],
};
