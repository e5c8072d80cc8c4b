//! Webhook verification (Standard Webhooks) and parsing, through a client as generated code
//! builds it: the published test vectors, every way a webhook is refused, the secret's forms
//! and sources, and events of a type the client does not know.

mod support;

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use codegen_runtime::{ClientBuilder, Error, WebhookError, WebhookSecret, Webhooks};
use http::HeaderMap;
use support::{TestClient, API, KEY};

/// The test vector of the Standard Webhooks reference libraries: `test_sign_function` in
/// `libraries/python/tests/test_webhooks.py` of github.com/standard-webhooks/standard-webhooks
/// (the same values are in its other libraries' tests).
const VECTOR_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VECTOR_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const VECTOR_TIMESTAMP: i64 = 1614265330;
const VECTOR_BODY: &str = r#"{"test": 2432232314}"#;
const VECTOR_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// The second published vector: `test_sign` in `libraries/rust/src/lib.rs` of the same
/// repository.
const RUST_VECTOR: (&str, &str, i64, &str, &str) = (
    "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
    "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
    1649367553,
    r#"{"email":"test@example.com","username":"test_user"}"#,
    "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
);

/// An event union as the generator emits one for `x-webhooks: {event: ...}`: dispatch on
/// `type`, an unknown type kept as received.
#[derive(Debug, PartialEq)]
enum Event {
    ReportDelivered(ReportDelivered),
    Unknown(serde_json::Value),
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct ReportDelivered {
    id: String,
    data: ReportData,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct ReportData {
    #[serde(rename = "reportId")]
    report_id: String,
}

impl<'de> serde::Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        match value.get("type").and_then(serde_json::Value::as_str) {
            Some("report.delivered") => serde_json::from_value(value)
                .map(Self::ReportDelivered)
                .map_err(serde::de::Error::custom),
            _ => Ok(Self::Unknown(value)),
        }
    }
}

const SECRET: &str = "whsec_c2VjcmV0Cg==";

fn client(env: &[(&str, &str)]) -> TestClient {
    try_client(env, |builder| builder).unwrap()
}

fn try_client(
    env: &[(&str, &str)],
    configure: impl FnOnce(ClientBuilder<TestClient>) -> ClientBuilder<TestClient>,
) -> Result<TestClient, Error> {
    let vars: HashMap<String, String> = env
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    configure(
        ClientBuilder::<TestClient>::new(&API)
            .credential(0, codegen_runtime::Credential::token(KEY))
            .env_source(move |name| vars.get(name).cloned()),
    )
    .build()
}

fn webhooks(client: &TestClient) -> Webhooks<'_, Event> {
    Webhooks::new(&client.0)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds as u64)
}

fn headers(id: &str, timestamp: i64, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", id.parse().unwrap());
    headers.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
    headers.insert("webhook-signature", signature.parse().unwrap());
    headers
}

const BODY: &str =
    r#"{"id":"whe_1","type":"report.delivered","data":{"reportId":"rep_1","isCritical":false}}"#;

/// A webhook signed now with `SECRET`.
fn signed(id: &str, body: &str) -> HeaderMap {
    let secret = WebhookSecret::new(SECRET).unwrap();
    let timestamp = now();
    headers(id, timestamp, &secret.sign(id, timestamp, body.as_bytes()))
}

fn delivered() -> Event {
    Event::ReportDelivered(ReportDelivered {
        id: "whe_1".into(),
        data: ReportData {
            report_id: "rep_1".into(),
        },
    })
}

#[test]
fn the_published_test_vectors_sign_and_verify() {
    let secret = WebhookSecret::new(VECTOR_SECRET).unwrap();
    assert_eq!(
        secret.sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY.as_bytes()),
        VECTOR_SIGNATURE
    );
    let (key, id, timestamp, body, signature) = RUST_VECTOR;
    let rust_secret = WebhookSecret::new(key).unwrap();
    assert_eq!(rust_secret.sign(id, timestamp, body.as_bytes()), signature);

    // Verified as received, at the time they were sent.
    let received = headers(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_SIGNATURE);
    secret
        .verify(VECTOR_BODY.as_bytes(), &received, at(VECTOR_TIMESTAMP))
        .unwrap();
    let received = headers(id, timestamp, signature);
    rust_secret
        .verify(body.as_bytes(), &received, at(timestamp + 299))
        .unwrap();

    // One bit off in the signature (the vector's own negative case) does not verify.
    let wrong = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";
    let received = headers(VECTOR_ID, VECTOR_TIMESTAMP, wrong);
    assert_eq!(
        secret.verify(VECTOR_BODY.as_bytes(), &received, at(VECTOR_TIMESTAMP)),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn the_vector_parses_through_a_client_at_its_time() {
    #[derive(Debug, serde::Deserialize)]
    struct Test {
        test: u64,
    }
    let client = client(&[]);
    let secret = WebhookSecret::new(VECTOR_SECRET).unwrap();
    let received = headers(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_SIGNATURE);
    let event: Test = Webhooks::new(&client.0)
        .with_secret(&secret)
        .at(at(VECTOR_TIMESTAMP))
        .unwrap(VECTOR_BODY, &received)
        .unwrap();
    assert_eq!(event.test, 2432232314);
}

#[test]
fn a_genuine_webhook_is_verified_and_parsed() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let event = webhooks(&client)
        .unwrap(BODY, &signed("msg_1", BODY))
        .unwrap();
    assert_eq!(event, delivered());
}

#[test]
fn a_tampered_body_is_refused() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let headers = signed("msg_1", BODY);
    let tampered = BODY.replace("rep_1", "rep_2");
    assert_eq!(
        webhooks(&client).unwrap(&tampered, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
    let with_space = format!("{BODY} ");
    assert_eq!(
        webhooks(&client).unwrap(&with_space, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn a_signature_for_another_id_is_refused() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let mut headers = signed("msg_1", BODY);
    headers.insert("webhook-id", "msg_2".parse().unwrap());
    assert_eq!(
        webhooks(&client).unwrap(BODY, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn stale_and_future_timestamps_are_refused_beyond_five_minutes() {
    let client = client(&[]);
    let secret = WebhookSecret::new(SECRET).unwrap();
    let sent = 1_700_000_000;
    let received = headers("msg_1", sent, &secret.sign("msg_1", sent, BODY.as_bytes()));
    let check = |now: i64| {
        webhooks(&client)
            .with_secret(&secret)
            .at(at(now))
            .unwrap(BODY, &received)
    };
    assert_eq!(check(sent), Ok(delivered()));
    assert_eq!(check(sent + 300), Ok(delivered()));
    assert_eq!(check(sent - 300), Ok(delivered()));
    assert_eq!(check(sent + 301), Err(WebhookError::TimestampTooOld));
    assert_eq!(check(sent - 301), Err(WebhookError::TimestampTooNew));
    // As the official SDKs' tests check: a timestamp of 0.
    let zero = headers("msg_1", 0, &secret.sign("msg_1", 0, BODY.as_bytes()));
    assert_eq!(
        webhooks(&client).with_secret(&secret).unwrap(BODY, &zero),
        Err(WebhookError::TimestampTooOld)
    );
}

#[test]
fn a_timestamp_that_is_not_a_number_is_refused() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let mut headers = signed("msg_1", BODY);
    headers.insert("webhook-timestamp", "hello".parse().unwrap());
    assert_eq!(
        webhooks(&client).unwrap(BODY, &headers),
        Err(WebhookError::InvalidHeader("webhook-timestamp"))
    );
}

#[test]
fn secrets_with_and_without_the_prefix_and_as_bytes_are_the_same() {
    let with = WebhookSecret::new("whsec_c2VjcmV0Cg==").unwrap();
    let without = WebhookSecret::new("c2VjcmV0Cg==").unwrap();
    let raw = WebhookSecret::from_bytes(b"secret\n".to_vec());
    assert_eq!(with, without);
    assert_eq!(with, raw);

    let headers = signed("msg_1", BODY);
    for secret in [&with, &without, &raw] {
        let client = client(&[]);
        let event = webhooks(&client).with_secret(secret).unwrap(BODY, &headers);
        assert_eq!(event, Ok(delivered()));
    }
    let from_env = client(&[("AVARA_WEBHOOK_KEY", "c2VjcmV0Cg==")]);
    assert_eq!(webhooks(&from_env).unwrap(BODY, &headers), Ok(delivered()));

    let other = WebhookSecret::new("whsec_b3RoZXI=").unwrap();
    let plain = client(&[]);
    assert_eq!(
        webhooks(&plain).with_secret(&other).unwrap(BODY, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn one_matching_signature_among_several_is_enough() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let good = signed("msg_1", BODY);
    let good_signature = good["webhook-signature"].to_str().unwrap();
    let (_, good_base64) = good_signature.split_once(',').unwrap();
    let list = format!(
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,{good_base64} v1,not-base64! \
         {good_signature} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
    );
    let mut headers = good.clone();
    headers.insert("webhook-signature", list.parse().unwrap());
    assert_eq!(webhooks(&client).unwrap(BODY, &headers), Ok(delivered()));

    // The right signature under another version tag does not count.
    let list = format!("v2,{good_base64} v1a,{good_base64} {good_base64}");
    headers.insert("webhook-signature", list.parse().unwrap());
    assert_eq!(
        webhooks(&client).unwrap(BODY, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
}

#[test]
fn an_unknown_event_type_is_kept_not_refused() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let body = r#"{"id":"whe_2","type":"study.archived","data":{"studyId":"stu_1"}}"#;
    let event = webhooks(&client)
        .unwrap(body, &signed("msg_1", body))
        .unwrap();
    let Event::Unknown(value) = event else {
        panic!("expected an unknown event, got {event:?}");
    };
    assert_eq!(value["type"], "study.archived");
    assert_eq!(value["data"]["studyId"], "stu_1");
}

#[test]
fn missing_headers_are_named() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut headers = signed("msg_1", BODY);
        headers.remove(name);
        assert_eq!(
            webhooks(&client).unwrap(BODY, &headers),
            Err(WebhookError::MissingHeader(name))
        );
        headers.insert(name, "".parse().unwrap());
        assert_eq!(
            webhooks(&client).unwrap(BODY, &headers),
            Err(WebhookError::MissingHeader(name))
        );
    }
    let error = webhooks(&client)
        .unwrap(BODY, &HeaderMap::new())
        .unwrap_err();
    assert_eq!(error.to_string(), "the webhook has no `webhook-id` header");
}

#[test]
fn without_a_secret_unwrap_refuses_and_names_the_variable() {
    let client = client(&[]);
    let error = webhooks(&client)
        .unwrap(BODY, &signed("msg_1", BODY))
        .unwrap_err();
    assert_eq!(
        error,
        WebhookError::NoSecret {
            env: Some("AVARA_WEBHOOK_KEY")
        }
    );
    assert_eq!(
        error.to_string(),
        "no webhook secret: pass one with `webhook_secret(..)` or set the AVARA_WEBHOOK_KEY environment variable"
    );
}

#[test]
fn the_builder_secret_wins_over_the_environment() {
    let client = try_client(&[("AVARA_WEBHOOK_KEY", "whsec_b3RoZXI=")], |builder| {
        builder.webhook_secret(SECRET)
    })
    .unwrap();
    assert_eq!(
        webhooks(&client).unwrap(BODY, &signed("msg_1", BODY)),
        Ok(delivered())
    );
    let client = try_client(&[("AVARA_WEBHOOK_KEY", "whsec_b3RoZXI=")], |builder| {
        builder.webhook_secret_bytes(b"secret\n".to_vec())
    })
    .unwrap();
    assert_eq!(
        webhooks(&client).unwrap(BODY, &signed("msg_1", BODY)),
        Ok(delivered())
    );
}

#[test]
fn an_invalid_secret_is_a_build_error_naming_its_source() {
    let message = |result: Result<TestClient, Error>| match result {
        Err(Error::Config(message)) => message,
        Err(other) => panic!("expected a config error, got {other:?}"),
        Ok(_) => panic!("expected a config error, got a client"),
    };
    let from_env = message(try_client(
        &[("AVARA_WEBHOOK_KEY", "whsec_not base64!")],
        |b| b,
    ));
    assert!(
        from_env.starts_with("invalid webhook secret: it is not base64")
            && from_env.ends_with("(from AVARA_WEBHOOK_KEY)"),
        "{from_env}"
    );
    let explicit = message(try_client(&[], |b| b.webhook_secret("whsec_")));
    assert_eq!(
        explicit,
        "invalid webhook secret: it is empty (from `webhook_secret`)"
    );
    assert!(!format!("{:?}", WebhookSecret::new(SECRET).unwrap()).contains("c2Vj"));
}

#[test]
fn unsafe_unwrap_parses_without_verifying() {
    let client = client(&[]);
    assert_eq!(webhooks(&client).unsafe_unwrap(BODY), Ok(delivered()));
    let bad = r#"{"id":"whe_1","type":"report.delivered","data":{"reportId":7}}"#;
    match webhooks(&client).unsafe_unwrap(bad) {
        Err(WebhookError::InvalidBody { message, .. }) => {
            assert!(message.contains("invalid type: integer `7`"), "{message}")
        }
        other => panic!("expected an invalid body, got {other:?}"),
    }
    match webhooks(&client).unsafe_unwrap("not json") {
        Err(WebhookError::InvalidBody { path: None, .. }) => {}
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

#[test]
fn a_genuine_webhook_with_a_body_that_is_not_an_event_is_an_invalid_body() {
    let client = client(&[("AVARA_WEBHOOK_KEY", SECRET)]);
    let body = r#"{"id":"whe_1","type":"report.delivered","data":{}}"#;
    let error = webhooks(&client)
        .unwrap(body, &signed("msg_1", body))
        .unwrap_err();
    assert!(
        matches!(&error, WebhookError::InvalidBody { message, .. } if message.contains("reportId")),
        "{error:?}"
    );
}
