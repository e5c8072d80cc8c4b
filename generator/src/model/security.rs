//! Lowering of `components/securitySchemes` and of `security` requirements.
//!
//! Every scheme becomes a credential the client builder can be given; how each is named is
//! the emitter's business (it knows the environment prefix). A `security` list is a list of
//! alternatives, each a set of schemes sent together; it becomes positions in the scheme list.
//! OAuth2 and OpenID Connect scopes are not checked: the user supplies an access token.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as OaScheme};

use super::schemas::Lowerer;
use super::{AuthKind, ParamLocation, SecurityScheme};
use crate::error::{push_pointer, ErrorKind};

/// The document's schemes, and the alternatives of its top-level `security`.
pub(crate) fn lower_schemes(cx: &mut Lowerer<'_>) -> (Vec<SecurityScheme>, Vec<Vec<usize>>) {
    let doc = cx.doc;
    let mut schemes = Vec::new();
    if let Some(components) = &doc.components {
        for (key, scheme) in &components.security_schemes {
            let pointer = push_pointer("#/components/securitySchemes", key);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    let why = "security schemes must be written inline".to_owned();
                    let reference = reference.clone();
                    cx.error(pointer, ErrorKind::UnsupportedRef { reference, why });
                    continue;
                }
            };
            let (kind, doc, extensions) = match scheme {
                OaScheme::APIKey {
                    location,
                    name,
                    description,
                    extensions,
                } => {
                    let location = match location {
                        APIKeyLocation::Query => ParamLocation::Query,
                        APIKeyLocation::Header => ParamLocation::Header,
                        APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (
                        AuthKind::ApiKey(location, name.clone()),
                        description,
                        extensions,
                    )
                }
                OaScheme::HTTP {
                    scheme,
                    description,
                    extensions,
                    ..
                } => {
                    let kind = if scheme.eq_ignore_ascii_case("basic") {
                        AuthKind::Basic
                    } else if scheme.eq_ignore_ascii_case("bearer") {
                        AuthKind::Http("Bearer".to_owned())
                    } else if !scheme.is_empty()
                        && scheme
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-._~+".contains(&b))
                    {
                        AuthKind::Http(scheme.clone())
                    } else {
                        let found = format!("the HTTP authentication scheme `{scheme}`");
                        let supported =
                            "an HTTP scheme is a token such as `bearer` or `basic`".to_owned();
                        cx.error(
                            push_pointer(&pointer, "scheme"),
                            ErrorKind::Unsupported { found, supported },
                        );
                        continue;
                    };
                    (kind, description, extensions)
                }
                OaScheme::OAuth2 {
                    description,
                    extensions,
                    ..
                }
                | OaScheme::OpenIDConnect {
                    description,
                    extensions,
                    ..
                } => (AuthKind::AccessToken, description, extensions),
            };
            let env = match extensions.get("x-sdk-env") {
                None => None,
                Some(serde_json::Value::String(name))
                    if !name.is_empty()
                        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    Some(name.clone())
                }
                Some(other) => {
                    let found = format!("`x-sdk-env: {other}`");
                    let supported =
                        "`x-sdk-env` names an environment variable (letters, digits and `_`)"
                            .to_owned();
                    cx.error(
                        push_pointer(&pointer, "x-sdk-env"),
                        ErrorKind::Unsupported { found, supported },
                    );
                    continue;
                }
            };
            schemes.push(SecurityScheme {
                key: key.clone(),
                kind,
                env,
                doc: doc.clone(),
            });
        }
    }
    let default = match &doc.security {
        Some(requirements) => alternatives(cx, &schemes, requirements, "#/security"),
        None => Vec::new(),
    };
    (schemes, default)
}

/// The alternatives of a `security` list, as positions in `schemes`; a name that is no
/// scheme is an error (the document is broken).
pub(crate) fn alternatives(
    cx: &mut Lowerer<'_>,
    schemes: &[SecurityScheme],
    requirements: &[SecurityRequirement],
    pointer: &str,
) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut alternative = Vec::new();
        for name in requirement.keys() {
            match schemes.iter().position(|s| s.key == *name) {
                Some(index) => alternative.push(index),
                None => {
                    let at = push_pointer(&push_pointer(pointer, &i.to_string()), name);
                    let name = name.clone();
                    cx.error(at, ErrorKind::UnknownSecurityScheme { name });
                }
            }
        }
        out.push(alternative);
    }
    out
}
