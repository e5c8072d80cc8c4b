//! Credentials: the security schemes an API declares ([`AuthScheme`]), the secrets a client is
//! given for them ([`Credential`]), and choosing and applying them for one request.
//!
//! Each operation lists alternatives (OpenAPI's `security`: a list of requirement objects,
//! each naming one or more schemes). The first alternative whose schemes all have a
//! credential configured is used; an empty list means the operation sends none. When no
//! alternative can be met the call fails before anything is sent, naming the builder method
//! and environment variable of each scheme it could have used.

use std::fmt;

use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use http::HeaderMap;

use super::error::Error;

/// One security scheme of an API, as the generated code describes it.
#[derive(Debug)]
pub struct AuthScheme {
    /// The scheme's name in the document, such as `BearerAuth`.
    pub name: &'static str,
    /// How the credential is sent.
    pub kind: AuthKind,
    /// The environment variables read when no credential is given: one for a token, two
    /// (user name, then password) for HTTP basic.
    pub env: &'static [&'static str],
    /// The builder method that sets it, such as `api_key`, named in errors.
    pub setter: &'static str,
}

/// How a credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: <scheme> <token>`, such as `Bearer` (also used for OAuth2 and OpenID
    /// Connect access tokens).
    Http(&'static str),
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in the header of this name.
    Header(&'static str),
    /// An API key in the query parameter of this name.
    Query(&'static str),
    /// An API key in the cookie of this name.
    Cookie(&'static str),
}

/// A secret given to the client builder for one scheme. Its `Debug` output never shows it.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A token or API key.
    Token(String),
    /// A user name and password for HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
}

impl Credential {
    /// A token or API key.
    pub fn token(token: impl Into<String>) -> Self {
        Self::Token(token.into())
    }

    /// A user name and password.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Self::Token(token) => token.trim().is_empty(),
            Self::Basic { username, .. } => username.is_empty(),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Token(_) => f.write_str("Token(<redacted>)"),
            Self::Basic { .. } => f.write_str("Basic(<redacted>)"),
        }
    }
}

/// The credentials of one request (or of one scheme, prepared when the client is built),
/// ready to merge into it.
#[derive(Default, Clone)]
pub(crate) struct Applied {
    /// Headers (marked sensitive).
    pub headers: HeaderMap,
    /// `name=value` pairs for the query string, already encoded.
    pub query: String,
    /// `name=value` pairs for the `Cookie` header.
    pub cookies: String,
}

/// A credential read from the environment for `scheme`, if its variables are set.
pub(crate) fn from_env(
    scheme: &AuthScheme,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<Credential> {
    match (scheme.kind, scheme.env) {
        (AuthKind::Basic, [user, password, ..]) => Some(Credential::Basic {
            username: lookup(user)?,
            password: lookup(password).unwrap_or_default(),
        }),
        (AuthKind::Basic, _) => None,
        (_, [name, ..]) => lookup(name).map(|token| Credential::Token(token.trim().to_owned())),
        (_, []) => None,
    }
    .filter(|credential| !credential.is_blank())
}

/// Checks that `credential` fits `scheme` and can be sent, and prepares what it adds to a
/// request.
pub(crate) fn prepare(scheme: &AuthScheme, credential: &Credential) -> Result<Applied, Error> {
    let fits = match credential {
        Credential::Basic { .. } => scheme.kind == AuthKind::Basic,
        Credential::Token(_) => scheme.kind != AuthKind::Basic,
    };
    if !fits {
        return Err(Error::Config(format!(
            "the credential for `{}` is of the wrong kind: set it with `{}(..)`",
            scheme.name, scheme.setter
        )));
    }
    let mut applied = Applied::default();
    apply(scheme, credential, &mut applied).map_err(|()| {
        Error::Config(format!(
            "the credential for `{}` has characters that cannot be sent",
            scheme.name
        ))
    })?;
    Ok(applied)
}

/// How to configure `scheme`, for error messages: "`api_key(..)` or AVARA_API_KEY".
pub(crate) fn how_to_set(scheme: &AuthScheme) -> String {
    let env = match scheme.env {
        [] => String::new(),
        [one] => format!(" or set the {one} environment variable"),
        many => format!(" or set the {} environment variables", many.join(" and ")),
    };
    format!("pass one with `{}(..)`{env}", scheme.setter)
}

/// Picks the first alternative of `security` whose schemes all have a credential, and
/// returns what to add to the request. `operation` (method and path template) names the
/// request in the error.
pub(crate) fn resolve(
    schemes: &[AuthScheme],
    prepared: &[Option<Applied>],
    security: &[&[usize]],
    operation: (&http::Method, &str),
) -> Result<Applied, Error> {
    if security.is_empty() {
        return Ok(Applied::default());
    }
    let configured = |index: &usize| prepared.get(*index).is_some_and(Option::is_some);
    let Some(alternative) = security.iter().find(|alt| alt.iter().all(configured)) else {
        let mut ways = Vec::new();
        for alternative in security {
            let missing: Vec<String> = alternative
                .iter()
                .filter(|index| !configured(index))
                .filter_map(|index| schemes.get(*index))
                .map(|scheme| format!("`{}`: {}", scheme.name, how_to_set(scheme)))
                .collect();
            ways.push(missing.join(", and "));
        }
        let (method, path) = operation;
        return Err(Error::Config(format!(
            "`{method} {path}` needs credentials and none are configured: {}",
            ways.join("; or ")
        )));
    };
    let mut parts = alternative
        .iter()
        .filter_map(|index| prepared.get(*index).and_then(Option::as_ref));
    // One scheme, the common case: its prepared part as it is.
    let mut applied = parts.next().cloned().unwrap_or_default();
    for part in parts {
        applied.headers.extend(part.headers.clone());
        join(&mut applied.query, &part.query, "&");
        join(&mut applied.cookies, &part.cookies, "; ");
    }
    Ok(applied)
}

/// Appends `source` to `target`, with `separator` between when both are non-empty.
fn join(target: &mut String, source: &str, separator: &str) {
    if source.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push_str(separator);
    }
    target.push_str(source);
}

fn apply(scheme: &AuthScheme, credential: &Credential, out: &mut Applied) -> Result<(), ()> {
    let secret = match credential {
        Credential::Token(token) => token.trim().to_owned(),
        Credential::Basic { username, password } => {
            base64(format!("{username}:{password}").as_bytes())
        }
    };
    let header = |name: HeaderName, value: String, out: &mut Applied| {
        let mut value = HeaderValue::from_str(&value).map_err(|_| ())?;
        value.set_sensitive(true);
        out.headers.insert(name, value);
        Ok(())
    };
    match scheme.kind {
        AuthKind::Http(prefix) => header(AUTHORIZATION, format!("{prefix} {secret}"), out),
        AuthKind::Basic => header(AUTHORIZATION, format!("Basic {secret}"), out),
        AuthKind::Header(name) => {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| ())?;
            header(name, secret, out)
        }
        AuthKind::Query(name) => {
            if !out.query.is_empty() {
                out.query.push('&');
            }
            super::request::push_pair(&mut out.query, name, &secret);
            Ok(())
        }
        AuthKind::Cookie(name) => {
            super::request::push_cookie(&mut out.cookies, name, &secret);
            Ok(())
        }
    }
}

/// Standard base64 with padding, for HTTP basic credentials.
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let shown = format!(
            "{:?} {:?}",
            Credential::token("s3cret"),
            Credential::basic("me", "s3cret")
        );
        assert!(
            !shown.contains("s3cret") && !shown.contains("me"),
            "{shown}"
        );
    }
}
