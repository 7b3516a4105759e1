//! The Webex simulator: OIDC flows, People and Groups, call settings and their validation, faults,
//! counts, seeds, and the contract check against tests/contract/openapi-subset.yaml.

mod contract;
mod faults;
mod oidc;
mod people;
mod seed_file;
mod settings;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use calling_portal::simulator::{self, Simulator, SimulatorOptions, seed};
use serde_json::Value;

pub async fn start() -> Simulator {
    simulator::start(SimulatorOptions::default()).await.unwrap()
}

pub async fn start_with(opts: SimulatorOptions) -> Simulator {
    simulator::start(opts).await.unwrap()
}

/// A browser-like client: cookie store, no automatic redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn url(sim: &Simulator, path: &str) -> String {
    format!("{}{path}", sim.base_url())
}

/// A service-app access token from the seeded refresh token (the portal's way).
pub async fn admin_token(sim: &Simulator) -> String {
    let res = reqwest::Client::new()
        .post(url(sim, "/access_token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", seed::SERVICE_APP_CLIENT_ID),
            ("client_secret", seed::SERVICE_APP_CLIENT_SECRET),
            ("refresh_token", seed::SERVICE_APP_REFRESH_TOKEN),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let challenge = URL_SAFE_NO_PAD.encode(aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        verifier.as_bytes(),
    ));
    (verifier, challenge)
}

pub fn person_id(sim: &Simulator, email: &str) -> String {
    sim.person_id_by_email(email).unwrap()
}
