//! The hand-written runtime the generated client is built on.
//!
//! - [`config`](ClientBuilder): API key, base URL, timeouts, retries and headers, from
//!   explicit settings, then the environment, then the official SDKs' defaults;
//! - [`Request`]: one operation call as generated code describes it;
//! - [`Transport`] and [`Call`]: sending it, with retries and a tracing span;
//! - decoders ([`json`], [`empty`], [`bytes`](fn@bytes), [`text`]) and [`Response`];
//! - [`Error`]: everything that can go wrong, as data;
//! - [`Nullable`]: absent, `null` or a value, for PATCH bodies;
//! - [`open_enum!`]: what every generated open enum shares (`Display`, serde).

#![warn(missing_docs)]

mod config;
mod decode;
mod error;
mod nullable;
mod open_enum;
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

pub use crate::__open_enum as open_enum;

/// What expansions of [`open_enum!`] name; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use super::open_enum::deserialize_open_enum;
    pub use serde;
}
