//! A Rust client for the Avara REST API (medical imaging).
//!
//! The models and resources in this crate are generated from the OpenAPI description by
//! `cargo xtask codegen`; the [`runtime`] they call into is hand-written (the
//! `avara-codegen-runtime` crate, shared by every client the generator makes). It behaves like the
//! official SDKs: the API key comes from `AVARA_API_KEY` unless given, the base URL from
//! `AVARA_BASE_URL` or `https://api.avarasoftware.com`; each attempt times out after 60 s;
//! connection failures, timeouts, 408, 409, 429 and 5xx responses are retried twice with
//! exponential backoff, honouring `Retry-After`.
//!
//! Every call returns [`Error`] on failure: an API error response ([`Error::Status`], with
//! its [`ErrorKind`], status and body), a body that did not decode ([`Error::Decode`], with
//! the failing field's path), a timeout, a connection failure, or a refused argument.
//! Optional request fields that can also be `null` are [`Nullable`].
//!
//! Calls are `async` and run on Tokio, with its time driver enabled (as `#[tokio::main]`
//! does), which the per-attempt timeout and the backoff need.
//!
//! List operations return a [`runtime::List`]: await it for the first [`runtime::Page`]
//! (`next_page()` fetches the one after), or read every item with `.items()`, a `Stream`
//! that follows the cursor as the official SDKs do (each page request retried like any
//! call). `client.webhooks().unwrap(body, &headers)` verifies a webhook's Standard Webhooks
//! signature with the secret from `Client::builder().webhook_secret(..)` or
//! `AVARA_WEBHOOK_KEY`, and parses it into the event enum, keeping unknown event types.
//! `AVARA_CUSTOM_HEADERS` adds headers to every request (`Name: value` lines). The README
//! shows each with an example.
//!
//! Logging is the application's choice: the client emits `tracing` spans and events and sets
//! up nothing (there is no `AVARA_LOG`). Each request is an `INFO` span `api.request` on the
//! target `codegen_runtime::transport`, with `api`, `method`, the path template, `attempt`
//! and `status`, and each retry an event giving the reason and the delay; install a
//! subscriber with a filter such as `codegen_runtime=info` to see them. The API key is never
//! recorded.
//!
//! # Example
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use avara::models::{AssignableUserLevel, ClinicRole, ViewerUserInviteParams, ViewerUserUpdateParams};
//! use avara::{Client, Error, ErrorKind, Nullable};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Error> {
//!     // Configured from `AVARA_API_KEY` and `AVARA_BASE_URL`...
//!     let _client = Client::from_env()?;
//!     // ...or explicitly; what is not given still comes from the environment.
//!     let client = Client::builder()
//!         .api_key("sk_test_...")
//!         .timeout(Duration::from_secs(30))
//!         .build()?;
//!
//!     // Fields left at their default are not sent; `Nullable::Null` sends `null` to clear one.
//!     let changes = ViewerUserUpdateParams {
//!         first_name: Some("Sarah".into()),
//!         middle_name: Nullable::Null,
//!         ..Default::default()
//!     };
//!     let user = client
//!         .viewer()
//!         .users()
//!         .update("usr_1234567890abcdef1234567890abcdef", &changes)
//!         .await?;
//!
//!     // Enums are open: a value this client does not know is kept, not an error.
//!     match &user.clinic_role {
//!         ClinicRole::Radiologist => println!("reads images"),
//!         ClinicRole::Unknown(role) => println!("a role this client does not know: {role}"),
//!         role => println!("{role}"),
//!     }
//!
//!     // `new` takes the required fields; optional ones are set afterwards.
//!     let mut invite = ViewerUserInviteParams::new(
//!         true,
//!         ClinicRole::Radiologist,
//!         "dr.johnson@hospital.org",
//!         "Sarah",
//!         true,
//!         "Johnson",
//!         AssignableUserLevel::Member,
//!     );
//!     invite.middle_name = Some("Marie".into());
//!
//!     // Per-call settings, and the response status and headers along with the value.
//!     let result = client
//!         .viewer()
//!         .users()
//!         .invite(&invite)
//!         .timeout(Duration::from_secs(10))
//!         .max_retries(0)
//!         .send_with_response()
//!         .await;
//!     match result {
//!         Ok(response) => println!("{}: {}", response.status(), response.value().user_id),
//!         Err(Error::Status(api)) => match api.kind() {
//!             ErrorKind::Conflict => println!("already invited"),
//!             ErrorKind::UnprocessableEntity => println!("refused: {}", api.body_text()),
//!             _ => return Err(Error::Status(api)),
//!         },
//!         Err(Error::Timeout) => println!("timed out; try again later"),
//!         Err(error) => return Err(error),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! # Lists and webhooks
//!
//! Reading a `Stream` takes `StreamExt` / `TryStreamExt` from `futures` or `futures-util`.
//!
//! ```no_run
//! use avara::models::{UnwrapWebhookEvent, ViewerStudiesListParams};
//! use avara::{Client, Error};
//! use futures_util::TryStreamExt;
//!
//! async fn studies(client: &Client) -> Result<(), Error> {
//!     // Every study, following the cursor; an error on any page ends the stream.
//!     let mut studies = client.viewer().studies().list(&ViewerStudiesListParams::default()).items();
//!     while let Some(study) = studies.try_next().await? {
//!         println!("{}: {}", study.study_id, study.study_description);
//!     }
//!     Ok(())
//! }
//!
//! /// The answer of a webhook route to what it received.
//! fn on_webhook(client: &Client, headers: &http::HeaderMap, body: &[u8]) -> http::StatusCode {
//!     match client.webhooks().unwrap(body, headers) {
//!         Ok(UnwrapWebhookEvent::ReportDeliveredEvent(event)) => {
//!             println!("report {} is ready: {}", event.data.report_id, event.data.presigned_url);
//!             http::StatusCode::OK
//!         }
//!         Ok(_other) => http::StatusCode::OK, // including event types added later (`Unknown`)
//!         Err(refused) => {
//!             eprintln!("webhook refused: {refused}");
//!             http::StatusCode::BAD_REQUEST
//!         }
//!     }
//! }
//! ```

#![warn(missing_docs)]

/// The runtime the generated code calls into (the `avara-codegen-runtime` crate), re-exported so
/// that its types can be named as `avara::runtime::X`.
pub use codegen_runtime as runtime;

// Generated code is formatted by the generator (prettyplease), not by rustfmt: formatting it
// here would make it differ from what `cargo xtask codegen --check` expects.
#[rustfmt::skip]
mod generated;

pub use generated::*;
pub use runtime::{ApiError, DecodeError, Error, ErrorKind, Nullable, Response};

/// The README's Rust examples, compiled as doctests so that they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
