//! `$ref` targets anywhere in the document: a JSON pointer (`#/components/schemas/Tag/allOf/0`,
//! `#/paths/~1pets/get/responses/200/content/application~1json/schema`) walked through the
//! parsed document to the schema it names.
//!
//! A pointer addresses the document as written, so it never passes through a `$ref` on the
//! way (`parameters/0/schema` names nothing when `parameters/0` is itself a `$ref`).

use openapiv3::{
    AdditionalProperties, Content, Header, OpenAPI, Operation, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, Type,
};

use super::names;
use super::schemas::SchemaRef;
use crate::error::push_pointer;

/// The reference tokens of a local reference (`#/a/b~1c` gives `a`, `b/c`), with `~1`, `~0`
/// and URI percent-escapes undone; `None` for a reference to another file or URL.
pub(crate) fn tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| unescape(&percent_decode(token)))
            .collect(),
    )
}

/// The pointer `#/a/b~1c` of reference tokens, escaped again.
pub(crate) fn pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold("#".to_owned(), |at, token| push_pointer(&at, token))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `%7B` to `{`: a pointer in a URI fragment may be percent-encoded. Invalid escapes stay.
fn percent_decode(token: &str) -> String {
    if !token.contains('%') {
        return token.to_owned();
    }
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| token.to_owned())
}

/// A type-name hint for a schema found by pointer: the pointer's meaningful tokens
/// (`#/paths/~1pets/get/responses/200/...` gives `PetsGetResponses200`).
pub(crate) fn hint(tokens: &[String]) -> String {
    const STRUCTURE: &[&str] = &["components", "schemas", "paths", "content", "schema"];
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !STRUCTURE.contains(t))
        // Media types (`application/json`), not paths (`/pets`).
        .filter(|t| t.starts_with('/') || !t.contains('/'))
        .collect();
    let name = names::part(&words.join(" "));
    if name.is_empty() {
        "Schema".to_owned()
    } else {
        name
    }
}

/// The schema at `tokens`, or `None` when the pointer names nothing that is a schema.
pub(crate) fn navigate<'a>(doc: &'a OpenAPI, tokens: &[String]) -> Option<SchemaRef<'a>> {
    let t: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match t.as_slice() {
        ["components", kind, name, rest @ ..] => {
            let c = doc.components.as_ref()?;
            match *kind {
                "schemas" => schema(c.schemas.get(*name)?.into(), rest),
                "parameters" => parameter(item(c.parameters.get(*name)?)?, rest),
                "responses" => response(item(c.responses.get(*name)?)?, rest),
                "requestBodies" => body(item(c.request_bodies.get(*name)?)?, rest),
                "headers" => header(item(c.headers.get(*name)?)?, rest),
                _ => None,
            }
        }
        ["paths", path, rest @ ..] => {
            let path_item = item(doc.paths.paths.get(*path)?)?;
            match rest {
                ["parameters", i, rest @ ..] => {
                    parameter(item(path_item.parameters.get(index(i)?)?)?, rest)
                }
                [method, rest @ ..] => {
                    let (_, op) = path_item.iter().find(|(m, _)| m == method)?;
                    operation(op, rest)
                }
                [] => None,
            }
        }
        _ => None,
    }
}

fn item<T>(value: &ReferenceOr<T>) -> Option<&T> {
    match value {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { .. } => None,
    }
}

fn index(token: &str) -> Option<usize> {
    // RFC 6901: no leading zeros, digits only.
    if token.len() > 1 && token.starts_with('0') {
        return None;
    }
    token.parse().ok()
}

fn operation<'a>(op: &'a Operation, rest: &[&str]) -> Option<SchemaRef<'a>> {
    match rest {
        ["parameters", i, rest @ ..] => parameter(item(op.parameters.get(index(i)?)?)?, rest),
        ["requestBody", rest @ ..] => body(item(op.request_body.as_ref()?)?, rest),
        ["responses", "default", rest @ ..] => {
            response(item(op.responses.default.as_ref()?)?, rest)
        }
        ["responses", code, rest @ ..] => {
            let (_, found) = op
                .responses
                .responses
                .iter()
                .find(|(status, _)| status.to_string() == *code)?;
            response(item(found)?, rest)
        }
        _ => None,
    }
}

fn content<'a>(content: &'a Content, rest: &[&str]) -> Option<SchemaRef<'a>> {
    match rest {
        [media, "schema", rest @ ..] => schema(content.get(*media)?.schema.as_ref()?.into(), rest),
        _ => None,
    }
}

fn schema_or_content<'a>(
    format: &'a ParameterSchemaOrContent,
    rest: &[&str],
) -> Option<SchemaRef<'a>> {
    match (format, rest) {
        (ParameterSchemaOrContent::Schema(s), ["schema", rest @ ..]) => schema(s.into(), rest),
        (ParameterSchemaOrContent::Content(c), ["content", rest @ ..]) => content(c, rest),
        _ => None,
    }
}

fn parameter<'a>(p: &'a Parameter, rest: &[&str]) -> Option<SchemaRef<'a>> {
    schema_or_content(&p.parameter_data_ref().format, rest)
}

fn header<'a>(h: &'a Header, rest: &[&str]) -> Option<SchemaRef<'a>> {
    schema_or_content(&h.format, rest)
}

fn body<'a>(b: &'a RequestBody, rest: &[&str]) -> Option<SchemaRef<'a>> {
    match rest {
        ["content", rest @ ..] => content(&b.content, rest),
        _ => None,
    }
}

fn response<'a>(r: &'a Response, rest: &[&str]) -> Option<SchemaRef<'a>> {
    match rest {
        ["content", rest @ ..] => content(&r.content, rest),
        ["headers", name, rest @ ..] => header(item(r.headers.get(*name)?)?, rest),
        _ => None,
    }
}

/// Walks down from a schema: `properties/<name>`, `items`, `additionalProperties`,
/// `allOf|oneOf|anyOf/<i>`, `not`.
fn schema<'a>(at: SchemaRef<'a>, rest: &[&str]) -> Option<SchemaRef<'a>> {
    let [first, tail @ ..] = rest else {
        return Some(at);
    };
    let SchemaRef::Inline(s) = at else {
        return None;
    };
    let kind = &s.schema_kind;
    let (properties, items, additional) = match kind {
        SchemaKind::Type(Type::Object(o)) => {
            (Some(&o.properties), None, o.additional_properties.as_ref())
        }
        SchemaKind::Type(Type::Array(a)) => (None, a.items.as_ref(), None),
        SchemaKind::Any(a) => (
            Some(&a.properties),
            a.items.as_ref(),
            a.additional_properties.as_ref(),
        ),
        _ => (None, None, None),
    };
    let list = |name: &str| -> Option<&'a [ReferenceOr<Schema>]> {
        match (kind, name) {
            (SchemaKind::AllOf { all_of }, "allOf") => Some(all_of),
            (SchemaKind::OneOf { one_of }, "oneOf") => Some(one_of),
            (SchemaKind::AnyOf { any_of }, "anyOf") => Some(any_of),
            (SchemaKind::Any(a), "allOf") => Some(&a.all_of),
            (SchemaKind::Any(a), "oneOf") => Some(&a.one_of),
            (SchemaKind::Any(a), "anyOf") => Some(&a.any_of),
            _ => None,
        }
    };
    match (*first, tail) {
        ("properties", [name, tail @ ..]) => schema(properties?.get(*name)?.into(), tail),
        ("items", tail) => schema(items?.into(), tail),
        ("additionalProperties", tail) => match additional? {
            AdditionalProperties::Schema(s) => schema(s.as_ref().into(), tail),
            AdditionalProperties::Any(_) => None,
        },
        ("not", tail) => match kind {
            SchemaKind::Not { not } => schema(not.as_ref().into(), tail),
            SchemaKind::Any(a) => schema(a.not.as_deref()?.into(), tail),
            _ => None,
        },
        (keyword, [i, tail @ ..]) => schema(list(keyword)?.get(index(i)?)?.into(), tail),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_undo_escapes() {
        assert_eq!(
            tokens("#/paths/~1pets~1%7Bid%7D/get").unwrap(),
            ["paths", "/pets/{id}", "get"]
        );
        assert_eq!(tokens("#/a~0b").unwrap(), ["a~b"]);
        assert_eq!(tokens("other.yaml#/A"), None);
        assert_eq!(tokens("#").unwrap(), Vec::<String>::new());
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("a%2"), "a%2");
    }

    #[test]
    fn hints_come_from_the_pointer() {
        let t =
            tokens("#/paths/~1pets/get/responses/200/content/application~1json/schema").unwrap();
        assert_eq!(hint(&t), "PetsGetResponses200");
        let t = tokens("#/components/schemas/Tag/allOf/0").unwrap();
        assert_eq!(hint(&t), "TagAllOf0");
    }
}
