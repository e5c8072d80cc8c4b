//! Request bodies and responses.
//!
//! Of several media types, one is chosen by a fixed preference, and a note names the choice:
//! for a request body `application/json`, other JSON types (`application/vnd.api+json`,
//! `*/*`), `application/x-www-form-urlencoded`, `multipart/form-data`, `text/*`, then any
//! other type as raw bytes; for a response JSON, then text, then bytes. Ties go to the first
//! in document order.

use openapiv3::{
    Operation as OaOperation, ReferenceOr, RequestBody as OaRequestBody, Response, Schema,
    SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::super::names::{settle, snake_spelled, Case, Claim};
use super::super::schemas::{is_object_like, wrap_nullable, Lowerer, SchemaRef};
use super::super::{
    Body, BodyEncoding, Directions, Field, Note, Presence, RequestBody, Struct, Success, TypeDef,
    TypeKind, TypeRef,
};
use super::{is_success, resolve_component, responses_type};
use crate::error::{push_pointer, ErrorKind};

/// A media type without parameters, lower-cased.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is read and written as JSON.
pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
}

/// The preference rank of a request body media type (lower is preferred).
fn request_rank(media: &str) -> u8 {
    let essence = essence(media);
    if essence == "application/json" {
        0
    } else if is_json(media) {
        1
    } else if essence == "application/x-www-form-urlencoded" {
        2
    } else if essence == "multipart/form-data" {
        3
    } else if essence.starts_with("text/") {
        4
    } else {
        5
    }
}

/// The preference rank of a response media type (lower is preferred).
fn response_rank(media: &str) -> u8 {
    if is_json(media) {
        0
    } else if essence(media).starts_with("text/") {
        1
    } else {
        2
    }
}

/// The first media type of the best rank.
fn choose<'m, T: 'm>(
    content: impl IntoIterator<Item = (&'m String, &'m T)>,
    rank: fn(&str) -> u8,
) -> Option<(&'m String, &'m T)> {
    content.into_iter().min_by_key(|(media, _)| rank(media))
}

pub(super) fn lower_body<'a>(
    cx: &mut Lowerer<'a>,
    body: &'a ReferenceOr<OaRequestBody>,
    pointer: &str,
    prefix: &str,
) -> Option<RequestBody> {
    let (body, pointer) = resolve_component(cx, body, pointer, "requestBodies", |c, k| {
        c.request_bodies.get(k)
    })?;
    let content_pointer = push_pointer(&pointer, "content");
    let Some((media, media_type)) = choose(&body.content, request_rank) else {
        cx.notes.push(Note {
            pointer: content_pointer,
            message: "the request body has no media type; the operation sends no body".to_owned(),
        });
        return None;
    };
    if body.content.len() > 1 {
        let all: Vec<&str> = body.content.keys().map(String::as_str).collect();
        cx.notes.push(Note {
            pointer: content_pointer.clone(),
            message: format!(
                "the request body may be {}; the client sends `{media}` (preferred: JSON, form, multipart, text, bytes)",
                all.join(", ")
            ),
        });
    }
    let media_pointer = push_pointer(&content_pointer, media);
    let schema_pointer = push_pointer(&media_pointer, "schema");
    let json_type = |cx: &mut Lowerer<'a>| match &media_type.schema {
        Some(schema) => {
            let lowered = cx.type_of(schema.into(), &schema_pointer, &format!("{prefix}Body"));
            wrap_nullable(lowered.ty, lowered.nullable)
        }
        None => {
            // JSON (or a form) without a schema.
            cx.untyped(&media_pointer);
            TypeRef::Json
        }
    };
    let concrete = |fallback: &str| {
        if media.contains('*') {
            fallback.to_owned()
        } else {
            media.clone()
        }
    };
    let (ty, encoding) = match request_rank(media) {
        0 | 1 => (
            json_type(cx),
            BodyEncoding::Json(concrete("application/json")),
        ),
        2 => {
            let ty = json_type(cx);
            if !matches!(ty, TypeRef::Named(_) | TypeRef::JsonObject | TypeRef::Json) {
                cx.error(
                    &media_pointer,
                    ErrorKind::Unsupported {
                        found: "a form body that is not an object".to_owned(),
                        supported:
                            "`application/x-www-form-urlencoded` bodies are objects of scalar properties"
                                .to_owned(),
                    },
                );
            }
            (ty, BodyEncoding::Form)
        }
        3 => (
            multipart_type(cx, media_type.schema.as_ref(), &schema_pointer, prefix)?,
            BodyEncoding::Multipart,
        ),
        4 => (TypeRef::String, BodyEncoding::Text(concrete("text/plain"))),
        _ => (
            TypeRef::Json,
            BodyEncoding::Bytes(concrete("application/octet-stream")),
        ),
    };
    Some(RequestBody {
        ty,
        encoding,
        doc: super::super::prose(&body.description),
    })
}

/// A `$ref` to a component schema, followed; inline schemas as they are.
fn schema_of<'a>(cx: &Lowerer<'a>, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix("#/components/schemas/")?;
            let key = key.replace("~1", "/").replace("~0", "~");
            match cx.doc.components.as_ref()?.schemas.get(&key)? {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// Whether a schema is a file: `type: string, format: binary`.
fn is_file(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// The struct of a `multipart/form-data` body: one field per property, files (`format:
/// binary`, or arrays of them) as [`TypeRef::File`], the rest typed as in JSON. A body
/// without properties is any JSON object, each property sent as text or JSON.
fn multipart_type<'a>(
    cx: &mut Lowerer<'a>,
    schema: Option<&'a ReferenceOr<Schema>>,
    pointer: &str,
    prefix: &str,
) -> Option<TypeRef> {
    let Some(schema) = schema else {
        return Some(TypeRef::JsonObject);
    };
    let resolved = schema_of(cx, schema);
    let (properties, required) = match resolved.map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(obj))) => (&obj.properties, &obj.required),
        Some(SchemaKind::Any(any)) if !any.properties.is_empty() => {
            (&any.properties, &any.required)
        }
        _ if resolved.is_some_and(|s| {
            is_object_like(s)
                || matches!(
                    s.schema_kind,
                    SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Any(_)
                )
        }) =>
        {
            // `allOf`, unions: the JSON type; each property of the value sent is a text or JSON
            // part.
            let hint = format!("{prefix}Body");
            return Some(cx.type_of(SchemaRef::from(schema), pointer, &hint).ty);
        }
        _ => {
            cx.error(
                pointer,
                ErrorKind::Unsupported {
                    found: "a `multipart/form-data` body that is not an object".to_owned(),
                    supported: "multipart bodies are objects; each property is a part".to_owned(),
                },
            );
            return None;
        }
    };
    if properties.is_empty() {
        return Some(TypeRef::JsonObject);
    }
    let pointer = match schema {
        ReferenceOr::Reference { reference } => reference.clone(),
        ReferenceOr::Item(_) => pointer.to_owned(),
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut pointers: Vec<String> = Vec::new();
    for (name, property) in properties {
        let property_pointer = push_pointer(&push_pointer(&pointer, "properties"), name);
        let Some(rust) = snake_spelled(name) else {
            cx.error(
                &property_pointer,
                ErrorKind::Unsupported {
                    found: format!("the property name `{name}`"),
                    supported: "a property name needs at least one ASCII letter or digit"
                        .to_owned(),
                },
            );
            continue;
        };
        let inline = match property {
            ReferenceOr::Item(schema) => Some(&**schema),
            ReferenceOr::Reference { .. } => None,
        };
        let file_items = inline.and_then(|s| match &s.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref(),
            _ => None,
        });
        let ty = if inline.is_some_and(is_file) {
            TypeRef::File
        } else if file_items.is_some_and(|items| match items {
            ReferenceOr::Item(items) => is_file(items),
            ReferenceOr::Reference { .. } => false,
        }) {
            TypeRef::Vec(Box::new(TypeRef::File))
        } else {
            let hint = format!("{prefix}Body{}", super::super::names::part(name));
            cx.type_of(SchemaRef::from(property), &property_pointer, &hint)
                .ty
        };
        pointers.push(property_pointer);
        fields.push(Field {
            name: rust,
            wire: name.clone(),
            ty,
            presence: Presence::new(required.contains(name), false),
            doc: inline.and_then(|s| super::super::prose(&s.schema_data.description)),
            boxed: false,
            example: None,
        });
    }
    // Properties that meet in one field name are settled by the rule of the struct fields.
    let claims: Vec<Claim> = fields
        .iter()
        .zip(pointers)
        .map(|(f, pointer)| Claim {
            wire: f.wire.clone(),
            rust: f.name.clone(),
            pointer,
        })
        .collect();
    let (names, notes) = settle(&claims, &[], "", Case::Snake);
    cx.notes.extend(notes);
    for (field, name) in fields.iter_mut().zip(names) {
        field.name = name;
    }
    let name = cx.fresh_name(&format!("{prefix}Form"), &pointer);
    cx.push_type(TypeDef {
        name: name.clone(),
        doc: Some("The parts of a `multipart/form-data` request body.".to_owned()),
        pointer,
        kind: TypeKind::Params(Struct {
            fields,
            additional: None,
        }),
        serde: Directions::BOTH,
    });
    Some(TypeRef::Named(name))
}

/// The success value, and the documented error responses with their body types.
pub(super) fn lower_responses<'a>(
    cx: &mut Lowerer<'a>,
    op: &'a OaOperation,
    pointer: &str,
    prefix: &str,
    label: &str,
) -> (Success, Vec<(String, String, Option<TypeRef>)>) {
    let mut successes: Vec<(u16, Body)> = Vec::new();
    let mut range_status = None;
    let mut errors = Vec::new();
    let responses_pointer = push_pointer(pointer, "responses");
    let success_count = op
        .responses
        .responses
        .keys()
        .filter(|s| is_success(s))
        .count();
    for (status, response) in &op.responses.responses {
        let key = status.to_string();
        let response_pointer = push_pointer(&responses_pointer, &key);
        let found = resolve_component(cx, response, &response_pointer, "responses", |c, k| {
            c.responses.get(k)
        });
        let Some((response, _)) = found else {
            continue;
        };
        if !response.links.is_empty() {
            cx.notes.push(Note {
                pointer: push_pointer(&response_pointer, "links"),
                message: "links describe how responses relate to other operations; they do not change the client".to_owned(),
            });
        }
        if is_success(status) {
            let hint = if success_count > 1 {
                format!("{prefix}Response{key}")
            } else {
                format!("{prefix}Response")
            };
            let body = lower_response_body(cx, response, &response_pointer, &hint);
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(_) => {
                    // Listed codes win; the range takes the statuses they leave.
                    let listed =
                        |code: u16| op.responses.responses.contains_key(&StatusCode::Code(code));
                    let code = (200..300).find(|c| !listed(*c)).unwrap_or(299);
                    range_status = Some(code);
                    code
                }
            };
            successes.push((code, body));
        } else {
            let ty = error_body(
                cx,
                response,
                &response_pointer,
                &format!("{prefix}Error{key}"),
            );
            errors.push((key, response.description.clone(), ty));
        }
    }
    if let Some(default) = &op.responses.default {
        let default_pointer = push_pointer(&responses_pointer, "default");
        let found = resolve_component(cx, default, &default_pointer, "responses", |c, k| {
            c.responses.get(k)
        });
        if let Some((response, _)) = found {
            if successes.is_empty() {
                // No success is listed: `default` describes it too.
                let body = lower_response_body(
                    cx,
                    response,
                    &default_pointer,
                    &format!("{prefix}Response"),
                );
                if !errors.is_empty() {
                    cx.notes.push(Note {
                        pointer: default_pointer.clone(),
                        message: "no success response is listed, so `default` describes the success body as well as errors".to_owned(),
                    });
                }
                let ty = match &body {
                    Body::Json(ty) => Some(ty.clone()),
                    _ => None,
                };
                successes.push((200, body));
                errors.push(("default".to_owned(), response.description.clone(), ty));
            } else {
                let ty = error_body(
                    cx,
                    response,
                    &default_pointer,
                    &format!("{prefix}ErrorDefault"),
                );
                errors.push(("default".to_owned(), response.description.clone(), ty));
            }
        }
    }
    let success = if successes.iter().all(|(_, b)| *b == successes[0].1) {
        Success::Single(
            successes
                .first()
                .map(|(_, b)| b.clone())
                .unwrap_or(Body::Empty),
        )
    } else {
        match responses_type(cx, prefix, label, responses_pointer, successes) {
            Success::ByStatus(name, _) => Success::ByStatus(name, range_status),
            single => single,
        }
    };
    (success, errors)
}

/// The type of an error response's JSON body, if it has one.
fn error_body<'a>(
    cx: &mut Lowerer<'a>,
    response: &'a Response,
    pointer: &str,
    hint: &str,
) -> Option<TypeRef> {
    let (media, media_type) = response.content.iter().find(|(m, _)| is_json(m))?;
    let schema = media_type.schema.as_ref()?;
    let schema_pointer = push_pointer(
        &push_pointer(&push_pointer(pointer, "content"), media),
        "schema",
    );
    let lowered = cx.type_of(schema.into(), &schema_pointer, hint);
    Some(wrap_nullable(lowered.ty, lowered.nullable))
}

fn lower_response_body<'a>(
    cx: &mut Lowerer<'a>,
    response: &'a Response,
    pointer: &str,
    hint: &str,
) -> Body {
    let content_pointer = push_pointer(pointer, "content");
    let Some((media, media_type)) = choose(&response.content, response_rank) else {
        return Body::Empty;
    };
    let kinds: Vec<u8> = response.content.keys().map(|m| response_rank(m)).collect();
    if kinds.iter().any(|k| *k != kinds[0]) {
        let all: Vec<&str> = response.content.keys().map(String::as_str).collect();
        cx.notes.push(Note {
            pointer: content_pointer.clone(),
            message: format!(
                "the response may be {}; the client reads `{media}` (preferred: JSON, text, bytes)",
                all.join(", ")
            ),
        });
    }
    match response_rank(media) {
        0 => match &media_type.schema {
            Some(schema) => {
                let lowered = cx.type_of(
                    schema.into(),
                    &push_pointer(&push_pointer(&content_pointer, media), "schema"),
                    hint,
                );
                Body::Json(wrap_nullable(lowered.ty, lowered.nullable))
            }
            None => {
                // JSON without a schema.
                cx.untyped(&push_pointer(&content_pointer, media));
                Body::Json(TypeRef::Json)
            }
        },
        1 => Body::Text,
        _ => Body::Bytes,
    }
}
