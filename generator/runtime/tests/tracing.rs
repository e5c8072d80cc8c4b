//! The tracing a request leaves: one span with method, path template, attempt and status,
//! and one event per retry with the reason and the delay; never the API key or the ids.

mod support;

use std::sync::{Arc, Mutex};

use codegen_runtime::{json, Request};
use http::Method;
use support::{reply, transport, TestServer, KEY};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records spans (name and fields) and events (fields) as text.
#[derive(Clone, Default)]
struct Recorder(Arc<Records>);

#[derive(Default)]
struct Records {
    spans: Mutex<Vec<(String, Vec<String>)>>,
    events: Mutex<Vec<Vec<String>>>,
}

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.0.spans.lock().unwrap();
        spans.push((attributes.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut spans[index].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_retried_request_is_traced() {
    let recorder = Recorder::default();
    // The test runtime is single-threaded, so the whole call runs under this subscriber.
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let server = TestServer::start(vec![
        reply(503).header("retry-after-ms", "20"),
        reply(200).json(r#"{"id":"usr_secret_id"}"#),
    ])
    .await;
    let request = Request::new(Method::GET, "/v1/viewer/users/{userId}").path_param(
        "userId",
        "user_id",
        "usr_secret_id",
    );
    transport(&server)
        .call(request, json::<serde_json::Value>)
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);

    let spans = recorder.0.spans.lock().unwrap().clone();
    let (name, fields) = spans
        .iter()
        .find(|(name, _)| name == "api.request")
        .expect("a request span");
    assert_eq!(name, "api.request");
    for expected in [
        "api=avara",
        "method=GET",
        "path=/v1/viewer/users/{userId}",
        "attempt=1",
        "status=503",
        "attempt=2",
        "status=200",
    ] {
        assert!(
            fields.iter().any(|field| field == expected),
            "{expected} in {fields:?}"
        );
    }

    let events = recorder.0.events.lock().unwrap().clone();
    let retries: Vec<_> = events
        .iter()
        .filter(|fields| fields.iter().any(|f| f == "message=retrying request"))
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    for expected in [
        "reason=status 503 Service Unavailable",
        "delay_ms=20",
        "retries_left=2",
    ] {
        assert!(
            retries[0].iter().any(|field| field == expected),
            "{expected} in {retries:?}"
        );
    }

    let everything = format!("{spans:?}{events:?}");
    assert!(!everything.contains(KEY));
    assert!(!everything.contains("usr_secret_id"));
}
