//! Every page and state a person meets, looked at the way a person does: in headless Chromium at
//! 360, 768 and 1280 px, with a screenshot of each under `target/screenshots/` for people to look
//! at, and checks that nothing sticks out of its card or the window and no text box is too narrow
//! to type in.

use std::{path::PathBuf, time::Duration};

use calling_portal::simulator::seed;
use fantoccini::Client;
use serde_json::json;

use crate::{
    roles::{IN_A_EMAIL, person_id, spawn},
    support::{
        TestApp,
        browser::{Browser, click, sign_in_at, type_into, wait_for, wait_for_text},
    },
};

pub const WIDTHS: [u32; 3] = [360, 768, 1280];

/// Where the screenshots go: `target/screenshots/<state>-<width>.png`.
fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What sticks out, as "<what>: <why>" lines: elements wider than the window, elements of a card
/// reaching past it, and text boxes narrower than a few characters.
const OVERFLOW: &str = "
    const out = [];
    const vw = document.documentElement.clientWidth;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const shown = (el) => { const s = getComputedStyle(el); return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0; };
    if (document.documentElement.scrollWidth > vw + 1) out.push('page: scrolls sideways (' + document.documentElement.scrollWidth + ' > ' + vw + ')');
    for (const el of document.querySelectorAll('body *')) {
        if (!shown(el)) continue;
        // Boxes that scroll on their own (wide tables) may hold wider content.
        if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (r.right > vw + 1) out.push(name(el) + ': past the window (' + Math.round(r.right) + ' > ' + vw + ')');
        const card = el.parentElement && el.parentElement.closest('.card');
        if (card) {
            const c = card.getBoundingClientRect();
            if (r.right > c.right + 1 || r.left < c.left - 1) out.push(name(el) + ': past its card');
        }
        if (el.matches('input[type=text], input[type=tel], input[type=email], input:not([type]), input[type=search], input[type=password]')) {
            const em = parseFloat(getComputedStyle(el).fontSize) || 16;
            if (r.width < 4 * em) out.push(name(el) + ': text box only ' + Math.round(r.width) + ' px wide');
        }
    }
    return out;";

/// axe-core, from the npm package pinned in tests/ux (installed by `.ci/run`); None outside CI
/// when it is not installed.
fn axe_source() -> Option<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ux/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) if crate::support::services::in_ci() => {
            panic!(
                "{} is required in CI (npm ci --prefix tests/ux): {e}",
                path.display()
            )
        }
        Err(e) => {
            eprintln!("skipping the accessibility check: {}: {e}", path.display());
            None
        }
    }
}

/// The WCAG 2.2 A and AA rules axe-core checks.
const AXE_RUN: &str = "
    const done = arguments[arguments.length - 1];
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
      .then(r => done({
          violations: r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', ')),
          incomplete: r.incomplete.map(v => v.id + ': ' + v.nodes.length + ' node(s)'),
      }))
      .catch(e => done({ violations: ['axe failed: ' + e], incomplete: [] }));";

/// axe-core's violations on the page as it is now, and what it could not decide ("incomplete",
/// printed for people to review: mostly contrast over backgrounds it cannot compute).
pub async fn accessibility(page: &Client, state: &str, axe: &str) -> Vec<String> {
    // Injected through WebDriver, which the page's CSP does not govern; the page itself stays strict.
    page.execute(axe, vec![]).await.unwrap();
    let result = page.execute_async(AXE_RUN, vec![]).await.unwrap();
    let list = |key: &str| -> Vec<String> {
        result[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    for item in list("incomplete") {
        eprintln!("axe could not decide on {state}: {item}");
    }
    list("violations")
        .into_iter()
        .map(|v| format!("{state}: {v}"))
        .collect()
}

/// Looks at the page as it is now, at every width: the overflow check, and a full-page
/// screenshot saved as `<state>-<width>.png`. Returns what was wrong, one line each.
pub async fn look(page: &Client, state: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for width in WIDTHS {
        page.set_window_size(width, 900).await.unwrap();
        tokio::time::sleep(Duration::from_millis(250)).await;
        let found = page.execute(OVERFLOW, vec![]).await.unwrap();
        for p in found.as_array().unwrap() {
            problems.push(format!("{state} at {width} px: {}", p.as_str().unwrap()));
        }
        let height = page
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 16_000);
        page.set_window_size(width, height as u32).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = page.screenshot().await.unwrap();
        std::fs::write(screenshot_dir().join(format!("{state}-{width}.png")), png).unwrap();
    }
    page.set_window_size(1280, 900).await.unwrap();
    problems
}

/// Every card of the person page has loaded.
async fn cards_loaded(page: &Client) {
    for id in [
        "#fwd-always-enabled",
        "#dnd-enabled",
        "#cw-enabled",
        "#voicemail-form",
        "#pin-new",
        "#pa-enabled",
        "#ic-enabled",
        "#card-caller-id[aria-labelledby]",
        "#card-anonymous-rejection[aria-labelledby]",
        "#barge-enabled",
        "#card-queues[aria-labelledby]",
        "#card-phones[aria-labelledby]",
        "#card-numbers[aria-labelledby]",
        "#snr-alert-all",
        "#card-selective-forward-enabled",
        "#card-selective-accept-enabled",
        "#card-selective-reject-enabled",
        "#card-simultaneous-ring-enabled",
        "#card-schedules[aria-labelledby]",
    ] {
        wait_for(page, id).await;
    }
    wait_for(page, "#summary ul, #summary p:not(:empty)").await;
}

/// The pages and states of the portal, one after the other, with `visit(page, state)` called on
/// each (the UX checks and the screenshots). Signs in as an employee, a locked-down employee, a
/// helpdesk agent and an admin.
pub async fn tour(app: &TestApp, browser: &Browser, mut visit: impl AsyncFnMut(&'static str)) {
    let page = &browser.client;
    page.goto(&app.url("/")).await.unwrap();
    wait_for(page, "h1").await;
    visit("landing").await;

    // The employee's own page, loaded.
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    visit("me").await;
    // Each of its sections (tabs), then back to the first.
    for (tab, state) in [
        ("#section-rules-tab", "me-rules"),
        ("#section-availability-tab", "me-availability"),
        ("#section-voicemail-tab", "me-voicemail"),
        ("#section-caller-id-tab", "me-caller-id"),
        ("#section-devices-tab", "me-devices"),
        ("#section-forwarding-tab", "me-forwarding"),
    ] {
        click(page, tab).await;
        visit(state).await;
    }

    // A validation error: forward all calls without a number.
    click(page, "#fwd-always-enabled").await;
    type_into(page, "#fwd-always-destination", "").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for(
        page,
        "#fwd-always_destination-error, #card-forwarding .field-error",
    )
    .await;
    visit("me-invalid").await;

    // The conflict view: DND changed elsewhere, then saved here.
    page.refresh().await.unwrap();
    cards_loaded(page).await;
    let alice = person_id(app, seed::EMPLOYEE_EMAIL);
    app.sim
        .set_person_setting(&alice, "doNotDisturb", json!({"ringSplashEnabled": true}));
    click(page, "#dnd-enabled").await;
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice", "Changed elsewhere").await;
    visit("me-conflict").await;

    // The call rules' editor, open with refusals (issue 15).
    page.refresh().await.unwrap();
    cards_loaded(page).await;
    click(page, "#card-selective-forward button[hx-get$='/criteria']").await;
    wait_for(page, "#card-selective-forward-rule-schedule").await;
    click(page, "#card-selective-forward-rule-calls-2").await;
    type_into(page, "#card-selective-forward-rule-numbers", "1234").await;
    click(
        page,
        "#card-selective-forward .rule-editor button[type=submit]",
    )
    .await;
    wait_for(page, "#card-selective-forward-rule-numbers-error").await;
    visit("me-rule-editor").await;

    // A new schedule with nothing filled in (issue 15): the messages next to the fields.
    click(page, "#sch-new-form summary").await;
    click(page, "#sch-new-form button[type=submit]").await;
    wait_for(page, "#sch-new-name-error").await;
    visit("me-schedule-invalid").await;

    // A timed change (issue 17): forward all calls until the day after tomorrow, from the
    // card's "When"; the card says when it goes back and the scheduled changes list it.
    page.refresh().await.unwrap();
    cards_loaded(page).await;
    click(page, "#fwd-always-enabled").await;
    type_into(page, "#fwd-always-destination", "+1 617 555 0142").await;
    click(page, "#card-forwarding details.timing summary").await;
    click(page, "#fwd-timing-until").await;
    let until = {
        use calling_portal::clock::Clock as _;
        let at = app.clock.now() + std::time::Duration::from_secs(2 * 86_400);
        format!(
            "{:04}-{:02}-{:02}T17:00",
            at.year(),
            u8::from(at.month()),
            at.day()
        )
    };
    page.execute(
        "document.querySelector('#fwd-until').value = arguments[0]",
        vec![json!(until)],
    )
    .await
    .unwrap();
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding .card-notice", "It goes back").await;
    wait_for_text(page, "#upcoming", "goes back to how it was").await;
    visit("me-timed").await;

    // A locked card: Frank may not change his forwarding.
    sign_out(app, page).await;
    sign_in_at(page, &app.url("/me"), seed::NO_FORWARDING_EMAIL).await;
    cards_loaded(page).await;
    visit("me-locked").await;

    // An employee opening a staff page: 403.
    page.goto(&app.url("/helpdesk")).await.unwrap();
    wait_for(page, "h1").await;
    visit("forbidden").await;
    page.goto(&app.url("/no-such-page")).await.unwrap();
    wait_for(page, "h1").await;
    visit("not-found").await;

    // The helpdesk: search results, a person's page, the audit log with rows.
    sign_out(app, page).await;
    sign_in_at(page, &app.url("/helpdesk?q=Li"), seed::HELPDESK_EMAIL).await;
    wait_for_text(page, "#search-results", "Liam Baker").await;
    visit("helpdesk").await;
    let liam = person_id(app, IN_A_EMAIL);
    let liam_url = app.url(&format!(
        "/people/{}",
        url::form_urlencoded::byte_serialize(liam.as_bytes()).collect::<String>()
    ));
    page.goto(&liam_url).await.unwrap();
    cards_loaded(page).await;
    visit("person").await;
    click(page, "#dnd-enabled").await;
    click(page, "#card-dnd button[type=submit]").await;
    wait_for_text(page, "#card-dnd .card-notice-ok", "Saved").await;
    page.goto(&app.url("/audit")).await.unwrap();
    wait_for(page, "table.audit tbody tr").await;
    visit("audit").await;

    // A bulk change (issue 18): the form refused, then Boston's DND previewed, applied (its
    // progress while it runs) and reported.
    bulk_change(app, page, &mut visit).await;

    // The admin page.
    sign_out(app, page).await;
    sign_in_at(page, &app.url("/admin"), seed::ADMIN_EMAIL).await;
    wait_for_text(page, "main", "Service app token").await;
    visit("admin").await;
}

/// The bulk change's states, as a helpdesk agent goes through them in the browser.
async fn bulk_change(app: &TestApp, page: &Client, visit: &mut impl AsyncFnMut(&'static str)) {
    let run = async || {
        use calling_portal::clock::Clock as _;
        app.state
            .jobs
            .run_due(&app.state, app.clock.now())
            .await
            .unwrap()
    };
    page.goto(&app.url("/bulk")).await.unwrap();
    wait_for(page, "#bulk-heading").await;
    visit("bulk").await;
    // Nothing chosen: the form says what is missing and keeps what was typed.
    type_into(page, "#bulk-ticket", "CHG-42").await;
    click(page, ".bulk-form button[type=submit]").await;
    wait_for(page, "#bulk-errors").await;
    assert_eq!(
        crate::support::browser::value_of(page, "#bulk-ticket").await,
        "CHG-42"
    );
    visit("bulk-invalid").await;
    page.execute(
        "document.querySelector('#bulk-location').value = arguments[0]",
        vec![json!(seed::location_id(seed::LOCATION_BOSTON_UUID))],
    )
    .await
    .unwrap();
    page.execute(
        "const s = document.querySelector('#bulk-feature'); s.value = 'dnd'; s.dispatchEvent(new Event('change', {bubbles: true}))",
        vec![],
    )
    .await
    .unwrap();
    wait_for(page, "#bulk-set\\.enabled").await;
    page.execute(
        "document.getElementById('bulk-set.enabled').value = 'on'",
        vec![],
    )
    .await
    .unwrap();
    visit("bulk-chosen").await;
    click(page, ".bulk-form button[type=submit]").await;
    wait_for(page, "#bulk-status").await;
    // The preview: the runner reads everyone; the page reloads its status by itself.
    run().await;
    wait_for_text(page, "#bulk-phase", "Preview").await;
    wait_for_text(page, "#bulk-status", "Will change").await;
    visit("bulk-preview").await;
    // Apply (confirmed), then its progress before the runner gets to it, then the report.
    page.execute("window.confirm = () => true", vec![])
        .await
        .unwrap();
    click(page, ".bulk-actions button").await;
    wait_for_text(page, "#bulk-phase", "Applying").await;
    wait_for(page, "#bulk-progress-bar").await;
    visit("bulk-progress").await;
    run().await;
    wait_for_text(page, "#bulk-phase", "Applied").await;
    wait_for_text(page, "#bulk-status", "Changed").await;
    wait_for(page, ".bulk-actions a[href$='report.csv']").await;
    visit("bulk-report").await;
}

async fn sign_out(app: &TestApp, page: &Client) {
    page.goto(&app.url("/me")).await.unwrap();
    wait_for(page, ".sign-out button").await;
    click(page, ".sign-out button").await;
    page.delete_all_cookies().await.unwrap();
}

/// Every state: no WCAG 2.2 AA violation that axe-core finds, nothing past its card or the
/// window at any width, and a screenshot of each.
#[tokio::test]
async fn every_page_is_accessible_fits_every_width_and_is_photographed() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // The tour runs on a frozen clock, so the Webex call budget's minute never ends: room for
    // the whole tour (the budget itself is tested in `fairness`).
    let app = spawn(vec![
        ("WEBEX_CALL_BUDGET_PER_MINUTE", "100000".into()),
        ("WEBEX_CALL_BUDGET_PER_USER_PER_MINUTE", "100000".into()),
    ])
    .await;
    let axe = axe_source();
    let mut problems = Vec::new();
    let page = browser.client.clone();
    tour(&app, &browser, async |state| {
        if let Some(axe) = &axe {
            problems.extend(accessibility(&page, state, axe).await);
        }
        problems.extend(look(&page, state).await);
    })
    .await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    browser.close().await;
}
