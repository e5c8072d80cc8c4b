//! The one error type every call returns, and the data an API error response carries.
//!
//! Errors are data: a caller can match on the variant, read the HTTP status and body of an
//! API error, or find which field of a response failed to decode. None of them can contain
//! a credential: credentials live in sensitive headers, and a URL with one in its query
//! string is left out of errors.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use super::decode::DecodeError;

/// How many bytes of a body an error message shows.
const SNIPPET_LEN: usize = 512;

/// Everything that can go wrong when configuring the client or calling an operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be configured: no credentials (at build, or for the operation
    /// called), an unusable base URL, an invalid default header, or an HTTP client that could
    /// not be built.
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// An argument of the call was refused before anything was sent.
    #[error("{reason}")]
    InvalidArgument {
        /// The argument, as the caller named it (for example `user_id`).
        arg: &'static str,
        /// What is wrong with it, as a full sentence naming the argument.
        reason: String,
    },

    /// The request body could not be serialized.
    #[error("failed to serialize the request body: {0}")]
    Serialize(#[source] serde_json::Error),

    /// No connection could be made to the API (after all retries).
    #[error("could not connect to the API: {0}")]
    Connect(#[source] reqwest::Error),

    /// An attempt took longer than its timeout (after all retries). The timeout covers
    /// connecting, sending, and reading the whole response body.
    #[error("the request timed out")]
    Timeout,

    /// The connection failed while the request was sent or the response was read, for
    /// example when the server closed it mid-body (after all retries).
    #[error("the connection failed while sending the request or reading the response: {0}")]
    Network(#[source] reqwest::Error),

    /// The API answered with a status that is not a success.
    #[error("{0}")]
    Status(Box<ApiError>),

    /// The API answered with a success status, but the body did not decode into the
    /// expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

impl Error {
    /// The HTTP status of the response, for [`Error::Status`] and [`Error::Decode`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(api) => Some(api.status()),
            Error::Decode(decode) => decode.status(),
            _ => None,
        }
    }

    /// What kind of API error this is, for [`Error::Status`] only.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Error::Status(api) => Some(api.kind()),
            _ => None,
        }
    }

    /// The API error response, for [`Error::Status`] only.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Status(api) => Some(api),
            _ => None,
        }
    }

    /// The body of an [`Error::Status`] decoded as JSON into `E`, such as the error type the
    /// operation's documentation names; `None` for other errors or another shape.
    pub fn json_body<E: serde::de::DeserializeOwned>(&self) -> Option<E> {
        self.api_error().and_then(ApiError::json)
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }

    /// Sorts a transport error from `reqwest` into the matching variant.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Error::Timeout
        } else if error.is_connect() {
            Error::Connect(error)
        } else if error.is_builder() {
            Error::Config(error.to_string())
        } else {
            Error::Network(error)
        }
    }
}

/// The class of an API error, named as in the official SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400 Bad Request.
    BadRequest,
    /// 401 Unauthorized: the API key is missing, wrong or revoked.
    Authentication,
    /// 403 Forbidden.
    PermissionDenied,
    /// 404 Not Found.
    NotFound,
    /// 409 Conflict.
    Conflict,
    /// 422 Unprocessable Entity.
    UnprocessableEntity,
    /// 429 Too Many Requests.
    RateLimit,
    /// Any status of 500 or above.
    InternalServer,
    /// Any other status that is not a success.
    Other,
}

impl ErrorKind {
    /// The kind of error a response status stands for.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            500.. => ErrorKind::InternalServer,
            _ => ErrorKind::Other,
        }
    }
}

/// A response whose status is not a success: its status, headers and body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The class of error, derived from the status.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_status(self.status)
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body decoded as JSON into `E`, or `None` if it is not that shape.
    pub fn json<E: serde::de::DeserializeOwned>(&self) -> Option<E> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API returned {}", self.status)?;
        if self.body.is_empty() {
            f.write_str(" with an empty body")
        } else {
            write!(f, ": {}", snippet(&self.body, 0))
        }
    }
}

impl std::error::Error for ApiError {}

/// Up to [`SNIPPET_LEN`] bytes of `body` as text, starting near `around` so that the
/// interesting part (for example where decoding failed) is in view, with the cut ends marked.
pub(crate) fn snippet(body: &[u8], around: usize) -> String {
    let around = around.min(body.len());
    let mut start = around.saturating_sub(SNIPPET_LEN / 4);
    let end = (start + SNIPPET_LEN).min(body.len());
    start = end.saturating_sub(SNIPPET_LEN).min(start);
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    // Cutting may split a UTF-8 sequence; the lossy conversion shows it as U+FFFD.
    text.push_str(&String::from_utf8_lossy(&body[start..end]));
    if end < body.len() {
        text.push_str(&format!("… ({} bytes in all)", body.len()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_sdks() {
        let kind = |code: u16| ErrorKind::from_status(StatusCode::from_u16(code).unwrap());
        assert_eq!(kind(400), ErrorKind::BadRequest);
        assert_eq!(kind(401), ErrorKind::Authentication);
        assert_eq!(kind(403), ErrorKind::PermissionDenied);
        assert_eq!(kind(404), ErrorKind::NotFound);
        assert_eq!(kind(409), ErrorKind::Conflict);
        assert_eq!(kind(422), ErrorKind::UnprocessableEntity);
        assert_eq!(kind(429), ErrorKind::RateLimit);
        assert_eq!(kind(500), ErrorKind::InternalServer);
        assert_eq!(kind(503), ErrorKind::InternalServer);
        assert_eq!(kind(418), ErrorKind::Other);
        assert_eq!(kind(302), ErrorKind::Other);
    }

    #[test]
    fn short_bodies_are_shown_whole() {
        assert_eq!(snippet(b"{\"error\":\"nope\"}", 0), "{\"error\":\"nope\"}");
        assert_eq!(snippet(b"", 0), "");
    }

    #[test]
    fn long_bodies_are_cut_around_the_point_of_interest() {
        let body = vec![b'x'; 10_000];
        let head = snippet(&body, 0);
        assert!(head.starts_with("xxx"));
        assert!(head.ends_with("… (10000 bytes in all)"));
        assert_eq!(head.matches('x').count(), SNIPPET_LEN);

        let middle = snippet(&body, 5_000);
        assert!(middle.starts_with('…'));
        assert_eq!(middle.matches('x').count(), SNIPPET_LEN);

        let tail = snippet(&body, 10_000);
        assert!(tail.starts_with('…'));
        assert!(tail.ends_with('x'));
        assert_eq!(tail.matches('x').count(), SNIPPET_LEN);
    }

    #[test]
    fn cutting_inside_a_utf8_sequence_does_not_panic() {
        let body = "é".repeat(1_000);
        let text = snippet(body.as_bytes(), 301);
        assert!(text.contains('é'));
    }

    #[test]
    fn api_error_display_shows_status_and_body() {
        let error = ApiError::new(
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            Bytes::from_static(b"{\"message\":\"no such user\"}"),
        );
        assert_eq!(
            error.to_string(),
            "the API returned 404 Not Found: {\"message\":\"no such user\"}"
        );
        let empty = ApiError::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), Bytes::new());
        assert_eq!(
            empty.to_string(),
            "the API returned 502 Bad Gateway with an empty body"
        );
    }
}
