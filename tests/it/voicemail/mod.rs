//! The voicemail card against the simulator: every field and its refusals, greetings, the PIN,
//! feature access, changes made elsewhere, Webex failures, and what each costs in Webex calls.

mod access;
mod failures;
mod greetings;
mod in_browser;
mod pin;
mod settings;

use calling_portal::{simulator::seed, store::AuditEntry, store::AuditFilter};
use reqwest::Response;

use crate::support::{TestApp, app::Browser};

pub const VOICEMAIL: &str = "/v1/people/{personId}/features/voicemail";
pub const PERMISSIONS: &str = "/v1/telephony/config/people/{personId}/settings/permissions";
pub const RULES: &str = "/v1/telephony/config/voicemail/rules";
pub const PASSCODE: &str = "/v1/telephony/config/people/{personId}/voicemail/passcode";
pub const BUSY_GREETING: &str =
    "/v1/people/{personId}/features/voicemail/actions/uploadBusyGreeting/invoke";
pub const NO_ANSWER_GREETING: &str =
    "/v1/people/{personId}/features/voicemail/actions/uploadNoAnswerGreeting/invoke";

/// A signed-in employee (Alice) and the path of her card.
pub struct Alice {
    pub app: TestApp,
    pub browser: Browser,
    pub person_id: String,
    pub path: String,
}

impl Alice {
    pub async fn new() -> Alice {
        let app = TestApp::spawn().await;
        Self::signed_in(app, seed::EMPLOYEE_EMAIL).await
    }

    pub async fn signed_in(app: TestApp, email: &str) -> Alice {
        let browser = app.login_as(email).await;
        let person_id = app.sim.person_id_by_email(email).unwrap();
        let path = card_path(&person_id);
        Alice {
            app,
            browser,
            person_id,
            path,
        }
    }

    /// The card as htmx loads it.
    pub async fn card(&self) -> String {
        let res = self.app.get_hx(&self.browser, &self.path).await;
        assert_eq!(res.status(), 200);
        res.text().await.unwrap()
    }

    /// The settings form's fields as the card renders them now.
    pub async fn form(&self) -> Fields {
        Fields(form_fields(&self.card().await))
    }

    pub async fn save(&self, fields: &Fields) -> Response {
        put_hx(&self.app, &self.browser, &self.path, &fields.0).await
    }

    pub async fn post_pin(&self, pin: &str, confirm: &str) -> Response {
        self.app
            .post_hx(
                &self.browser,
                &format!("{}/pin", self.path),
                &[("pin", pin), ("pin_confirm", confirm)],
            )
            .await
    }

    /// Saves the settings form as the browser sends it once a file is chosen (multipart), with
    /// `bytes` as the greeting file of `which` (`busy` or `no_answer`).
    pub async fn save_with_greeting(
        &self,
        fields: &Fields,
        which: &str,
        bytes: Vec<u8>,
    ) -> Response {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &fields.0 {
            form = form.text(name.clone(), value.clone());
        }
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("greeting.wav")
            .mime_str("audio/wav")
            .unwrap();
        self.browser
            .put(self.app.url(&self.path))
            .header("Origin", &self.app.base_url)
            .header("Sec-Fetch-Site", "same-origin")
            .header("HX-Request", "true")
            .multipart(form.part(format!("{which}_greeting_file"), part))
            .send()
            .await
            .unwrap()
    }

    /// Uploads a greeting with the form as loaded, changing nothing else.
    pub async fn upload(&self, which: &str, bytes: Vec<u8>) -> Response {
        let fields = self.form().await;
        self.save_with_greeting(&fields, which, bytes).await
    }

    /// What the simulator holds for Alice now.
    pub fn voicemail(&self) -> serde_json::Value {
        self.app
            .sim
            .person_setting(&self.person_id, "voicemail")
            .unwrap()
    }

    /// The audit log, newest first.
    pub async fn audit(&self) -> Vec<AuditEntry> {
        self.app
            .state
            .store
            .list_audit(&AuditFilter::default())
            .await
            .unwrap()
    }

    pub fn count(&self, method: &str, path: &str) -> u64 {
        self.app.sim.request_count(method, path)
    }
}

pub fn card_path(person_id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(person_id.as_bytes()).collect();
    format!("/hx/people/{id}/voicemail")
}

/// A same-origin htmx PUT of a form.
pub async fn put_hx(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    form: &[(String, String)],
) -> Response {
    browser
        .put(app.url(path))
        .header("Origin", &app.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .header("HX-Request", "true")
        .header("HX-Current-URL", app.url("/me"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Form fields in submission order, as a browser would send them.
#[derive(Debug, Clone)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// Sets a text input or picks a radio value.
    pub fn set(&mut self, name: &str, value: &str) -> &mut Self {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.into(), value.into()));
        self
    }

    /// Ticks a checkbox.
    pub fn check(&mut self, name: &str) -> &mut Self {
        self.set(name, "on")
    }

    /// Unticks a checkbox (a browser then sends nothing for it).
    pub fn uncheck(&mut self, name: &str) -> &mut Self {
        self.0.retain(|(n, _)| n != name);
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn sections(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == "section")
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// The inputs of the settings form (`#voicemail-form`) in `html`, as a browser submits them:
/// text and hidden inputs always, checkboxes and radios only when checked.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("<form id=\"voicemail-form\"")
        .expect("the settings form");
    let end = start + html[start..].find("</form>").unwrap();
    let form = &html[start..end];
    let mut fields = Vec::new();
    for chunk in form.split("<input").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let attr = |name: &str| attribute(tag, name);
        let Some(name) = attr("name") else { continue };
        let kind = attr("type").unwrap_or_else(|| "text".into());
        let checked = tag.split_whitespace().any(|w| w == "checked");
        // A file input is sent as a file (see `save_with_greeting`), not as text.
        if kind == "file" || matches!(kind.as_str(), "checkbox" | "radio") && !checked {
            continue;
        }
        fields.push((name, attr("value").unwrap_or_default()));
    }
    fields
}

/// The value of `name="…"` in a tag's text, unescaped.
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let at = tag
        .find(&needle)
        .or_else(|| tag.find(&format!("\n{name}=\"")))?;
    let rest = &tag[at + needle.len()..];
    let value = &rest[..rest.find('"')?];
    Some(unescape(value))
}

pub fn unescape(s: &str) -> String {
    s.replace("&#43;", "+")
        .replace("&#x2b;", "+")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The HTML of the first element carrying `id`, up to the end of its opening tag.
pub fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// A well-formed WAV file of `len` bytes.
pub fn wav(len: usize) -> Vec<u8> {
    calling_portal::domain::greeting::test_wav(len)
}
