//! Parameters on the wire: arrays joined or repeated, objects flat, exploded or deep,
//! `allowReserved`, JSON content, cookies and header arrays, as the server reads them.

mod support;

use codegen_runtime::{empty, plain_text, Join, ObjectStyle, Place, Request};
use http::Method;
use serde::Serialize;
use support::{reply, transport, TestServer};

#[derive(Serialize)]
struct Filter {
    status: &'static str,
    min_age: u32,
    gone: Option<u32>,
}

/// Sends `request` and returns the request line and the `Cookie` header the server saw.
async fn sent(request: Request) -> (String, Option<String>) {
    let server = TestServer::start(vec![reply(204)]).await;
    transport(&server).call(request, empty).await.unwrap();
    let request = server.only_request();
    let cookie = request.header("cookie").map(str::to_owned);
    (request.request_line, cookie)
}

fn get() -> Request {
    Request::new(Method::GET, "/items")
}

#[tokio::test]
async fn arrays_are_repeated_or_joined_with_each_value_encoded() {
    let values = ["a,b", "c d", "e"];
    let (line, _) = sent(
        get()
            .query_list("r", values, Join::Repeat)
            .query_list("c", values, Join::Comma)
            .query_list("s", [1, 2], Join::Space)
            .query_list("p", [true, false], Join::Pipe)
            .query_list("none", Vec::<String>::new(), Join::Comma),
    )
    .await;
    assert_eq!(
        line,
        "GET /items?r=a%2Cb&r=c%20d&r=e&c=a%2Cb,c%20d,e&s=1%202&p=true|false HTTP/1.1"
    );
}

#[tokio::test]
async fn objects_are_flat_exploded_or_deep() {
    let filter = Filter {
        status: "new & old",
        min_age: 3,
        gone: None,
    };
    let (line, _) = sent(
        get()
            .param_object(Place::Query, "f", &filter, ObjectStyle::Flat)
            .param_object(Place::Query, "f", &filter, ObjectStyle::Exploded)
            .param_object(Place::Query, "filter", &filter, ObjectStyle::DeepObject),
    )
    .await;
    assert_eq!(
        line,
        "GET /items?f=status,new%20%26%20old,min_age,3&status=new%20%26%20old&min_age=3&filter%5Bstatus%5D=new%20%26%20old&filter%5Bmin_age%5D=3 HTTP/1.1"
    );
}

#[tokio::test]
async fn deep_objects_nest_brackets_and_repeat_arrays() {
    let value = serde_json::json!({"a": {"b": 1}, "tags": ["x", "y"]});
    let (line, _) =
        sent(get().param_object(Place::Query, "q", &value, ObjectStyle::DeepObject)).await;
    assert_eq!(
        line,
        "GET /items?q%5Ba%5D%5Bb%5D=1&q%5Btags%5D=x&q%5Btags%5D=y HTTP/1.1"
    );
}

#[tokio::test]
async fn reserved_characters_pass_only_when_allowed() {
    let url = "https://x.example/a?b=c&d#e";
    let (line, _) = sent(get().query("plain", url).query_reserved("kept", url)).await;
    assert_eq!(
        line,
        "GET /items?plain=https%3A%2F%2Fx.example%2Fa%3Fb%3Dc%26d%23e&kept=https://x.example/a?b%3Dc%26d%23e HTTP/1.1"
    );
}

#[tokio::test]
async fn json_content_parameters_are_json_text() {
    let server = TestServer::start(vec![reply(204)]).await;
    let filter = Filter {
        status: "new",
        min_age: 3,
        gone: None,
    };
    let request = get().param_json(Place::Query, "where", &filter).param_json(
        Place::Header,
        "x-filter",
        &filter,
    );
    transport(&server).call(request, empty).await.unwrap();
    let request = server.only_request();
    assert_eq!(
        request.request_line,
        "GET /items?where=%7B%22status%22%3A%22new%22%2C%22min_age%22%3A3%2C%22gone%22%3Anull%7D HTTP/1.1"
    );
    assert_eq!(
        request.header("x-filter"),
        Some(r#"{"status":"new","min_age":3,"gone":null}"#)
    );
}

#[tokio::test]
async fn cookies_are_joined_and_encoded() {
    let (_, cookie) = sent(
        get()
            .cookie("session", "abc")
            .cookie("prefs", "a b;c")
            .param_object(
                Place::Cookie,
                "ignored",
                &serde_json::json!({"x": 1, "y": "two"}),
                ObjectStyle::Exploded,
            ),
    )
    .await;
    assert_eq!(
        cookie.as_deref(),
        Some("session=abc; prefs=a%20b%3Bc; x=1; y=two")
    );
}

#[tokio::test]
async fn header_objects_are_simple_style() {
    let server = TestServer::start(vec![reply(204)]).await;
    let point = serde_json::json!({"x": 1, "y": 2});
    let request = get()
        .param_object(Place::Header, "x-flat", &point, ObjectStyle::Flat)
        .param_object(Place::Header, "x-exploded", &point, ObjectStyle::Exploded);
    transport(&server).call(request, empty).await.unwrap();
    let request = server.only_request();
    assert_eq!(request.header("x-flat"), Some("x,1,y,2"));
    assert_eq!(request.header("x-exploded"), Some("x=1,y=2"));
}

#[tokio::test]
async fn a_non_object_is_refused_before_sending() {
    let server = TestServer::start(vec![reply(204)]).await;
    let request = get().param_object(Place::Query, "f", &[1, 2], ObjectStyle::Exploded);
    let error = transport(&server).call(request, empty).await.unwrap_err();
    assert!(
        error.to_string().contains("`f` must be an object"),
        "{error}"
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn deep_object_arrays_use_empty_brackets() {
    let (line, _) = sent(get().query_list("expand", ["a.b", "c"], Join::Brackets)).await;
    assert_eq!(line, "GET /items?expand%5B%5D=a.b&expand%5B%5D=c HTTP/1.1");
}

#[tokio::test]
async fn values_of_a_run_time_shape_are_written_as_what_they_turn_out_to_be() {
    let any = |value: serde_json::Value| {
        get().param_any(
            Place::Query,
            "created",
            &value,
            Join::Brackets,
            ObjectStyle::DeepObject,
        )
    };
    let (line, _) = sent(any(serde_json::json!(1700000000))).await;
    assert_eq!(line, "GET /items?created=1700000000 HTTP/1.1");
    let (line, _) = sent(any(serde_json::json!({"gt": 1, "lt": 2}))).await;
    assert_eq!(
        line,
        "GET /items?created%5Bgt%5D=1&created%5Blt%5D=2 HTTP/1.1"
    );
    let (line, _) = sent(any(serde_json::json!(["x", {"a": 1}]))).await;
    assert_eq!(
        line,
        "GET /items?created%5B%5D=x&created%5B%5D=%7B%22a%22%3A1%7D HTTP/1.1"
    );
    let (line, _) = sent(any(serde_json::Value::Null)).await;
    assert_eq!(line, "GET /items HTTP/1.1");
}

#[test]
fn plain_text_is_one_piece_of_text() {
    assert_eq!(plain_text("a b"), "a b");
    assert_eq!(plain_text(&3), "3");
    assert_eq!(plain_text(&Option::<u8>::None), "");
    assert_eq!(plain_text(&["a", "b"]), "a,b");
    assert_eq!(
        plain_text(&serde_json::json!({"x": 1, "y": "z"})),
        "x,1,y,z"
    );
}
