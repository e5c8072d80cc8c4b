//! Part 4: the generated client's overhead on one `viewer.users.update` call, against the
//! same request written by hand with `reqwest` and `serde_json`, both talking HTTP/1.1 to an
//! in-process loopback server that answers every request with a fixed `ViewerUser`.
//!
//! Both clients use a `reqwest::Client` with the runtime's settings (5 s connect timeout,
//! keep-alive pool), send the same headers and body, and decode into
//! `avara::models::ViewerUser`. The server runs on a thread of its own; the calls
//! alternate between the two clients (ABBA order) so drift and noise hit both alike.

use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use avara::models::{ViewerUser, ViewerUserUpdateParams};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::stats::percentile;

const USER_ID: &str = "usr_1234567890abcdef1234567890abcdef";

/// The spec's example response to `viewer.users.update`.
const RESPONSE_BODY: &str = r#"{"canManageStudies":true,"clinicRole":"Radiologist","createdAt":"2024-01-15T10:00:00Z","email":"dr.johnson@hospital.org","firstName":"Sarah","hasDashboardAccess":true,"invitedSource":"api","lastLoginAt":"2024-03-15T09:00:00Z","lastName":"Johnson","level":"member","userId":"usr_1234567890abcdef1234567890abcdef","middleName":"Marie","phoneNumber":"5551234567","suffix1":"MD","suffix2":"FACR"}"#;

/// Latencies of both clients.
#[derive(Debug, Clone)]
pub struct Overhead {
    /// Calls per client.
    pub calls: usize,
    /// Generated client: p50 and p99.
    pub client: (Duration, Duration),
    /// Hand-written reqwest + serde_json: p50 and p99.
    pub hand: (Duration, Duration),
}

/// Runs `warmup` untimed then `calls` timed requests with each client.
pub fn measure(warmup: usize, calls: usize) -> Result<Overhead, String> {
    let addr = start_server()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a Tokio runtime: {e}"))?;
    runtime.block_on(run(addr, warmup, calls))
}

async fn run(addr: SocketAddr, warmup: usize, calls: usize) -> Result<Overhead, String> {
    let base = format!("http://{addr}");
    let client = avara::Client::builder()
        .api_key("k")
        .base_url(&base)
        .build()
        .map_err(|e| e.to_string())?;
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())?;
    let body: ViewerUserUpdateParams = serde_json::from_value(serde_json::json!({
        "firstName": "Sarah",
        "clinicRole": "Radiologist",
        "middleName": null,
        "canManageStudies": true,
    }))
    .map_err(|e| e.to_string())?;

    let generated = || async {
        let start = Instant::now();
        let response = client
            .viewer()
            .users()
            .update(USER_ID, &body)
            .await
            .map_err(|e| format!("generated client: {e}"))?;
        let elapsed = start.elapsed();
        black_box(response);
        Ok::<_, String>(elapsed)
    };
    let by_hand = || async {
        let start = Instant::now();
        let response = hand_written(&http, &base, &body).await?;
        let elapsed = start.elapsed();
        black_box(response);
        Ok::<_, String>(elapsed)
    };

    let mut client_times = Vec::with_capacity(calls);
    let mut hand_times = Vec::with_capacity(calls);
    for i in 0..warmup + calls {
        let (c, h) = if i % 2 == 0 {
            let c = generated().await?;
            (c, by_hand().await?)
        } else {
            let h = by_hand().await?;
            (generated().await?, h)
        };
        if i >= warmup {
            client_times.push(c);
            hand_times.push(h);
        }
    }
    Ok(Overhead {
        calls,
        client: (
            percentile(&client_times, 50.0),
            percentile(&client_times, 99.0),
        ),
        hand: (percentile(&hand_times, 50.0), percentile(&hand_times, 99.0)),
    })
}

/// The request as one would write it without the generated client.
async fn hand_written(
    http: &reqwest::Client,
    base: &str,
    body: &ViewerUserUpdateParams,
) -> Result<ViewerUser, String> {
    let json = serde_json::to_vec(body).map_err(|e| e.to_string())?;
    let response = http
        .patch(format!("{base}/v1/viewer/users/{USER_ID}"))
        .header(AUTHORIZATION, "Bearer k")
        .header(USER_AGENT, "avara-rust/0.1.0")
        .header(ACCEPT, "application/json")
        .header(CONTENT_TYPE, "application/json")
        .body(json)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("hand-written: status {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// Starts the loopback server on a thread of its own; returns its address.
fn start_server() -> Result<SocketAddr, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a Tokio runtime for the loopback server");
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).expect("a Tokio listener");
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(stream));
            }
        });
    });
    Ok(addr)
}

/// Serves one keep-alive connection: reads each request (headers and `Content-Length` body)
/// and writes the fixed response.
async fn connection(mut stream: TcpStream) -> std::io::Result<()> {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{RESPONSE_BODY}",
        RESPONSE_BODY.len()
    );
    let mut buffer: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let head = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..n]);
        };
        let length = std::str::from_utf8(&buffer[..head])
            .unwrap_or("")
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        while buffer.len() < head + length {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(&chunk[..n]);
        }
        buffer.drain(..head + length);
        stream.write_all(response.as_bytes()).await?;
    }
}
