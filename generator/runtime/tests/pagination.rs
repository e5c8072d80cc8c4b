//! Cursor pagination against the scripted server: the cursor is followed as the official SDKs
//! follow it, each stop rule ends the listing on its own, the filters are sent with every
//! page, each page request is a full call (retries, headers), and an error ends the stream.

mod support;

use std::time::Duration;

use codegen_runtime::{json, Error, ErrorKind, List, Paginated, Request};
use futures_util::{StreamExt, TryStreamExt};
use http::Method;
use serde::Deserialize;
use support::{reply, transport, Reply, TestServer};

/// A page as a generated client declares it: `x-pagination: {items: users, cursor: cursor,
/// hasMore: hasMore, cursorParam: cursor}`.
#[derive(Debug, Deserialize)]
struct UserPage {
    users: Vec<User>,
    cursor: Option<String>,
    #[serde(rename = "hasMore")]
    has_more: Option<bool>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
}

impl Paginated for UserPage {
    type Item = User;

    fn items(&self) -> &[User] {
        &self.users
    }

    fn into_items(self) -> Vec<User> {
        self.users
    }

    fn next_cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    fn has_more(&self) -> Option<bool> {
        self.has_more
    }
}

/// A page reply: `ids` as users, then the raw `cursor` and `hasMore` members, if any.
fn page(ids: &[&str], rest: &str) -> Reply {
    let users: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    let separator = if rest.is_empty() { "" } else { "," };
    reply(200).json(format!(
        r#"{{"users":[{}]{separator}{rest}}}"#,
        users.join(",")
    ))
}

/// `GET /v1/users?status=active&limit=2`, the request of a list operation with filters.
fn list_users(server: &TestServer) -> List<UserPage> {
    let request = Request::new(Method::GET, "/v1/users")
        .query("status", "active")
        .query("limit", 2);
    List::new(&transport(server), request, json::<UserPage>, "cursor")
}

fn ids(users: &[User]) -> Vec<&str> {
    users.iter().map(|user| user.id.as_str()).collect()
}

fn targets(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .map(|request| request.request_line)
        .collect()
}

#[tokio::test]
async fn three_pages_are_followed_with_the_same_filters() {
    let server = TestServer::start(vec![
        page(&["u1", "u2"], r#""cursor":"c1","hasMore":true"#),
        page(&["u3", "u4"], r#""cursor":"c/2=","hasMore":true"#),
        page(&["u5"], r#""cursor":"c3","hasMore":false"#),
    ])
    .await;
    let users: Vec<User> = list_users(&server).items().try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(
        targets(&server),
        [
            "GET /v1/users?status=active&limit=2 HTTP/1.1",
            "GET /v1/users?status=active&limit=2&cursor=c1 HTTP/1.1",
            "GET /v1/users?status=active&limit=2&cursor=c%2F2%3D HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_starting_cursor_is_replaced_by_the_next_pages_cursor() {
    let server = TestServer::start(vec![
        page(&["u3"], r#""cursor":"c2","hasMore":true"#),
        page(&["u4"], r#""hasMore":false"#),
    ])
    .await;
    let request = Request::new(Method::GET, "/v1/users")
        .query("cursor", "start")
        .query("limit", 1)
        .query("cursors", "kept");
    let list = List::new(&transport(&server), request, json::<UserPage>, "cursor");
    let users: Vec<User> = list.items().try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u3", "u4"]);
    assert_eq!(
        targets(&server),
        [
            "GET /v1/users?cursor=start&limit=1&cursors=kept HTTP/1.1",
            "GET /v1/users?limit=1&cursors=kept&cursor=c2 HTTP/1.1",
        ]
    );
}

/// Serves `first`, then a page that must never be asked for, and checks that the listing
/// stops after `first`.
async fn stops_after(first: Reply) {
    let server = TestServer::start(vec![first, page(&["never"], r#""hasMore":false"#)]).await;
    let pages: Vec<_> = list_users(&server).pages().collect().await;
    assert_eq!(pages.len(), 1);
    let page = pages.into_iter().next().unwrap().unwrap();
    assert!(!page.has_next_page());
    assert_eq!(page.next_cursor(), None);
    assert!(page.next_page().await.unwrap().is_none());
    assert_eq!(server.hits(), 1, "{:?}", targets(&server));
}

#[tokio::test]
async fn has_more_false_stops_even_with_a_cursor_and_items() {
    stops_after(page(&["u1"], r#""cursor":"c1","hasMore":false"#)).await;
}

#[tokio::test]
async fn an_empty_page_stops_even_with_a_cursor_and_has_more() {
    stops_after(page(&[], r#""cursor":"c1","hasMore":true"#)).await;
}

#[tokio::test]
async fn a_missing_cursor_stops() {
    stops_after(page(&["u1"], r#""hasMore":true"#)).await;
}

#[tokio::test]
async fn an_empty_cursor_stops() {
    stops_after(page(&["u1"], r#""cursor":"","hasMore":true"#)).await;
}

#[tokio::test]
async fn without_has_more_the_cursor_decides() {
    let server =
        TestServer::start(vec![page(&["u1"], r#""cursor":"c1""#), page(&["u2"], "")]).await;
    let users: Vec<User> = list_users(&server).items().try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u1", "u2"]);
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_with_it() {
    let server = TestServer::start(vec![
        page(&["u1", "u2"], r#""cursor":"c1","hasMore":true"#),
        reply(404).json(r#"{"message":"cursor expired"}"#),
        page(&["never"], r#""hasMore":false"#),
    ])
    .await;
    let mut items = list_users(&server).items();
    assert_eq!(items.next().await.unwrap().unwrap().id, "u1");
    assert_eq!(items.next().await.unwrap().unwrap().id, "u2");
    let error = items.next().await.unwrap().unwrap_err();
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    assert!(items.next().await.is_none());
    assert!(items.next().await.is_none());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_page_that_does_not_decode_ends_the_pages_with_a_decode_error() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        reply(200).json(r#"{"users":[{"id":7}],"hasMore":false}"#),
    ])
    .await;
    let pages: Vec<_> = list_users(&server).pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert_eq!(ids(pages[0].as_ref().unwrap().items()), ["u1"]);
    match &pages[1] {
        Err(Error::Decode(error)) => assert_eq!(error.path(), Some("users[0].id")),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn each_page_request_is_retried_and_carries_the_call_settings() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        reply(503),
        page(&["u2"], r#""hasMore":false"#),
    ])
    .await;
    let users: Vec<User> = list_users(&server)
        .header("x-trace", "t-1")
        .max_retries(1)
        .timeout(Duration::from_secs(5))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&users), ["u1", "u2"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.header("x-trace"), Some("t-1"));
    }
    assert_eq!(requests[1].request_line, requests[2].request_line);
}

#[tokio::test]
async fn the_per_list_retry_setting_applies_to_every_page() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        reply(503),
        page(&["u2"], r#""hasMore":false"#),
    ])
    .await;
    let result: Result<Vec<User>, Error> = list_users(&server)
        .max_retries(0)
        .items()
        .try_collect()
        .await;
    assert_eq!(
        result.unwrap_err().status(),
        Some(http::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn awaiting_gives_the_first_page_and_next_page_walks_by_hand() {
    let server = TestServer::start(vec![
        page(&["u1", "u2"], r#""cursor":"c1","hasMore":true"#),
        page(&["u3"], r#""cursor":"c2","hasMore":false"#),
    ])
    .await;
    let first = list_users(&server).await.unwrap();
    // The page dereferences to the decoded response.
    assert_eq!(first.users.len(), 2);
    assert_eq!(first.cursor.as_deref(), Some("c1"));
    assert!(first.has_next_page());
    assert_eq!(first.next_cursor(), Some("c1"));
    assert_eq!(server.hits(), 1, "awaiting fetches one page only");

    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(ids(second.items()), ["u3"]);
    assert!(!second.has_next_page());
    assert!(second.next_page().await.unwrap().is_none());
    assert_eq!(
        targets(&server)[1],
        "GET /v1/users?status=active&limit=2&cursor=c1 HTTP/1.1"
    );
    assert_eq!(ids(&second.into_inner().users), ["u3"]);
}

#[tokio::test]
async fn the_body_and_method_are_sent_again_with_each_page() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        page(&["u2"], r#""hasMore":false"#),
    ])
    .await;
    let request = Request::new(Method::POST, "/v1/users/search")
        .json_body(&serde_json::json!({"name": "Sarah"}));
    let list = List::new(&transport(&server), request, json::<UserPage>, "cursor");
    let users: Vec<User> = list.items().try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u1", "u2"]);
    let requests = server.requests();
    assert_eq!(
        requests[1].request_line,
        "POST /v1/users/search?cursor=c1 HTTP/1.1"
    );
    for request in &requests {
        assert_eq!(request.body, br#"{"name":"Sarah"}"#);
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
}

/// Cookie parameters and an operation's own security requirement belong to the request, so
/// every page carries them, not only the first.
#[tokio::test]
async fn cookies_and_the_operations_security_are_kept_for_each_page() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        page(&["u2"], r#""hasMore":false"#),
    ])
    .await;
    let request = Request::new(Method::GET, "/v1/users")
        .cookie("session", "s1")
        .security(&[]);
    let list = List::new(&transport(&server), request, json::<UserPage>, "cursor");
    let users: Vec<User> = list.items().try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u1", "u2"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("cookie"), Some("session=s1"));
        // `security: []`: no credentials, although the client has an API key.
        assert_eq!(request.header("authorization"), None);
    }
}

#[tokio::test]
async fn an_invalid_argument_is_the_only_item_and_nothing_is_sent() {
    let server = TestServer::start(vec![page(&["u1"], r#""hasMore":false"#)]).await;
    let request =
        Request::new(Method::GET, "/v1/users/{userId}/friends").path_param("userId", "user_id", "");
    let list = List::new(&transport(&server), request, json::<UserPage>, "cursor");
    let mut items = list.items();
    let error = items.next().await.unwrap().unwrap_err();
    assert!(
        matches!(error, Error::InvalidArgument { arg: "user_id", .. }),
        "{error:?}"
    );
    assert!(items.next().await.is_none());
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn nothing_is_sent_until_the_stream_is_read() {
    let server = TestServer::start(vec![page(&["u1"], r#""hasMore":false"#)]).await;
    let items = list_users(&server).items();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(server.hits(), 0);
    let users: Vec<User> = items.try_collect().await.unwrap();
    assert_eq!(ids(&users), ["u1"]);
}

#[tokio::test]
async fn streams_can_be_sent_to_another_task() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#),
        page(&["u2"], r#""hasMore":false"#),
    ])
    .await;
    let items = list_users(&server).items();
    let users = tokio::spawn(async move { items.try_collect::<Vec<User>>().await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ids(&users), ["u1", "u2"]);
}

#[tokio::test]
async fn into_call_sends_the_first_page_request_only() {
    let server = TestServer::start(vec![
        page(&["u1"], r#""cursor":"c1","hasMore":true"#).header("x-request-id", "r-1")
    ])
    .await;
    let response = list_users(&server)
        .header("x-trace", "t-1")
        .into_call()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "r-1");
    assert_eq!(ids(&response.value().users), ["u1"]);
    let request = server.only_request();
    assert_eq!(
        request.request_line,
        "GET /v1/users?status=active&limit=2 HTTP/1.1"
    );
    assert_eq!(request.header("x-trace"), Some("t-1"));
}
