//! Credentials: how each kind of scheme is sent, which alternative an operation uses, what
//! happens without any, and that no secret shows in output.

mod support;

use std::collections::HashMap;

use codegen_runtime::{
    empty, ApiDescriptor, AuthKind, AuthScheme, ClientBuilder, Credential, Error, Request,
};
use http::Method;
use support::{reply, TestClient, TestServer};

const SECRET: &str = "s3cr3t-VALUE";

/// An API with one scheme of each kind; operations default to bearer, else the header key.
static API: ApiDescriptor = ApiDescriptor {
    name: "secure",
    default_base_url: "https://secure.example",
    auth: &[
        AuthScheme {
            name: "BearerAuth",
            kind: AuthKind::Http("Bearer"),
            env: &["SECURE_BEARER_TOKEN"],
            setter: "bearer_token",
        },
        AuthScheme {
            name: "BasicAuth",
            kind: AuthKind::Basic,
            env: &["SECURE_BASIC_AUTH_USERNAME", "SECURE_BASIC_AUTH_PASSWORD"],
            setter: "basic_auth",
        },
        AuthScheme {
            name: "HeaderKey",
            kind: AuthKind::Header("X-Api-Key"),
            env: &["SECURE_API_KEY_HEADER_KEY"],
            setter: "api_key_header_key",
        },
        AuthScheme {
            name: "QueryKey",
            kind: AuthKind::Query("api_key"),
            env: &["SECURE_API_KEY_QUERY_KEY"],
            setter: "api_key_query_key",
        },
        AuthScheme {
            name: "CookieKey",
            kind: AuthKind::Cookie("session_key"),
            env: &["SECURE_API_KEY_COOKIE_KEY"],
            setter: "api_key_cookie_key",
        },
    ],
    security: &[&[0], &[2]],
    requires_credentials: false,
    base_url_env: "SECURE_BASE_URL",
    user_agent: "secure-rust/test",
    custom_headers_env: "SECURE_CUSTOM_HEADERS",
    webhook_key_env: None,
};

/// An API that declares no security at all.
static OPEN: ApiDescriptor = ApiDescriptor {
    name: "open",
    default_base_url: "https://open.example",
    auth: &[],
    security: &[],
    requires_credentials: false,
    base_url_env: "OPEN_BASE_URL",
    user_agent: "open-rust/test",
    custom_headers_env: "OPEN_CUSTOM_HEADERS",
    webhook_key_env: None,
};

fn builder(api: &'static ApiDescriptor, server: &TestServer) -> ClientBuilder<TestClient> {
    ClientBuilder::new(api)
        .env_source(|_| None)
        .base_url(server.url())
        .max_retries(0)
}

fn get() -> Request {
    Request::new(Method::GET, "/things")
}

#[tokio::test]
async fn each_kind_of_scheme_is_sent_its_own_way() {
    let server = TestServer::start(vec![reply(204)]).await;
    let client = builder(&API, &server)
        .credential(0, Credential::token("tok"))
        .credential(1, Credential::basic("Aladdin", "open sesame"))
        .credential(2, Credential::token("hkey"))
        .credential(3, Credential::token("q key&"))
        .credential(4, Credential::token("ckey"))
        .build()
        .unwrap()
        .0;
    const EACH: [&[&[usize]]; 4] = [&[&[0]], &[&[1]], &[&[2]], &[&[3, 4]]];
    for security in EACH {
        client
            .call(get().security(security).cookie("pref", "dark"), empty)
            .await
            .unwrap();
    }
    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer tok"));
    assert_eq!(
        requests[1].header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(requests[2].header("x-api-key"), Some("hkey"));
    assert_eq!(requests[2].header("authorization"), None);
    assert_eq!(
        requests[3].request_line,
        "GET /things?api_key=q%20key%26 HTTP/1.1"
    );
    assert_eq!(
        requests[3].header("cookie"),
        Some("pref=dark; session_key=ckey")
    );
    assert_eq!(requests[3].header("authorization"), None);
}

#[tokio::test]
async fn the_first_alternative_with_credentials_is_used() {
    let server = TestServer::start(vec![reply(204)]).await;
    // Only the header key: the API's default [bearer] or [header key] falls to the second.
    let client = builder(&API, &server)
        .credential(2, Credential::token("hkey"))
        .build()
        .unwrap()
        .0;
    client.call(get(), empty).await.unwrap();
    let request = server.only_request();
    assert_eq!(request.header("x-api-key"), Some("hkey"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn an_empty_list_or_an_empty_alternative_sends_nothing() {
    let server = TestServer::start(vec![reply(204)]).await;
    let client = builder(&API, &server)
        .credential(0, Credential::token("tok"))
        .build()
        .unwrap()
        .0;
    client.call(get().security(&[]), empty).await.unwrap();
    // Basic is not configured, so the empty alternative after it is taken.
    client
        .call(get().security(&[&[1], &[]]), empty)
        .await
        .unwrap();
    for request in server.requests() {
        assert_eq!(request.header("authorization"), None);
    }
}

#[tokio::test]
async fn missing_credentials_fail_before_sending_and_say_how_to_set_them() {
    let server = TestServer::start(vec![reply(204)]).await;
    let client = builder(&API, &server).build().unwrap().0;
    let error = client.call(get(), empty).await.unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid client configuration: `GET /things` needs credentials and none are configured: \
         `BearerAuth`: pass one with `bearer_token(..)` or set the SECURE_BEARER_TOKEN environment variable; \
         or `HeaderKey`: pass one with `api_key_header_key(..)` or set the SECURE_API_KEY_HEADER_KEY environment variable"
    );
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn credentials_come_from_the_environment() {
    let server = TestServer::start(vec![reply(204)]).await;
    let vars: HashMap<&str, &str> = [
        ("SECURE_BASIC_AUTH_USERNAME", "user"),
        ("SECURE_BASIC_AUTH_PASSWORD", "pw"),
        ("SECURE_API_KEY_QUERY_KEY", " spaced "),
    ]
    .into_iter()
    .collect();
    let client = builder(&API, &server)
        .env_source(move |name| vars.get(name).map(|v| v.to_string()))
        .build()
        .unwrap()
        .0;
    client.call(get().security(&[&[1]]), empty).await.unwrap();
    client.call(get().security(&[&[3]]), empty).await.unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].header("authorization"),
        Some("Basic dXNlcjpwdw==")
    );
    assert_eq!(
        requests[1].request_line,
        "GET /things?api_key=spaced HTTP/1.1"
    );
}

#[test]
fn a_client_for_an_api_without_security_needs_no_environment() {
    let client = ClientBuilder::<TestClient>::new(&OPEN)
        .env_source(|_| None)
        .build()
        .unwrap();
    assert_eq!(client.0.base_url(), "https://open.example");
}

#[tokio::test]
async fn an_api_without_security_sends_no_credentials() {
    let server = TestServer::start(vec![reply(204)]).await;
    let client = builder(&OPEN, &server).build().unwrap().0;
    client.call(get(), empty).await.unwrap();
    let request = server.only_request();
    assert_eq!(request.header("authorization"), None);
    assert_eq!(request.request_line, "GET /things HTTP/1.1");
}

#[test]
fn a_credential_of_the_wrong_kind_is_refused_at_build() {
    let result = ClientBuilder::<TestClient>::new(&API)
        .env_source(|_| None)
        .credential(1, Credential::token("not a pair"))
        .build();
    let Err(Error::Config(message)) = result else {
        panic!("expected a configuration error");
    };
    assert_eq!(
        message,
        "the credential for `BasicAuth` is of the wrong kind: set it with `basic_auth(..)`"
    );
}

#[tokio::test]
async fn no_secret_shows_in_debug_or_errors() {
    // Nothing listens on the server's port once it is dropped: a connection error, whose
    // message would name the URL, which here carries the query key.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let builder = ClientBuilder::<TestClient>::new(&API)
        .env_source(|_| None)
        .base_url(url)
        .max_retries(0)
        .credential(1, Credential::basic("user", SECRET))
        .credential(3, Credential::token(SECRET));
    assert!(!format!("{builder:?}").contains(SECRET));
    let client = builder.build().unwrap().0;
    let shown = format!("{client:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("QueryKey"), "{shown}");
    let error = client
        .call(get().security(&[&[3]]), empty)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(!error.to_string().contains(SECRET), "{error}");
    assert!(!format!("{error:?}").contains(SECRET), "{error:?}");
}
