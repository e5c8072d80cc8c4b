//! Decoding responses: success bodies into types, decode failures with the field path and
//! a snippet, API errors with their kind and body, and huge bodies.

mod support;

use codegen_runtime::{bytes, empty, json, text, Request};
use codegen_runtime::{Error, ErrorKind};
use http::{Method, StatusCode};
use serde::Deserialize;
use support::{reply, transport, TestServer};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct User {
    id: String,
    first_name: String,
}

#[derive(Debug, Deserialize)]
struct Page {
    data: Vec<User>,
}

fn get(path: &'static str) -> Request {
    Request::new(Method::GET, path)
}

fn decode_error(error: Error) -> Box<codegen_runtime::DecodeError> {
    match error {
        Error::Decode(decode) => decode,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_snippet() {
    let body = r#"{"data":[{"id":"usr_1","firstName":"Sarah"},{"id":"usr_2","firstName": }]}"#;
    let server = TestServer::start(vec![reply(200).json(body)]).await;
    let error = transport(&server)
        .call(get("/v1/users"), json::<Page>)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::OK));
    let decode = decode_error(error);
    assert_eq!(decode.path(), Some("data[1].firstName"));
    assert_eq!(decode.message(), "expected value at line 1 column 72");
    assert_eq!(decode.snippet(), body);
    assert_eq!(server.hits(), 1, "a decode error is not retried");
}

#[tokio::test]
async fn a_missing_required_field_names_where_it_is_missing() {
    let body = r#"{"data":[{"id":"usr_1","firstName":"Sarah"},{"id":"usr_2"}]}"#;
    let server = TestServer::start(vec![reply(200).json(body)]).await;
    let error = transport(&server)
        .call(get("/v1/users"), json::<Page>)
        .await
        .unwrap_err();
    let message = error.to_string();
    let decode = decode_error(error);
    assert_eq!(decode.path(), Some("data[1]"));
    assert_eq!(
        decode.message(),
        "missing field `firstName` at line 1 column 58"
    );
    assert!(decode.snippet().contains(r#"{"id":"usr_2"}"#));
    assert_eq!(
        message,
        format!(
            "failed to decode the response (200 OK) at `data[1]`: missing field `firstName` at \
             line 1 column 58; body: {body}"
        )
    );
}

#[tokio::test]
async fn a_wrong_type_deep_in_a_huge_body_is_shown_in_context() {
    let mut body = String::from(r#"{"data":["#);
    for i in 0..50_000 {
        body.push_str(&format!(r#"{{"id":"usr_{i}","firstName":"N"}},"#));
    }
    body.push_str(r#"{"id":"usr_x","firstName":42}]}"#);
    let server = TestServer::start(vec![reply(200).json(body.clone())]).await;
    let decode = decode_error(
        transport(&server)
            .call(get("/v1/users"), json::<Page>)
            .await
            .unwrap_err(),
    );
    assert_eq!(decode.path(), Some("data[50000].firstName"));
    assert!(decode
        .message()
        .starts_with("invalid type: integer `42`, expected a string"));
    assert!(
        decode.snippet().contains(r#""firstName":42"#),
        "{}",
        decode.snippet()
    );
    assert!(decode.snippet().len() < 700, "the snippet is bounded");
    // The failure is near the end, so the snippet is the body's last 512 bytes.
    assert!(decode.snippet().starts_with('…'));
    assert!(decode.snippet().ends_with(r#""firstName":42}]}"#));
}

#[tokio::test]
async fn unknown_fields_are_accepted() {
    let body = r#"{"id":"usr_1","firstName":"Sarah","addedLater":{"x":[1,2]},"role":"new"}"#;
    let server = TestServer::start(vec![reply(200).json(body)]).await;
    let user = transport(&server)
        .call(get("/v1/users/usr_1"), json::<User>)
        .await
        .unwrap();
    assert_eq!(
        user,
        User {
            id: "usr_1".into(),
            first_name: "Sarah".into()
        }
    );
}

#[tokio::test]
async fn a_huge_body_is_decoded() {
    // About 20 MB: 100 000 users with a 180-byte name each.
    let name = "n".repeat(180);
    let mut body = String::with_capacity(21_000_000);
    body.push_str(r#"{"data":["#);
    for i in 0..100_000 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"id":"usr_{i}","firstName":"{name}"}}"#));
    }
    body.push_str("]}");
    assert!(body.len() > 20_000_000);
    let server = TestServer::start(vec![reply(200).json(body)]).await;
    let page = transport(&server)
        .call(get("/v1/users"), json::<Page>)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 100_000);
    assert_eq!(page.data[99_999].id, "usr_99999");
    assert_eq!(page.data[99_999].first_name, name);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_404_is_a_not_found_error_with_the_body() {
    let body = r#"{"message":"User not found","code":"not_found"}"#;
    let server =
        TestServer::start(vec![reply(404).json(body).header("x-request-id", "req_42")]).await;
    let error = transport(&server)
        .call(get("/v1/users/usr_404"), json::<User>)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(
        error.to_string(),
        format!("the API returned 404 Not Found: {body}")
    );
    let api = error.api_error().unwrap();
    assert_eq!(api.body().as_ref(), body.as_bytes());
    assert_eq!(api.headers()["x-request-id"], "req_42");

    #[derive(Deserialize)]
    struct ErrorBody {
        message: String,
    }
    assert_eq!(api.json::<ErrorBody>().unwrap().message, "User not found");
    assert!(api.json::<Vec<u8>>().is_none());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_huge_error_body_is_shown_bounded() {
    let body = format!(r#"{{"message":"{}"}}"#, "x".repeat(100_000));
    let server = TestServer::start(vec![reply(422).json(body.clone())]).await;
    let error = transport(&server)
        .call(get("/v1/users"), json::<User>)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::UnprocessableEntity));
    let shown = error.to_string();
    assert!(shown.starts_with(r#"the API returned 422 Unprocessable Entity: {"message":"xxx"#));
    assert!(shown.ends_with(&format!("… ({} bytes in all)", body.len())));
    assert!(shown.len() < 700);
    assert_eq!(error.api_error().unwrap().body().len(), body.len());
}

#[tokio::test]
async fn send_with_response_keeps_status_and_headers() {
    let server = TestServer::start(vec![reply(201)
        .json(r#"{"id":"usr_1","firstName":"Sarah"}"#)
        .header("x-request-id", "req_1")])
    .await;
    let response = transport(&server)
        .call(get("/v1/users/usr_1"), json::<User>)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-request-id"], "req_1");
    assert_eq!(response.value().id, "usr_1");
    let (status, _, user) = response.into_parts();
    assert_eq!(
        (status, user.first_name.as_str()),
        (StatusCode::CREATED, "Sarah")
    );
}

#[tokio::test]
async fn empty_text_and_bytes_decoders() {
    let server = TestServer::start(vec![
        reply(204),
        reply(200)
            .header("content-type", "text/plain")
            .json("plain text é"),
        reply(200).json(vec![0u8, 159, 146, 150]),
    ])
    .await;
    let client = transport(&server);
    client.call(get("/v1/a"), empty).await.unwrap();
    assert_eq!(
        client.call(get("/v1/b"), text).await.unwrap(),
        "plain text é"
    );
    assert_eq!(
        client.call(get("/v1/c"), bytes).await.unwrap().as_ref(),
        [0u8, 159, 146, 150]
    );
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn a_custom_decoder_can_refuse_a_status() {
    fn only_200(
        status: StatusCode,
        body: &bytes::Bytes,
    ) -> Result<User, codegen_runtime::DecodeError> {
        if status != StatusCode::OK {
            return Err(codegen_runtime::DecodeError::unexpected_status(status));
        }
        json(status, body)
    }
    let server = TestServer::start(vec![reply(202).json("{}")]).await;
    let error = transport(&server)
        .call(get("/v1/users/usr_1"), only_200)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::ACCEPTED));
    assert_eq!(
        error.to_string(),
        "failed to decode the response (202 Accepted): unexpected response status 202 Accepted; body: {}"
    );
}
