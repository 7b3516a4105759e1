//! `--seed FILE`: a JSON seed replaces the built-in org; a malformed one is refused with a message
//! that names the bad entry.

use std::path::PathBuf;

use calling_portal::simulator::{self, SimulatorOptions, seed::Seed};
use serde_json::{Value, json};

use super::{browser, start_with, url};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/seeds/example-org.json");

fn example() -> Value {
    serde_json::from_str(&std::fs::read_to_string(EXAMPLE).unwrap()).unwrap()
}

fn write_temp(content: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "{}.json",
        crate::support::services::unique_name("sim_seed")
    ));
    std::fs::write(&path, content).unwrap();
    path
}

#[tokio::test]
async fn the_example_seed_file_replaces_the_builtin_org() {
    let seed = Seed::from_file(std::path::Path::new(EXAMPLE)).unwrap();
    let sim = start_with(SimulatorOptions {
        seed,
        ..SimulatorOptions::default()
    })
    .await;
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .basic_auth("example-service-app", Some("example-service-app-secret"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "example-refresh-token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token: Value = res.json().await.unwrap();
    let token = token["access_token"].as_str().unwrap();
    let people: Value = reqwest::Client::new()
        .get(url(&sim, "/people?callingData=true"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(people["items"].as_array().unwrap().len(), 3);
    let erika = sim.person_id_by_email("erika.muster@example.com").unwrap();
    let fwd = sim.person_setting(&erika, "callForwarding").unwrap();
    assert_eq!(fwd["callForwarding"]["busy"]["destination"], "202");
    assert_eq!(
        fwd["callForwarding"]["noAnswer"]["systemMaxNumberOfRings"],
        10
    );
    let access = sim.person_setting(&erika, "permissions").unwrap();
    assert_eq!(
        access["userSettingsPermissions"]["voicemailFaxMessaging"],
        "NO_ACCESS"
    );
    let rules: Value = reqwest::Client::new()
        .get(url(&sim, "/telephony/config/voicemail/rules"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rules["length"], json!({"min": 4, "max": 8}));

    // Per-user and seed-wide passwords both work on the sign-in form.
    for (email, password, ok) in [
        ("lena.ohne@example.com", "lena-only", true),
        ("lena.ohne@example.com", "example-password", false),
        ("erika.muster@example.com", "example-password", true),
    ] {
        let res = browser()
            .post(url(&sim, "/authorize"))
            .form(&[
                ("response_type", "code"),
                ("client_id", "example-integration"),
                ("redirect_uri", "http://localhost:8080/auth/callback"),
                ("scope", "openid email"),
                ("nonce", "n"),
                ("email", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status() == 302, ok, "{email} / {password}");
    }
}

#[tokio::test]
async fn malformed_seed_files_name_the_bad_entry() {
    let mut missing_email = example();
    missing_email["users"][1]
        .as_object_mut()
        .unwrap()
        .remove("email");
    let mut wrong_type = example();
    wrong_type["users"][0]["calling"]["extension"] = json!(201);
    let mut bad_location = example();
    bad_location["users"][1]["calling"]["locationId"] =
        json!("0b1d0100-0000-4000-8000-0000000000ff");
    let mut bad_member = example();
    bad_member["groups"][0]["members"][0] = json!("ghost@example.com");
    let mut bad_number = example();
    bad_number["users"][0]["calling"]["phoneNumber"] = json!("030 901820");
    let mut no_refresh = example();
    no_refresh["clients"][1]
        .as_object_mut()
        .unwrap()
        .remove("refreshToken");
    let mut unknown = example();
    unknown["tenants"] = json!([]);
    let mut dup = example();
    dup["users"][2]["email"] = json!("ERIKA.muster@example.com");
    let cases = [
        (missing_email.to_string(), "users[1].email: missing"),
        (wrong_type.to_string(), "users[0].calling: invalid type"),
        (
            bad_location.to_string(),
            "users[1].calling.locationId: unknown location",
        ),
        (bad_member.to_string(), "groups[0].members[0]: no user"),
        (
            bad_number.to_string(),
            "users[0].calling.phoneNumber: must be E.164",
        ),
        (no_refresh.to_string(), "clients[1].refreshToken: missing"),
        (unknown.to_string(), "tenants: unknown field"),
        (dup.to_string(), "users[2].email: duplicate"),
        ("{\"orgs\": [".to_string(), "seed is not valid JSON"),
    ];
    for (content, expected) in cases {
        let path = write_temp(&content);
        let err = Seed::from_file(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
        // `calling-portal simulator --seed FILE` stops with the same message before serving.
        let err = simulator::run_standalone(0, Some(path.clone()))
            .await
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{err:?}");
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn the_builtin_seed_written_as_json_is_a_valid_seed_file() {
    let text = serde_json::to_string_pretty(&Seed::builtin()).unwrap();
    let path = write_temp(&text);
    assert_eq!(Seed::from_file(&path).unwrap(), Seed::builtin());
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn the_accounts_summary_names_the_notable_users() {
    let sim = super::start().await;
    let summary = sim.accounts_summary();
    use calling_portal::simulator::seed;
    for email in [
        seed::EMPLOYEE_EMAIL,
        seed::HELPDESK_EMAIL,
        seed::ADMIN_EMAIL,
        seed::NO_CALLING_EMAIL,
        seed::NO_FORWARDING_EMAIL,
        seed::OTHER_ORG_EMAIL,
    ] {
        assert!(summary.contains(email), "{email} in\n{summary}");
    }
    assert!(summary.contains(seed::SERVICE_APP_REFRESH_TOKEN));
}

#[test]
fn the_handle_can_be_shared_across_tasks() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<calling_portal::simulator::Simulator>();
    shareable::<calling_portal::simulator::Faults>();
    shareable::<calling_portal::simulator::IdTokenSigner>();
}

#[tokio::test]
async fn redirect_uri_may_be_omitted_when_exactly_one_is_registered() {
    let seed = Seed::from_file(std::path::Path::new(EXAMPLE)).unwrap();
    let sim = start_with(SimulatorOptions {
        seed,
        ..SimulatorOptions::default()
    })
    .await;
    let res = browser()
        .post(url(&sim, "/authorize"))
        .form(&[
            ("response_type", "code"),
            ("client_id", "example-integration"),
            ("scope", "openid"),
            ("nonce", "n"),
            ("email", "erika.muster@example.com"),
            ("password", "example-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = url::Url::parse(res.headers()["location"].to_str().unwrap()).unwrap();
    assert!(
        location
            .as_str()
            .starts_with("http://localhost:8080/auth/callback?code=")
    );
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let res = reqwest::Client::new()
        .post(url(&sim, "/access_token"))
        .basic_auth("example-integration", Some("example-integration-secret"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
