//! Person call settings on the admin paths: reads, partial writes, and each validation error.

use calling_portal::simulator::{Simulator, seed};
use serde_json::{Value, json};

use super::{admin_token, person_id, start, url};

struct Api {
    sim: Simulator,
    token: String,
}

impl Api {
    async fn new() -> Api {
        let sim = start().await;
        let token = admin_token(&sim).await;
        Api { sim, token }
    }

    fn feature_url(&self, email: &str, feature: &str) -> String {
        format!(
            "{}/{}/features/{feature}",
            url(&self.sim, "/people"),
            person_id(&self.sim, email)
        )
    }

    async fn get(&self, u: &str) -> (u16, Value) {
        let res = reqwest::Client::new()
            .get(u)
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn put(&self, u: &str, body: Value) -> (u16, Value) {
        let res = reqwest::Client::new()
            .put(u)
            .bearer_auth(&self.token)
            .header("TrackingID", "SIMPLE_settings-test")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn put_ok(&self, u: &str, body: Value) {
        let (status, err) = self.put(u, body.clone()).await;
        assert_eq!(status, 204, "{body} → {err}");
    }

    async fn put_400(&self, u: &str, body: Value, mentions: &str) {
        let (status, err) = self.put(u, body.clone()).await;
        assert_eq!(status, 400, "{body} must be refused");
        assert_eq!(err["trackingId"], "SIMPLE_settings-test");
        let description = err["errors"][0]["description"].as_str().unwrap();
        assert_eq!(err["message"].as_str().unwrap(), description);
        assert!(
            description.contains(mentions),
            "{description:?} should mention {mentions:?}"
        );
    }
}

const VM_REQUIRED: fn() -> Value =
    || json!({ "notifications": { "enabled": false }, "transferToNumber": { "enabled": false } });

fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

#[tokio::test]
async fn forwarding_reads_defaults_and_merges_partial_writes() {
    let api = Api::new().await;
    let u = api.feature_url(seed::EMPLOYEE_EMAIL, "callForwarding");
    let (status, before) = api.get(&u).await;
    assert_eq!(status, 200);
    assert_eq!(before["callForwarding"]["always"]["enabled"], false);
    assert_eq!(before["callForwarding"]["noAnswer"]["numberOfRings"], 3);
    assert_eq!(
        before["callForwarding"]["noAnswer"]["systemMaxNumberOfRings"],
        15
    );

    api.put_ok(
        &u,
        json!({"callForwarding": {"always": {"enabled": true, "destination": "+16175550199"}}}),
    )
    .await;
    let (_, after) = api.get(&u).await;
    assert_eq!(after["callForwarding"]["always"]["enabled"], true);
    assert_eq!(
        after["callForwarding"]["always"]["destination"],
        "+16175550199"
    );
    // Everything else is unchanged.
    assert_eq!(
        after["callForwarding"]["busy"],
        before["callForwarding"]["busy"]
    );
    assert_eq!(
        after["callForwarding"]["noAnswer"],
        before["callForwarding"]["noAnswer"]
    );
    assert_eq!(after["businessContinuity"], before["businessContinuity"]);
    assert_eq!(
        api.sim
            .person_setting(&person_id(&api.sim, seed::EMPLOYEE_EMAIL), "callForwarding")
            .unwrap(),
        after
    );
    assert_eq!(
        api.sim
            .request_count("PUT", "/v1/people/{personId}/features/callForwarding"),
        1
    );
}

#[tokio::test]
async fn forwarding_validation() {
    let api = Api::new().await;
    let u = api.feature_url(seed::EMPLOYEE_EMAIL, "callForwarding");
    let no_answer = |v: Value| json!({"callForwarding": {"noAnswer": v}});
    api.put_400(&u, no_answer(json!({"numberOfRings": 1})), "numberOfRings")
        .await;
    api.put_400(&u, no_answer(json!({"numberOfRings": 21})), "numberOfRings")
        .await;
    api.put_400(
        &u,
        no_answer(json!({"numberOfRings": 16})),
        "systemMaxNumberOfRings",
    )
    .await;
    api.put_400(
        &u,
        no_answer(json!({"numberOfRings": "5"})),
        "numberOfRings",
    )
    .await;
    api.put_ok(&u, no_answer(json!({"numberOfRings": 15})))
        .await;
    api.put_400(
        &u,
        no_answer(json!({"systemMaxNumberOfRings": 20})),
        "systemMaxNumberOfRings",
    )
    .await;
    api.put_400(
        &u,
        json!({"callForwarding": {"always": {"enabled": "yes"}}}),
        "always.enabled",
    )
    .await;
    api.put_400(
        &u,
        json!({"callForwarding": {"always": {"enabled": true}}}),
        "destination",
    )
    .await;
    api.put_400(
        &u,
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "call me"}}}),
        "destination",
    )
    .await;
    api.put_400(&u, json!({"callForwarding": []}), "callForwarding")
        .await;
    api.put_400(&u, json!({"forwardEverything": true}), "forwardEverything")
        .await;
    let (status, err) = api.put(&u, Value::Null).await;
    assert_eq!(
        (status, err["trackingId"].as_str()),
        (400, Some("SIMPLE_settings-test"))
    );
    // Nothing of the refused writes stuck.
    let (_, now) = api.get(&u).await;
    assert_eq!(now["callForwarding"]["always"]["enabled"], false);
    assert_eq!(now["callForwarding"]["noAnswer"]["numberOfRings"], 15);
}

#[tokio::test]
async fn unknown_other_org_and_non_calling_people_are_404() {
    let api = Api::new().await;
    for email in [seed::OTHER_ORG_EMAIL, seed::NO_CALLING_EMAIL] {
        let (status, body) = api.get(&api.feature_url(email, "callForwarding")).await;
        assert_eq!(status, 404, "{email}");
        assert!(body["trackingId"].is_string());
    }
    let fake = seed::person_id("00000000-0000-4000-8000-000000000000");
    let (status, _) = api
        .get(&format!(
            "{}/{fake}/features/voicemail",
            url(&api.sim, "/people")
        ))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn voicemail_validation() {
    let api = Api::new().await;
    let u = api.feature_url(seed::EMPLOYEE_EMAIL, "voicemail");
    let (status, vm) = api.get(&u).await;
    assert_eq!(status, 200);
    assert_eq!(vm["sendBusyCalls"]["greetingUploaded"], false);
    assert_eq!(vm["voiceMessageForwardingEnabled"], true);

    api.put_400(&u, json!({"enabled": true}), "notifications")
        .await;
    api.put_400(
        &u,
        json!({"enabled": true, "notifications": {"enabled": false}}),
        "transferToNumber",
    )
    .await;
    api.put_ok(
        &u,
        with(VM_REQUIRED(), json!({"sendAllCalls": {"enabled": true}})),
    )
    .await;
    let (_, vm) = api.get(&u).await;
    assert_eq!(vm["sendAllCalls"]["enabled"], true);

    let bad = [
        (
            json!({"messageStorage": {"storageType": "EXTERNAL"}}),
            "externalEmail",
        ),
        (
            json!({"messageStorage": {"storageType": "CLOUD"}}),
            "storageType",
        ),
        (
            json!({"faxMessage": {"enabled": true}}),
            "faxMessage.phoneNumber",
        ),
        (json!({"sendBusyCalls": {"greeting": "LOUD"}}), "greeting"),
        (
            json!({"sendUnansweredCalls": {"numberOfRings": 30}}),
            "numberOfRings",
        ),
        (
            json!({"sendUnansweredCalls": {"greetingUploaded": true}}),
            "greetingUploaded",
        ),
        (
            json!({"voiceMessageForwardingEnabled": false}),
            "voiceMessageForwardingEnabled",
        ),
        (
            json!({"notifications": {"enabled": true, "smsDestination": "12345"}}),
            "smsDestination",
        ),
        (
            json!({"transferToNumber": {"enabled": true}}),
            "transferToNumber.destination",
        ),
        (
            json!({"emailCopyOfMessage": {"enabled": 1}}),
            "emailCopyOfMessage.enabled",
        ),
    ];
    for (extra, mentions) in bad {
        api.put_400(&u, with(VM_REQUIRED(), extra), mentions).await;
    }
    api.put_ok(
        &u,
        with(
            VM_REQUIRED(),
            json!({"messageStorage": {"storageType": "EXTERNAL", "externalEmail": "vm@acme.example"},
                   "faxMessage": {"enabled": true, "phoneNumber": "+16175550123"}}),
        ),
    )
    .await;
}

fn wav(len: usize) -> Vec<u8> {
    let mut data = Vec::with_capacity(len.max(44));
    data.extend_from_slice(b"RIFF");
    data.extend_from_slice(&((len.max(44) - 8) as u32).to_le_bytes());
    data.extend_from_slice(b"WAVEfmt ");
    data.resize(len.max(44), 0);
    data
}

async fn upload(api: &Api, action: &str, part: &str, mime: &str, data: Vec<u8>) -> (u16, Value) {
    let u = format!(
        "{}/actions/{action}/invoke",
        api.feature_url(seed::EMPLOYEE_EMAIL, "voicemail")
    );
    let form = reqwest::multipart::Form::new().part(
        part.to_string(),
        reqwest::multipart::Part::bytes(data)
            .file_name("greeting.wav")
            .mime_str(mime)
            .unwrap(),
    );
    let res = reqwest::Client::new()
        .post(u)
        .bearer_auth(&api.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn greeting_uploads() {
    let api = Api::new().await;
    assert_eq!(
        upload(&api, "uploadBusyGreeting", "file", "audio/wav", wav(2000))
            .await
            .0,
        204
    );
    let vm = api
        .sim
        .person_setting(&person_id(&api.sim, seed::EMPLOYEE_EMAIL), "voicemail")
        .unwrap();
    assert_eq!(vm["sendBusyCalls"]["greetingUploaded"], true);
    assert_eq!(vm["sendUnansweredCalls"]["greetingUploaded"], false);
    assert_eq!(
        upload(
            &api,
            "uploadNoAnswerGreeting",
            "file",
            "audio/wav",
            wav(100)
        )
        .await
        .0,
        204
    );

    let (status, err) = upload(
        &api,
        "uploadBusyGreeting",
        "file",
        "audio/wav",
        b"ID3 not a wav file".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("WAV"));
    let (status, err) = upload(
        &api,
        "uploadBusyGreeting",
        "file",
        "audio/wav",
        wav(5000 * 1024 + 1),
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["message"].as_str().unwrap().contains("5000 KB"));
    assert_eq!(
        upload(
            &api,
            "uploadBusyGreeting",
            "file",
            "audio/wav",
            wav(5000 * 1024)
        )
        .await
        .0,
        204
    );
    assert_eq!(
        upload(&api, "uploadBusyGreeting", "audio", "audio/wav", wav(100))
            .await
            .0,
        400
    );
    assert_eq!(
        upload(&api, "uploadBusyGreeting", "file", "audio/mpeg", wav(100))
            .await
            .0,
        400
    );
    // Not multipart at all.
    let (status, _) = api
        .put(
            &format!(
                "{}/actions/uploadBusyGreeting/invoke",
                api.feature_url(seed::EMPLOYEE_EMAIL, "voicemail")
            ),
            json!({}),
        )
        .await;
    assert_eq!(status, 405, "POST only");
}

#[tokio::test]
async fn passcode_rules_and_pin_reset() {
    let api = Api::new().await;
    let alice = person_id(&api.sim, seed::EMPLOYEE_EMAIL);
    let u = format!(
        "{}/telephony/config/people/{alice}/voicemail/passcode",
        api.sim.base_url()
    );
    let (status, rules) = api
        .get(&format!(
            "{}/telephony/config/voicemail/rules",
            api.sim.base_url()
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(rules["length"], json!({"min": 6, "max": 30}));
    api.put_ok(&u, json!({"passcode": "582914"})).await;
    assert_eq!(
        api.sim.person_setting(&alice, "passcode").unwrap()["passcode"],
        "582914"
    );
    for (bad, mentions) in [
        ("12345", "between 6 and 30"),
        ("123456", "sequence"),
        ("111190", "repeat"),
        ("121212", "pattern"),
        ("582914", "last 3"),
        ("419285", "reversed"),
        ("16175550001", "phone number"),
        ("58a914", "digits"),
    ] {
        api.put_400(&u, json!({ "passcode": bad }), mentions).await;
    }
    api.put_400(&u, json!({}), "passcode").await;
    api.put_400(&u, json!({"passcode": 582914}), "passcode")
        .await;

    let reset = format!(
        "{}/actions/resetPin/invoke",
        api.feature_url(seed::EMPLOYEE_EMAIL, "voicemail")
    );
    let res = reqwest::Client::new()
        .post(&reset)
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        api.sim.person_setting(&alice, "passcode").unwrap()["passcode"],
        Value::Null
    );
    // A user token may not reset a PIN.
    let user = api
        .sim
        .issue_user_token(seed::EMPLOYEE_EMAIL, &["spark:people_write"])
        .unwrap();
    let res = reqwest::Client::new()
        .post(&reset)
        .bearer_auth(user)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn do_not_disturb_and_call_waiting() {
    let api = Api::new().await;
    let dnd = api.feature_url(seed::EMPLOYEE_EMAIL, "doNotDisturb");
    let (_, v) = api.get(&dnd).await;
    assert_eq!(
        v,
        json!({"enabled": false, "ringSplashEnabled": false, "webexGoOverrideEnabled": false})
    );
    api.put_400(&dnd, json!({"enabled": true}), "webexGoOverrideEnabled")
        .await;
    api.put_ok(
        &dnd,
        json!({"enabled": true, "webexGoOverrideEnabled": true}),
    )
    .await;
    let (_, v) = api.get(&dnd).await;
    assert_eq!(v["enabled"], true);
    assert_eq!(v["ringSplashEnabled"], false);

    let cw = api.feature_url(seed::EMPLOYEE_EMAIL, "callWaiting");
    assert_eq!(api.get(&cw).await.1, json!({"enabled": true}));
    api.put_400(&cw, json!({}), "enabled").await;
    api.put_400(&cw, json!({"enabled": "false"}), "enabled")
        .await;
    api.put_ok(&cw, json!({"enabled": false})).await;
    assert_eq!(api.get(&cw).await.1, json!({"enabled": false}));
}

#[tokio::test]
async fn feature_access_shapes() {
    let api = Api::new().await;
    let frank = person_id(&api.sim, seed::NO_FORWARDING_EMAIL);
    let u = format!(
        "{}/telephony/config/people/{frank}/settings/permissions",
        api.sim.base_url()
    );
    let (status, v) = api.get(&u).await;
    assert_eq!(status, 200);
    // FACTS §3a: {userOrgSettingsPermissionEnabled: bool, userSettingsPermissions: {feature: level}}
    assert_eq!(v.as_object().unwrap().len(), 2);
    assert_eq!(v["userOrgSettingsPermissionEnabled"], false);
    let perms = v["userSettingsPermissions"].as_object().unwrap();
    assert_eq!(perms["callForwarding"], "NO_ACCESS");
    assert_eq!(perms.len(), 26);
    assert!(
        perms
            .iter()
            .filter(|(k, _)| *k != "callForwarding")
            .all(|(_, v)| v == "FULL_ACCESS")
    );
    let alice = person_id(&api.sim, seed::EMPLOYEE_EMAIL);
    let alice_url = format!(
        "{}/telephony/config/people/{alice}/settings/permissions",
        api.sim.base_url()
    );
    let (_, v) = api.get(&alice_url).await;
    assert_eq!(v["userOrgSettingsPermissionEnabled"], true);
    assert_eq!(
        v["userSettingsPermissions"]["callForwarding"],
        "FULL_ACCESS"
    );

    api.put_ok(
        &alice_url,
        json!({"userOrgSettingsPermissionEnabled": false, "userSettingsPermissions": {"voicemail": "NO_ACCESS"}}),
    )
    .await;
    let (_, v) = api.get(&alice_url).await;
    assert_eq!(v["userSettingsPermissions"]["voicemail"], "NO_ACCESS");
    assert_eq!(
        v["userSettingsPermissions"]["callForwarding"],
        "FULL_ACCESS"
    );
    // The generated model's name for the inner object is accepted too.
    api.put_ok(
        &alice_url,
        json!({"userOrgSettingsPermissions": {"voicemail": "FULL_ACCESS"}}),
    )
    .await;
    assert_eq!(
        api.get(&alice_url).await.1["userSettingsPermissions"]["voicemail"],
        "FULL_ACCESS"
    );
    api.put_400(
        &alice_url,
        json!({"userSettingsPermissions": {"voicemail": "SOME_ACCESS"}}),
        "voicemail",
    )
    .await;
    api.put_400(
        &alice_url,
        json!({"userSettingsPermissions": {"teleport": "NO_ACCESS"}}),
        "teleport",
    )
    .await;
}

#[tokio::test]
async fn scopes_and_user_tokens() {
    let api = Api::new().await;
    let alice_fwd = api.feature_url(seed::EMPLOYEE_EMAIL, "callForwarding");
    let read_only = api.sim.issue_admin_token(&["spark-admin:people_read"]);
    let put = |token: String, u: String| async move {
        reqwest::Client::new()
            .put(u)
            .bearer_auth(token)
            .json(&json!({"callForwarding": {"busy": {"enabled": false}}}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(put(read_only.clone(), alice_fwd.clone()).await, 403);
    let alice = person_id(&api.sim, seed::EMPLOYEE_EMAIL);
    let res = reqwest::Client::new()
        .put(format!(
            "{}/telephony/config/people/{alice}/voicemail/passcode",
            api.sim.base_url()
        ))
        .bearer_auth(&read_only)
        .json(&json!({"passcode": "582914"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // A user token with spark:people_write may change its own settings, nobody else's.
    let user = api
        .sim
        .issue_user_token(
            seed::EMPLOYEE_EMAIL,
            &["spark:people_write", "spark:people_read"],
        )
        .unwrap();
    assert_eq!(put(user.clone(), alice_fwd).await, 204);
    assert_eq!(
        put(
            user,
            api.feature_url(seed::HELPDESK_EMAIL, "callForwarding")
        )
        .await,
        403
    );
}

#[tokio::test]
async fn changes_made_elsewhere_show_up() {
    let api = Api::new().await;
    let alice = person_id(&api.sim, seed::EMPLOYEE_EMAIL);
    api.sim.set_person_setting(
        &alice,
        "callForwarding",
        json!({"callForwarding": {"busy": {"enabled": true, "destination": "2001"}}}),
    );
    let (_, v) = api
        .get(&api.feature_url(seed::EMPLOYEE_EMAIL, "callForwarding"))
        .await;
    assert_eq!(v["callForwarding"]["busy"]["destination"], "2001");
    assert_eq!(v["callForwarding"]["always"]["enabled"], false);
}
