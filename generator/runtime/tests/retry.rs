//! Retries, backoff, `Retry-After`, `x-should-retry`, timeouts and broken connections,
//! each checked by the outcome and the number of attempts the server saw.

mod support;

use std::time::{Duration, Instant};

use codegen_runtime::{json, ClientBuilder, Request};
use codegen_runtime::{Error, ErrorKind};
use http::Method;
use serde::Deserialize;
use support::{builder, reply, transport, TestClient, TestServer};

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
}

const USER: &str = r#"{"id":"usr_1"}"#;

fn get_user() -> Request {
    Request::new(Method::GET, "/v1/viewer/users/{userId}").path_param("userId", "user_id", "usr_1")
}

#[tokio::test]
async fn a_503_is_retried_and_the_retry_succeeds() {
    let server = TestServer::start(vec![reply(503), reply(200).json(USER)]).await;
    let user = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap();
    assert_eq!(user, User { id: "usr_1".into() });
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 409, 429, 500, 502] {
        let server = TestServer::start(vec![reply(status), reply(200).json(USER)]).await;
        let result = transport(&server).call(get_user(), json::<User>).await;
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(server.hits(), 2, "{status}");
    }
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = TestServer::start(vec![reply(500).json(r#"{"message":"boom"}"#)]).await;
    let error = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::InternalServer));
    assert_eq!(
        error.status(),
        Some(http::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(server.hits(), 3, "one attempt and the default two retries");
}

#[tokio::test]
async fn retry_after_seconds_is_waited_for() {
    let server = TestServer::start(vec![
        reply(429).header("retry-after", "1"),
        reply(200).json(USER),
    ])
    .await;
    let started = Instant::now();
    let user = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap();
    let waited = started.elapsed();
    assert_eq!(user.id, "usr_1");
    assert_eq!(server.hits(), 2);
    // The backoff is 1 ms in tests, so the second must come from the header.
    assert!(
        waited >= Duration::from_millis(990) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test]
async fn retry_after_ms_wins_over_backoff() {
    let server = TestServer::start(vec![
        reply(503).header("retry-after-ms", "150"),
        reply(200).json(USER),
    ])
    .await;
    let client = builder(&server)
        .retry_backoff(Duration::from_secs(30), Duration::from_secs(30))
        .build()
        .unwrap()
        .0;
    let started = Instant::now();
    client.call(get_user(), json::<User>).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(server.hits(), 2);
    assert!(
        waited >= Duration::from_millis(140) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[tokio::test]
async fn an_unreasonable_retry_after_falls_back_to_backoff() {
    let server = TestServer::start(vec![
        reply(503).header("retry-after", "3600"),
        reply(200).json(USER),
    ])
    .await;
    let started = Instant::now();
    transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn x_should_retry_false_stops_a_503_from_being_retried() {
    let server = TestServer::start(vec![
        reply(503).header("x-should-retry", "false"),
        reply(200).json(USER),
    ])
    .await;
    let error = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn x_should_retry_true_retries_a_400() {
    let server = TestServer::start(vec![
        reply(400).header("x-should-retry", "true"),
        reply(200).json(USER),
    ])
    .await;
    let user = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap();
    assert_eq!(user.id, "usr_1");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let server = TestServer::start(vec![reply(400), reply(200).json(USER)]).await;
    let error = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::BadRequest));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_retried() {
    let body = r#"{"id":"usr_1","padding":"0123456789012345678901234567890123456789"}"#;
    let server = TestServer::start(vec![
        reply(200).json(body).close_mid_body(),
        reply(200).json(body),
    ])
    .await;
    let user = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap();
    assert_eq!(user.id, "usr_1");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_connection_closed_mid_body_every_time_is_a_network_error() {
    let body = r#"{"id":"usr_1","padding":"0123456789012345678901234567890123456789"}"#;
    let server = TestServer::start(vec![reply(200).json(body).close_mid_body()]).await;
    let error = transport(&server)
        .call(get_user(), json::<User>)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn a_slow_response_times_out_on_every_attempt() {
    let server = TestServer::start(vec![reply(200)
        .json(USER)
        .delay_headers(Duration::from_secs(3))])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .0;
    let started = Instant::now();
    let error = client.call(get_user(), json::<User>).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(error.is_timeout());
    assert_eq!(server.hits(), 3);
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(2),
        "{took:?}"
    );
}

#[tokio::test]
async fn the_timeout_covers_reading_the_body() {
    let server = TestServer::start(vec![
        reply(200).json(USER).delay_body(Duration::from_secs(3)),
        reply(200).json(USER),
    ])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap()
        .0;
    let user = client.call(get_user(), json::<User>).await.unwrap();
    assert_eq!(user.id, "usr_1");
    assert_eq!(
        server.hits(),
        2,
        "the stalled body timed out and was retried"
    );
}

#[tokio::test]
async fn per_request_max_retries_overrides_the_client() {
    let server = TestServer::start(vec![reply(503)]).await;
    let client = builder(&server).max_retries(0).build().unwrap().0;

    let error = client
        .call(get_user(), json::<User>)
        .max_retries(4)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::InternalServer));
    assert_eq!(server.hits(), 5);

    client.call(get_user(), json::<User>).await.unwrap_err();
    assert_eq!(
        server.hits(),
        6,
        "the client's setting applies to other calls"
    );
}

#[tokio::test]
async fn per_request_timeout_overrides_the_client() {
    let server = TestServer::start(vec![reply(200)
        .json(USER)
        .delay_headers(Duration::from_secs(3))])
    .await;
    let client = builder(&server).build().unwrap().0; // 60 s default
    let started = Instant::now();
    let error = client
        .call(get_user(), json::<User>)
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(server.hits(), 2);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn an_unreachable_server_is_a_connect_error() {
    // A port that was just free: nothing listens there.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = ClientBuilder::<TestClient>::new(&support::API)
        .env_source(|_| None)
        .credential(0, codegen_runtime::Credential::token(support::KEY))
        .base_url(url)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap()
        .0;
    let error = client.call(get_user(), json::<User>).await.unwrap_err();
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(!error.to_string().contains(support::KEY));
}
