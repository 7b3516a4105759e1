//! The self-service page and its cards against the simulator: each field's happy path and
//! refusals, feature access, lost updates, Webex failures, authorization and the Webex call budget.

mod cards;
mod forwarding;
mod in_browser;
mod page;

use calling_portal::{
    simulator::seed,
    store::{AuditEntry, AuditFilter},
};
use reqwest::Response;

use crate::support::{TestApp, app::Browser};

pub const FORWARDING: &str = "/v1/people/{personId}/features/callForwarding";
pub const DND: &str = "/v1/people/{personId}/features/doNotDisturb";
pub const CALL_WAITING: &str = "/v1/people/{personId}/features/callWaiting";
pub const VOICEMAIL: &str = "/v1/people/{personId}/features/voicemail";
pub const PERMISSIONS: &str = "/v1/telephony/config/people/{personId}/settings/permissions";

/// A portal with a signed-in user, and where their fragments live.
pub struct Signed {
    pub app: TestApp,
    pub browser: Browser,
    pub person_id: String,
}

impl Signed {
    pub async fn as_user(email: &str) -> Signed {
        Self::with(TestApp::spawn().await, email).await
    }

    pub async fn with(app: TestApp, email: &str) -> Signed {
        let browser = app.login_as(email).await;
        let person_id = app.sim.person_id_by_email(email).unwrap();
        // Count only what the page costs, not the sign-in.
        app.sim.faults().reset_counts();
        Signed {
            app,
            browser,
            person_id,
        }
    }

    pub async fn employee() -> Signed {
        Self::as_user(seed::EMPLOYEE_EMAIL).await
    }

    /// `/hx/people/{id}`: the person's fragments.
    pub fn base(&self) -> String {
        format!("/hx/people/{}", encode(&self.person_id))
    }

    /// `/hx/people/{id}/{card}`.
    pub fn path(&self, card: &str) -> String {
        format!("/hx/people/{}/{card}", encode(&self.person_id))
    }

    pub async fn get(&self, card: &str) -> Response {
        self.app.get_hx(&self.browser, &self.path(card)).await
    }

    /// The card's HTML and the fingerprint its form carries.
    pub async fn load(&self, card: &str) -> (String, String) {
        let response = self.get(card).await;
        assert_eq!(response.status(), 200, "GET {card}");
        let html = response.text().await.unwrap();
        let fp = fingerprint(&html);
        (html, fp)
    }

    pub async fn put(&self, card: &str, form: &[(&str, &str)]) -> Response {
        self.app.put_hx(&self.browser, &self.path(card), form).await
    }

    /// The person's audit entries, newest first.
    pub async fn audit(&self) -> Vec<AuditEntry> {
        self.app
            .state
            .store
            .list_audit(&AuditFilter {
                target_person_id: Some(self.person_id.clone()),
                ..AuditFilter::default()
            })
            .await
            .unwrap()
    }

    pub fn setting(&self, feature: &str) -> serde_json::Value {
        self.app
            .sim
            .person_setting(&self.person_id, feature)
            .unwrap()
    }
}

pub fn encode(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// The value of the form's hidden `fingerprint` field.
pub fn fingerprint(html: &str) -> String {
    attribute_after(html, "name=\"fingerprint\"", "value").expect("a fingerprint field")
}

/// The value of `attr` in the first tag after `marker`.
pub fn attribute_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_end = at + html[at..].find('>')?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_end];
    let key = format!("{attr}=\"");
    let from = tag.find(&key)? + key.len();
    let to = from + tag[from..].find('"')?;
    Some(tag[from..to].to_owned())
}

/// The `<input>` with this `id`, whole.
pub fn input(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&format!("<input type=\"text\" {marker}"))
        .or_else(|| html.find(&format!("<input type=\"checkbox\" {marker}")))
        .unwrap_or_else(|| panic!("no input #{id} in {html}"));
    let end = at + html[at..].find('>').unwrap();
    html[at..=end].to_owned()
}
