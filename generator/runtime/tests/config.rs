//! Building a client: API key and base URL from settings or the environment, validation,
//! the headers every request carries, and keeping the API key out of all output.

mod support;

use std::collections::HashMap;
use std::time::Duration;

use codegen_runtime::Error;
use codegen_runtime::{json, ClientBuilder, Request};
use http::Method;
use support::{builder, reply, transport, TestClient, TestServer, API, KEY};

fn get_user() -> Request {
    Request::new(Method::GET, "/v1/viewer/users/{userId}").path_param("userId", "user_id", "usr_1")
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let vars: HashMap<String, String> = pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

fn config_error(result: Result<TestClient, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        Err(other) => panic!("expected a config error, got {other:?}"),
        Ok(_) => panic!("expected a config error, got a client"),
    }
}

#[test]
fn a_missing_api_key_names_the_environment_variable() {
    let message = config_error(
        ClientBuilder::<TestClient>::new(&API)
            .env_source(env(&[]))
            .build(),
    );
    assert_eq!(
        message,
        "no credentials: pass one with `api_key(..)` or set the AVARA_API_KEY environment variable"
    );
    let blank = ClientBuilder::<TestClient>::new(&API).env_source(env(&[("AVARA_API_KEY", " ")]));
    assert!(config_error(blank.build()).contains("AVARA_API_KEY"));
    let blank = ClientBuilder::<TestClient>::new(&API)
        .env_source(env(&[]))
        .credential(0, codegen_runtime::Credential::token("  "));
    assert!(config_error(blank.build()).contains("AVARA_API_KEY"));
}

#[test]
fn the_default_base_url_is_used_without_settings() {
    let client = ClientBuilder::<TestClient>::new(&API)
        .env_source(env(&[("AVARA_API_KEY", KEY)]))
        .build()
        .unwrap();
    assert_eq!(client.0.base_url(), "https://api.avarasoftware.com");
}

#[test]
fn explicit_settings_win_over_the_environment() {
    let client = ClientBuilder::<TestClient>::new(&API)
        .env_source(env(&[
            ("AVARA_API_KEY", "from-env"),
            ("AVARA_BASE_URL", "https://env.example"),
        ]))
        .base_url("https://explicit.example/")
        .credential(0, codegen_runtime::Credential::token("explicit"))
        .build()
        .unwrap();
    assert_eq!(client.0.base_url(), "https://explicit.example");
}

#[tokio::test]
async fn api_key_and_base_url_come_from_the_environment() {
    let server = TestServer::start(vec![reply(200).json(r#"{"ok":true}"#)]).await;
    let client = ClientBuilder::<TestClient>::new(&API)
        .env_source(env(&[
            ("AVARA_API_KEY", "key_from_env"),
            ("AVARA_BASE_URL", &server.url()),
        ]))
        .build()
        .unwrap()
        .0;
    client
        .call(get_user(), json::<serde_json::Value>)
        .await
        .unwrap();
    let request = server.only_request();
    assert_eq!(request.header("authorization"), Some("Bearer key_from_env"));
}

#[test]
fn invalid_base_urls_are_refused() {
    for url in ["not a url", "ftp://example.com", "https://example.com/?q=1"] {
        let message = config_error(
            ClientBuilder::<TestClient>::new(&API)
                .env_source(env(&[]))
                .credential(0, codegen_runtime::Credential::token(KEY))
                .base_url(url)
                .build(),
        );
        assert!(
            message.starts_with(&format!("invalid base URL `{url}`")),
            "{message}"
        );
    }
}

#[test]
fn invalid_default_headers_are_refused_at_build() {
    let build = |name: &str, value: &str| {
        ClientBuilder::<TestClient>::new(&API)
            .env_source(env(&[]))
            .credential(0, codegen_runtime::Credential::token(KEY))
            .default_header(name, value)
            .build()
    };
    assert_eq!(
        config_error(build("bad header", "x")),
        "invalid default header: `bad header` is not a valid header name"
    );
    assert_eq!(
        config_error(build("x-ok", "line\nbreak")),
        "invalid default header: the value of header `x-ok` is not a valid header value"
    );
}

#[tokio::test]
async fn every_request_carries_auth_user_agent_accept_and_default_headers() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = builder(&server)
        .default_header("X-Team", "radiology")
        .default_header("x-overridden", "default")
        .build()
        .unwrap()
        .0;
    client
        .call(get_user(), json::<serde_json::Value>)
        .header("x-trace", "abc")
        .header("x-overridden", "per-call")
        .await
        .unwrap();
    let request = server.only_request();
    assert_eq!(request.request_line, "GET /v1/viewer/users/usr_1 HTTP/1.1");
    assert_eq!(
        request.header("authorization"),
        Some(&*format!("Bearer {KEY}"))
    );
    assert_eq!(request.header("user-agent"), Some("avara-rust/test"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("x-team"), Some("radiology"));
    assert_eq!(request.header("x-trace"), Some("abc"));
    assert_eq!(request.header("x-overridden"), Some("per-call"));
    assert_eq!(request.header("content-type"), None, "a GET has no body");
}

#[tokio::test]
async fn an_invalid_per_call_header_is_reported_before_sending() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let error = transport(&server)
        .call(get_user(), json::<serde_json::Value>)
        .header("x-bad", "a\r\nb")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidArgument { arg: "header", .. }),
        "{error:?}"
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = builder(&server)
        .base_url(format!("{}/proxy/avara/", server.url()))
        .build()
        .unwrap()
        .0;
    client
        .call(get_user(), json::<serde_json::Value>)
        .await
        .unwrap();
    assert_eq!(
        server.only_request().request_line,
        "GET /proxy/avara/v1/viewer/users/usr_1 HTTP/1.1"
    );
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let mut headers = http::HeaderMap::new();
    headers.insert("x-from-http-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&server).http_client(http).build().unwrap().0;
    client
        .call(get_user(), json::<serde_json::Value>)
        .await
        .unwrap();
    let request = server.only_request();
    assert_eq!(request.header("x-from-http-client"), Some("yes"));
    assert_eq!(
        request.header("authorization"),
        Some(&*format!("Bearer {KEY}"))
    );
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_or_errors() {
    let server = TestServer::start(vec![
        reply(401).json(r#"{"message":"bad key"}"#),
        reply(200).json("{}").delay_headers(Duration::from_secs(3)),
    ])
    .await;
    let builder = builder(&server).max_retries(0);
    assert!(!format!("{builder:?}").contains(KEY));
    let client = builder.build().unwrap().0;
    let shown = format!("{client:?}");
    assert!(shown.contains("Transport"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");

    let call = client.call(get_user(), json::<serde_json::Value>);
    assert!(!format!("{call:?}").contains(KEY));
    let unauthorized = call.await.unwrap_err();
    assert_eq!(
        unauthorized.kind(),
        Some(codegen_runtime::ErrorKind::Authentication)
    );
    let timeout = client
        .call(get_user(), json::<serde_json::Value>)
        .timeout(Duration::from_millis(50))
        .await
        .unwrap_err();
    assert!(timeout.is_timeout());
    for error in [unauthorized, timeout] {
        assert!(!error.to_string().contains(KEY), "{error}");
        assert!(!format!("{error:?}").contains(KEY), "{error:?}");
    }
}
