//! German and French in headless Chromium: a browser that asks for the language and lives in
//! Berlin or Paris sees /me, a validation error, the conflict view, /helpdesk, /audit and /admin
//! in it, with local dates; nothing overflows at 360, 768 or 1280 px (screenshots are kept in
//! target/screenshots/); the picker switches the language and it sticks across sign-out.

use std::time::Duration;

use calling_portal::simulator::seed;
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::support::{
    TestApp,
    browser::{Browser, click, sign_in_at, text_of, type_into, wait_for, wait_for_text},
};

struct Case {
    accept_language: &'static str,
    time_zone: &'static str,
    lang: &'static str,
    forwarding: &'static str,
    summary: &'static str,
    invalid: &'static str,
    rings: &'static str,
    saved: &'static str,
    conflict: &'static str,
    helpdesk: &'static str,
    audit: &'static str,
    admin: &'static str,
}

const GERMAN: Case = Case {
    accept_language: "de-DE,de",
    time_zone: "Europe/Berlin",
    lang: "de",
    forwarding: "Anrufweiterleitung",
    summary: "Was mit meinen Anrufen passiert",
    invalid: "„my mobile“ ist weder eine Rufnummer noch eine Durchwahl.",
    rings: "Wählen Sie zwischen 2 und 15 Klingeltönen.",
    saved: "Gespeichert",
    conflict: "An anderer Stelle geändert, nichts gespeichert",
    helpdesk: "Benutzer suchen",
    audit: "Änderungsprotokoll",
    admin: "Token der Service-App",
};

const FRENCH: Case = Case {
    accept_language: "fr-FR,fr",
    time_zone: "Europe/Paris",
    lang: "fr",
    forwarding: "Renvoi d'appel",
    summary: "Ce que deviennent mes appels",
    invalid: "n'est ni un numéro de téléphone ni un poste.",
    rings: "Choisissez entre 2 et 15 sonneries.",
    saved: "Enregistré",
    conflict: "Modifié ailleurs, rien n'a été enregistré",
    helpdesk: "Rechercher un utilisateur",
    audit: "Journal des modifications",
    admin: "Jeton de l'application de service",
};

async fn cards_loaded(page: &Client) {
    for id in ["#fwd-always-enabled", "#dnd-enabled", "#cw-enabled"] {
        wait_for(page, id).await;
    }
    wait_for(page, "#summary ul.summary-lines").await;
}

async fn html_lang(page: &Client) -> String {
    page.execute("return document.documentElement.lang", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// No sideways scrolling at the window's width; a screenshot of the page is kept.
async fn fits_and_shoot(page: &Client, width: u32, name: &str) {
    page.set_window_size(width, 900).await.unwrap();
    page.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let widths = page
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, \
              Array.from(document.querySelectorAll('body *')) \
               .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1) \
               .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id).join(' ')]",
            vec![],
        )
        .await
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = page.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
    let (scroll, client) = (widths[0].as_u64().unwrap(), widths[1].as_u64().unwrap());
    assert!(
        scroll <= client,
        "{name} at {width} px scrolls sideways ({scroll} > {client}): {}",
        widths[2]
    );
}

async fn whole_portal_in(case: &Case) {
    let Some(browser) = Browser::start_speaking(case.accept_language, case.time_zone).await else {
        return;
    };
    let app = TestApp::spawn_with(crate::support::TestOptions {
        env: vec![("PORTAL_ROLE_MAP", crate::roles::role_map())],
        ..Default::default()
    })
    .await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::ADMIN_EMAIL).await;
    cards_loaded(page).await;
    assert_eq!(html_lang(page).await, case.lang);
    wait_for_text(page, "#card-forwarding h2", case.forwarding).await;
    wait_for_text(page, "#summary-heading", case.summary).await;

    // A validation error, each message in the language.
    click(page, "#fwd-busy-enabled").await;
    type_into(page, "#fwd-busy-destination", "my mobile").await;
    type_into(page, "#fwd-no-answer-rings", "30").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#fwd-busy-destination-error", case.invalid).await;
    assert_eq!(
        text_of(page, "#fwd-no-answer-rings-error").await,
        case.rings
    );

    // A save; the history shows it at local time.
    // (The destination is cleared before the rule is turned off, which hides it.)
    page.find(Locator::Css("#fwd-busy-destination"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    click(page, "#fwd-busy-enabled").await;
    type_into(page, "#fwd-no-answer-rings", "3").await;
    click(page, "#fwd-always-enabled").await;
    type_into(page, "#fwd-always-destination", "2002").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding .card-notice-ok", case.saved).await;
    wait_for_text(page, "#history", case.forwarding).await;
    let history = text_of(page, "#history").await;
    assert!(
        history.contains(" CET") || history.contains(" CEST"),
        "local time: {history}"
    );

    // The conflict view: Webex changed since the card was shown.
    let me = app.sim.person_id_by_email(seed::ADMIN_EMAIL).unwrap();
    app.sim.set_person_setting(
        &me,
        "callForwarding",
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "+16175550123"}}}),
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    type_into(page, "#fwd-always-destination", "2003").await;
    click(page, "#card-forwarding button[type=submit]").await;
    wait_for_text(page, "#card-forwarding", case.conflict).await;

    page.refresh().await.unwrap();
    cards_loaded(page).await;
    for width in [360, 768, 1280] {
        fits_and_shoot(page, width, &format!("me-{}", case.lang)).await;
    }

    for (path, heading) in [
        ("/helpdesk", case.helpdesk),
        ("/audit", case.audit),
        ("/admin", case.admin),
    ] {
        page.goto(&app.url(path)).await.unwrap();
        wait_for_text(page, "main", heading).await;
        assert_eq!(html_lang(page).await, case.lang, "{path}");
        fits_and_shoot(page, 360, &format!("{}-{}", &path[1..], case.lang)).await;
    }
    page.goto(&app.url("/audit")).await.unwrap();
    let when = text_of(page, "table.audit tbody tr td").await;
    assert!(
        when.ends_with(" CET") || when.ends_with(" CEST"),
        "local time in the audit log: {when}"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_german_browser_sees_the_portal_in_german() {
    whole_portal_in(&GERMAN).await;
}

#[tokio::test]
async fn a_french_browser_sees_the_portal_in_french() {
    whole_portal_in(&FRENCH).await;
}

#[tokio::test]
async fn the_picker_switches_the_language_and_it_sticks_after_signing_out() {
    let Some(browser) = Browser::start_speaking("en-US,en", "America/New_York").await else {
        return;
    };
    let app = TestApp::spawn().await;
    let page = &browser.client;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    assert_eq!(html_lang(page).await, "en");

    click(page, ".language-picker button[value=de]").await;
    wait_for_text(page, "#summary-heading", "Was mit meinen Anrufen passiert").await;
    assert_eq!(html_lang(page).await, "de");
    assert!(page.current_url().await.unwrap().path().ends_with("/me"));
    cards_loaded(page).await;

    click(page, ".sign-out button").await;
    wait_for_text(page, "h1", "Ihre Anrufe, wie Sie es möchten").await;
    sign_in_at(page, &app.url("/me"), seed::EMPLOYEE_EMAIL).await;
    cards_loaded(page).await;
    assert_eq!(html_lang(page).await, "de");
    wait_for_text(page, "#card-forwarding h2", "Anrufweiterleitung").await;
    page.find(Locator::Css(".language-picker button[aria-current=true]"))
        .await
        .unwrap();
    browser.close().await;
}
