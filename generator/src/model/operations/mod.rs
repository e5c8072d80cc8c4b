//! Lowering of operations: each operation's place in the client's resource tree, then its
//! parameters ([`params`]), body and responses ([`bodies`]) and credentials.
//!
//! The place comes from `x-sdk-method: viewer.users.update` (resources, then the method name).
//! Without it, an operation with tags lives under a resource named after its first tag (a note
//! names the operations with several), one with no tags on the client itself; its method name
//! comes from `operationId`, else from the HTTP method and path.
//!
//! Method names that meet within one resource are made unique by a rule that does not depend
//! on the order of the document: `x-sdk-method` names are kept (two alike are an error), and
//! of the derived names, taken in bytewise order of (path, method), the first keeps the name
//! and each other gets the HTTP method as a suffix (`list_post`), then a number (`list_post_2`).

mod bodies;
mod params;

use std::collections::{HashMap, HashSet};

use openapiv3::{Components, Operation as OaOperation, PathItem, ReferenceOr, StatusCode};

use super::names::{bare, part, settle, snake, snake_spelled, Case, Claim};
use super::schemas::Lowerer;
use super::{Body, Note, Operation, Resource, SecurityScheme, Success, TypeDef, TypeKind};
use crate::error::{push_pointer, ErrorKind};

/// Methods of the generated `Client` that an operation or resource must not shadow.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "from", "clone", "fmt", "transport"];

/// Methods of every generated resource type that an operation or resource must not shadow.
const RESOURCE_METHODS: &[&str] = &["new", "clone", "fmt"];

/// The names a resource's own methods hold: `Client`'s at the root, a resource type's below.
fn reserved_for(resources: &[String]) -> HashSet<String> {
    let methods = if resources.is_empty() {
        CLIENT_METHODS
    } else {
        RESOURCE_METHODS
    };
    methods.iter().map(|m| (*m).to_owned()).collect()
}

/// An operation and the place chosen for it.
struct Placed<'a> {
    path: &'a str,
    method: &'a str,
    pointer: String,
    op: &'a OaOperation,
    item: &'a PathItem,
    resources: Vec<String>,
    name: String,
    /// Whether `x-sdk-method` gave the name (it is then never changed).
    explicit: bool,
}

/// Lowers every operation and returns the resource tree.
pub(crate) fn lower_operations(
    cx: &mut Lowerer<'_>,
    schemes: &[SecurityScheme],
    default_security: &[Vec<usize>],
) -> Resource {
    let mut placed = Vec::new();
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
            let Some((resources, name, explicit)) = place(cx, op, method, path, &pointer) else {
                continue;
            };
            placed.push(Placed {
                path,
                method,
                pointer,
                op,
                item,
                resources,
                name,
                explicit,
            });
        }
    }
    make_names_unique(cx, &mut placed);

    let mut root = Resource::default();
    for p in &placed {
        let security = match &p.op.security {
            Some(requirements) => {
                let at = push_pointer(&p.pointer, "security");
                super::security::alternatives(cx, schemes, requirements, &at)
            }
            None => default_security.to_vec(),
        };
        if let Some(operation) = lower_operation(cx, p, security) {
            insert(&mut root, &p.resources, operation);
        }
    }
    settle_tree(cx, &mut root);
    root
}

/// The resource path and method name of an operation, and whether `x-sdk-method` gave them.
fn place(
    cx: &mut Lowerer<'_>,
    op: &OaOperation,
    method: &str,
    path: &str,
    pointer: &str,
) -> Option<(Vec<String>, String, bool)> {
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
        return Some((parts, name, true));
    }
    let resources = match op.tags.as_slice() {
        [] => Vec::new(),
        [first, rest @ ..] => {
            let Some(name) = snake_spelled(first) else {
                let why = format!("its tag `{first}` has no letters or digits");
                cx.error(pointer, ErrorKind::AmbiguousResource { why });
                return None;
            };
            if !rest.is_empty() {
                cx.notes.push(Note {
                    pointer: push_pointer(pointer, "tags"),
                    message: format!(
                        "the operation has {} tags ({}); it is placed under the first, `{}` (`x-sdk-method` chooses another place)",
                        op.tags.len(),
                        op.tags.join(", "),
                        bare(&name)
                    ),
                });
            }
            vec![name]
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
    Some((resources, name, false))
}

/// Gives every operation a method name no other name of its resource has (see the module
/// documentation for the rule); reports two `x-sdk-method`s that name the same method.
fn make_names_unique(cx: &mut Lowerer<'_>, placed: &mut Vec<Placed<'_>>) {
    // Names each resource holds already: its child resources, and the methods of the
    // generated type (`Client`'s at the root, a resource type's below).
    let mut taken: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
    for p in placed.iter() {
        taken
            .entry(p.resources.clone())
            .or_insert_with(|| reserved_for(&p.resources));
        for depth in 0..p.resources.len() {
            let node = p.resources[..depth].to_vec();
            taken
                .entry(node.clone())
                .or_insert_with(|| reserved_for(&node))
                .insert(p.resources[depth].clone());
        }
    }
    let reserved = taken.clone();
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by(|&a, &b| {
        (placed[a].path.as_bytes(), placed[a].method.as_bytes())
            .cmp(&(placed[b].path.as_bytes(), placed[b].method.as_bytes()))
    });
    // Explicit names first: they are never changed.
    let mut owner: HashMap<(Vec<String>, String), usize> = HashMap::new();
    let mut dropped = HashSet::new();
    for &i in &order {
        let p = &placed[i];
        if !p.explicit {
            continue;
        }
        let key = (p.resources.clone(), p.name.clone());
        let first = if let Some(&other) = owner.get(&key) {
            Some(format!(
                "{} {}",
                placed[other].method.to_ascii_uppercase(),
                placed[other].path
            ))
        } else if reserved
            .get(&p.resources)
            .is_some_and(|t| t.contains(&p.name))
        {
            Some(if reserved_for(&p.resources).contains(&p.name) {
                "a method of the generated type".to_owned()
            } else {
                format!("resource `{}`", op_label(&p.resources, &p.name))
            })
        } else {
            None
        };
        if let Some(first) = first {
            let kind = ErrorKind::NameCollision {
                what: "operation",
                first,
                second: format!("{} {}", p.method.to_ascii_uppercase(), p.path),
                rust: op_label(&p.resources, &p.name),
            };
            cx.error(&p.pointer, kind);
            dropped.insert(i);
            continue;
        }
        owner.insert(key, i);
        taken
            .entry(p.resources.clone())
            .or_default()
            .insert(p.name.clone());
    }
    for &i in &order {
        if placed[i].explicit {
            continue;
        }
        let names = taken.entry(placed[i].resources.clone()).or_default();
        let wanted = placed[i].name.clone();
        if names.insert(wanted.clone()) {
            continue;
        }
        let base = format!("{} {}", bare(&wanted), placed[i].method);
        let mut n = 1;
        let name = loop {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base} {n}")
            };
            let candidate = snake(&candidate).unwrap_or(candidate);
            if names.insert(candidate.clone()) {
                break candidate;
            }
            n += 1;
        };
        let p = &mut placed[i];
        cx.notes.push(Note {
            pointer: p.pointer.clone(),
            message: format!(
                "the method name `{}` is taken, so this operation is `{}` (derived names are made unique in (path, method) order: the HTTP method, then a number, as suffix)",
                op_label(&p.resources, &wanted),
                op_label(&p.resources, &name)
            ),
        });
        p.name = name;
    }
    let mut i = 0;
    placed.retain(|_| {
        i += 1;
        !dropped.contains(&(i - 1))
    });
}

/// Adds an operation to the tree, creating resources on the way. Resource names that meet
/// are settled afterwards, by [`settle_tree`].
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
/// their accessor names (apart from `Client`'s own methods at the root), and an operation that
/// still meets one of them (after [`make_names_unique`], only when a resource was renamed) is
/// renamed; then resource type names, which all live in one module, are made unique, sorted
/// by dotted path.
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

fn lower_operation<'a>(
    cx: &mut Lowerer<'a>,
    p: &Placed<'a>,
    security: Vec<Vec<usize>>,
) -> Option<Operation> {
    let errors_before = cx.errors.len();
    let (op, pointer, path) = (p.op, p.pointer.as_str(), p.path);
    let type_prefix: String = p
        .resources
        .iter()
        .chain(std::iter::once(&p.name))
        .map(|r| part(r))
        .collect();
    let label = op_label(&p.resources, &p.name);
    if !op.callbacks.is_empty() {
        cx.notes.push(Note {
            pointer: push_pointer(pointer, "callbacks"),
            message:
                "callbacks are requests the server sends; a client has nothing to generate for them"
                    .to_owned(),
        });
    }

    let (path_params, params) = params::lower_params(
        cx,
        op,
        &p.item.parameters,
        path,
        pointer,
        &type_prefix,
        &label,
    );

    let body = match &op.request_body {
        Some(body) => bodies::lower_body(
            cx,
            body,
            &push_pointer(pointer, "requestBody"),
            &type_prefix,
        ),
        None => None,
    };

    let (success, errors) = bodies::lower_responses(cx, op, pointer, &type_prefix, &label);

    if cx.errors.len() > errors_before {
        return None;
    }
    Some(Operation {
        name: p.name.clone(),
        method: p.method.to_ascii_uppercase(),
        path: path.to_owned(),
        pointer: pointer.to_owned(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        path_params,
        params,
        body,
        success,
        errors,
        security,
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

/// Defines the type of an operation whose success responses differ, by status.
fn responses_type(
    cx: &mut Lowerer<'_>,
    prefix: &str,
    label: &str,
    pointer: String,
    successes: Vec<(u16, Body)>,
) -> Success {
    let name = cx.fresh_name(&format!("{prefix}Response"), &pointer);
    cx.push_type(TypeDef {
        name: name.clone(),
        doc: Some(format!("The success responses of `{label}`, by status.")),
        pointer,
        kind: TypeKind::Responses(successes),
    });
    Success::ByStatus(name, None)
}
