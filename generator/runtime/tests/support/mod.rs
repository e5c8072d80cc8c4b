//! Shared by the runtime tests: a scripted HTTP/1.1 server on loopback and a tiny client.
//!
//! The server is hand-rolled on `tokio::net::TcpListener` so that a test can make it
//! misbehave: stall before the headers or the body, close the connection mid-body, send
//! anything as the body. Every connection serves one request and is then closed, so the
//! number of recorded requests is the number of attempts the client made.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codegen_runtime::{ApiDescriptor, AuthKind, AuthScheme, ClientBuilder, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The API the tests configure clients for.
pub static API: ApiDescriptor = ApiDescriptor {
    name: "avara",
    default_base_url: "https://api.avarasoftware.com",
    auth: &[AuthScheme {
        name: "BearerAuth",
        kind: AuthKind::Http("Bearer"),
        env: &["AVARA_API_KEY"],
        setter: "api_key",
    }],
    security: &[&[0]],
    requires_credentials: true,
    base_url_env: "AVARA_BASE_URL",
    user_agent: "avara-rust/test",
    custom_headers_env: "AVARA_CUSTOM_HEADERS",
    webhook_key_env: Some("AVARA_WEBHOOK_KEY"),
};

/// The API key the tests use; it must never show up in output.
pub const KEY: &str = "sk_test_SECRET_0123456789";

/// Stands in for the generated `Client`.
pub struct TestClient(pub Transport);

impl From<Transport> for TestClient {
    fn from(transport: Transport) -> Self {
        Self(transport)
    }
}

/// A builder pointed at `server`, with no environment, fast backoff and test defaults.
pub fn builder(server: &TestServer) -> ClientBuilder<TestClient> {
    ClientBuilder::new(&API)
        .env_source(|_| None)
        .credential(0, codegen_runtime::Credential::token(KEY))
        .base_url(server.url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
}

/// A transport pointed at `server`, built by [`builder`].
pub fn transport(server: &TestServer) -> Transport {
    builder(server).build().expect("test client builds").0
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay_headers: Duration,
    delay_body: Duration,
    close_mid_body: bool,
}

/// A reply with `status` and an empty body.
pub fn reply(status: u16) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: Vec::new(),
        delay_headers: Duration::ZERO,
        delay_body: Duration::ZERO,
        close_mid_body: false,
    }
}

impl Reply {
    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets a JSON body.
    pub fn json(self, body: impl Into<Vec<u8>>) -> Self {
        let mut reply = self.header("content-type", "application/json");
        reply.body = body.into();
        reply
    }

    /// Waits before sending anything.
    pub fn delay_headers(mut self, delay: Duration) -> Self {
        self.delay_headers = delay;
        self
    }

    /// Sends the headers at once, then waits before sending the body.
    pub fn delay_body(mut self, delay: Duration) -> Self {
        self.delay_body = delay;
        self
    }

    /// Sends the headers and half of the body, then closes the connection.
    pub fn close_mid_body(mut self) -> Self {
        self.close_mid_body = true;
        self
    }
}

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// For example `GET /v1/users/usr_1 HTTP/1.1`.
    pub request_line: String,
    /// Names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of header `name` (lowercase), if it was sent once; panics if sent twice.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name);
        let first = values.next().map(|(_, value)| value.as_str());
        assert!(values.next().is_none(), "header {name} sent more than once");
        first
    }
}

/// A server that answers the n-th request with the n-th reply of its script (the last reply
/// repeats) and records every request.
pub struct TestServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts serving on 127.0.0.1 on a free port.
    pub async fn start(script: Vec<Reply>) -> Self {
        assert!(!script.is_empty(), "a script needs at least one reply");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let script = Arc::new(script);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, &recorded, &script).await;
                });
            }
        });
        Self { addr, requests }
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests were received.
    pub fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// The only request received; panics unless there was exactly one.
    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request");
        requests.into_iter().next().unwrap()
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: &Mutex<Vec<Recorded>>,
    script: &[Reply],
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let reply = {
        let mut requests = recorded.lock().unwrap();
        requests.push(request);
        script[(requests.len() - 1).min(script.len() - 1)].clone()
    };

    tokio::time::sleep(reply.delay_headers).await;
    let mut head = format!("HTTP/1.1 {} Test\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        reply.body.len()
    ));
    stream.write_all(head.as_bytes()).await?;
    stream.flush().await?;
    tokio::time::sleep(reply.delay_body).await;
    if reply.close_mid_body {
        stream
            .write_all(&reply.body[..reply.body.len() / 2])
            .await?;
        stream.flush().await?;
        // Dropping the stream closes the connection with the body incomplete.
        return Ok(());
    }
    stream.write_all(&reply.body).await?;
    stream.shutdown().await
}

/// Reads one request (headers, then a `content-length` body); `None` if the peer closed.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok(Some(Recorded {
        request_line,
        headers,
        body,
    }))
}
