//! A recording HTTP/1.1 proxy between the client and Prism.
//!
//! The client talks to the proxy; the proxy forwards each request unchanged to Prism (on a
//! connection of its own, `Connection: close`), answers the client with Prism's response, and
//! keeps both sides of every exchange that carries an [`EXCHANGE_HEADER`]: the request exactly
//! as the client sent it (method, path and query, headers, body) and the response body exactly
//! as Prism sent it. The cases compare those bytes with what the client made of them.
//!
//! Only what the client and Prism use is handled: requests with a `Content-Length` body (or
//! none), responses with a `Content-Length` or chunked body. Anything else fails loudly.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The request header that names an exchange to keep (any value; the cases use a counter).
pub const EXCHANGE_HEADER: &str = "x-contract-exchange";

/// One request and its response, as they crossed the proxy.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    /// The request target: path and query, still percent-encoded.
    pub target: String,
    /// Request headers, names in lower case, in the order sent.
    pub request_headers: Vec<(String, String)>,
    pub request_body: Vec<u8>,
    pub status: u16,
    /// Response headers, names in lower case, in the order Prism sent them.
    pub response_headers: Vec<(String, String)>,
    /// The response body, de-chunked if Prism chunked it.
    pub response_body: Vec<u8>,
}

impl Exchange {
    /// The path of the request target (no query), still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query of the request target as decoded `(name, value)` pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some((_, query)) = self.target.split_once('?') else {
            return Vec::new();
        };
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(name), percent_decode(value))
            })
            .collect()
    }

    /// The first request header of that (lower-case) name.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        header(&self.request_headers, name)
    }

    /// The first response header of that (lower-case) name.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        header(&self.response_headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Decodes `%XX` escapes and `+` (a space in a query) of a query component.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The proxy: where it listens, and the exchanges it kept.
pub struct Recorder {
    addr: SocketAddr,
    upstream: SocketAddr,
    exchanges: Mutex<HashMap<String, Exchange>>,
    /// Failures of the proxy itself (a malformed message), reported by the test at the end.
    errors: Mutex<Vec<String>>,
}

impl Recorder {
    /// Starts the proxy on a free loopback port, forwarding to `upstream`. Must be called
    /// within a Tokio runtime; the proxy runs until the runtime ends.
    pub async fn start(upstream: SocketAddr) -> Arc<Recorder> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind the proxy's port");
        let recorder = Arc::new(Recorder {
            addr: listener.local_addr().expect("the proxy's address"),
            upstream,
            exchanges: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        });
        let serving = Arc::clone(&recorder);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let recorder = Arc::clone(&serving);
                tokio::spawn(async move {
                    if let Err(error) = recorder.serve(socket).await {
                        recorder
                            .errors
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(error.to_string());
                    }
                });
            }
        });
        recorder
    }

    /// The base URL the client should use.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Takes the exchange whose request carried `EXCHANGE_HEADER: id`.
    pub fn take(&self, id: &str) -> Option<Exchange> {
        self.exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id)
    }

    /// What went wrong inside the proxy so far.
    pub fn errors(&self) -> Vec<String> {
        self.errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves one client connection: request after request until the client closes it.
    async fn serve(&self, socket: TcpStream) -> io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut reader = BufReader::new(read);
        loop {
            let Some(head) = read_head(&mut reader).await? else {
                return Ok(());
            };
            let (request_line, headers) = parse_head(&head)?;
            let mut parts = request_line.splitn(3, ' ');
            let method = parts.next().unwrap_or_default().to_owned();
            let target = parts.next().unwrap_or_default().to_owned();
            if header(&headers, "transfer-encoding").is_some() {
                return Err(invalid(
                    "a chunked request body (the client never sends one)",
                ));
            }
            let length = content_length(&headers)?.unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).await?;

            let (status, response_headers, response_body) =
                self.forward(&request_line, &headers, &body).await?;

            // Answer the client with Prism's status, headers and body; the framing is ours.
            let mut answer = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (name, value) in &response_headers {
                if !matches!(
                    name.as_str(),
                    "content-length" | "transfer-encoding" | "connection" | "keep-alive"
                ) {
                    answer.push_str(&format!("{name}: {value}\r\n"));
                }
            }
            answer.push_str(&format!("content-length: {}\r\n\r\n", response_body.len()));
            write.write_all(answer.as_bytes()).await?;
            write.write_all(&response_body).await?;
            write.flush().await?;

            if let Some(id) = header(&headers, EXCHANGE_HEADER) {
                let exchange = Exchange {
                    method,
                    target,
                    request_headers: headers.clone(),
                    request_body: body,
                    status,
                    response_headers,
                    response_body,
                };
                self.exchanges
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id.to_owned(), exchange);
            }
        }
    }

    /// Sends one request to Prism on a new connection and reads the whole response.
    async fn forward(
        &self,
        request_line: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> io::Result<(u16, Vec<(String, String)>, Vec<u8>)> {
        let mut upstream = TcpStream::connect(self.upstream).await?;
        let mut head = format!("{request_line}\r\n");
        for (name, value) in headers {
            if !matches!(name.as_str(), "connection" | "keep-alive") {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str("connection: close\r\n\r\n");
        upstream.write_all(head.as_bytes()).await?;
        upstream.write_all(body).await?;
        upstream.flush().await?;

        let mut raw = Vec::new();
        upstream.read_to_end(&mut raw).await?;
        let split = find(&raw, b"\r\n\r\n").ok_or_else(|| invalid("a response without a head"))?;
        let head = std::str::from_utf8(&raw[..split])
            .map_err(|_| invalid("a response head that is not UTF-8"))?;
        let (status_line, response_headers) = parse_head(head)?;
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| invalid("a response without a status"))?;
        let rest = &raw[split + 4..];
        let body = if header(&response_headers, "transfer-encoding")
            .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
        {
            dechunk(rest)?
        } else {
            match content_length(&response_headers)? {
                Some(length) if length <= rest.len() => rest[..length].to_vec(),
                Some(length) => {
                    return Err(invalid(&format!(
                        "a response body of {} bytes, {length} announced",
                        rest.len()
                    )))
                }
                None => rest.to_vec(),
            }
        };
        Ok((status, response_headers, body))
    }
}

/// Reads one message head (up to the blank line); `None` when the peer closed the connection
/// between messages.
async fn read_head(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> io::Result<Option<String>> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = match reader.read_line(&mut line).await {
            Ok(n) => n,
            // A client may drop an idle pooled connection abruptly: a close, not a failure.
            Err(error) if head.is_empty() && error.kind() == io::ErrorKind::ConnectionReset => 0,
            Err(error) => return Err(error),
        };
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(invalid("the connection closed inside a request head"))
            };
        }
        if line == "\r\n" || line == "\n" {
            if head.is_empty() {
                continue; // tolerated before a request line
            }
            return Ok(Some(head));
        }
        head.push_str(&line);
    }
}

/// Splits a head into its first line and its headers (names lower-cased).
fn parse_head(head: &str) -> io::Result<(String, Vec<(String, String)>)> {
    let mut lines = head.lines();
    let first = lines
        .next()
        .ok_or_else(|| invalid("an empty message head"))?
        .to_owned();
    let mut headers = Vec::new();
    for line in lines.filter(|line| !line.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| invalid(&format!("a header line without a colon: {line:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    Ok((first, headers))
}

fn content_length(headers: &[(String, String)]) -> io::Result<Option<usize>> {
    header(headers, "content-length")
        .map(|value| {
            value
                .parse()
                .map_err(|_| invalid(&format!("content-length {value:?}")))
        })
        .transpose()
}

/// Decodes a chunked body (no trailers expected).
fn dechunk(mut rest: &[u8]) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = find(rest, b"\r\n").ok_or_else(|| invalid("a chunk without a size line"))?;
        let size_text = std::str::from_utf8(&rest[..end])
            .map_err(|_| invalid("a chunk size that is not text"))?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| invalid(&format!("chunk size {size_text:?}")))?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err(invalid("a chunk cut short"));
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Unknown")
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("proxy: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_pairs_are_decoded() {
        let exchange = Exchange {
            method: "GET".into(),
            target: "/v1/x?status=sent%2Caccepted&email=a%40b.org&q=a+b&empty=&flag".into(),
            request_headers: Vec::new(),
            request_body: Vec::new(),
            status: 200,
            response_headers: Vec::new(),
            response_body: Vec::new(),
        };
        assert_eq!(exchange.path(), "/v1/x");
        let pairs = exchange.query_pairs();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("status", "sent,accepted"),
                ("email", "a@b.org"),
                ("q", "a b"),
                ("empty", ""),
                ("flag", ""),
            ]
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(dechunk(b"5\r\nabc").is_err());
        assert!(dechunk(b"zz\r\n").is_err());
    }

    #[test]
    fn heads_are_split_into_a_first_line_and_lower_case_headers() {
        let (first, headers) =
            parse_head("GET / HTTP/1.1\r\nContent-Type: a/b\r\nX-Y:  z \r\n").unwrap();
        assert_eq!(first, "GET / HTTP/1.1");
        assert_eq!(
            headers,
            [
                ("content-type".to_owned(), "a/b".to_owned()),
                ("x-y".to_owned(), "z".to_owned())
            ]
        );
        assert!(parse_head("GET / HTTP/1.1\r\nno colon\r\n").is_err());
    }
}
