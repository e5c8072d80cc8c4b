//! Turning a success response body into the operation's return type.
//!
//! Generated code picks one decoder per operation ([`json`], [`empty`], [`bytes`], [`text`],
//! or its own function for operations with several success shapes). A decoder only sees
//! success responses; when it fails, the transport adds the status and a snippet of the body
//! around the failure so the error alone is enough to act on.

use std::fmt;

use bytes::Bytes;
use http::StatusCode;

use super::error::snippet;

/// Decodes a success response body (the status is passed for multi-status operations).
pub type Decoder<T> = fn(StatusCode, &Bytes) -> Result<T, DecodeError>;

/// Decodes the body as JSON into `T`; unknown fields are accepted unless `T` refuses them.
///
/// On failure the error names the path of the failing field (for example
/// `users[3].createdAt`) and the position in the body.
pub fn json<T: serde::de::DeserializeOwned>(
    status: StatusCode,
    body: &Bytes,
) -> Result<T, DecodeError> {
    // The plain decode is the fast path; tracking the path of the field being decoded costs
    // measurably per request, so it is paid only to explain a failure.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        DecodeError::from_json(status, body, Some(path), error.into_inner())
    })?;
    // Only whitespace may follow the value.
    deserializer
        .end()
        .map_err(|error| DecodeError::from_json(status, body, None, error))?;
    Ok(value)
}

/// Ignores the body: for operations that return nothing.
pub fn empty(_status: StatusCode, _body: &Bytes) -> Result<(), DecodeError> {
    Ok(())
}

/// Returns the body as it is.
pub fn bytes(_status: StatusCode, body: &Bytes) -> Result<Bytes, DecodeError> {
    Ok(body.clone())
}

/// Returns the body as text; it must be valid UTF-8.
pub fn text(status: StatusCode, body: &Bytes) -> Result<String, DecodeError> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => Err(DecodeError {
            status: Some(status),
            path: None,
            message: format!("the body is not valid UTF-8: {error}"),
            offset: error.valid_up_to(),
            snippet: String::new(),
        }),
    }
}

/// A success response whose body could not be decoded.
#[derive(Debug, Clone)]
pub struct DecodeError {
    status: Option<StatusCode>,
    path: Option<String>,
    message: String,
    /// Byte offset in the body near the failure, where the snippet is taken from.
    offset: usize,
    snippet: String,
}

impl DecodeError {
    /// For a generated decoder that got a success status it has no shape for.
    pub fn unexpected_status(status: StatusCode) -> Self {
        Self::new(status, format!("unexpected response status {status}"))
    }

    /// A decoding failure with a message of the decoder's own.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status: Some(status),
            path: None,
            message: message.into(),
            offset: 0,
            snippet: String::new(),
        }
    }

    fn from_json(
        status: StatusCode,
        body: &[u8],
        path: Option<String>,
        error: serde_json::Error,
    ) -> Self {
        Self {
            status: Some(status),
            // serde_path_to_error says "." when the failure is at the top level.
            path: path.filter(|path| path != "."),
            message: error.to_string(),
            offset: byte_offset(body, error.line(), error.column()),
            snippet: String::new(),
        }
    }

    /// Records the body the error is about (called by the transport with the whole body).
    pub(crate) fn with_body(mut self, status: StatusCode, body: &[u8]) -> Self {
        self.status = Some(status);
        self.snippet = snippet(body, self.offset);
        self
    }

    /// The response status.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The path of the field that failed, such as `data[0].createdAt`, if known.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// What went wrong, as the deserializer put it (with line and column for JSON).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A bounded piece of the body around the failure.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed to decode the response")?;
        if let Some(status) = self.status {
            write!(f, " ({status})")?;
        }
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.snippet.is_empty() {
            write!(f, "; body: {}", self.snippet)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// The byte offset of a 1-based line and column as serde_json reports them (0 when unknown).
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start = if line == 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(index, _)| index + 1)
    };
    (line_start + column.saturating_sub(1)).min(body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct User {
        #[allow(dead_code)] // read by the decoder only
        id: String,
        #[allow(dead_code)] // read by the decoder only
        age: u32,
    }

    fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
        let body = Bytes::copy_from_slice(body.as_bytes());
        json::<T>(StatusCode::OK, &body).map_err(|error| error.with_body(StatusCode::OK, &body))
    }

    #[test]
    fn names_the_failing_field() {
        let error =
            decode::<Vec<User>>(r#"[{"id":"a","age":1},{"id":"b","age":"x"}]"#).unwrap_err();
        assert_eq!(error.path(), Some("[1].age"));
        assert!(error.message().starts_with("invalid type: string \"x\""));
        assert!(error.snippet().contains(r#""age":"x""#));
    }

    #[test]
    fn top_level_syntax_errors_have_no_path() {
        let error = decode::<User>("not json").unwrap_err();
        assert_eq!(error.path(), None);
        assert!(error.message().starts_with("expected ident"), "{error}");
    }

    #[test]
    fn trailing_garbage_is_refused() {
        let error = decode::<User>(r#"{"id":"a","age":1} x"#).unwrap_err();
        assert!(
            error.message().starts_with("trailing characters"),
            "{error}"
        );
    }

    #[test]
    fn offsets_follow_lines_and_columns() {
        let body = b"ab\ncd\nef";
        assert_eq!(byte_offset(body, 1, 1), 0);
        assert_eq!(byte_offset(body, 2, 2), 4);
        assert_eq!(byte_offset(body, 3, 1), 6);
        assert_eq!(byte_offset(body, 9, 9), body.len());
        assert_eq!(byte_offset(body, 0, 0), 0);
    }

    #[test]
    fn text_requires_utf8() {
        let ok = text(StatusCode::OK, &Bytes::from_static(b"hello")).unwrap();
        assert_eq!(ok, "hello");
        let error = text(StatusCode::OK, &Bytes::from_static(b"ab\xff")).unwrap_err();
        assert!(error.message().contains("not valid UTF-8"));
    }

    #[test]
    fn unexpected_status_says_which() {
        let error = DecodeError::unexpected_status(StatusCode::ACCEPTED);
        assert_eq!(
            error.to_string(),
            "failed to decode the response (202 Accepted): unexpected response status 202 Accepted"
        );
    }
}
