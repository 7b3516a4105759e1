//! Languages: German and French beside English, picked by the user, the browser or the default;
//! dates in the viewer's time zone; the picker; notices in the recipient's language.

mod in_browser;
mod pseudo;

use calling_portal::simulator::seed;
use reqwest::{StatusCode, header};
use serde_json::json;

use crate::support::{
    TestApp, TestOptions,
    app::{Browser, location},
};

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The portal with the role map of the roles tests (helpdesk and admin groups).
async fn spawn(extra: Vec<(&'static str, String)>) -> TestApp {
    let mut env = vec![("PORTAL_ROLE_MAP", crate::roles::role_map())];
    env.extend(extra);
    TestApp::spawn_with(TestOptions {
        env,
        ..TestOptions::default()
    })
    .await
}

/// A browser that asks for `accept_language`, signed in as `email`, in Berlin's time zone.
async fn sign_in_speaking(app: &TestApp, accept_language: &str, email: &str) -> Browser {
    let browser = app.client_speaking(accept_language);
    browser.set_cookie("portal_tz=Europe%2FBerlin");
    let landed = app.sign_in(&browser, email, None).await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    browser
}

/// A page's HTML, after checking it says its language everywhere it should.
async fn page_in(app: &TestApp, browser: &Browser, path: &str, lang: &str) -> String {
    let response = app.get(browser, path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    assert_eq!(
        response.headers()[header::CONTENT_LANGUAGE],
        lang,
        "Content-Language of {path}"
    );
    let vary: Vec<String> = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
        .collect();
    assert!(
        vary.iter().any(|v| v.contains("accept-language")),
        "Vary of {path}: {vary:?}"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "lang of {path}"
    );
    html
}

async fn fragment(app: &TestApp, browser: &Browser, path: &str) -> String {
    let response = app.get_hx(browser, path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.text().await.unwrap()
}

fn contains_all(html: &str, what: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(html.contains(w), "{what} lacks {w:?}: {html}");
    }
}

fn fingerprint(html: &str) -> String {
    let at = html
        .find("name=\"fingerprint\"")
        .expect("a fingerprint field");
    let rest = &html[at..];
    let v = rest.find("value=\"").unwrap() + 7;
    rest[v..v + rest[v..].find('"').unwrap()].to_owned()
}

struct Expect {
    lang: &'static str,
    me: &'static [&'static str],
    invalid: &'static [&'static str],
    conflict: &'static [&'static str],
    /// A PIN against the org's rules.
    pin: &'static [&'static str],
    summary: &'static [&'static str],
    helpdesk: &'static [&'static str],
    audit: &'static [&'static str],
    admin: &'static [&'static str],
    csv_header: &'static str,
}

const GERMAN: Expect = Expect {
    lang: "de",
    me: &[
        "Was mit meinen Anrufen passiert",
        "Anrufweiterleitung",
        "Nicht stören",
        "Anklopfen",
        "Voicemail",
        "Letzte Änderungen",
        "Durchwahl",
        "Abmelden",
    ],
    invalid: &[
        "Nichts gespeichert: Bitte korrigieren Sie die markierten Felder.",
        "„my mobile“ ist weder eine Rufnummer noch eine Durchwahl.",
        "Wählen Sie zwischen 2 und 15 Klingeltönen.",
    ],
    conflict: &[
        "An anderer Stelle geändert, nichts gespeichert",
        "Was Sie speichern wollten",
    ],
    pin: &[
        "Diese PIN kann nicht verwendet werden. Es wurde nichts geändert:",
        "Verwenden Sie mindestens 6 Ziffern.",
    ],
    summary: &["Alle Anrufe werden an 2002 weitergeleitet."],
    helpdesk: &[
        "Benutzer suchen",
        "Vor- oder Nachname, E-Mail, Durchwahl oder Rufnummer",
    ],
    audit: &[
        "Änderungsprotokoll",
        "Geändert von",
        "Anrufweiterleitung",
        "Änderung",
        "Gespeichert",
        "CSV herunterladen",
    ],
    admin: &[
        "Token der Service-App",
        "Berechtigungen je Funktion",
        "Alle abmelden",
        "Zugriffstoken läuft ab",
    ],
    csv_header: "ID,Zeitpunkt,Geändert von,",
};

const FRENCH: Expect = Expect {
    lang: "fr",
    me: &[
        "Ce que deviennent mes appels",
        "Renvoi d&#39;appel",
        "Ne pas déranger",
        "Appel en attente",
        "Messagerie vocale",
        "Modifications récentes",
        "Poste",
        "Se déconnecter",
    ],
    invalid: &[
        "Rien n&#39;a été enregistré",
        "n&#39;est ni un numéro de téléphone ni un poste.",
        "Choisissez entre 2 et 15 sonneries.",
    ],
    conflict: &[
        "Modifié ailleurs, rien n&#39;a été enregistré",
        "Ce que vous avez essayé d&#39;enregistrer",
    ],
    pin: &[
        "Ce code PIN ne peut pas être utilisé. Rien n&#39;a été modifié",
        "Utilisez au moins 6 chiffres.",
    ],
    summary: &["Tous les appels sont renvoyés vers le 2002."],
    helpdesk: &["Rechercher un utilisateur", "Prénom ou nom, e-mail, poste"],
    audit: &[
        "Journal des modifications",
        "Modifié par",
        "Renvoi d&#39;appel",
        "Modification",
        "Enregistré",
        "Télécharger le CSV",
    ],
    admin: &[
        "Jeton de l&#39;application de service",
        "Autorisations par fonction",
        "Déconnecter tout le monde",
    ],
    csv_header: "Identifiant,Date,Modifié par,",
};

/// Everything an employee and an admin see, in the browser's language.
async fn whole_portal_in(expect: &Expect, accept_language: &str) {
    let app = spawn(vec![]).await;
    let me = sign_in_speaking(&app, accept_language, seed::ADMIN_EMAIL).await;
    let id = app.sim.person_id_by_email(seed::ADMIN_EMAIL).unwrap();
    let base = format!("/hx/people/{}", enc(&id));
    let lang = expect.lang;

    let html = page_in(&app, &me, "/me", lang).await;
    contains_all(&html, "/me", expect.me);
    let (fwd, _) = (fragment(&app, &me, &format!("{base}/forwarding")).await, ());
    let fp = fingerprint(&fwd);

    // A validation error, each field's message in the language.
    let response = app
        .put_hx(
            &me,
            &format!("{base}/forwarding"),
            &[
                ("fingerprint", fp.as_str()),
                ("busy_enabled", "on"),
                ("busy_destination", "my mobile"),
                ("no_answer_rings", "30"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], lang);
    contains_all(
        &response.text().await.unwrap(),
        "the invalid save",
        expect.invalid,
    );

    // Each PIN rule broken, in the language.
    let response = app
        .post_hx(
            &me,
            &format!("{base}/voicemail/pin"),
            &[("pin", "12"), ("pin_confirm", "12")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    contains_all(
        &response.text().await.unwrap(),
        "the refused PIN",
        expect.pin,
    );

    // A save, then the summary and history in the language, with a local date.
    let response = app
        .put_hx(
            &me,
            &format!("{base}/forwarding"),
            &[
                ("fingerprint", fp.as_str()),
                ("always_enabled", "on"),
                ("always_destination", "2002"),
                ("no_answer_rings", "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    contains_all(
        &fragment(&app, &me, &format!("{base}/summary")).await,
        "the summary",
        expect.summary,
    );
    let history = fragment(&app, &me, &format!("{base}/history")).await;
    let zone = if history.contains(" CET") {
        "CET"
    } else {
        "CEST"
    };
    assert!(history.contains(zone), "a Berlin time: {history}");
    assert!(!history.contains("UTC"), "{history}");

    // The conflict view: changed in Webex after the card was loaded.
    let (card, fp) = {
        let html = fragment(&app, &me, &format!("{base}/forwarding")).await;
        let fp = fingerprint(&html);
        (html, fp)
    };
    assert!(!card.is_empty());
    app.sim.set_person_setting(
        &id,
        "callForwarding",
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "+16175550123"}}}),
    );
    let response = app
        .put_hx(
            &me,
            &format!("{base}/forwarding"),
            &[
                ("fingerprint", fp.as_str()),
                ("always_enabled", "on"),
                ("always_destination", "2003"),
                ("no_answer_rings", "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    contains_all(
        &response.text().await.unwrap(),
        "the conflict",
        expect.conflict,
    );

    contains_all(
        &page_in(&app, &me, "/helpdesk", lang).await,
        "/helpdesk",
        expect.helpdesk,
    );
    let audit = page_in(&app, &me, "/audit", lang).await;
    contains_all(&audit, "/audit", expect.audit);
    assert!(
        audit.contains(&format!(" {zone}</time>")),
        "/audit dates are Berlin's: {audit}"
    );
    contains_all(
        &page_in(&app, &me, "/admin", lang).await,
        "/admin",
        expect.admin,
    );
    let csv = app.get(&me, "/audit.csv").await.text().await.unwrap();
    assert!(csv.starts_with(expect.csv_header), "{csv}");

    // Error pages too.
    let response = app.get(&me, "/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], lang);
}

#[tokio::test]
async fn german_browsers_get_the_whole_portal_in_german() {
    whole_portal_in(&GERMAN, "de-DE,de;q=0.9,en;q=0.5").await;
}

#[tokio::test]
async fn french_browsers_get_the_whole_portal_in_french() {
    // Not sorted by quality: French wins on q, not on position.
    whole_portal_in(&FRENCH, "en;q=0.2, fr-CH;q=0.9").await;
}

#[tokio::test]
async fn the_picker_sticks_across_sign_out_and_sign_in() {
    let app = spawn(vec![]).await;
    let browser = sign_in_speaking(&app, "en-US", seed::EMPLOYEE_EMAIL).await;
    page_in(&app, &browser, "/me", "en").await;

    let picked = browser
        .post(app.url("/language"))
        .header("Origin", &app.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .header(header::REFERER, app.url("/audit?feature=x"))
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(picked.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&picked), "/audit?feature=x", "back where it was");
    let cookie = picked.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("portal_lang=fr;")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    page_in(&app, &browser, "/me", "fr").await;
    // The session's pick wins over a cookie that says otherwise.
    browser.set_cookie("portal_lang=de");
    page_in(&app, &browser, "/me", "fr").await;
    browser.set_cookie("portal_lang=fr");

    // Sign out (the session is gone) and in again: still French, from the cookie.
    let out = app.post_form(&browser, "/logout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let start = page_in(&app, &browser, "/", "fr").await;
    assert!(start.contains("Se connecter avec Webex"), "{start}");
    let landed = app.sign_in(&browser, seed::EMPLOYEE_EMAIL, None).await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    let me = page_in(&app, &browser, "/me", "fr").await;
    assert!(me.contains("Renvoi d&#39;appel"));
}

#[tokio::test]
async fn the_picker_redirects_only_to_this_portal_and_refuses_cross_site_posts() {
    let app = spawn(vec![]).await;
    let browser = app.client();
    let pick = |referer: &'static str| {
        browser
            .post(app.url("/language"))
            .header("Origin", &app.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .header(header::REFERER, referer)
            .form(&[("lang", "de")])
            .send()
    };
    for referer in [
        "https://evil.example/phish",
        "javascript:alert(1)",
        "not a url",
    ] {
        let r = pick(referer).await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{referer}");
        assert_eq!(location(&r), "/", "{referer}");
    }
    // A path that a browser would read as another host.
    let r = browser
        .post(app.url("/language"))
        .header("Origin", &app.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .header(header::REFERER, app.url("//evil.example/x"))
        .form(&[("lang", "de")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/");

    // Cross-site: refused like every other POST, and nothing set.
    let r = browser
        .post(app.url("/language"))
        .header("Origin", "https://evil.example")
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get(header::SET_COOKIE).is_none());

    // An unknown language is a bad request with a page, not a crash; the pseudo-locale is not
    // offered when the configuration does not turn it on.
    for lang in ["xx", "x-pseudo", ""] {
        let r = app
            .post_form(&browser, "/language", &[("lang", lang)])
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{lang}");
    }
    let r = app
        .get(&app.client_speaking("x-pseudo"), "/")
        .await
        .text()
        .await
        .unwrap();
    assert!(r.contains("<html lang=\"en\">"), "{r}");
}

#[tokio::test]
async fn the_default_language_is_configurable() {
    let app = spawn(vec![("PORTAL_DEFAULT_LANGUAGE", "de".into())]).await;
    for accept in ["", "xx-YY, zz;q=0.5", "en;q=0"] {
        let browser = app.client_speaking(accept);
        let html = page_in(&app, &browser, "/", "de").await;
        assert!(html.contains("Mit Webex anmelden"), "{accept}: {html}");
    }
    // A browser that asks for English still gets it.
    page_in(&app, &app.client_speaking("en-GB"), "/", "en").await;
    // Error pages follow the same rule.
    let r = app.get(&app.client(), "/nothing-here").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("Seite nicht gefunden"));
}

#[tokio::test]
async fn change_notices_speak_the_recipients_language() {
    let app = spawn(vec![
        ("PORTAL_NOTIFY_ON_HELPDESK_CHANGE", "true".into()),
        ("PORTAL_NOTIFY_BOT_TOKEN", seed::BOT_TOKEN.into()),
    ])
    .await;
    // Liam last used the portal in German; Olivia never signed in (the default, English).
    sign_in_speaking(&app, "de", crate::roles::IN_A_EMAIL).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    for email in [crate::roles::IN_A_EMAIL, crate::roles::IN_B_EMAIL] {
        let id = app.sim.person_id_by_email(email).unwrap();
        let r = app
            .post_hx(
                &henry,
                &format!("/hx/people/{}/voicemail/pin/reset", enc(&id)),
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let mut sent = Vec::new();
    for _ in 0..50 {
        sent = app.sim.messages();
        if sent.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sent.len(), 2, "{sent:?}");
    let to = |email: &str| {
        let id = app.sim.person_id_by_email(email).unwrap();
        sent.iter()
            .find(|m| m["toPersonId"] == id.as_str())
            .unwrap()["markdown"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        to(crate::roles::IN_A_EMAIL),
        "**Henry Hughes** vom Helpdesk hat Ihre Einstellungen für **Voicemail-PIN** im Telefonie-Portal geändert."
    );
    assert!(
        to(crate::roles::IN_B_EMAIL).contains("from the helpdesk changed your **voicemail PIN**")
    );
}
