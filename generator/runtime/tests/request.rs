//! What goes on the wire: the exact request line for path and query parameters, refused
//! arguments that send nothing, and request bodies byte for byte.

mod support;

use std::future::IntoFuture;

use codegen_runtime::{empty, json, Request};
use codegen_runtime::{Error, Nullable};
use http::Method;
use serde::Serialize;
use support::{reply, transport, TestServer};

fn user(id: &str) -> Request {
    Request::new(Method::GET, "/v1/viewer/users/{userId}").path_param("userId", "user_id", id)
}

#[tokio::test]
async fn path_params_cannot_change_the_path() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = transport(&server);
    for id in ["../admin", "a/b?c", "x#y", "%2e%2e", "1.2.840.113619"] {
        client.call(user(id), empty).await.unwrap();
    }
    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|request| request.request_line)
        .collect();
    assert_eq!(
        lines,
        [
            "GET /v1/viewer/users/..%2Fadmin HTTP/1.1",
            "GET /v1/viewer/users/a%2Fb%3Fc HTTP/1.1",
            "GET /v1/viewer/users/x%23y HTTP/1.1",
            "GET /v1/viewer/users/%252e%252e HTTP/1.1",
            "GET /v1/viewer/users/1.2.840.113619 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn an_empty_path_param_is_refused_without_a_request() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let client = transport(&server);
    let error = client.call(user(""), empty).await.unwrap_err();
    match &error {
        Error::InvalidArgument { arg, reason } => {
            assert_eq!(*arg, "user_id");
            assert_eq!(reason, "Expected a non-empty value for `user_id`");
        }
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "Expected a non-empty value for `user_id`"
    );

    for id in [".", ".."] {
        let error = client.call(user(id), empty).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { arg: "user_id", .. }),
            "{error:?}"
        );
    }
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn query_params_are_encoded() {
    let server = TestServer::start(vec![reply(200).json("{}")]).await;
    let request = Request::new(Method::GET, "/v1/autoScribe/studies")
        .query("status", "sent")
        .query("status", "accepted")
        .query("patientName", "O'Brien & Sons=1+1")
        .query("limit", 25);
    transport(&server).call(request, empty).await.unwrap();
    assert_eq!(
        server.only_request().request_line,
        "GET /v1/autoScribe/studies?status=sent&status=accepted\
         &patientName=O%27Brien%20%26%20Sons%3D1%2B1&limit=25 HTTP/1.1"
    );
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    middle_name: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    phone_number: Nullable<String>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    suffix1: Nullable<String>,
}

#[tokio::test]
async fn nullable_fields_are_sent_byte_for_byte() {
    let server = TestServer::start(vec![reply(200).json(r#"{"id":"usr_1"}"#)]).await;
    let client = transport(&server);
    let update = UserUpdate {
        first_name: Some("Sarah".into()),
        middle_name: Nullable::Null,
        suffix1: "MD".to_string().into(),
        ..Default::default()
    };
    let request = Request::new(Method::PATCH, "/v1/viewer/users/{userId}")
        .path_param("userId", "user_id", "usr_1")
        .json_body(&update);
    client
        .call(request, json::<serde_json::Value>)
        .await
        .unwrap();
    let empty_update = Request::new(Method::PATCH, "/v1/viewer/users/{userId}")
        .path_param("userId", "user_id", "usr_1")
        .json_body(&UserUpdate::default());
    client
        .call(empty_update, json::<serde_json::Value>)
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(
        requests[0].request_line,
        "PATCH /v1/viewer/users/usr_1 HTTP/1.1"
    );
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        r#"{"firstName":"Sarah","middleName":null,"suffix1":"MD"}"#
    );
    assert_eq!(String::from_utf8_lossy(&requests[1].body), "{}");
}

#[tokio::test]
async fn form_and_byte_bodies_are_sent_as_given() {
    let server = TestServer::start(vec![reply(204)]).await;
    let client = transport(&server);
    let form = serde_json::json!({"grant": "a b&c", "n": 2, "skip": null});
    client
        .call(
            Request::new(Method::POST, "/v1/form").form_body(&form),
            empty,
        )
        .await
        .unwrap();
    client
        .call(
            Request::new(Method::POST, "/v1/raw").bytes_body("application/dicom", vec![1u8, 2, 3]),
            empty,
        )
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(requests[0].body, b"grant=a%20b%26c&n=2");
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/dicom")
    );
    assert_eq!(requests[1].body, [1u8, 2, 3]);
}

#[tokio::test]
async fn a_body_that_cannot_be_serialized_is_refused_without_a_request() {
    let server = TestServer::start(vec![reply(204)]).await;
    let nested = serde_json::json!({"a": {"b": 1}});
    let error = transport(&server)
        .call(
            Request::new(Method::POST, "/v1/form").form_body(&nested),
            empty,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Serialize(_)), "{error:?}");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn header_params_are_sent() {
    let server = TestServer::start(vec![reply(204)]).await;
    let request = Request::new(Method::GET, "/v1/x").header("X-Clinic-Id", "cln_7");
    transport(&server).call(request, empty).await.unwrap();
    assert_eq!(server.only_request().header("x-clinic-id"), Some("cln_7"));
}

#[test]
fn calls_are_send_futures() {
    fn assert_send<F: Send>(_: &F) {}
    let server_url = "http://127.0.0.1:9";
    let client: support::TestClient = codegen_runtime::ClientBuilder::new(&support::API)
        .env_source(|_| None)
        .credential(0, codegen_runtime::Credential::token("k"))
        .base_url(server_url)
        .build()
        .unwrap();
    let future = client.0.call(user("usr_1"), empty).into_future();
    assert_send(&future);
}

#[tokio::test]
async fn a_post_without_a_body_says_its_length_is_zero() {
    let replies = (0..3).map(|_| reply(200).json("{}")).collect();
    let server = TestServer::start(replies).await;
    let client = transport(&server);
    for method in [Method::POST, Method::PUT, Method::GET] {
        let request = Request::new(method, "/v1/express/cus_1/deactivate");
        client.call(request, empty).await.unwrap();
    }
    let lengths: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("content-length").map(str::to_owned))
        .collect();
    // POST and PUT say so (some servers answer 411 otherwise); a GET carries no such header.
    assert_eq!(lengths, [Some("0".to_owned()), Some("0".to_owned()), None]);
}
