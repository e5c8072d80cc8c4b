//! The hand-written runtime the generated client is built on.
//!
//! - [`config`](ClientBuilder): API key, base URL, timeouts, retries and headers, from
//!   explicit settings, then the environment, then the official SDKs' defaults;
//! - [`Request`]: one operation call as generated code describes it;
//! - [`Transport`] and [`Call`]: sending it, with retries and a tracing span;
//! - decoders ([`json`], [`empty`], [`bytes`](fn@bytes), [`text`]) and [`Response`];
//! - [`Error`]: everything that can go wrong, as data;
//! - [`Nullable`]: absent, `null` or a value, for PATCH bodies.

#![warn(missing_docs)]

mod config;
mod decode;
mod error;
mod nullable;
mod request;
mod response;
mod retry;
mod transport;

pub use config::{ApiDescriptor, ClientBuilder};
pub use decode::{bytes, empty, json, text, DecodeError, Decoder};
pub use error::{ApiError, Error, ErrorKind};
pub use nullable::Nullable;
pub use request::Request;
pub use response::Response;
pub use transport::{Call, Transport};
