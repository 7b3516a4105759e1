//! The pseudo-locale `x-pseudo`: every message of the English catalogue wrapped in `⟦…⟧`, so a
//! test can render every page with it and find any visible text that did not come from the
//! catalogue. It is offered only when the configuration turns it on (tests do; `serve` cannot).
//!
//! The field lists below are complete by construction: a message added to a catalogue struct and
//! missing here is a compile error, like in every language.

use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
};

use super::{Messages, VoicemailMessages, staff::StaffMessages};

pub const TAG: &str = "x-pseudo";
pub const OPEN: char = '⟦';
pub const CLOSE: char = '⟧';

/// The pseudo catalogue.
pub fn messages() -> &'static Messages {
    &PSEUDO
}

trait Wrap {
    fn wrap(self) -> Self;
}

impl Wrap for String {
    fn wrap(self) -> String {
        format!("{OPEN}{self}{CLOSE}")
    }
}

impl Wrap for &'static str {
    /// Interned, so a function returning `&'static str` can return a wrapped one.
    fn wrap(self) -> &'static str {
        static SEEN: LazyLock<Mutex<HashMap<&'static str, &'static str>>> =
            LazyLock::new(Default::default);
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        seen.entry(self)
            .or_insert_with(|| Box::leak(format!("{OPEN}{self}{CLOSE}").into_boxed_str()))
    }
}

/// A catalogue struct with every string wrapped and every function's result wrapped.
macro_rules! wrapped {
    ($base:expr, $T:ident {
        str: [$($s:ident),* $(,)?],
        fn1: [$($f1:ident),* $(,)?],
        fn2: [$($f2:ident),* $(,)?],
    } { $($extra:tt)* }) => {
        $T {
            $($s: Wrap::wrap($base.$s),)*
            $($f1: |a| Wrap::wrap(($base.$f1)(a)),)*
            $($f2: |a, b| Wrap::wrap(($base.$f2)(a, b)),)*
            $($extra)*
        }
    };
}

static PSEUDO: LazyLock<Messages> = LazyLock::new(|| {
    wrapped!(super::EN, Messages {
        str: [
        language_name,
        language_label,
        skip_to_content,
        status_on,
        sections_label,
        section_forwarding,
        section_availability,
        section_voicemail,
        section_caller_id,
        section_devices,
        status_off,
        language_change,
        datetime_format,
        app_name,
        sign_in,
        sign_out,
        start_heading,
        start_intro,
        summary_heading,
        request_id,
        back_to_start,
        extension,
        no_extension,
        location,
        phone_number,
        loading,
        retry,
        save,
        saved,
        nothing_changed,
        fix_fields,
        not_saved,
        tracking_id,
        card_unavailable,
        read_only,
        conflict_heading,
        conflict_explain,
        conflict_attempted,
        ticket,
        yes,
        no,
        summary_unavailable,
        warnings_heading,
        history_heading,
        history_empty,
        history_unavailable,
        history_when,
        history_what,
        history_who,
        history_result,
        forwarding_heading,
        fwd_always,
        fwd_busy,
        fwd_no_answer,
        fwd_business_continuity,
        fwd_enabled,
        fwd_destination,
        fwd_destination_hint,
        fwd_to_voicemail,
        fwd_ring_reminder,
        fwd_rings,
        dnd_heading,
        dnd_enabled,
        dnd_ring_splash,
        call_waiting_heading,
        call_waiting_enabled,
        other_setting
        ],
        fn1: [summary_line,
        status_forwarding_to,
        warning,
        target,
        destination_error,
        forwarding_error,
        greeting_error,
        passcode_problem,
        webex_error,
        feature_name,
        audit_result,
        audit_action,
        role_name,
        failure_title,
        failure_message],
        fn2: [fwd_rings_hint],
    } {
        saving_too_often: |secs| Wrap::wrap((super::EN.saving_too_often)(secs)),
        change_summary: |feature, action, changed| {
            Wrap::wrap((super::EN.change_summary)(feature, action, changed))
        },
        rate_limited_message: |secs| Wrap::wrap((super::EN.rate_limited_message)(secs)),
        too_large_message: |kb| Wrap::wrap((super::EN.too_large_message)(kb)),
        lang: TAG,
        phone_region: super::EN.phone_region,
        staff: &STAFF,
        voicemail: &VOICEMAIL,
        calling: &CALLING,
        // Issue 15.
        reach: &REACH,
        timed: &TIMED,
        bulk: &BULK,
        rule_cards: &RULE_CARDS,
        schedules: &SCHEDULES,
        tester: &TESTER,
    })
});

static VOICEMAIL: LazyLock<VoicemailMessages> = LazyLock::new(|| {
    wrapped!(super::EN.voicemail, VoicemailMessages {
        str: [
        heading,
        enabled,
        send_all,
        send_all_hint,
        busy_legend,
        busy_enabled,
        no_answer_legend,
        no_answer_enabled,
        rings,
        greeting_legend,
        greeting_default,
        greeting_custom,
        greeting_uploaded,
        greeting_not_uploaded,
        greeting_no_playback,
        greeting_file,
        greeting_file_replace,
        greeting_file_on_save,
        greeting_file_hint,
        notifications_legend,
        notifications_enabled,
        notify_email,
        notify_sms,
        notify_sms_hint,
        email_hint,
        external_email_hint,
        fax_number_hint,
        fax_extension_hint,
        storage_where,
        transfer_legend,
        transfer_enabled,
        transfer_number,
        transfer_number_hint,
        email_copy_legend,
        email_copy_enabled,
        email_copy_address,
        storage_legend,
        mwi_enabled,
        storage_internal,
        storage_external,
        external_email,
        fax_legend,
        fax_enabled,
        fax_number,
        fax_extension,
        on,
        off,
        not_set,
        pin_legend,
        pin_rules_intro,
        pin_new,
        pin_confirm,
        pin_mismatch,
        pin_change,
        pin_changed,
        pin_problems,
        pin_refused,
        pin_rules_unavailable
        ],
        fn1: [field_error],
        fn2: [rings_hint],
    } {

    })
});

static STAFF: LazyLock<StaffMessages> = LazyLock::new(|| {
    wrapped!(super::EN.staff, StaffMessages {
        str: [
        nav_label,
        nav_helpdesk,
        nav_audit,
        nav_admin,
        nav_me,
        helpdesk_heading,
        search_label,
        search_hint,
        search_button,
        search_too_short,
        search_nothing,
        search_scan_stopped,
        col_name,
        col_email,
        col_extension,
        col_number,
        col_location,
        previous_page,
        next_page,
        none,
        audit_heading,
        audit_intro_employee,
        audit_intro_staff,
        filter_person,
        filter_actor,
        filter_feature,
        filter_from,
        filter_to,
        filter_apply,
        export_csv,
        col_when,
        col_actor,
        col_target,
        col_feature,
        col_action,
        col_result,
        col_ticket,
        col_change,
        audit_empty,
        undo,
        undo_done,
        undo_conflict,
        ticket_label,
        admin_heading,
        token_heading,
        token_healthy,
        token_access_expires,
        token_refresh_expires,
        token_last_refresh,
        token_scopes,
        token_scopes_unknown,
        scopes_heading,
        scopes_intro,
        col_scopes_needed,
        col_scope_status,
        scope_bot_note,
        unknown,
        failures_heading,
        failures_none,
        roles_heading,
        roles_none,
        col_entry,
        col_grant,
        col_people,
        roles_lookup_failed,
        sessions_heading,
        sign_out_everyone,
        sign_out_everyone_hint,
        restricted_features,
        reset_pin,
        reset_pin_done,
        voicemail_pin,
        filter_feature_any,
        sessions_feature,
        audit_stored,
        audit_before,
        audit_after,
        budget_heading,
        budget_share,
        budget_reserve,
        budget_people,
        budget_held,
        sign_out_everyone_confirm,
        signed_out_everyone
        ],
        fn1: [scope_feature,
        scope_status,
        roles_recheck,
        sessions_active,
        duration_from_now,
        duration_ago,
        acting_banner,
        per_minute,
        reset_pin_confirm,
        notice_left_as_changed],
        fn2: [acting_banner_at,
        notice_changed],
    } {
        csv_header: super::EN.staff.csv_header.map(Wrap::wrap),
        budget_used: |used, limit, interactive, background| {
            Wrap::wrap((super::EN.staff.budget_used)(used, limit, interactive, background))
        },
        budget_people_value: |people, at_share, busiest| {
            Wrap::wrap((super::EN.staff.budget_people_value)(people, at_share, busiest))
        },
        budget_held_value: |held, refused| {
            Wrap::wrap((super::EN.staff.budget_held_value)(held, refused))
        },
    })
});

static CALLING: LazyLock<super::CallingMessages> = LazyLock::new(|| {
    use super::CallingMessages;
    wrapped!(super::EN.calling, CallingMessages {
        str: [
        pa_heading,
        pa_enabled,
        pa_presence,
        pa_until,
        pa_until_date,
        pa_until_time,
        pa_until_hint,
        pa_until_invalid,
        pa_transfer_enabled,
        pa_transfer_number,
        pa_alerting,
        pa_alert_how,
        pa_rings,
        pa_rings_hint,
        pa_rings_invalid,
        ic_heading,
        ic_intro,
        ic_enabled,
        ic_incoming,
        ic_which_calls,
        ic_incoming_all,
        ic_incoming_allow,
        ic_voicemail,
        ic_greeting,
        ic_greeting_default,
        ic_greeting_custom,
        ic_greeting_missing,
        ic_new_number_enabled,
        ic_new_number,
        ic_zero_enabled,
        ic_zero,
        ic_outgoing,
        ic_outgoing_all,
        ic_outgoing_local,
        ic_outgoing_transfer,
        ic_outgoing_destination,
        ic_announcement,
        ic_announcement_uploaded,
        ic_announcement_none,
        ic_announcement_file,
        ic_announcement_upload,
        cid_heading,
        cid_number,
        cid_custom,
        cid_custom_number,
        cid_custom_number_missing,
        cid_custom_number_hint,
        cid_custom_name_hint,
        cid_no_number,
        cid_name,
        cid_name_direct,
        cid_name_custom,
        cid_custom_name,
        cid_custom_name_missing,
        cid_block,
        cid_block_locked,
        cid_choice_invalid,
        anon_heading,
        anon_enabled,
        anon_unavailable,
        barge_heading,
        barge_enabled,
        barge_tone,
        queues_heading,
        queues_none,
        queues_col_queue,
        queues_col_number,
        queues_col_location,
        queues_col_joined,
        queue_not_yours,
        queues_hint,
        queues_needs_admin,
        phones_heading,
        phones_none,
        phones_col_model,
        phones_col_mac,
        phones_col_status,
        phones_col_last_seen,
        never,
        numbers_heading,
        numbers_none,
        numbers_col_number,
        numbers_col_extension,
        numbers_col_location,
        numbers_col_primary,
        numbers_primary,
        numbers_extension_only,
        read_only_card
        ],
        fn1: [presence,
        alerting,
        cid_direct_line,
        cid_location_number,
        cid_name_location,
        queue_join,
        queue_locked,
        connection,
        summary_away,
        summary_intercepted],
        fn2: [],
    } {})
});

// Single number reach and the summary about someone else (issue 15).
static REACH: LazyLock<super::reach::ReachMessages> = LazyLock::new(|| {
    use super::reach::ReachMessages;
    wrapped!(super::reach::EN, ReachMessages {
        str: [
            snr_heading, snr_intro, snr_alert_all, snr_numbers, snr_none, snr_name,
            snr_phone_number, snr_phone_hint, snr_state, snr_on, snr_off, snr_enabled,
            snr_do_not_forward, snr_answer_confirmation, snr_add, snr_remove,
            snr_phone_missing, snr_not_extension, snr_duplicate, snr_name_missing,
            snr_number_gone,
        ],
        fn1: [snr_edit, snr_remove_named, snr_remove_confirm, snr_name_too_long, summary_heading_of],
        fn2: [summary_line_of, warning_of, away_of, intercepted_of],
    } {})
});

static BULK: LazyLock<super::bulk::BulkMessages> = LazyLock::new(|| {
    use super::bulk::BulkMessages;
    wrapped!(super::bulk::EN, BulkMessages {
        str: [nav, heading, intro, errors_title, who_legend, target_location, target_group, target_search, target_csv, location_label, location_none, group_label, group_hint, query_label, query_hint, csv_label, csv_hint, template_all, template_one, what_legend, what_csv, setting_label, setting_none, fields_hint, switch_keep, switch_on, switch_off, reset_label, ticket_label, ticket_hint, preview_button, preview_hint, recent_heading, recent_none, back, choose_target, choose_location, enter_group, enter_query, choose_file, file_not_utf8, file_no_rows, choose_setting, nothing_to_change, no_reset, no_access, refused_now, state_running, state_paused, state_done, state_failed, state_cancelled, phase_finding, phase_failed, phase_nobody, phase_checking, phase_preview, phase_applying, phase_applied, phase_undoing, phase_undone, progress_label, apply_confirm, pause, resume, cancel, cancel_confirm, undo_all, undo_confirm, undo_row, report_csv, applying, undoing, paused, resumed, cancelled, nothing_to_apply, nothing_to_undo, not_now, tally_label, rows_caption, th_person, th_setting, th_result, th_change, refused_heading, th_row, th_reason, tracking, row_change, row_applied, row_undone, row_unchanged, row_invalid, row_refused, row_conflict, row_failed, row_cancelled, row_pending, refused_not_found, refused_outside_scope, refused_not_calling, refused_duplicate, refused_ambiguous],
        fn1: [file_error, unknown_column, unknown_field, not_on_off, title_location, title_group, title_search, title_csv, plan_failed, apply_to, bad_row],
        fn2: [eta, more_rows],
    } {
        progress: |a, b, c| Wrap::wrap((super::bulk::EN.progress)(a, b, c)),
        csv_header: super::bulk::EN.csv_header.map(Wrap::wrap),
    })
});

static TIMED: LazyLock<super::timed::TimedMessages> = LazyLock::new(|| {
    use super::timed::TimedMessages;
    wrapped!(super::timed::EN, TimedMessages {
        str: [
            timing_legend, timing_now, timing_until, timing_from, from_label, until_label,
            until_missing, from_missing, time_unreadable, time_past, from_after_until,
            upcoming_heading, upcoming_none, cancel, cancel_confirm, cancelled, cancel_gone,
            recent_heading, ran_late, scheduled_title, files_now, new_end, move_end, end_moved, ooo_heading, ooo_intro, ooo_from,
            ooo_from_hint, ooo_until, ooo_presence, ooo_forward_legend, ooo_forward_number,
            ooo_forward_voicemail, ooo_forward_none, ooo_number, ooo_number_hint, ooo_dnd,
            ooo_busy_greeting, ooo_submit, ooo_number_missing, ooo_greeting_missing,
        ],
        fn1: [times_in, saved_until, scheduled_by, ooo_starts_now],
        fn2: [scheduled, step_apply, step_revert, left_as_changed, reverted, applied, step_failed, ooo_scheduled],
    } {})
});

static RULE_CARDS: LazyLock<super::rule_cards::RuleCardMessages> = LazyLock::new(|| {
    use super::rule_cards::RuleCardMessages;
    wrapped!(super::EN.rule_cards, RuleCardMessages {
        str: [
        group_heading,
        sf_intro,
        sf_enabled,
        sf_default_number,
        sf_default_number_hint,
        sf_default_number_missing,
        sf_ring_reminder,
        sf_to_voicemail,
        sa_intro,
        sa_enabled,
        sr_intro,
        sr_enabled,
        sim_intro,
        sim_enabled,
        sim_do_not_ring_on_call,
        sim_criteria_enabled,
        sim_numbers_legend,
        sim_number_hint,
        sim_numbers_missing,
        rules_heading,
        rules_none,
        rules_hint,
        add_rule,
        when_label,
        callers_label,
        then_label,
        when_always,
        calls_any,
        calls_select,
        calls_internal,
        calls_external,
        calls_forwarded,
        callers_anonymous,
        callers_unavailable,
        forward_to_voicemail,
        editor_new,
        when_field,
        when_hint,
        calls_legend,
        numbers_field,
        numbers_hint,
        action_legend,
        forward_to_field,
        forward_to_hint,
        to_voicemail_field,
        save_rule,
        delete_rule,
        delete_confirm,
        cancel,
        numbers_missing,
        schedule_unknown,
        choice_invalid,
        forward_to_missing
        ],
        fn1: [sim_number,
        sim_confirm,
        sim_too_many,
        duplicate_number,
        edit_rule,
        rule_number,
        schedule_gone,
        forward_to,
        number_is_extension],
        fn2: [action],
    } {
        schedule: |name, holidays, location| {
            Wrap::wrap((super::EN.rule_cards.schedule)(name, holidays, location))
        },
    })
});

// Personal schedules (issue 15).
static SCHEDULES: LazyLock<super::schedules::ScheduleMessages> = LazyLock::new(|| {
    use super::schedules::ScheduleMessages;
    wrapped!(super::schedules::EN, ScheduleMessages {
        str: [
            intro, own_heading, own_none, location_heading, location_hint, location_none,
            type_label, business_hours, holidays, events_label, no_events, uses_unknown, create, name_label, first_event, event_name, start_date, end_date, date_hint,
            start_time, end_time, all_day, repeat_legend, repeat_none, repeat_daily,
            repeat_weekly, days_legend, repeat_until, repeat_until_hint, add_event, new_name,
            rename_hint, schedules_label, event_label, when_label, name_missing, name_taken,
            type_invalid, event_name_missing, event_name_taken, date_invalid, time_invalid,
            end_before_start, days_missing, until_before_start, schedule_gone, event_gone,
            location_read_only,
        ],
        fn1: [used_by, name_hint, edit_event, delete_event, delete_event_confirm, rename,
            delete_schedule, delete_confirm, name_too_long, when],
        fn2: [delete_confirm_used],
    } {
        weekday: |d| Wrap::wrap((super::schedules::EN.weekday)(d)),
    })
});

// The call rules in the summary and the tester (issue 15).
static TESTER: LazyLock<super::tester::TesterMessages> = LazyLock::new(|| {
    use super::tester::TesterMessages;
    wrapped!(super::tester::EN, TesterMessages {
        str: [
            not_documented, rules_unavailable, heading, caller_legend, caller_number, caller_anonymous,
            caller_unavailable, number_label, number_hint, origin_legend, origin_external,
            origin_internal, day_label, time_label, submit, answer_heading, number_missing,
            day_invalid, time_invalid,
        ],
        fn1: [rule, intro, when_hint, number_invalid, call],
        fn2: [line, warning, step, answer, decided_by],
    } {})
});
