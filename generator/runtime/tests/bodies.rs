//! Request bodies on the wire: multipart forms, JSON of the API's own media type, text.

mod support;

use codegen_runtime::{empty, json, Error, FilePart, Multipart, Request};
use http::Method;
use support::{reply, transport, TestServer};

async fn sent(request: Request) -> support::Recorded {
    let server = TestServer::start(vec![reply(204)]).await;
    transport(&server).call(request, empty).await.unwrap();
    server.only_request()
}

#[tokio::test]
async fn multipart_bodies_have_text_json_and_file_parts() {
    let form = Multipart::new()
        .text("title", "Q3 \"report\"")
        .json("meta", &serde_json::json!({"tags": ["a"]}))
        .file(
            "file",
            &FilePart::new("r.pdf", b"%PDF-1\r\n".to_vec()).content_type("application/pdf"),
        )
        .file("raw", &FilePart::new("x.bin", vec![0u8, 255]));
    let request = sent(Request::new(Method::POST, "/upload").multipart_body(form)).await;
    let content_type = request.header("content-type").unwrap().to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let mut expected = Vec::new();
    for part in [
        &b"Content-Disposition: form-data; name=\"title\"\r\n\r\nQ3 \"report\""[..],
        b"Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"tags\":[\"a\"]}",
        b"Content-Disposition: form-data; name=\"file\"; filename=\"r.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n",
        b"Content-Disposition: form-data; name=\"raw\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\xff",
    ] {
        expected.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        expected.extend_from_slice(part);
        expected.extend_from_slice(b"\r\n");
    }
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn multipart_names_cannot_break_out_of_their_quotes() {
    let form = Multipart::new().file("f\"x", &FilePart::new("a\"\r\nb.txt", b"x".to_vec()));
    let request = sent(Request::new(Method::POST, "/upload").multipart_body(form)).await;
    let body = String::from_utf8_lossy(&request.body).into_owned();
    assert!(
        body.contains("name=\"f%22x\"; filename=\"a%22%0D%0Ab.txt\""),
        "{body}"
    );
}

#[tokio::test]
async fn json_fields_become_text_and_json_parts() {
    let value = serde_json::json!({"name": "x", "n": 2, "gone": null});
    let form = Multipart::new().json_fields(&value);
    let request = sent(Request::new(Method::POST, "/upload").multipart_body(form)).await;
    let body = String::from_utf8_lossy(&request.body).into_owned();
    assert!(body.contains("name=\"name\"\r\n\r\nx\r\n"), "{body}");
    assert!(
        body.contains("name=\"n\"\r\nContent-Type: application/json\r\n\r\n2\r\n"),
        "{body}"
    );
    assert!(!body.contains("gone"), "{body}");
}

#[tokio::test]
async fn vendor_json_keeps_its_media_type() {
    let request = sent(
        Request::new(Method::POST, "/things")
            .json_body_as("application/vnd.api+json", &serde_json::json!({"a": 1})),
    )
    .await;
    assert_eq!(
        request.header("content-type"),
        Some("application/vnd.api+json")
    );
    assert_eq!(request.body, b"{\"a\":1}");
}

#[tokio::test]
async fn text_bodies_are_sent_as_they_are() {
    let request =
        sent(Request::new(Method::POST, "/text").bytes_body("text/plain", String::from("héllo")))
            .await;
    assert_eq!(request.header("content-type"), Some("text/plain"));
    assert_eq!(request.body, "héllo".as_bytes());
}

#[tokio::test]
async fn an_error_body_decodes_into_the_type_the_docs_name() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Problem {
        title: String,
        status: u16,
    }
    let server = TestServer::start(vec![
        reply(404).json(r#"{"title":"no such thing","status":404}"#)
    ])
    .await;
    let error = transport(&server)
        .call(
            Request::new(Method::GET, "/things/1"),
            json::<serde_json::Value>,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Status(_)), "{error:?}");
    assert_eq!(
        error.json_body::<Problem>(),
        Some(Problem {
            title: "no such thing".into(),
            status: 404
        })
    );
    // Another shape, or another kind of error, gives None.
    assert_eq!(error.json_body::<Vec<u8>>(), None);
    assert_eq!(Error::Timeout.json_body::<Problem>(), None);
}
