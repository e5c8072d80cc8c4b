//! `multipart/form-data` request bodies: text, JSON and file parts, encoded to bytes once so
//! that a retry resends exactly the same body.
//!
//! Encoded here rather than with reqwest's `multipart` feature: its form is a stream that can
//! be sent once, and the transport retries by resending the bytes of a request.

use bytes::Bytes;

/// A file to upload: its bytes, the file name sent with them, and a content type
/// (`application/octet-stream` when not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The file name sent in the part's `Content-Disposition`.
    pub file_name: String,
    /// The content type of the part, such as `image/png`.
    pub content_type: Option<String>,
    /// The file's contents.
    pub bytes: Bytes,
}

impl FilePart {
    /// A file part named `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the part's content type.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// A `multipart/form-data` body under construction, one part per call, in order.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field.
    #[must_use]
    pub fn text(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.to_string()),
        });
        self
    }

    /// A field holding `value` as JSON (`Content-Type: application/json`).
    #[must_use]
    pub fn json<T: serde::Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(data) => self.parts.push(Part {
                name: name.to_owned(),
                file_name: None,
                content_type: Some("application/json".to_owned()),
                data: Bytes::from(data),
            }),
            Err(error) => {
                self.error
                    .get_or_insert_with(|| format!("field `{name}`: {error}"));
            }
        }
        self
    }

    /// A file field.
    #[must_use]
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone()),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            data: file.bytes.clone(),
        });
        self
    }

    /// One part per property of `value`, an object: strings as text, other values as JSON;
    /// `null` properties are left out.
    #[must_use]
    pub fn json_fields<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(fields)) => {
                for (name, value) in &fields {
                    self = match value {
                        serde_json::Value::Null => self,
                        serde_json::Value::String(text) => self.text(name, text),
                        other => self.json(name, other),
                    };
                }
            }
            Ok(_) => {
                self.error
                    .get_or_insert_with(|| "a multipart body must be an object".to_owned());
            }
            Err(error) => {
                self.error.get_or_insert_with(|| error.to_string());
            }
        }
        self
    }

    /// The first field that could not be serialized, if any.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The content type (with its boundary) and the encoded body.
    pub(crate) fn encode(&self) -> (String, Bytes) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(quoted(&part.name).as_bytes());
            out.push(b'"');
            if let Some(file_name) = &part.file_name {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(quoted(file_name).as_bytes());
                out.push(b'"');
            }
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(b"\r\nContent-Type: ");
                out.extend_from_slice(single_line(content_type).as_bytes());
            }
            out.extend_from_slice(b"\r\n\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        (
            format!("multipart/form-data; boundary={boundary}"),
            Bytes::from(out),
        )
    }

    /// A random boundary that occurs in no part.
    fn boundary(&self) -> String {
        loop {
            let boundary: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            let boundary = format!("codegen-{boundary}");
            let found = self.parts.iter().any(|part| {
                part.data
                    .windows(boundary.len())
                    .any(|window| window == boundary.as_bytes())
            });
            if !found {
                return boundary;
            }
        }
    }
}

/// A name for a quoted header parameter: `"`, CR and LF percent-encoded, as browsers do.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value kept on one line.
fn single_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
