//! Errors as data. Every problem the generator reports says where it is (a JSON pointer into
//! the document, plus file:line:col when they are known), what was found, and what to do.

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file the document was read from, when it came from a file.
    pub file: Option<PathBuf>,
    /// A JSON pointer into the document, such as `#/paths/~1v1~1users/post`.
    pub pointer: Option<String>,
    /// One-based line and column, when the parser or the locator knows them.
    pub line_col: Option<(usize, usize)>,
}

impl Location {
    /// A location known only by its JSON pointer.
    pub fn pointer(pointer: impl Into<String>) -> Self {
        Self {
            pointer: Some(pointer.into()),
            ..Self::default()
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, col)) = self.line_col {
                write!(f, ":{line}:{col}")?;
            }
            wrote = true;
        } else if let Some((line, col)) = self.line_col {
            write!(f, "line {line}, column {col}")?;
            wrote = true;
        }
        if let Some(pointer) = &self.pointer {
            if wrote {
                f.write_str(" ")?;
            }
            write!(f, "({pointer})")?;
            wrote = true;
        }
        if !wrote {
            f.write_str("<document>")?;
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    #[error("cannot read the document: {0}")]
    Io(String),
    /// The text is not valid YAML or JSON.
    #[error("the document is not valid YAML or JSON: {0}")]
    Syntax(String),
    /// The text parsed, but does not have the shape of an OpenAPI document.
    #[error("the document is not a valid OpenAPI document: {0}")]
    Structure(String),
    /// The `openapi` field names a version this generator does not read.
    #[error(
        "OpenAPI version `{found}` is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
    )]
    Version {
        /// The version the document declares.
        found: String,
    },
    /// A `$ref` names a component that does not exist.
    #[error("`$ref: {reference}` points at nothing in this document")]
    DanglingRef {
        /// The reference as written.
        reference: String,
    },
    /// A `$ref` of a kind the generator does not follow.
    #[error("`$ref: {reference}` is not supported: {why}")]
    UnsupportedRef {
        /// The reference as written.
        reference: String,
        /// Why, and what is supported instead.
        why: String,
    },
    /// A construct the generator cannot turn into correct Rust.
    #[error("{found} is not supported; {supported}")]
    Unsupported {
        /// What the document has.
        found: String,
        /// What is supported instead.
        supported: String,
    },
    /// Two names in one namespace become the same Rust name.
    #[error(
        "{what} `{first}` and `{second}` both become the Rust name `{rust}`; rename one of them"
    )]
    NameCollision {
        /// What kind of name (type, field, enum value, operation).
        what: &'static str,
        /// The first name as written in the document.
        first: String,
        /// The second name as written in the document.
        second: String,
        /// The Rust name they share.
        rust: String,
    },
    /// The generator cannot tell where in the client an operation belongs.
    #[error("this operation's place in the client is ambiguous: {why}; add `x-sdk-method: <resource>.<method>` (for example `pets.list`) to the operation")]
    AmbiguousResource {
        /// What makes it ambiguous.
        why: String,
    },
    /// `x-sdk-method` is not a dotted list of names.
    #[error("`x-sdk-method: {value}` is not valid: {why}")]
    InvalidSdkMethod {
        /// The value as written.
        value: String,
        /// What is wrong with it.
        why: String,
    },
    /// An extension the generator reads (`x-pagination`, `x-webhooks`) has the wrong shape,
    /// or names something the document does not have.
    #[error("`{name}` is not valid: {why}")]
    InvalidExtension {
        /// The extension.
        name: &'static str,
        /// What is wrong with it.
        why: String,
    },
    /// The path template uses a parameter that the operation does not declare.
    #[error("the path `{path}` uses `{{{name}}}`, but no `in: path` parameter named `{name}` is declared for it")]
    UndeclaredPathParam {
        /// The parameter name.
        name: String,
        /// The path template.
        path: String,
    },
    /// A `security` requirement names a scheme the document does not declare.
    #[error("the security requirement names `{name}`, which `components/securitySchemes` does not declare")]
    UnknownSecurityScheme {
        /// The scheme name as written.
        name: String,
    },
    /// An `in: path` parameter that the path template does not use.
    #[error(
        "the parameter `{name}` is declared `in: path`, but the path `{path}` has no `{{{name}}}`"
    )]
    UnusedPathParam {
        /// The parameter name.
        name: String,
        /// The path template.
        path: String,
    },
}

/// One problem, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where the problem is.
    pub location: Location,
    /// What the problem is.
    pub kind: ErrorKind,
}

impl Error {
    /// A problem at a JSON pointer.
    pub fn at(pointer: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            location: Location::pointer(pointer),
            kind,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

impl std::error::Error for Error {}

/// Every problem found in one run; the generator reports them all at once so that a user can
/// fix a document in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// Sets the file name on every error (the library works on parsed documents and does not
    /// know where they came from).
    pub fn in_file(mut self, file: impl Into<PathBuf>, text: Option<&str>) -> Self {
        let file = file.into();
        for error in &mut self.0 {
            if error.location.file.is_none() {
                error.location.file = Some(file.clone());
            }
            if let (None, Some(text), Some(pointer)) =
                (error.location.line_col, text, &error.location.pointer)
            {
                error.location.line_col = crate::load::locate(text, pointer);
            }
        }
        self
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Self(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    // Every schema and property gets a pointer, so this is on the hot path of lowering.
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for (i, part) in token.split('/').enumerate() {
        if i > 0 {
            out.push_str("~1");
        }
        for (j, piece) in part.split('~').enumerate() {
            if j > 0 {
                out.push_str("~0");
            }
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::push_pointer;

    #[test]
    fn pointer_tokens_escape_tilde_then_slash() {
        assert_eq!(
            push_pointer("#/paths", "/pets/{id}"),
            "#/paths/~1pets~1{id}"
        );
        assert_eq!(push_pointer("#", "a~b"), "#/a~0b");
        assert_eq!(push_pointer("#", "~1"), "#/~01");
        assert_eq!(push_pointer("#", "/~/"), "#/~1~0~1");
        assert_eq!(push_pointer("#", ""), "#/");
    }
}
