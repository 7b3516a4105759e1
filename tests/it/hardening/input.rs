//! Extreme and malformed request input: an answer that says what was wrong, never a panic, and
//! no Webex call made of it.

use calling_portal::simulator::seed;
use reqwest::StatusCode;

use crate::{
    roles::spawn,
    support::{TestApp, app::Browser},
};

/// The status of a GET of `path` exactly as written: clients (reqwest included) resolve `..` and
/// `%2e%2e` before sending, an attacker's need not.
async fn raw_status(app: &TestApp, browser: &Browser, path: &str) -> u16 {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let cookie = browser.session_cookie().expect("signed in");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nCookie: portal_sid={cookie}\r\nHX-Request: true\r\n\
         Connection: close\r\n\r\n",
        app.addr
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    let reply = String::from_utf8_lossy(&reply);
    reply
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {reply}"))
}

#[tokio::test]
async fn audit_filters_at_the_ends_of_the_calendar_and_of_i64_answer_plainly() {
    let app = spawn(vec![]).await;
    let amara = app.login_as(seed::ADMIN_EMAIL).await;
    for path in [
        "/audit?to=9999-12-31",
        "/audit.csv?to=9999-12-31",
        "/hx/audit?to=9999-12-31",
        "/audit?from=0000-01-01&to=9999-12-31",
        "/audit?page=-9223372036854775808",
    ] {
        let response = app.get_hx(&amara, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    for path in [
        "/audit?page=9223372036854775807",
        "/audit.csv?page=9223372036854775807",
        "/audit?page=99999999999999999999",
        "/audit?to=10000-01-01",
    ] {
        let response = app.get(&amara, path).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
    }
}

#[tokio::test]
async fn helpdesk_search_pages_past_usize_answer_plainly() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let response = app
        .get_hx(&henry, "/hx/search?q=Liam&page=18446744073709551615")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_malformed_person_id_is_not_found_without_a_webex_call() {
    let app = spawn(vec![]).await;
    let henry = app.login_as(seed::HELPDESK_EMAIL).await;
    let alice = app.login_as(seed::EMPLOYEE_EMAIL).await;
    let liam = app
        .sim
        .person_id_by_email(crate::roles::IN_A_EMAIL)
        .unwrap();
    let padded = format!("{liam}=");
    let location = seed::location_id(seed::LOCATION_BOSTON_UUID);
    let calls = app.sim.total_request_count();
    for id in [
        "%2e%2e",
        "..",
        ".",
        "%2F",
        "x%2F..%2F..",
        padded.as_str(),
        location.as_str(),
        "not-an-id",
    ] {
        for path in [
            format!("/people/{id}"),
            format!("/hx/people/{id}/forwarding"),
            format!("/hx/people/{id}/summary"),
            format!("/hx/people/{id}/voicemail/pin"),
        ] {
            for who in [&henry, &alice] {
                assert_eq!(raw_status(&app, who, &path).await, 404, "{path}");
            }
        }
        let put = app
            .put_hx(
                &henry,
                &format!("/hx/people/{id}/dnd"),
                &[("enabled", "on")],
            )
            .await;
        assert_eq!(put.status(), StatusCode::NOT_FOUND, "{id}");
    }
    assert_eq!(app.sim.total_request_count(), calls, "no Webex call");
    // A well-formed id still works.
    let ok = app
        .get_hx(&henry, &format!("/hx/people/{liam}/summary"))
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
}
