//! Lowering of operations: parameters, bodies, responses, and each operation's place in the
//! client's resource tree.
//!
//! The place comes from `x-sdk-method: viewer.users.update` (resources, then the method name).
//! Without it, an operation with one tag lives under a resource named after the tag and one
//! with no tags on the client itself; its method name comes from `operationId`, else from the
//! HTTP method and path. An operation with several tags and no `x-sdk-method` is ambiguous.

use openapiv3::{
    Components, Operation as OaOperation, Parameter, ParameterSchemaOrContent, QueryStyle,
    ReferenceOr, RequestBody as OaRequestBody, Response, StatusCode,
};

use super::names::{bare, part, settle, snake, snake_spelled, Case, Claim};
use super::schemas::{wrap_nullable, Lowerer, SchemaRef};
use super::{
    Body, BodyEncoding, Field, Note, Operation, Param, ParamLocation, Presence, RequestBody,
    Resource, Struct, Success, TypeDef, TypeKind, TypeRef,
};
use crate::error::{push_pointer, ErrorKind};

/// Methods of the generated `Client` that an operation or resource must not shadow.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "from", "clone", "fmt", "transport"];

/// Methods of every generated resource type that an operation or resource must not shadow.
const RESOURCE_METHODS: &[&str] = &["new", "clone", "fmt"];

/// Lowers every operation and returns the resource tree.
pub(crate) fn lower_operations(cx: &mut Lowerer<'_>) -> Resource {
    let mut root = Resource::default();
    let doc = cx.doc;
    for (path, item) in &doc.paths.paths {
        let path_pointer = push_pointer("#/paths", path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                cx.error(
                    path_pointer,
                    ErrorKind::UnsupportedRef {
                        reference: reference.clone(),
                        why: "path items must be written inline".to_owned(),
                    },
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let pointer = push_pointer(&path_pointer, method);
            let Some((resources, name)) = place(cx, op, method, path, &pointer) else {
                continue;
            };
            let shared = &item.parameters;
            if let Some(operation) =
                lower_operation(cx, op, shared, method, path, &pointer, &resources, name)
            {
                insert(&mut root, &resources, operation);
            }
        }
    }
    settle_tree(cx, &mut root);
    root
}

/// The resource path and method name of an operation.
fn place(
    cx: &mut Lowerer<'_>,
    op: &OaOperation,
    method: &str,
    path: &str,
    pointer: &str,
) -> Option<(Vec<String>, String)> {
    if let Some(value) = op.extensions.get("x-sdk-method") {
        let ext_pointer = push_pointer(pointer, "x-sdk-method");
        let Some(text) = value.as_str() else {
            cx.error(
                ext_pointer,
                ErrorKind::InvalidSdkMethod {
                    value: value.to_string(),
                    why: "it must be a string".to_owned(),
                },
            );
            return None;
        };
        let mut parts = Vec::new();
        for part in text.split('.') {
            match snake(part) {
                Some(name) if bare(&name) == part => parts.push(name),
                _ => {
                    let why = format!("`{part}` is not a snake_case name");
                    cx.error(
                        ext_pointer,
                        ErrorKind::InvalidSdkMethod {
                            value: text.to_owned(),
                            why,
                        },
                    );
                    return None;
                }
            }
        }
        let name = parts.pop()?;
        return Some((parts, name));
    }
    let resources = match op.tags.as_slice() {
        [] => Vec::new(),
        [tag] => match snake_spelled(tag) {
            Some(name) => vec![name],
            None => {
                let why = format!("its tag `{tag}` has no letters or digits");
                cx.error(pointer, ErrorKind::AmbiguousResource { why });
                return None;
            }
        },
        tags => {
            let why = format!("it has {} tags ({})", tags.len(), tags.join(", "));
            cx.error(pointer, ErrorKind::AmbiguousResource { why });
            return None;
        }
    };
    let name = op
        .operation_id
        .as_deref()
        .and_then(snake)
        .or_else(|| {
            let words: Vec<String> = path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(
                    |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(param) => format!("by {param}"),
                        None => s.to_owned(),
                    },
                )
                .collect();
            snake(&format!("{method} {}", words.join(" ")))
        })
        .unwrap_or_else(|| method.to_owned());
    Some((resources, name))
}

/// Adds an operation to the tree, creating resources on the way. Names that meet are settled
/// afterwards, by [`settle_tree`].
fn insert(root: &mut Resource, resources: &[String], operation: Operation) {
    let mut node = root;
    let mut type_name = String::new();
    let mut path = Vec::new();
    for resource in resources {
        type_name.push_str(&part(resource));
        path.push(bare(resource).to_owned());
        let at = match node.children.iter().position(|c| &c.name == resource) {
            Some(at) => at,
            None => {
                node.children.push(Resource {
                    name: resource.clone(),
                    type_name: type_name.clone(),
                    path: path.join("."),
                    operations: Vec::new(),
                    children: Vec::new(),
                });
                node.children.len() - 1
            }
        };
        node = &mut node.children[at];
    }
    node.operations.push(operation);
}

/// Makes the names of the tree unique by the rule of [`settle`]: at each node, resources keep
/// their accessor names (apart from `Client`'s own methods at the root) and operations that
/// meet one of them or each other are renamed, sorted by `METHOD /path`; then resource type
/// names, which all live in one module, are made unique, sorted by dotted path.
fn settle_tree(cx: &mut Lowerer<'_>, root: &mut Resource) {
    fn accessors(cx: &mut Lowerer<'_>, node: &mut Resource) {
        let reserved: &[&str] = if node.path.is_empty() {
            CLIENT_METHODS
        } else {
            RESOURCE_METHODS
        };
        let claims: Vec<Claim> = node
            .children
            .iter()
            .map(|c| Claim {
                wire: c.path.clone(),
                rust: c.name.clone(),
                pointer: first_pointer(c),
            })
            .collect();
        let (names, notes) = settle(
            &claims,
            reserved,
            "a method of the generated type",
            Case::Snake,
        );
        cx.notes.extend(notes);
        for (child, name) in node.children.iter_mut().zip(names) {
            child.name = name;
        }
        let mut reserved: Vec<&str> = reserved.to_vec();
        reserved.extend(node.children.iter().map(|c| c.name.as_str()));
        let claims: Vec<Claim> = node
            .operations
            .iter()
            .map(|o| Claim {
                wire: format!("{} {}", o.method, o.path),
                rust: o.name.clone(),
                pointer: o.pointer.clone(),
            })
            .collect();
        let (names, notes) = settle(
            &claims,
            &reserved,
            "a method of the generated type or a resource",
            Case::Snake,
        );
        cx.notes.extend(notes);
        for (operation, name) in node.operations.iter_mut().zip(names) {
            operation.name = name;
        }
        for child in &mut node.children {
            accessors(cx, child);
        }
    }
    accessors(cx, root);
    let mut claims = Vec::new();
    collect_types(root, &mut claims);
    let (names, notes) = settle(
        &claims,
        &["Transport"],
        "the runtime's `Transport`",
        Case::UpperCamel,
    );
    cx.notes.extend(notes);
    let mut names = names.into_iter();
    rename_types(root, &mut names);
}

/// Resource type names, depth first (the order of [`rename_types`]).
fn collect_types(node: &Resource, out: &mut Vec<Claim>) {
    for child in &node.children {
        out.push(Claim {
            wire: child.path.clone(),
            rust: child.type_name.clone(),
            pointer: first_pointer(child),
        });
        collect_types(child, out);
    }
}

/// Where a resource is: its first operation, or its first child's.
fn first_pointer(node: &Resource) -> String {
    match node.operations.first() {
        Some(o) => o.pointer.clone(),
        None => node.children.first().map(first_pointer).unwrap_or_default(),
    }
}

fn rename_types(node: &mut Resource, names: &mut impl Iterator<Item = String>) {
    for child in &mut node.children {
        if let Some(name) = names.next() {
            child.type_name = name;
        }
        rename_types(child, names);
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_operation<'a>(
    cx: &mut Lowerer<'a>,
    op: &'a OaOperation,
    shared: &'a [ReferenceOr<Parameter>],
    method: &str,
    path: &str,
    pointer: &str,
    resources: &[String],
    name: String,
) -> Option<Operation> {
    let errors_before = cx.errors.len();
    let type_prefix: String = resources
        .iter()
        .chain(std::iter::once(&name))
        .map(|r| part(r))
        .collect();
    if !op.callbacks.is_empty() {
        cx.notes.push(Note {
            pointer: push_pointer(pointer, "callbacks"),
            message:
                "callbacks are requests the server sends; a client has nothing to generate for them"
                    .to_owned(),
        });
    }

    // Parameters: the path item's, overridden by the operation's of the same name and place.
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
    let mut other_params = Vec::new();
    for (param, param_pointer) in &params {
        let data = param.parameter_data_ref();
        let (location, separator) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, None),
            Parameter::Query { style, .. } => {
                let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                let separator = match style {
                    QueryStyle::Form if explode => None,
                    QueryStyle::Form => Some(","),
                    QueryStyle::SpaceDelimited => Some(" "),
                    QueryStyle::PipeDelimited => Some("|"),
                    QueryStyle::DeepObject => {
                        cx.error(param_pointer, ErrorKind::Unsupported { found: "`style: deepObject`".to_owned(), supported: "query parameters are scalars or arrays of scalars (`form`, `spaceDelimited`, `pipeDelimited`)".to_owned() });
                        continue;
                    }
                };
                (ParamLocation::Query, separator)
            }
            Parameter::Header { .. } => (ParamLocation::Header, Some(",")),
            Parameter::Cookie { .. } => {
                cx.error(
                    param_pointer,
                    ErrorKind::Unsupported {
                        found: "a cookie parameter".to_owned(),
                        supported: "parameters go in the path, the query string or a header"
                            .to_owned(),
                    },
                );
                continue;
            }
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => schema,
            ParameterSchemaOrContent::Content(_) => {
                cx.error(
                    param_pointer,
                    ErrorKind::Unsupported {
                        found: "a parameter with `content`".to_owned(),
                        supported: "describe the parameter with `schema`".to_owned(),
                    },
                );
                continue;
            }
        };
        let Some(rust_name) = snake_spelled(&data.name) else {
            cx.error(
                param_pointer,
                ErrorKind::Unsupported {
                    found: format!("the parameter name `{}`", data.name),
                    supported: "a parameter name needs at least one ASCII letter or digit"
                        .to_owned(),
                },
            );
            continue;
        };
        let hint = format!("{type_prefix}{}", part(&data.name));
        let schema_pointer = push_pointer(param_pointer, "schema");
        let mut lowered = cx.type_of(SchemaRef::from(schema), &schema_pointer, &hint);
        lowered.ty = resolve_alias(cx, lowered.ty);
        let scalar = is_scalar(cx, &lowered.ty);
        let array_of_scalars = matches!(&lowered.ty, TypeRef::Vec(item) if is_scalar(cx, item));
        let allowed = match location {
            ParamLocation::Path => scalar,
            _ => scalar || array_of_scalars,
        };
        if !allowed {
            cx.error(&schema_pointer, ErrorKind::Unsupported { found: "a parameter whose value is an object or nested array".to_owned(), supported: "parameters are scalars (strings, numbers, booleans, enums), and query or header parameters may be arrays of scalars".to_owned() });
            continue;
        }
        let mut doc = data.description.clone();
        if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format {
            let extra = super::schemas::details(schema);
            if !extra.is_empty() {
                let joined = extra.join(" ");
                doc = Some(match doc {
                    Some(d) => format!("{d}\n\n{joined}"),
                    None => joined,
                });
            }
        }
        let param = Param {
            name: rust_name,
            wire: data.name.clone(),
            location,
            ty: lowered.ty,
            required: data.required || location == ParamLocation::Path,
            separator,
            doc,
            example: data.example.clone().or_else(|| match &data.format {
                ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                    s.schema_data.example.clone()
                }
                _ => None,
            }),
        };
        match location {
            ParamLocation::Path => {
                if !template_names.contains(&data.name.as_str()) {
                    cx.error(
                        param_pointer,
                        ErrorKind::UnusedPathParam {
                            name: data.name.clone(),
                            path: path.to_owned(),
                        },
                    );
                    continue;
                }
                path_params.push(param);
            }
            _ => other_params.push(param),
        }
    }
    for used in &template_names {
        if !path_params.iter().any(|p| p.wire == *used)
            && !params.iter().any(|(p, _)| {
                matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *used
            })
        {
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
    // Path parameters are the method's arguments, beside `params` and `body`.
    let claims: Vec<Claim> = path_params
        .iter()
        .map(|p| Claim {
            wire: p.wire.clone(),
            rust: p.name.clone(),
            pointer: pointer.to_owned(),
        })
        .collect();
    let reserved = ["params", "body"];
    let (arg_names, notes) = settle(&claims, &reserved, "another argument", Case::Snake);
    cx.notes.extend(notes);
    for (p, name) in path_params.iter_mut().zip(arg_names) {
        p.name = name;
    }
    let claims: Vec<Claim> = other_params
        .iter()
        .map(|p| Claim {
            wire: p.wire.clone(),
            rust: p.name.clone(),
            pointer: push_pointer(pointer, "parameters"),
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
            doc: Some(format!(
                "Query and header parameters of `{}`.",
                op_label(resources, &name)
            )),
            pointer: push_pointer(pointer, "parameters"),
            kind: TypeKind::Params(Struct {
                fields,
                additional: None,
            }),
        });
        Some((struct_name, other_params))
    };

    let body = match &op.request_body {
        Some(body) => lower_body(
            cx,
            body,
            &push_pointer(pointer, "requestBody"),
            &type_prefix,
        ),
        None => None,
    };

    let mut successes: Vec<(u16, Body)> = Vec::new();
    let mut errors = Vec::new();
    let responses_pointer = push_pointer(pointer, "responses");
    for (status, response) in &op.responses.responses {
        let key = status.to_string();
        let response_pointer = push_pointer(&responses_pointer, &key);
        let code = match status {
            StatusCode::Code(code) => *code,
            StatusCode::Range(range) => *range * 100,
        };
        let found = resolve_component(cx, response, &response_pointer, "responses", |c, k| {
            c.responses.get(k)
        });
        let Some((response, _)) = found else {
            continue;
        };
        if !response.links.is_empty() {
            cx.notes.push(Note { pointer: push_pointer(&response_pointer, "links"), message: "links describe how responses relate to other operations; they do not change the client".to_owned() });
        }
        if (200..300).contains(&code) {
            let hint = if op
                .responses
                .responses
                .keys()
                .filter(|s| is_success(s))
                .count()
                > 1
            {
                format!("{type_prefix}Response{key}")
            } else {
                format!("{type_prefix}Response")
            };
            let body = lower_response_body(cx, response, &response_pointer, &hint);
            successes.push((code, body));
        } else {
            errors.push((key, response.description.clone()));
        }
    }
    if let Some(default) = &op.responses.default {
        let default_pointer = push_pointer(&responses_pointer, "default");
        let found = resolve_component(cx, default, &default_pointer, "responses", |c, k| {
            c.responses.get(k)
        });
        if let Some((response, _)) = found {
            if successes.is_empty() && op.responses.responses.is_empty() {
                // Only `default`: it describes every response, success included.
                let body = lower_response_body(
                    cx,
                    response,
                    &default_pointer,
                    &format!("{type_prefix}Response"),
                );
                successes.push((200, body));
            } else {
                errors.push(("default".to_owned(), response.description.clone()));
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
        let name = cx.fresh_name(&format!("{type_prefix}Response"), &responses_pointer);
        cx.push_type(TypeDef {
            name: name.clone(),
            doc: Some(format!(
                "The success responses of `{}`, by status.",
                op_label(resources, &name)
            )),
            pointer: responses_pointer,
            kind: TypeKind::Responses(successes),
        });
        Success::ByStatus(name)
    };

    if cx.errors.len() > errors_before {
        return None;
    }
    Some(Operation {
        name,
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        pointer: pointer.to_owned(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        path_params,
        params: params_struct,
        body,
        success,
        errors,
    })
}

fn op_label(resources: &[String], name: &str) -> String {
    resources
        .iter()
        .map(|r| bare(r))
        .chain(std::iter::once(bare(name)))
        .collect::<Vec<_>>()
        .join(".")
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
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

/// Follows a `$ref` to `#/components/<kind>/<name>`. Returns the item, and the pointer to
/// report problems inside it at: the component's own, when it was referenced.
fn resolve_component<'a, T>(
    cx: &mut Lowerer<'a>,
    item: &'a ReferenceOr<T>,
    pointer: &str,
    kind: &str,
    lookup: impl Fn(&'a Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Option<(&'a T, String)> {
    let reference = match item {
        ReferenceOr::Item(item) => return Some((item, pointer.to_owned())),
        ReferenceOr::Reference { reference } => reference,
    };
    let unsupported = |why: String| ErrorKind::UnsupportedRef {
        reference: reference.clone(),
        why,
    };
    let Some(key) = reference.strip_prefix(&format!("#/components/{kind}/")) else {
        let why = format!("{kind} are referenced as `#/components/{kind}/<name>`");
        cx.error(pointer, unsupported(why));
        return None;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    let doc = cx.doc;
    match doc.components.as_ref().and_then(|c| lookup(c, &key)) {
        Some(ReferenceOr::Item(item)) => Some((item, reference.clone())),
        Some(ReferenceOr::Reference { .. }) => {
            let why = "a component that is itself a `$ref` is not followed; reference its target"
                .to_owned();
            cx.error(pointer, unsupported(why));
            None
        }
        None => {
            let kind = ErrorKind::DanglingRef {
                reference: reference.clone(),
            };
            cx.error(pointer, kind);
            None
        }
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn lower_body<'a>(
    cx: &mut Lowerer<'a>,
    body: &'a ReferenceOr<OaRequestBody>,
    pointer: &str,
    prefix: &str,
) -> Option<RequestBody> {
    let (body, pointer) = resolve_component(cx, body, pointer, "requestBodies", |c, k| {
        c.request_bodies.get(k)
    })?;
    let content_pointer = push_pointer(&pointer, "content");
    let chosen = body
        .content
        .iter()
        .find(|(m, _)| is_json(m))
        .map(|(m, t)| (m, t, BodyEncoding::Json))
        .or_else(|| {
            body.content
                .iter()
                .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
                .map(|(m, t)| (m, t, BodyEncoding::Form))
        })
        .or_else(|| {
            body.content
                .iter()
                .find(|(m, _)| !m.starts_with("multipart/"))
                .map(|(m, t)| (m, t, BodyEncoding::Bytes(m.clone())))
        });
    let Some((media, media_type, encoding)) = chosen else {
        let found = match body.content.keys().next() {
            Some(media) => format!("a `{media}` request body"),
            None => "a request body without content".to_owned(),
        };
        cx.error(&content_pointer, ErrorKind::Unsupported { found, supported: "request bodies are `application/json`, `application/x-www-form-urlencoded`, or raw bytes of any other media type".to_owned() });
        return None;
    };
    let media_pointer = push_pointer(&content_pointer, media);
    let ty = match (&encoding, &media_type.schema) {
        (BodyEncoding::Bytes(_), _) => TypeRef::Json,
        (_, Some(schema)) => {
            let lowered = cx.type_of(
                schema.into(),
                &push_pointer(&media_pointer, "schema"),
                &format!("{prefix}Body"),
            );
            wrap_nullable(lowered.ty, lowered.nullable)
        }
        (_, None) => {
            // JSON (or a form) without a schema.
            cx.untyped(&media_pointer);
            TypeRef::Json
        }
    };
    if encoding == BodyEncoding::Form
        && !matches!(ty, TypeRef::Named(_) | TypeRef::JsonObject | TypeRef::Json)
    {
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
    Some(RequestBody {
        ty,
        encoding,
        doc: body.description.clone(),
    })
}

fn lower_response_body<'a>(
    cx: &mut Lowerer<'a>,
    response: &'a Response,
    pointer: &str,
    hint: &str,
) -> Body {
    if response.content.is_empty() {
        return Body::Empty;
    }
    let content_pointer = push_pointer(pointer, "content");
    if let Some((media, media_type)) = response.content.iter().find(|(m, _)| is_json(m)) {
        return match &media_type.schema {
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
        };
    }
    if response.content.keys().any(|m| m.starts_with("text/")) {
        Body::Text
    } else {
        Body::Bytes
    }
}
