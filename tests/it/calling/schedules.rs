//! Personal schedules: created, renamed (a new id), their events added, changed and deleted, and
//! deleted, through the card's one save flow against the simulator; the refusals (bad input kept
//! with no Webex write, a forged write to a location schedule, a stale form); the helpdesk in and
//! out of scope. Feature access: FACTS §3a has no key for schedules, so there is nothing an org
//! can deny an employee here (the registry says `access_key: None`).

use base64::Engine as _;
use calling_portal::store::AuditResult;

use crate::roles::{IN_A_EMAIL, IN_B_EMAIL, SCOPED_HELPDESK_EMAIL};
use crate::selfservice::{Signed, encode};

const CARD: &str = "schedules";

fn fp(html: &str) -> String {
    crate::selfservice::fingerprint(html)
}

/// Every write the simulator saw (deletes too).
fn writes(me: &Signed) -> u64 {
    crate::roles::webex_writes(&me.app) + me.app.sim.request_count("DELETE", "*")
}

fn schedules(me: &Signed) -> Vec<serde_json::Value> {
    me.setting("schedules")["schedules"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn named(me: &Signed, name: &str) -> Option<serde_json::Value> {
    schedules(me).into_iter().find(|s| s["name"] == name)
}

async fn post(me: &Signed, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    me.app
        .post_hx(&me.browser, &format!("{}/{path}", me.path(CARD)), form)
        .await
}

#[tokio::test]
async fn a_schedule_is_created_renamed_changed_and_deleted_and_audited() {
    // Six saves in a row: each reads the list and every schedule (their events) before and
    // after its write, more than one person's default share of the Webex budget in a minute.
    let app = crate::roles::spawn(vec![(
        "WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE",
        "200".into(),
    )])
    .await;
    let me = Signed::with(app, calling_portal::simulator::seed::EMPLOYEE_EMAIL).await;
    let (html, fingerprint) = me.load(CARD).await;
    // Alice's own, in words, and her location's, read only.
    assert!(html.contains("Office hours"), "{html}");
    assert!(
        html.contains(
            "Every Monday, Tuesday, Wednesday, Thursday and Friday, 09:00–17:00, from 5 Jan 2026"
        ),
        "{html}"
    );
    assert!(
        html.contains("24 Dec 2026 to 26 Dec 2026, all day"),
        "{html}"
    );
    assert!(html.contains("Your location&#39;s schedules"), "{html}");
    assert!(html.contains("US holidays"), "{html}");
    // A rule names "After hours": its delete confirmation says so.
    assert!(
        html.contains("Named by these rules: Selective forward."),
        "{html}"
    );
    assert!(
        html.contains(
            "Delete the schedule After hours? These rules name it and will no longer apply: Selective forward."
        ),
        "{html}"
    );

    // Create, with a weekly first event.
    let response = me
        .put(
            CARD,
            &[
                ("fingerprint", &fingerprint),
                ("name", "Lunch"),
                ("schedule_type", "businessHours"),
                ("event_name", "Lunch break"),
                ("start_date", "2026-12-07"),
                ("end_date", "2026-12-07"),
                ("start_time", "12:00"),
                ("end_time", "13:00"),
                ("repeat", "weekly"),
                ("days", "monday"),
                ("days", "friday"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Saved."), "{html}");
    assert!(
        html.contains("Every Monday and Friday, 12:00–13:00, from 7 Dec 2026"),
        "{html}"
    );
    let lunch = named(&me, "Lunch").expect("created");
    assert_eq!(lunch["type"], "businessHours");
    let event = &lunch["events"][0];
    assert_eq!(event["startTime"], "12:00");
    assert_eq!(event["recurrence"]["recurWeekly"]["monday"], true);
    assert_eq!(event["recurrence"]["recurWeekly"]["friday"], true);
    assert_eq!(event["recurrence"]["recurWeekly"]["tuesday"], false);
    let id = lunch["id"].as_str().unwrap().to_owned();

    // Rename: Webex gives it a new id (FACTS §10.2).
    let response = post(
        &me,
        &format!("businessHours/{}/rename", encode(&id)),
        &[("fingerprint", &fp(&html)), ("name", "Long lunch")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(named(&me, "Lunch").is_none());
    let renamed = named(&me, "Long lunch").expect("renamed");
    let new_id = renamed["id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, id);
    let at = format!("businessHours/{}", encode(&new_id));

    // Add a one-off all-day event.
    let response = post(
        &me,
        &format!("{at}/events"),
        &[
            ("fingerprint", &fp(&html)),
            ("event_name", "Team day"),
            ("start_date", "2026-12-18"),
            ("all_day", "on"),
            ("repeat", "none"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("18 Dec 2026, all day"), "{html}");
    let events = named(&me, "Long lunch").unwrap()["events"].clone();
    assert_eq!(events.as_array().unwrap().len(), 2);
    assert_eq!(events[1]["allDayEnabled"], true);
    assert_eq!(events[1]["endDate"], "2026-12-18");

    // Change the first event: later, and Mondays only.
    let response = me
        .app
        .put_hx(
            &me.browser,
            &format!("{}/{at}/events/0", me.path(CARD)),
            &[
                ("fingerprint", &fp(&html)),
                ("event_name", "Lunch break"),
                ("start_date", "2026-12-07"),
                ("end_date", "2026-12-07"),
                ("start_time", "12:30"),
                ("end_time", "13:30"),
                ("repeat", "weekly"),
                ("days", "monday"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let events = named(&me, "Long lunch").unwrap()["events"].clone();
    assert_eq!(events[0]["startTime"], "12:30");
    assert_eq!(events[0]["recurrence"]["recurWeekly"]["friday"], false);
    assert_eq!(events[1]["name"], "Team day", "the other event is kept");

    // Delete the first event.
    let response = post(
        &me,
        &format!("{at}/events/0/delete"),
        &[("fingerprint", &fp(&html)), ("event_name", "Lunch break")],
    )
    .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let events = named(&me, "Long lunch").unwrap()["events"].clone();
    assert_eq!(events.as_array().unwrap().len(), 1);
    assert_eq!(events[0]["name"], "Team day");

    // Delete the schedule.
    let response = post(
        &me,
        &format!("{at}/delete"),
        &[("fingerprint", &fp(&html)), ("name", "Long lunch")],
    )
    .await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(named(&me, "Long lunch").is_none());
    assert_eq!(schedules(&me).len(), 3, "Alice's own three are untouched");

    let audit = me.audit().await;
    assert_eq!(audit.len(), 6);
    assert!(
        audit.iter().all(|e| e.feature == "schedules"
            && e.result == AuditResult::Success
            && e.webex_tracking_id.is_some()
            && e.before.is_some()
            && e.after.is_some()),
        "{audit:?}"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_the_input_kept_and_nothing_written() {
    let me = Signed::employee().await;
    let (_, fingerprint) = me.load(CARD).await;
    let before = writes(&me);
    let long = "A".repeat(41);
    // A name too long, and an event that ends before it starts.
    let response = me
        .put(
            CARD,
            &[
                ("fingerprint", &fingerprint),
                ("name", &long),
                ("schedule_type", "holidays"),
                ("event_name", "Backwards"),
                ("start_date", "2026-12-10"),
                ("end_date", "2026-12-09"),
                ("all_day", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Use at most 40 characters."), "{html}");
    assert!(html.contains("The end is before the start."), "{html}");
    assert!(html.contains(&format!("value=\"{long}\"")), "kept: {html}");
    assert!(html.contains("value=\"Backwards\""), "kept: {html}");
    assert!(
        html.contains("<details id=\"sch-new-form\" open>"),
        "the form stays open: {html}"
    );
    // The same day, ending before it starts; a weekly event with no day; a bad date.
    let response = me
        .put(
            CARD,
            &[
                ("fingerprint", &fingerprint),
                ("name", "Evenings"),
                ("schedule_type", "businessHours"),
                ("event_name", "Evening"),
                ("start_date", "2026-12-10"),
                ("start_time", "18:00"),
                ("end_time", "17:00"),
                ("repeat", "weekly"),
                ("repeat_until", "someday"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("The end is before the start."), "{html}");
    assert!(html.contains("Choose at least one day."), "{html}");
    assert!(html.contains("Enter a date such as 2026-12-24."), "{html}");
    // A name Alice already has for that type.
    let response = me
        .put(
            CARD,
            &[
                ("fingerprint", &fingerprint),
                ("name", "Office hours"),
                ("schedule_type", "businessHours"),
                ("event_name", "Day"),
                ("start_date", "2026-12-10"),
                ("all_day", "on"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("You already have a schedule of this type with this name.")
    );
    assert_eq!(writes(&me), before);
    assert_eq!(schedules(&me).len(), 3);

    // A stale form: nothing written, audited as a conflict.
    let response = me
        .put(
            CARD,
            &[
                ("fingerprint", "stale"),
                ("name", "Lunch"),
                ("schedule_type", "businessHours"),
                ("event_name", "Lunch"),
                ("start_date", "2026-12-10"),
                ("start_time", "12:00"),
                ("end_time", "13:00"),
            ],
        )
        .await;
    assert_eq!(response.status(), 409);
    assert_eq!(writes(&me), before);
    assert_eq!(me.audit().await[0].result, AuditResult::Conflict);
}

#[tokio::test]
async fn the_location_schedules_are_read_only() {
    let me = Signed::employee().await;
    let lookups = me.app.sim.request_count("GET", "/v1/people/{personId}");
    let (html, fingerprint) = me.load(CARD).await;
    assert!(html.contains("Boston office hours"), "{html}");
    // The session knows Alice's location: her location's schedules are read straight after the
    // list, without looking her up first (one Webex round trip less).
    assert_eq!(
        me.app.sim.request_count("GET", "/v1/people/{personId}"),
        lookups
    );
    // With their events in words (the location's holiday repeats every year).
    assert!(
        html.contains("Christmas Day</span>: Every year on 25 Dec, all day, from 25 Dec 2026"),
        "{html}"
    );
    assert!(
        html.contains("Every Monday, Tuesday, Wednesday, Thursday and Friday, 08:00–18:00"),
        "{html}"
    );
    // Ids as the simulator makes them (from the name); the card offers no form for them.
    let id = base64::engine::general_purpose::STANDARD_NO_PAD.encode("US holidays");
    assert!(
        !html.contains(&format!("holidays/{}/", encode(&id))),
        "{html}"
    );
    let before = writes(&me);
    for path in ["delete", "rename", "events/0/delete"] {
        let response = post(
            &me,
            &format!("holidays/{}/{path}", encode(&id)),
            &[
                ("fingerprint", &fingerprint),
                ("name", "Mine now"),
                ("event_name", "Christmas Day"),
            ],
        )
        .await;
        assert_eq!(response.status(), 422, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(
                "This is your location&#39;s schedule: only your administrator can change it."
            ),
            "{path}: {html}"
        );
    }
    assert_eq!(writes(&me), before);
}

#[tokio::test]
async fn the_helpdesk_works_on_people_in_its_scope_only() {
    let app = crate::roles::spawn(vec![]).await;
    let helpdesk = Signed::with(app, SCOPED_HELPDESK_EMAIL).await;
    let liam = helpdesk.app.sim.person_id_by_email(IN_A_EMAIL).unwrap();
    let path = format!("/hx/people/{}/{CARD}", encode(&liam));
    let html = helpdesk
        .app
        .get_hx(&helpdesk.browser, &path)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Add a schedule"), "{html}");
    assert!(html.contains("name=\"ticket\""), "{html}");
    let response = helpdesk
        .app
        .put_hx(
            &helpdesk.browser,
            &path,
            &[
                ("fingerprint", &fp(&html)),
                ("name", "Christmas"),
                ("schedule_type", "holidays"),
                ("event_name", "Christmas Eve"),
                ("start_date", "2026-12-24"),
                ("all_day", "on"),
                ("ticket", "INC-15"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let list = helpdesk.app.sim.person_setting(&liam, "schedules").unwrap();
    assert_eq!(list["schedules"][0]["name"], "Christmas");
    let entry = &helpdesk
        .app
        .state
        .store
        .list_audit(&calling_portal::store::AuditFilter {
            target_person_id: Some(liam.clone()),
            ..Default::default()
        })
        .await
        .unwrap()[0];
    assert_eq!(entry.ticket.as_deref(), Some("INC-15"));
    assert_eq!(entry.actor_person_id, helpdesk.person_id);

    // Olivia is in Chicago, outside this helpdesk's scope: refused before Webex.
    let olivia = helpdesk.app.sim.person_id_by_email(IN_B_EMAIL).unwrap();
    let path = format!("/hx/people/{}/{CARD}", encode(&olivia));
    let before = writes(&helpdesk);
    let response = helpdesk.app.get_hx(&helpdesk.browser, &path).await;
    assert!(matches!(response.status().as_u16(), 403 | 404));
    let response = helpdesk
        .app
        .put_hx(
            &helpdesk.browser,
            &path,
            &[
                ("fingerprint", "x"),
                ("name", "Christmas"),
                ("schedule_type", "holidays"),
                ("event_name", "Christmas Eve"),
                ("start_date", "2026-12-24"),
                ("all_day", "on"),
            ],
        )
        .await;
    assert!(matches!(response.status().as_u16(), 403 | 404));
    assert_eq!(writes(&helpdesk), before);
}

#[tokio::test]
async fn undo_puts_a_deleted_schedule_back_with_its_events() {
    let me = Signed::employee().await;
    let (html, fingerprint) = me.load(CARD).await;
    assert!(html.contains("Company holidays"), "{html}");
    let holidays = named(&me, "Company holidays").unwrap();
    let id = holidays["id"].as_str().unwrap().to_owned();
    let response = post(
        &me,
        &format!("holidays/{}/delete", encode(&id)),
        &[("fingerprint", &fingerprint), ("name", "Company holidays")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(named(&me, "Company holidays").is_none());
    let entry = me.audit().await[0].id;
    let response = me
        .app
        .post_hx(&me.browser, &format!("/hx/audit/{entry}/undo"), &[])
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let back = named(&me, "Company holidays").expect("recreated");
    assert_eq!(back["type"], "holidays");
    let names: Vec<_> = back["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(names, ["Winter break", "New Year"]);
    assert_eq!(back["events"][0]["endDate"], "2026-12-26");
    // The person's history says what changed, in the card's words.
    let history = me
        .app
        .get_hx(&me.browser, &me.path("history"))
        .await
        .text()
        .await
        .unwrap();
    assert!(history.contains("My schedules"), "{history}");
}
