//! Parameters: path, query, header and cookie; scalars, arrays, objects and JSON content.
//!
//! The path item's parameters apply to each of its operations, replaced by an operation's
//! parameter of the same name and place. How a value is written follows `style` and `explode`
//! with OpenAPI's defaults (`form` exploded in the query and cookies, `simple` not exploded in
//! the path and headers); `content: application/json` sends the value as JSON text.

use openapiv3::{
    CookieStyle, HeaderStyle, Operation as OaOperation, Parameter, ParameterSchemaOrContent,
    PathStyle, QueryStyle, ReferenceOr,
};

use super::super::names::{part, snake};
use super::super::schemas::{Lowerer, SchemaRef};
use super::super::{
    Field, ListJoin, Note, ObjectStyle, Param, ParamLocation, ParamStyle, Presence, Struct,
    TypeDef, TypeKind, TypeRef,
};
use super::resolve_component;
use crate::error::{push_pointer, ErrorKind};

/// What a parameter's schema allows, for choosing how to write it.
enum Shape {
    Scalar,
    List,
    Object,
    Other,
}

/// Path parameters in path order, and the struct of the others (query, header, cookie).
#[allow(clippy::too_many_arguments)]
pub(super) fn lower_params<'a>(
    cx: &mut Lowerer<'a>,
    op: &'a OaOperation,
    shared: &'a [ReferenceOr<Parameter>],
    path: &str,
    pointer: &str,
    type_prefix: &str,
    label: &str,
) -> (Vec<Param>, Option<(String, Vec<Param>)>) {
    // The path item's, replaced by the operation's of the same name and place.
    let mut params: Vec<(&Parameter, String)> = Vec::new();
    let lists = [
        (
            shared,
            push_pointer(&push_pointer("#/paths", path), "parameters"),
        ),
        (&op.parameters[..], push_pointer(pointer, "parameters")),
    ];
    for (list, list_pointer) in lists {
        for (i, param) in list.iter().enumerate() {
            let param_pointer = push_pointer(&list_pointer, &i.to_string());
            let found = resolve_component(cx, param, &param_pointer, "parameters", |c, k| {
                c.parameters.get(k)
            });
            let Some((param, param_pointer)) = found else {
                continue;
            };
            let data = param.parameter_data_ref();
            params.retain(|(p, _)| {
                let other = p.parameter_data_ref();
                !(other.name == data.name
                    && std::mem::discriminant(*p) == std::mem::discriminant(param))
            });
            params.push((param, param_pointer));
        }
    }

    let template_names = template_params(path);
    let mut path_params = Vec::new();
    let mut other_params: Vec<Param> = Vec::new();
    for (param, param_pointer) in &params {
        let Some(lowered) = lower_param(cx, param, param_pointer, type_prefix) else {
            continue;
        };
        if lowered.location == ParamLocation::Path {
            let name = &param.parameter_data_ref().name;
            if !template_names.contains(&name.as_str()) {
                cx.error(
                    param_pointer,
                    ErrorKind::UnusedPathParam {
                        name: name.clone(),
                        path: path.to_owned(),
                    },
                );
                continue;
            }
            path_params.push(lowered);
        } else {
            other_params.push(lowered);
        }
    }
    for used in &template_names {
        let declared = params.iter().any(|(p, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *used
        });
        if !declared {
            cx.error(
                pointer,
                ErrorKind::UndeclaredPathParam {
                    name: (*used).to_owned(),
                    path: path.to_owned(),
                },
            );
        }
    }
    path_params.sort_by_key(|p| template_names.iter().position(|n| *n == p.wire));

    // Parameters of different places may share a name (`id` in the query and a header): the
    // later one's field gets its place as a suffix.
    for i in 0..other_params.len() {
        let clash = other_params[..i]
            .iter()
            .any(|q| q.name == other_params[i].name)
            || path_params.iter().any(|q| q.name == other_params[i].name);
        if !clash {
            continue;
        }
        let place = match other_params[i].location {
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Path => "path",
        };
        let renamed = snake(&format!("{} {place}", other_params[i].wire))
            .unwrap_or_else(|| format!("{}_{place}", other_params[i].name));
        if other_params.iter().any(|q| q.name == renamed) {
            let kind = ErrorKind::NameCollision {
                what: "parameter",
                first: other_params[i].wire.clone(),
                second: renamed.clone(),
                rust: renamed,
            };
            cx.error(pointer, kind);
            continue;
        }
        cx.notes.push(Note {
            pointer: push_pointer(pointer, "parameters"),
            message: format!(
                "two parameters of `{label}` become `{}`; the {place} parameter `{}` is the field `{renamed}`",
                other_params[i].name, other_params[i].wire
            ),
        });
        other_params[i].name = renamed;
    }

    let params_struct = if other_params.is_empty() {
        None
    } else {
        let struct_name = cx.fresh_name(&format!("{type_prefix}Params"), pointer);
        let fields = other_params
            .iter()
            .map(|p| Field {
                name: p.name.clone(),
                wire: p.wire.clone(),
                ty: p.ty.clone(),
                presence: Presence::new(p.required, false),
                doc: p.doc.clone(),
                boxed: false,
                example: p.example.clone(),
            })
            .collect();
        cx.push_type(TypeDef {
            name: struct_name.clone(),
            doc: Some(format!("Query, header and cookie parameters of `{label}`.")),
            pointer: push_pointer(pointer, "parameters"),
            kind: TypeKind::Params(Struct {
                fields,
                additional: None,
            }),
        });
        Some((struct_name, other_params))
    };
    (path_params, params_struct)
}

fn lower_param<'a>(
    cx: &mut Lowerer<'a>,
    param: &'a Parameter,
    pointer: &str,
    type_prefix: &str,
) -> Option<Param> {
    let data = param.parameter_data_ref();
    let Some(rust_name) = snake(&data.name) else {
        cx.error(
            pointer,
            ErrorKind::Unsupported {
                found: format!("the parameter name `{}`", data.name),
                supported: "a parameter name needs at least one ASCII letter or digit".to_owned(),
            },
        );
        return None;
    };
    let hint = format!("{type_prefix}{}", part(&data.name));
    let (location, allow_reserved) = match param {
        Parameter::Path { style, .. } => {
            if !matches!(style, PathStyle::Simple) {
                let style = match style {
                    PathStyle::Matrix => "matrix",
                    _ => "label",
                };
                cx.error(
                    pointer,
                    ErrorKind::Unsupported {
                        found: format!("`style: {style}` on a path parameter"),
                        supported: "path parameters are written with `style: simple`".to_owned(),
                    },
                );
                return None;
            }
            (ParamLocation::Path, false)
        }
        Parameter::Query { allow_reserved, .. } => (ParamLocation::Query, *allow_reserved),
        Parameter::Header { .. } => (ParamLocation::Header, false),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, false),
    };

    let (ty, style, example) = match &data.format {
        ParameterSchemaOrContent::Content(content) => {
            let Some((media, media_type)) = content.iter().find(|(m, _)| super::bodies::is_json(m))
            else {
                let found = match content.keys().next() {
                    Some(media) => format!("a parameter with `content: {media}`"),
                    None => "a parameter with an empty `content`".to_owned(),
                };
                cx.error(
                    push_pointer(pointer, "content"),
                    ErrorKind::Unsupported {
                        found,
                        supported:
                            "parameter content is JSON (`application/json`), or use `schema`"
                                .to_owned(),
                    },
                );
                return None;
            };
            if location == ParamLocation::Path {
                cx.error(
                    pointer,
                    ErrorKind::Unsupported {
                        found: "a path parameter with `content`".to_owned(),
                        supported: "path parameters are described with `schema`".to_owned(),
                    },
                );
                return None;
            }
            let media_pointer = push_pointer(&push_pointer(pointer, "content"), media);
            let ty = match &media_type.schema {
                Some(schema) => {
                    let lowered = cx.type_of(
                        schema.into(),
                        &push_pointer(&media_pointer, "schema"),
                        &hint,
                    );
                    super::super::schemas::wrap_nullable(lowered.ty, lowered.nullable)
                }
                None => TypeRef::Json,
            };
            (ty, ParamStyle::Json, media_type.example.clone())
        }
        ParameterSchemaOrContent::Schema(schema) => {
            let schema_pointer = push_pointer(pointer, "schema");
            let lowered = cx.type_of(SchemaRef::from(schema), &schema_pointer, &hint);
            let ty = resolve_alias(cx, lowered.ty);
            let explode = data.explode;
            let style = match (shape(cx, &ty), param) {
                (Shape::Scalar, _) => Some(ParamStyle::Plain),
                (Shape::List, Parameter::Query { style, .. }) => match style {
                    QueryStyle::Form if explode.unwrap_or(true) => {
                        Some(ParamStyle::List(ListJoin::Repeat))
                    }
                    QueryStyle::Form => Some(ParamStyle::List(ListJoin::Comma)),
                    QueryStyle::SpaceDelimited => Some(ParamStyle::List(ListJoin::Space)),
                    QueryStyle::PipeDelimited => Some(ParamStyle::List(ListJoin::Pipe)),
                    QueryStyle::DeepObject => None,
                },
                (Shape::List, Parameter::Cookie { style, .. }) => {
                    let CookieStyle::Form = style;
                    Some(ParamStyle::List(if explode.unwrap_or(true) {
                        ListJoin::Repeat
                    } else {
                        ListJoin::Comma
                    }))
                }
                (Shape::List, Parameter::Path { .. } | Parameter::Header { .. }) => {
                    Some(ParamStyle::List(ListJoin::Comma))
                }
                (Shape::Object, Parameter::Query { style, .. }) => match style {
                    QueryStyle::DeepObject => Some(ParamStyle::Object(ObjectStyle::DeepObject)),
                    QueryStyle::Form if explode.unwrap_or(true) => {
                        Some(ParamStyle::Object(ObjectStyle::Exploded))
                    }
                    _ => Some(ParamStyle::Object(ObjectStyle::Flat)),
                },
                (Shape::Object, Parameter::Header { style, .. }) => {
                    let HeaderStyle::Simple = style;
                    Some(ParamStyle::Object(if explode.unwrap_or(false) {
                        ObjectStyle::Exploded
                    } else {
                        ObjectStyle::Flat
                    }))
                }
                (Shape::Object, Parameter::Cookie { .. }) => {
                    Some(ParamStyle::Object(if explode.unwrap_or(true) {
                        ObjectStyle::Exploded
                    } else {
                        ObjectStyle::Flat
                    }))
                }
                (Shape::Object | Shape::Other, Parameter::Path { .. }) | (Shape::Other, _) => None,
            };
            let Some(style) = style else {
                let found = match (param, shape(cx, &ty)) {
                    (Parameter::Query { style: QueryStyle::DeepObject, .. }, Shape::List) => {
                        "`style: deepObject` on an array".to_owned()
                    }
                    (Parameter::Path { .. }, Shape::Object) => {
                        "a path parameter whose value is an object".to_owned()
                    }
                    _ => "a parameter whose value is neither a scalar, an array of scalars nor an object".to_owned(),
                };
                cx.error(
                    &schema_pointer,
                    ErrorKind::Unsupported {
                        found,
                        supported: "parameters are scalars (strings, numbers, booleans, enums), arrays of scalars, or objects (not in the path); describe other values with `content: application/json`".to_owned(),
                    },
                );
                return None;
            };
            let example = match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                _ => None,
            };
            (ty, style, example)
        }
    };

    let mut doc = data.description.clone();
    if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format {
        let extra = super::super::schemas::details(schema);
        if !extra.is_empty() {
            let joined = extra.join(" ");
            doc = Some(match doc {
                Some(d) => format!("{d}\n\n{joined}"),
                None => joined,
            });
        }
    }
    Some(Param {
        name: rust_name,
        wire: data.name.clone(),
        location,
        ty,
        required: data.required || location == ParamLocation::Path,
        style,
        allow_reserved,
        doc,
        example: data.example.clone().or(example),
    })
}

/// Sorts a parameter type into what the styles distinguish.
fn shape(cx: &Lowerer<'_>, ty: &TypeRef) -> Shape {
    if is_scalar(cx, ty) {
        return Shape::Scalar;
    }
    match ty {
        TypeRef::Vec(item) if is_scalar(cx, item) => Shape::List,
        TypeRef::JsonObject | TypeRef::Map(_) => Shape::Object,
        TypeRef::Named(name) => match cx.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_)) => Shape::Object,
            _ => Shape::Other,
        },
        _ => Shape::Other,
    }
}

/// Whether a parameter of this type can be written with `Display`: a scalar, or an enum.
fn is_scalar(cx: &Lowerer<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => match cx.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => inner.is_scalar(),
            _ => false,
        },
        other => other.is_scalar(),
    }
}

/// Looks through scalar aliases (`type UserId = String`), so that parameters take `&str`.
fn resolve_alias(cx: &Lowerer<'_>, ty: TypeRef) -> TypeRef {
    let mut ty = ty;
    for _ in 0..8 {
        let TypeRef::Named(name) = &ty else { break };
        match cx.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(inner)) => ty = inner.clone(),
            _ => break,
        }
    }
    ty
}

/// `{name}` placeholders of a path template, in order.
fn template_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}
