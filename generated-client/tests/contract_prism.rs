//! The generated client against a Prism mock server of `spec/avara.openapi.yaml`.
//!
//! Prism validates every request against the document and answers 422 when it breaks it,
//! so a 200 proves the request the client sent is one the document accepts; its 200 bodies
//! are the document's examples (or, with `Prefer: dynamic=true`, generated from the
//! schemas), so decoding them proves the generated types read what the API sends.
//!
//! Prism is started once for this test binary: one `#[test]` starts it, runs every case as
//! its own task (a failing case does not stop the others) and reports the failed ones by
//! name. The guard that owns the Prism process kills it when the test ends, also on panic.
//! Prism comes from `npm ci` in the workspace root; without it this test fails.

use std::future::Future;
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use avara::models::{
    AssignableUserLevel, ClinicRole, ErrorResponse, InvitedSource, UserLevel, ViewerUser,
    ViewerUserInviteParams, ViewerUserInviteResponse, ViewerUserUpdateParams,
};
use avara::{Client, Error, ErrorKind, Nullable};
use chrono::{DateTime, FixedOffset};
use http::StatusCode;

/// The user id of the document's examples.
const USER_ID: &str = "usr_1234567890abcdef1234567890abcdef";

/// How long Prism may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// The Prism process.
// ---------------------------------------------------------------------------------------

/// A running Prism mock server; dropping it kills the process.
struct Prism {
    child: Child,
    port: u16,
    /// Everything Prism wrote to stdout and stderr so far.
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Prism {
    /// Starts `prism mock spec/avara.openapi.yaml` on a free loopback port and waits until
    /// it listens, for at most [`STARTUP_TIMEOUT`].
    fn start() -> Prism {
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
                && TcpStream::connect_timeout(
                    &(Ipv4Addr::LOCALHOST, self.port).into(),
                    Duration::from_millis(500),
                )
                .is_ok()
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

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn output(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The last `lines` lines Prism wrote, for failure messages.
    fn output_tail(&self, lines: usize) -> String {
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

fn workspace_root() -> PathBuf {
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

// ---------------------------------------------------------------------------------------
// The test: start Prism once, run every case.
// ---------------------------------------------------------------------------------------

type CaseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
type Case = (&'static str, fn(Client) -> CaseFuture);

const CASES: &[Case] = &[
    ("update_with_no_fields", |c| {
        Box::pin(update_with_no_fields(c))
    }),
    ("update_with_every_field_set", |c| {
        Box::pin(update_with_every_field_set(c))
    }),
    ("update_clearing_every_nullable_field", |c| {
        Box::pin(update_clearing_every_nullable_field(c))
    }),
    ("update_mixing_absent_null_and_values", |c| {
        Box::pin(update_mixing_absent_null_and_values(c))
    }),
    ("invite_with_required_fields_only", |c| {
        Box::pin(invite_with_required_fields_only(c))
    }),
    ("invite_with_every_field_set", |c| {
        Box::pin(invite_with_every_field_set(c))
    }),
    ("invite_with_empty_first_name_is_422", |c| {
        Box::pin(invite_with_empty_first_name_is_422(c))
    }),
    ("update_with_legacy_clinic_role_is_422", |c| {
        Box::pin(update_with_legacy_clinic_role_is_422(c))
    }),
    ("update_with_malformed_user_id_is_422", |c| {
        Box::pin(update_with_malformed_user_id_is_422(c))
    }),
    ("wrong_credentials_are_401", |c| {
        Box::pin(wrong_credentials_are_401(c))
    }),
    ("send_with_response_exposes_status_and_headers", |c| {
        Box::pin(send_with_response_exposes_status_and_headers(c))
    }),
    ("generated_responses_decode", |c| {
        Box::pin(generated_responses_decode(c))
    }),
];

#[test]
fn generated_client_against_prism() {
    let prism = Prism::start();
    let client = Client::builder()
        .api_key("test")
        .base_url(prism.base_url())
        .max_retries(0)
        .build()
        .expect("the client builds");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let failed: Vec<&str> = runtime.block_on(async {
        let mut failed = Vec::new();
        // One after the other: Prism answers fast, and its log stays readable.
        for (name, case) in CASES {
            if tokio::spawn(case(client.clone())).await.is_err() {
                failed.push(*name);
            }
        }
        failed
    });
    assert!(
        failed.is_empty(),
        "{} of {} cases failed (their panics are printed above): {failed:?}\n\
         last lines of Prism's log:\n{}",
        failed.len(),
        CASES.len(),
        prism.output_tail(40)
    );
}

// ---------------------------------------------------------------------------------------
// Expected values: the document's 200 examples.
// ---------------------------------------------------------------------------------------

fn timestamp(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("an RFC 3339 timestamp")
}

/// The 200 example of `PATCH /v1/viewer/users/{userId}`.
fn example_updated_user() -> ViewerUser {
    let mut user = ViewerUser::new(
        true,
        ClinicRole::Radiologist,
        Some(timestamp("2024-01-15T10:00:00Z")),
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        InvitedSource::Api,
        Some(timestamp("2024-03-15T09:00:00Z")),
        "Johnson",
        UserLevel::Member,
        USER_ID,
    );
    user.middle_name = Some("Marie".into());
    user.phone_number = Some("5551234567".into());
    user.suffix1 = Some("MD".into());
    user.suffix2 = Some("FACR".into());
    user
}

/// The 200 example of `POST /v1/viewer/users`.
fn example_invited_user() -> ViewerUserInviteResponse {
    let mut user = ViewerUserInviteResponse::new(
        true,
        ClinicRole::Radiologist,
        Some(timestamp("2024-01-15T10:00:00Z")),
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        InvitedSource::Api,
        Some(timestamp("2024-03-15T09:00:00Z")),
        "Johnson",
        AssignableUserLevel::Member,
        USER_ID,
    );
    user.middle_name = Some("Marie".into());
    user.phone_number = Some("5551234567".into());
    user.suffix1 = Some("MD".into());
    user.suffix2 = Some("FACR".into());
    user
}

/// The docs' invite request (seed 003), built from the required fields only.
fn docs_invite() -> ViewerUserInviteParams {
    ViewerUserInviteParams::new(
        true,
        ClinicRole::Radiologist,
        "dr.johnson@hospital.org",
        "Sarah",
        true,
        "Johnson",
        AssignableUserLevel::Member,
    )
}

/// Unwraps a call's result, explaining a refusal with Prism's `sl-violations` header (its
/// 422 body only says `{"message":"string"}`).
fn accepted<T>(result: Result<T, Error>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => {
            let violations = error
                .api_error()
                .and_then(|api| api.headers().get("sl-violations"))
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
            panic!("{what}: Prism refused it: {error}; violations: {violations:?}")
        }
    }
}

/// Checks that `error` is Prism's 422 and that Prism named `field` as the violation.
fn assert_refused_with_422(error: &Error, field: &str) {
    let Error::Status(api) = error else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(api.kind(), ErrorKind::UnprocessableEntity);
    assert_eq!(error.kind(), Some(ErrorKind::UnprocessableEntity));
    assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
    assert!(!api.body().is_empty(), "the 422 has a body");
    let body: ErrorResponse = api
        .json()
        .unwrap_or_else(|| panic!("the 422 body is an ErrorResponse: {}", api.body_text()));
    assert!(body.message.is_some(), "{body:?}");
    assert!(
        error.to_string().contains("422"),
        "the error message names the status: {error}"
    );
    let violations = api
        .headers()
        .get("sl-violations")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    // Prism names a path parameter in lower case (`userid`).
    assert!(
        violations.to_lowercase().contains(&field.to_lowercase()),
        "Prism refused the request for another reason than `{field}`: {violations}"
    );
}

// ---------------------------------------------------------------------------------------
// viewer.users.update
// ---------------------------------------------------------------------------------------

async fn update_with_no_fields(client: Client) {
    let params = ViewerUserUpdateParams::default();
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update with {}",
    );
    assert_eq!(user, example_updated_user());
}

async fn update_with_every_field_set(client: Client) {
    // A struct literal without `..Default::default()`: a field added to the document makes
    // this stop compiling until it is covered here.
    let params = ViewerUserUpdateParams {
        can_manage_studies: Some(false),
        clinic_role: ClinicRole::PathologistsAssistant.into(),
        first_name: Some("Sarah".into()),
        has_dashboard_access: Some(true),
        last_name: Some("O'Brien-Johnson".into()),
        level: Some(AssignableUserLevel::Admin),
        middle_name: Nullable::Value("Marie".into()),
        phone_number: Nullable::Value("5551234567".into()),
        suffix1: Nullable::Value("MD".into()),
        suffix2: Nullable::Value("FACR".into()),
    };
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update with every field",
    );
    assert_eq!(user, example_updated_user());
    assert_eq!(user.clinic_role, ClinicRole::Radiologist);
    assert_eq!(user.level, UserLevel::Member);
    assert_eq!(
        user.created_at.map(|at| at.to_rfc3339()),
        Some("2024-01-15T10:00:00+00:00".to_owned())
    );
}

async fn update_clearing_every_nullable_field(client: Client) {
    let params = ViewerUserUpdateParams {
        can_manage_studies: None,
        clinic_role: Nullable::Null,
        first_name: None,
        has_dashboard_access: None,
        last_name: None,
        level: None,
        middle_name: Nullable::Null,
        phone_number: Nullable::Null,
        suffix1: Nullable::Null,
        suffix2: Nullable::Null,
    };
    let user = accepted(
        client.viewer().users().update(USER_ID, &params).await,
        "update clearing every nullable field",
    );
    assert_eq!(user, example_updated_user());
}

async fn update_mixing_absent_null_and_values(client: Client) {
    // Each nullable field alone as null, then alongside values of the other fields.
    let clear_one: [fn(&mut ViewerUserUpdateParams); 5] = [
        |p| p.clinic_role = Nullable::Null,
        |p| p.middle_name = Nullable::Null,
        |p| p.phone_number = Nullable::Null,
        |p| p.suffix1 = Nullable::Null,
        |p| p.suffix2 = Nullable::Null,
    ];
    for (i, clear) in clear_one.iter().enumerate() {
        let mut params = ViewerUserUpdateParams::default();
        clear(&mut params);
        accepted(
            client.viewer().users().update(USER_ID, &params).await,
            &format!("update with nullable field #{i} null: {params:?}"),
        );

        let mut params = ViewerUserUpdateParams {
            first_name: Some("Sarah".into()),
            level: Some(AssignableUserLevel::Member),
            clinic_role: ClinicRole::Other.into(),
            suffix1: Nullable::Value("Jr.".into()),
            ..Default::default()
        };
        clear(&mut params);
        accepted(
            client.viewer().users().update(USER_ID, &params).await,
            &format!("update mixing values and null #{i}: {params:?}"),
        );
    }
}

async fn update_with_legacy_clinic_role_is_422(client: Client) {
    // The client can send a role it only knows as `Unknown`; the API refuses the legacy one.
    let params = ViewerUserUpdateParams {
        clinic_role: ClinicRole::from("PACS Administrator").into(),
        ..Default::default()
    };
    let error = client
        .viewer()
        .users()
        .update(USER_ID, &params)
        .await
        .expect_err("Prism refuses the legacy role");
    assert_refused_with_422(&error, "clinicRole");

    // A first name may not be cleared with an empty string either.
    let params = ViewerUserUpdateParams {
        first_name: Some(String::new()),
        ..Default::default()
    };
    let error = client
        .viewer()
        .users()
        .update(USER_ID, &params)
        .await
        .expect_err("Prism refuses an empty first name");
    assert_refused_with_422(&error, "firstName");
}

async fn update_with_malformed_user_id_is_422(client: Client) {
    let params = ViewerUserUpdateParams::default();
    for id in ["usr_123", "usr_1234567890ABCDEF1234567890ABCDEF"] {
        let error = client
            .viewer()
            .users()
            .update(id, &params)
            .await
            .expect_err("Prism refuses a user id that breaks the pattern");
        assert_refused_with_422(&error, "userId");
    }
    // An empty id never reaches the server.
    let error = client
        .viewer()
        .users()
        .update("", &params)
        .await
        .expect_err("an empty user id is refused");
    assert!(
        matches!(error, Error::InvalidArgument { arg: "user_id", .. }),
        "{error:?}"
    );
}

// ---------------------------------------------------------------------------------------
// viewer.users.invite
// ---------------------------------------------------------------------------------------

async fn invite_with_required_fields_only(client: Client) {
    let user = accepted(
        client.viewer().users().invite(&docs_invite()).await,
        "the docs' invite",
    );
    assert_eq!(user, example_invited_user());
    assert_eq!(user.user_id, USER_ID);
    assert_eq!(user.level, AssignableUserLevel::Member);
    assert_eq!(user.invited_source, InvitedSource::Api);
}

async fn invite_with_every_field_set(client: Client) {
    let params = ViewerUserInviteParams {
        can_manage_studies: false,
        clinic_role: ClinicRole::PathologistsAssistant,
        email: "dr.johnson@hospital.org".into(),
        first_name: "Sarah".into(),
        has_dashboard_access: true,
        last_name: "Johnson".into(),
        level: AssignableUserLevel::Admin,
        middle_name: Some("Marie".into()),
        phone_number: Some("5551234567".into()),
        suffix1: Some("MD".into()),
        suffix2: Some("FACR".into()),
    };
    let user = accepted(
        client.viewer().users().invite(&params).await,
        "invite with every field",
    );
    assert_eq!(user, example_invited_user());
    assert_eq!(user.suffix2.as_deref(), Some("FACR"));
}

async fn invite_with_empty_first_name_is_422(client: Client) {
    let mut params = docs_invite();
    params.first_name = String::new();
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses an empty first name");
    assert_refused_with_422(&error, "firstName");

    let mut params = docs_invite();
    params.email = "not-an-email".into();
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses an email that is not an address");
    assert_refused_with_422(&error, "email");

    // `owner` cannot be assigned; the open enum lets a caller try anyway.
    let mut params = docs_invite();
    params.level = AssignableUserLevel::from("owner");
    let error = client
        .viewer()
        .users()
        .invite(&params)
        .await
        .expect_err("Prism refuses level owner");
    assert_refused_with_422(&error, "level");
}

// ---------------------------------------------------------------------------------------
// Both
// ---------------------------------------------------------------------------------------

async fn wrong_credentials_are_401(client: Client) {
    // A per-call header replaces the client's `Authorization: Bearer test`.
    let error = client
        .viewer()
        .users()
        .invite(&docs_invite())
        .header("Authorization", "Basic dGVzdDp0ZXN0")
        .await
        .expect_err("Prism refuses non-Bearer credentials");
    assert_eq!(error.kind(), Some(ErrorKind::Authentication), "{error}");
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}

async fn send_with_response_exposes_status_and_headers(client: Client) {
    let response = accepted(
        client
            .viewer()
            .users()
            .update(USER_ID, &ViewerUserUpdateParams::default())
            .timeout(Duration::from_secs(30))
            .max_retries(1)
            .send_with_response()
            .await,
        "update with send_with_response",
    );
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type:?}"
    );
    assert!(response
        .headers()
        .contains_key(http::header::CONTENT_LENGTH));
    assert_eq!(response.value(), &example_updated_user());

    let (status, headers, user) = accepted(
        client
            .viewer()
            .users()
            .invite(&docs_invite())
            .send_with_response()
            .await,
        "invite with send_with_response",
    )
    .into_parts();
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains_key(http::header::CONTENT_TYPE));
    assert_eq!(user, example_invited_user());
}

async fn generated_responses_decode(client: Client) {
    // `Prefer: dynamic=true` makes Prism generate each 200 from the schema: random strings,
    // any enum value, timestamps or null, optional fields present or not.
    for _ in 0..15 {
        let user = accepted(
            client
                .viewer()
                .users()
                .update(USER_ID, &ViewerUserUpdateParams::default())
                .header("Prefer", "dynamic=true")
                .await,
            "update with a generated response",
        );
        assert!(
            user.user_id.starts_with("usr_") && user.user_id.len() == 36,
            "{user:?}"
        );
        assert!(
            !matches!(user.clinic_role, ClinicRole::Unknown(_)),
            "{user:?}"
        );
        assert!(!matches!(user.level, UserLevel::Unknown(_)), "{user:?}");
        assert!(
            !matches!(user.invited_source, InvitedSource::Unknown(_)),
            "{user:?}"
        );

        let user = accepted(
            client
                .viewer()
                .users()
                .invite(&docs_invite())
                .header("Prefer", "dynamic=true")
                .await,
            "invite with a generated response",
        );
        assert!(user.user_id.starts_with("usr_"), "{user:?}");
        assert!(
            !matches!(user.clinic_role, ClinicRole::Unknown(_)),
            "{user:?}"
        );
        assert!(
            !matches!(user.level, AssignableUserLevel::Unknown(_)),
            "{user:?}"
        );
    }
}
