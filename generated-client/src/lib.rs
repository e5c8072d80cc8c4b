//! A Rust client for the Avara REST API (medical imaging).
//!
//! The models and resources in this crate are generated from the OpenAPI description by
//! `cargo xtask codegen`; the [`runtime`] they call into is hand-written. It behaves like the
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
//! does), which the per-attempt timeout and the backoff need. Each request is traced with a
//! `tracing` span `avara.request` (method, path template, attempt, status) and each retry
//! with an event giving the reason and the delay; the API key is never recorded.

pub mod runtime;

mod generated;

pub use generated::*;
pub use runtime::{ApiError, DecodeError, Error, ErrorKind, Nullable, Response};
