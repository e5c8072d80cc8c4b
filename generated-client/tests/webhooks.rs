//! The Avara client's webhooks: Avara-shaped events signed by the Standard Webhooks scheme,
//! verified with the secret from `AVARA_WEBHOOK_KEY` or the builder, and parsed into
//! `UnwrapWebhookEvent` by their `type`; an event type this client does not know is kept.

use std::time::{SystemTime, UNIX_EPOCH};

use avara::models::UnwrapWebhookEvent;
use avara::runtime::{WebhookError, WebhookSecret};
use avara::Client;
use http::HeaderMap;

/// The official SDKs' test secret: `whsec_` and the base64 of `secret\n`.
const SECRET: &str = "whsec_c2VjcmV0Cg==";

const REPORT_DELIVERED: &str = r#"{"id":"whe_0123456789abcdef0123456789abcdef","type":"report.delivered","data":{"isCritical":true,"presignedUrl":"https://files.example/r.pdf","reportId":"rep_0123456789abcdef0123456789abcdef","studyId":"stu_0123456789abcdef0123456789abcdef","studyInstanceUid":"1.2.840.10008.5.1.4.1.1.2","plainText":"No acute findings."}}"#;

fn signed(body: &str) -> HeaderMap {
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = WebhookSecret::new(SECRET)
        .unwrap()
        .sign("msg_1", timestamp, body.as_bytes());
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", "msg_1".parse().unwrap());
    headers.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
    headers.insert("webhook-signature", signature.parse().unwrap());
    headers
}

fn client(webhook_key: Option<&'static str>) -> Client {
    Client::builder()
        .api_key("sk_test")
        .env_source(move |name| match name {
            "AVARA_WEBHOOK_KEY" => webhook_key.map(str::to_owned),
            _ => None,
        })
        .build()
        .unwrap()
}

#[test]
fn a_signed_report_delivered_event_is_verified_and_parsed() {
    let event = client(Some(SECRET))
        .webhooks()
        .unwrap(REPORT_DELIVERED, &signed(REPORT_DELIVERED))
        .unwrap();
    let UnwrapWebhookEvent::ReportDeliveredEvent(event) = event else {
        panic!("expected report.delivered, got {event:?}");
    };
    assert_eq!(event.data.report_id, "rep_0123456789abcdef0123456789abcdef");
    assert!(event.data.is_critical);
    assert_eq!(event.data.plain_text.as_deref(), Some("No acute findings."));
}

#[test]
fn the_raw_key_of_the_sdks_test_secret_verifies_the_same_webhook() {
    let client = Client::builder()
        .api_key("sk_test")
        .env_source(|_| None)
        .webhook_secret_bytes(b"secret\n".to_vec())
        .build()
        .unwrap();
    let event = client
        .webhooks()
        .unwrap(REPORT_DELIVERED, &signed(REPORT_DELIVERED));
    assert!(matches!(
        event,
        Ok(UnwrapWebhookEvent::ReportDeliveredEvent(_))
    ));
}

#[test]
fn an_event_type_added_later_is_kept() {
    let body = r#"{"id":"whe_1","type":"study.archived","data":{"studyId":"stu_1"}}"#;
    let event = client(Some(SECRET))
        .webhooks()
        .unwrap(body, &signed(body))
        .unwrap();
    let UnwrapWebhookEvent::Unknown(value) = event else {
        panic!("expected an unknown event, got {event:?}");
    };
    assert_eq!(value["type"], "study.archived");
}

#[test]
fn a_tampered_event_or_a_missing_secret_is_refused() {
    let headers = signed(REPORT_DELIVERED);
    let tampered = REPORT_DELIVERED.replace("\"isCritical\":true", "\"isCritical\":false");
    assert_eq!(
        client(Some(SECRET)).webhooks().unwrap(&tampered, &headers),
        Err(WebhookError::NoMatchingSignature)
    );
    assert_eq!(
        client(None).webhooks().unwrap(REPORT_DELIVERED, &headers),
        Err(WebhookError::NoSecret {
            env: Some("AVARA_WEBHOOK_KEY")
        })
    );
    // Parsing alone needs no secret.
    assert!(matches!(
        client(None).webhooks().unsafe_unwrap(REPORT_DELIVERED),
        Ok(UnwrapWebhookEvent::ReportDeliveredEvent(_))
    ));
}
