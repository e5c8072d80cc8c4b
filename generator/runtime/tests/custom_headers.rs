//! Extra default headers from the API's custom-headers variable (`AVARA_CUSTOM_HEADERS`):
//! sent with every request, replaced by explicit default headers and per-call headers, and a
//! malformed line stops the client from being built.

mod support;

use std::collections::HashMap;

use codegen_runtime::{json, ClientBuilder, Error, Request};
use http::Method;
use support::{reply, TestClient, TestServer, API, KEY};

fn builder(server: &TestServer, custom: &str) -> ClientBuilder<TestClient> {
    let vars: HashMap<String, String> =
        HashMap::from([("AVARA_CUSTOM_HEADERS".to_owned(), custom.to_owned())]);
    ClientBuilder::new(&API)
        .env_source(move |name| vars.get(name).cloned())
        .credential(0, codegen_runtime::Credential::token(KEY))
        .base_url(server.url())
}

fn get() -> Request {
    Request::new(Method::GET, "/v1/ping")
}

#[tokio::test]
async fn headers_from_the_variable_are_sent_with_every_request() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = builder(
        &server,
        "X-Team: radiology\r\n\n  x-route :  eu-west:2  \nx-empty:",
    )
    .build()
    .unwrap()
    .0;
    for _ in 0..2 {
        client.call(get(), json::<serde_json::Value>).await.unwrap();
    }
    for request in server.requests() {
        assert_eq!(request.header("x-team"), Some("radiology"));
        assert_eq!(request.header("x-route"), Some("eu-west:2"));
        assert_eq!(request.header("x-empty"), Some(""));
        assert_eq!(
            request.header("authorization"),
            Some(&*format!("Bearer {KEY}"))
        );
    }
}

#[tokio::test]
async fn explicit_default_headers_and_call_headers_win() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = builder(&server, "x-team: from-env\nx-trace: from-env\nx-kept: env")
        .default_header("X-Team", "explicit")
        .build()
        .unwrap()
        .0;
    client
        .call(get(), json::<serde_json::Value>)
        .header("x-trace", "per-call")
        .await
        .unwrap();
    let request = server.only_request();
    assert_eq!(request.header("x-team"), Some("explicit"));
    assert_eq!(request.header("x-trace"), Some("per-call"));
    assert_eq!(request.header("x-kept"), Some("env"));
}

#[tokio::test]
async fn a_malformed_line_is_a_build_error() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    for (custom, expected) in [
        (
            "x-ok: 1\nx-secret-token sk_live_123",
            "invalid client configuration: AVARA_CUSTOM_HEADERS, line 2: there is no `:`; each line must be `Name: value`",
        ),
        (
            ":orphan",
            "invalid client configuration: AVARA_CUSTOM_HEADERS, line 1: the header name is empty; each line must be `Name: value`",
        ),
        (
            "bad(name): 1",
            "invalid client configuration: AVARA_CUSTOM_HEADERS, line 1: `bad(name)` is not a valid header name; each line must be `Name: value`",
        ),
    ] {
        match builder(&server, custom).build() {
            Err(error @ Error::Config(_)) => {
                assert_eq!(error.to_string(), expected);
                assert!(!error.to_string().contains("sk_live_123"));
            }
            Err(other) => panic!("expected a config error, got {other:?}"),
            Ok(_) => panic!("{custom:?} was accepted"),
        }
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn an_empty_variable_adds_nothing() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = builder(&server, " \n ").build().unwrap().0;
    client.call(get(), json::<serde_json::Value>).await.unwrap();
    let request = server.only_request();
    let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names
            .iter()
            .all(|n| ["authorization", "user-agent", "accept", "host"].contains(n)),
        "{names:?}"
    );
}
