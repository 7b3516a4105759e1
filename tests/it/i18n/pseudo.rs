//! The pseudo-locale: every page and state rendered with `x-pseudo`, whose every message is
//! wrapped in ⟦…⟧. Any visible text outside the markers that is not data (marked
//! `translate="no"` in the templates) or digits and punctuation did not come from the catalogue.

use calling_portal::simulator::{FaultRule, seed};
use reqwest::StatusCode;
use serde_json::json;

use super::{enc, fingerprint};
use crate::support::{TestApp, TestOptions, app::Browser};

const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// Elements whose content is machine text (scopes, ids, JSON), never prose to translate.
const MACHINE: [&str; 1] = ["code"];
/// Elements whose content is never visible text.
const HIDDEN: [&str; 4] = ["script", "style", "head", "template"];
/// Elements without an end tag.
const VOID: [&str; 9] = [
    "input", "br", "img", "meta", "link", "hr", "source", "wbr", "col",
];
/// Attributes people see or hear.
const SHOWN_ATTRIBUTES: [&str; 4] = ["title", "placeholder", "aria-label", "alt"];

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// What is left of `text` outside the markers, when that has letters in it.
fn stray(text: &str) -> Option<String> {
    let text = decode(text);
    let mut depth = 0usize;
    let mut left = String::new();
    for c in text.chars() {
        match c {
            OPEN => depth += 1,
            CLOSE => depth = depth.saturating_sub(1),
            c if depth == 0 => left.push(c),
            _ => {}
        }
    }
    left.chars()
        .any(char::is_alphabetic)
        .then(|| left.trim().to_owned())
}

/// One tag: its name (lowercase, `/name` for an end tag), its attributes, self-closing.
fn parse_tag(tag: &str) -> (String, Vec<(String, String)>, bool) {
    let self_closing = tag.ends_with('/');
    let tag = tag.trim_end_matches('/');
    let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let name = tag[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = &tag[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            rest = tail;
        }
        attrs.push((key, value));
    }
    (name, attrs, self_closing)
}

/// Every visible text (text nodes and shown attributes) of `html` that is not from the
/// catalogue, skipping elements marked `translate="no"` (data: names, numbers, ids).
fn strays(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The stack of open elements, each with whether it (or an ancestor) is skipped.
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let skipped = stack.last().is_some_and(|(_, s)| *s);
        let Some(lt) = rest.find('<') else {
            if !skipped && let Some(s) = stray(rest) {
                out.push(s);
            }
            break;
        };
        if !skipped && let Some(s) = stray(&rest[..lt]) {
            out.push(s);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |i| &comment[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        // A tag's end: the first `>` outside quotes.
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let (name, attrs, self_closing) = parse_tag(&rest[1..end]);
        rest = rest.get(end + 1..).unwrap_or("");
        if let Some(closing) = name.strip_prefix('/') {
            if let Some(at) = stack.iter().rposition(|(n, _)| n == closing) {
                stack.truncate(at);
            }
            continue;
        }
        // `translate` inherits; `translate="yes"` inside a "no" is prose again (HTML's rule).
        let translate = attrs
            .iter()
            .find(|(k, _)| k == "translate")
            .map(|(_, v)| v.as_str());
        let this_skipped = HIDDEN.contains(&name.as_str())
            || MACHINE.contains(&name.as_str())
            || attrs.iter().any(|(k, _)| k == "hidden")
            || match translate {
                Some("no") => true,
                Some("yes") => false,
                _ => skipped,
            };
        if !this_skipped {
            for (k, v) in &attrs {
                if SHOWN_ATTRIBUTES.contains(&k.as_str())
                    && let Some(s) = stray(v)
                {
                    out.push(format!("{k}=\"{s}\""));
                }
            }
        }
        if HIDDEN.contains(&name.as_str()) && name != "head" {
            // Raw text: skip to the end tag.
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
        }
        if !VOID.contains(&name.as_str()) && !self_closing {
            stack.push((name, this_skipped));
        }
    }
    out
}

#[test]
fn the_walker_finds_stray_text_and_skips_data() {
    let html = r#"<html><head><title>x</title></head><body>
        <h1>⟦Hello⟧</h1><p>Stray words</p><p translate="no">Alice <b>Anderson</b></p>
        <input placeholder="Type here" value="data"><script>var x = "y";</script>
        <p>⟦Rings: ⟦3⟧⟧ 12:30 · —</p><p>⟦a⟧ and ⟦b⟧</p><!-- a comment -->
        <dl translate="no"><dt translate="yes">Label</dt><dd>data</dd></dl><code>x:y</code></body></html>"#;
    assert_eq!(
        strays(html),
        vec![
            "Stray words".to_owned(),
            "placeholder=\"Type here\"".to_owned(),
            "and".to_owned(),
            "Label".to_owned()
        ]
    );
}

struct Pages {
    app: TestApp,
    browser: Browser,
    found: Vec<String>,
}

impl Pages {
    fn check(&mut self, what: &str, html: &str) {
        assert!(
            html.contains("⟦"),
            "{what} is not in the pseudo-locale: {html}"
        );
        for s in strays(html) {
            self.found.push(format!("{what}: {s}"));
        }
    }

    async fn page(&mut self, path: &str, status: StatusCode) {
        let r = self.app.get(&self.browser, path).await;
        assert_eq!(r.status(), status, "GET {path}");
        let html = r.text().await.unwrap();
        self.check(path, &html);
    }

    async fn fragment(&mut self, path: &str, status: StatusCode) -> String {
        let r = self.app.get_hx(&self.browser, path).await;
        assert_eq!(r.status(), status, "GET {path}");
        let html = r.text().await.unwrap();
        self.check(path, &html);
        html
    }

    async fn put(&mut self, what: &str, path: &str, form: &[(&str, &str)], status: StatusCode) {
        let r = self.app.put_hx(&self.browser, path, form).await;
        assert_eq!(r.status(), status, "{what}");
        let html = r.text().await.unwrap();
        self.check(what, &html);
    }

    async fn post(&mut self, what: &str, path: &str, form: &[(&str, &str)], status: StatusCode) {
        let r = self.app.post_hx(&self.browser, path, form).await;
        assert_eq!(r.status(), status, "{what}");
        let html = r.text().await.unwrap();
        self.check(what, &html);
    }
}

#[tokio::test]
async fn every_page_and_state_shows_only_catalogue_text() {
    let app = TestApp::spawn_with(TestOptions {
        env: vec![("PORTAL_ROLE_MAP", crate::roles::role_map())],
        pseudo_locale: true,
        ..TestOptions::default()
    })
    .await;
    // Signed out: the start page and an error page.
    let anonymous = app.client_speaking("x-pseudo");
    let mut pages = Pages {
        browser: anonymous,
        app,
        found: Vec::new(),
    };
    pages.page("/", StatusCode::OK).await;
    pages.page("/nowhere", StatusCode::NOT_FOUND).await;

    let browser = pages.app.client_speaking("x-pseudo");
    let landed = pages.app.sign_in(&browser, seed::ADMIN_EMAIL, None).await;
    assert_eq!(landed.status(), StatusCode::SEE_OTHER);
    pages.browser = browser;
    let me = pages.app.sim.person_id_by_email(seed::ADMIN_EMAIL).unwrap();
    let liam = pages
        .app
        .sim
        .person_id_by_email(crate::roles::IN_A_EMAIL)
        .unwrap();
    let base = format!("/hx/people/{}", enc(&me));

    for path in ["/me", "/helpdesk", "/helpdesk?q=li", "/helpdesk?q=z"] {
        pages.page(path, StatusCode::OK).await;
    }
    pages
        .page(&format!("/people/{}", enc(&liam)), StatusCode::OK)
        .await;
    // Every card of the registry, the summary and the history.
    let segments = calling_portal::features::Feature::ALL.map(|f| f.segment());
    for part in segments.iter().chain(&["summary", "history"]) {
        pages
            .fragment(&format!("{base}/{part}"), StatusCode::OK)
            .await;
    }
    pages.fragment("/hx/search?q=l", StatusCode::OK).await;
    pages.fragment("/hx/search?q=5", StatusCode::OK).await;

    // Forwarding: invalid, nothing changed, saved, conflict.
    let card = pages
        .fragment(&format!("{base}/forwarding"), StatusCode::OK)
        .await;
    let fp = fingerprint(&card);
    let path = format!("{base}/forwarding");
    pages
        .put(
            "invalid forwarding",
            &path,
            &[
                ("fingerprint", &fp),
                ("busy_enabled", "on"),
                ("busy_destination", "my mobile"),
                ("no_answer_rings", "30"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    pages
        .put(
            "forwarding destination missing",
            &path,
            &[
                ("fingerprint", &fp),
                ("always_enabled", "on"),
                ("no_answer_rings", "x"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    pages
        .put(
            "saved forwarding",
            &path,
            &[
                ("fingerprint", &fp),
                ("always_enabled", "on"),
                ("always_destination", "2002"),
                ("no_answer_rings", "3"),
            ],
            StatusCode::OK,
        )
        .await;
    let card = pages.fragment(&path, StatusCode::OK).await;
    let fp = fingerprint(&card);
    pages
        .put(
            "unchanged forwarding",
            &path,
            &[
                ("fingerprint", &fp),
                ("always_enabled", "on"),
                ("always_destination", "2002"),
                ("no_answer_rings", "3"),
            ],
            StatusCode::OK,
        )
        .await;
    pages.app.sim.set_person_setting(
        &me,
        "callForwarding",
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "+16175550123"}}}),
    );
    pages
        .put(
            "conflicting forwarding",
            &path,
            &[
                ("fingerprint", &fp),
                ("always_enabled", "on"),
                ("always_destination", "2003"),
                ("no_answer_rings", "3"),
            ],
            StatusCode::CONFLICT,
        )
        .await;
    // The summary with its warnings now (forward-always hides the busy rule), and the history.
    pages
        .fragment(&format!("{base}/summary"), StatusCode::OK)
        .await;
    pages
        .fragment(&format!("{base}/history"), StatusCode::OK)
        .await;

    // A PIN that breaks the rules, each rule's message.
    pages
        .post(
            "bad PIN",
            &format!("{base}/voicemail/pin"),
            &[("pin", "1111"), ("pin_confirm", "1111")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    pages
        .post(
            "PIN mismatch",
            &format!("{base}/voicemail/pin"),
            &[("pin", "739164"), ("pin_confirm", "739165")],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    // Staff actions on someone else.
    pages
        .post(
            "PIN reset",
            &format!("/hx/people/{}/voicemail/pin/reset", enc(&liam)),
            &[],
            StatusCode::OK,
        )
        .await;

    // Staff pages, and the audit table's fragment.
    for path in ["/audit", "/admin"] {
        pages.page(path, StatusCode::OK).await;
    }
    pages
        .fragment("/hx/audit?feature=call_forwarding", StatusCode::OK)
        .await;

    // A Webex failure: the card says so, and a failed fragment is a toast.
    // (Someone whose card was not read yet: reads are shared for a moment.)
    pages.app.sim.faults().add(FaultRule {
        path: Some("/v1/people/{personId}/features/doNotDisturb".into()),
        fail_next: 20,
        ..FaultRule::default()
    });
    let unavailable = pages
        .fragment(
            &format!("/hx/people/{}/dnd", enc(&liam)),
            StatusCode::BAD_GATEWAY,
        )
        .await;
    assert!(
        unavailable.contains(&format!("⟦{}⟧", calling_portal::i18n::EN.card_unavailable)),
        "{unavailable}"
    );
    pages.app.sim.faults().clear();
    // Webex down while authorizing: a toast.
    pages.app.sim.faults().fail_next(20);
    let olivia = pages
        .app
        .sim
        .person_id_by_email(crate::roles::IN_B_EMAIL)
        .unwrap();
    pages
        .fragment(
            &format!("/hx/people/{}/dnd", enc(&olivia)),
            StatusCode::BAD_GATEWAY,
        )
        .await;
    pages.app.sim.faults().clear();
    pages
        .fragment("/hx/people/nobody/forwarding", StatusCode::NOT_FOUND)
        .await;

    assert!(
        pages.found.is_empty(),
        "text not from the catalogue:\n{}",
        pages.found.join("\n")
    );
}
