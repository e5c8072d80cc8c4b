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

use super::super::names::{part, settle, snake_spelled, Case, Claim};
use super::super::schemas::{Lowerer, SchemaRef};
use super::super::{
    Directions, Field, ListJoin, Note, ObjectStyle, Param, ParamLocation, ParamStyle, Presence,
    Struct, TypeDef, TypeKind, TypeRef,
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
    let mut other_pointers: Vec<String> = Vec::new();
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
            other_pointers.push(param_pointer.clone());
        }
    }
    for used in &template_names {
        let declared = params.iter().any(|(p, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *used
        });
        if declared || path_params.iter().any(|p| p.wire == *used) {
            continue;
        }
        // The document forgot to declare it; the path still needs a value.
        let Some(name) = snake_spelled(used) else {
            cx.error(
                pointer,
                ErrorKind::UndeclaredPathParam {
                    name: (*used).to_owned(),
                    path: path.to_owned(),
                },
            );
            continue;
        };
        cx.notes.push(Note {
            pointer: pointer.to_owned(),
            message: format!(
                "the path uses `{{{used}}}` but declares no `in: path` parameter for it; it is a required string argument"
            ),
        });
        path_params.push(Param {
            name,
            wire: (*used).to_owned(),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            style: ParamStyle::Plain,
            allow_reserved: false,
            doc: None,
            example: None,
        });
    }
    path_params.sort_by_key(|p| template_names.iter().position(|n| *n == p.wire));

    // Path parameters are the method's arguments, beside `params` and `body`; the others are
    // the fields of one struct. Names that meet in either are settled by the rule of
    // `names::settle`.
    let claims: Vec<Claim> = path_params
        .iter()
        .map(|p| Claim {
            wire: p.wire.clone(),
            rust: p.name.clone(),
            pointer: pointer.to_owned(),
        })
        .collect();
    let (arg_names, notes) = settle(
        &claims,
        &["params", "body"],
        "another argument",
        Case::Snake,
    );
    cx.notes.extend(notes);
    for (p, name) in path_params.iter_mut().zip(arg_names) {
        p.name = name;
    }
    let claims: Vec<Claim> = other_params
        .iter()
        .zip(&other_pointers)
        .map(|(p, at)| Claim {
            wire: p.wire.clone(),
            rust: p.name.clone(),
            pointer: at.clone(),
        })
        .collect();
    let (param_names, notes) = settle(&claims, &[], "", Case::Snake);
    cx.notes.extend(notes);
    for (p, name) in other_params.iter_mut().zip(param_names) {
        p.name = name;
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
            serde: Directions::BOTH,
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
    let Some(rust_name) = snake_spelled(&data.name) else {
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
            let list_join = match param {
                Parameter::Query { style, .. } => match style {
                    QueryStyle::Form if explode.unwrap_or(true) => ListJoin::Repeat,
                    QueryStyle::Form => ListJoin::Comma,
                    QueryStyle::SpaceDelimited => ListJoin::Space,
                    QueryStyle::PipeDelimited => ListJoin::Pipe,
                    QueryStyle::DeepObject => ListJoin::Brackets,
                },
                Parameter::Cookie { style, .. } => {
                    let CookieStyle::Form = style;
                    if explode.unwrap_or(true) {
                        ListJoin::Repeat
                    } else {
                        ListJoin::Comma
                    }
                }
                Parameter::Path { .. } | Parameter::Header { .. } => ListJoin::Comma,
            };
            let object_style = match param {
                Parameter::Query { style, .. } => match style {
                    QueryStyle::DeepObject => ObjectStyle::DeepObject,
                    QueryStyle::Form if explode.unwrap_or(true) => ObjectStyle::Exploded,
                    _ => ObjectStyle::Flat,
                },
                Parameter::Header { style, .. } => {
                    let HeaderStyle::Simple = style;
                    if explode.unwrap_or(false) {
                        ObjectStyle::Exploded
                    } else {
                        ObjectStyle::Flat
                    }
                }
                Parameter::Cookie { .. } if explode.unwrap_or(true) => ObjectStyle::Exploded,
                Parameter::Cookie { .. } | Parameter::Path { .. } => ObjectStyle::Flat,
            };
            let style = match (shape(cx, &ty), param) {
                (Shape::Scalar, _) => ParamStyle::Plain,
                (Shape::List, Parameter::Path { .. }) => ParamStyle::List(ListJoin::Comma),
                (Shape::List, _) => ParamStyle::List(list_join),
                (Shape::Object, Parameter::Path { .. }) | (Shape::Other, _) => {
                    ParamStyle::Any(list_join, object_style)
                }
                (Shape::Object, _) => ParamStyle::Object(object_style),
            };
            if list_join == ListJoin::Brackets && matches!(style, ParamStyle::List(_)) {
                cx.notes.push(Note {
                    pointer: push_pointer(pointer, "style"),
                    message: format!(
                        "`style: deepObject` is defined for objects only; arrays in `{}` are sent as `{}[]=value` for each value, as Rails and Stripe read them",
                        data.name, data.name
                    ),
                });
            }
            let example = match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                _ => None,
            };
            (ty, style, example)
        }
    };

    let mut doc = super::super::prose(&data.description);
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
