//! The cards of personal assistant, call intercept, caller ID, anonymous call rejection,
//! barge-in, call queues, phones and numbers, against the simulator: saves and read-back, the
//! refusals (bad input, feature access, queues that are not the agent's or that forbid joining),
//! the summary's first lines, and undo through the registry.

mod cards;
mod in_browser;
mod intercept;
mod queues;
mod reach;
mod rules;
mod schedules;
mod tester;

use reqwest::Response;

use crate::selfservice::Signed;

pub const INTERCEPT: &str = "/v1/people/{personId}/features/intercept";
pub const ANNOUNCEMENT: &str =
    "/v1/people/{personId}/features/intercept/actions/announcementUpload/invoke";
pub const QUEUE_AGENT_PUT: &str = "/v1/telephony/config/queues/agents/{id}/settings";

/// The fields the card's first form would post now: text inputs, ticked boxes and radios,
/// hidden fields, and each select's chosen option.
pub fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("<form").expect("a form");
    let end = start + html[start..].find("</form>").unwrap();
    let form = &html[start..end];
    let mut fields = Vec::new();
    for chunk in form.split("<input").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        let kind = attribute(tag, "type").unwrap_or_else(|| "text".into());
        let checked = tag.split_whitespace().any(|w| w == "checked");
        if matches!(kind.as_str(), "checkbox" | "radio") && !checked {
            continue;
        }
        fields.push((name, attribute(tag, "value").unwrap_or_default()));
    }
    for chunk in form.split("<select").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let name = attribute(tag, "name").unwrap();
        let body = &chunk[..chunk.find("</select>").unwrap()];
        if let Some(option) = body
            .split("<option")
            .skip(1)
            .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
        {
            let tag = &option[..option.find('>').unwrap()];
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        }
    }
    fields
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let to = from + tag[from..].find('"')?;
    Some(
        tag[from..to]
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// `fields` with `name` set to `value` (or, with `None`, left out: an unticked box).
pub fn with(
    mut fields: Vec<(String, String)>,
    name: &str,
    value: Option<&str>,
) -> Vec<(String, String)> {
    fields.retain(|(n, _)| n != name);
    if let Some(v) = value {
        fields.push((name.to_owned(), v.to_owned()));
    }
    fields
}

/// The card's form as loaded now.
pub async fn loaded(me: &Signed, card: &str) -> Vec<(String, String)> {
    let (html, _) = me.load(card).await;
    form_fields(&html)
}

pub async fn put(me: &Signed, card: &str, fields: &[(String, String)]) -> Response {
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    me.put(card, &form).await
}

/// A well-formed WAV file of `len` bytes, as the greeting tests use.
pub fn wav(len: usize) -> Vec<u8> {
    crate::voicemail::wav(len)
}

/// Posts `bytes` as the intercept announcement, as the card's upload form does.
pub async fn upload(me: &Signed, bytes: Vec<u8>, name: &str) -> Response {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("audio/wav")
        .unwrap();
    me.browser
        .post(
            me.app
                .url(&format!("{}/announcement", me.path("intercept"))),
        )
        .header("Origin", &me.app.base_url)
        .header("Sec-Fetch-Site", "same-origin")
        .header("HX-Request", "true")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

/// Sets the person's own feature access for `key` (FACTS §3a).
pub fn deny(me: &Signed, key: &str) {
    me.app.sim.set_person_setting(
        &me.person_id,
        "permissions",
        serde_json::json!({"userOrgSettingsPermissionEnabled": false,
            "userSettingsPermissions": {key: "NO_ACCESS"}}),
    );
}
