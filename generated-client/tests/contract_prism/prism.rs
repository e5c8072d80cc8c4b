//! The Prism mock server process: started once for the test binary, killed when dropped.

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long Prism may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The seed of Prism's dynamic responses (`Prefer: dynamic=true`): with it, a schema always
/// generates the same body, so that a failure can be replayed.
pub const SEED: &str = "avara-contract";

/// A running Prism mock server; dropping it kills the process.
pub struct Prism {
    child: Child,
    port: u16,
    /// Everything Prism wrote to stdout and stderr so far.
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Prism {
    /// Starts `prism mock spec/avara.openapi.yaml` on a free loopback port and waits until
    /// it listens, for at most [`STARTUP_TIMEOUT`].
    ///
    /// Dynamic responses are seeded, and json-schema-faker is told not to invent properties
    /// the document does not declare (`fillProperties=false`): every property of a dynamic
    /// response is then one the document declares, so the client must keep all of them.
    pub fn start() -> Prism {
        let root = workspace_root();
        let bin = root.join("node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism is not installed ({} does not exist): run `npm ci` in {}",
            bin.display(),
            root.display()
        );
        let port = free_port();
        let mut child = Command::new(&bin)
            .args(["mock", "spec/avara.openapi.yaml", "-h", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .args(["--seed", SEED, "--json-schema-faker-fillProperties=false"])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "could not start {}: {error}; run `npm ci` in {}",
                    bin.display(),
                    root.display()
                )
            });
        // Prism logs every request: drain both pipes so that it never blocks on a full one.
        let output = Arc::new(Mutex::new(String::new()));
        let readers = vec![
            drain(child.stdout.take().expect("piped stdout"), &output),
            drain(child.stderr.take().expect("piped stderr"), &output),
        ];
        let mut prism = Prism {
            child,
            port,
            output,
            readers,
        };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if self.output().contains("Prism is listening")
                && TcpStream::connect_timeout(&self.addr(), Duration::from_millis(500)).is_ok()
            {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the readers collect the last words.
                for reader in self.readers.drain(..) {
                    let _ = reader.join();
                }
                panic!(
                    "Prism exited ({status}) before listening on port {}:\n{}",
                    self.port,
                    self.output()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "Prism did not listen on port {} within {} s:\n{}",
                    self.port,
                    STARTUP_TIMEOUT.as_secs(),
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Where Prism listens.
    pub fn addr(&self) -> SocketAddr {
        (Ipv4Addr::LOCALHOST, self.port).into()
    }

    fn output(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The last `lines` lines Prism wrote, for failure messages.
    pub fn output_tail(&self, lines: usize) -> String {
        let output = self.output();
        let all: Vec<&str> = output.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism runs as one `node` process (no `--multiprocess`), so killing it is enough.
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

/// The workspace root: where `spec/`, `node_modules/` and `package.json` are.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generated-client has a parent directory")
        .to_path_buf()
}

/// A port nothing listens on right now (the OS picks it; Prism binds it a moment later).
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("bind a loopback port")
        .port()
}

fn drain(mut pipe: impl Read + Send + 'static, output: &Arc<Mutex<String>>) -> JoinHandle<()> {
    let output = Arc::clone(output);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n @ 1..) = pipe.read(&mut buffer) {
            let text = String::from_utf8_lossy(&buffer[..n]);
            output
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_str(&text);
        }
    })
}
