//! Lowering of operations: each operation's place in the client's resource tree, then its
//! parameters ([`params`]), body and responses ([`bodies`]) and credentials.
//!
//! The place comes from `x-sdk-method: viewer.users.update` (resources, then the method name).
//! Without it, an operation with tags lives under a resource named after its first tag (a note
//! names the operations with several), one with no tags on the client itself; its method name
//! comes from `operationId`, else from the HTTP method and path.
//!
//! Names that meet are made unique by the rule of [`settle`], shared by every kind of name, so
//! the result does not depend on the order of the document: at each resource, child resources
//! keep their accessor names (but those of the generated type's own methods); method names that
//! `x-sdk-method` gives are never changed (one that is taken is an error); the derived method
//! names that meet a resource, an `x-sdk-method` name or each other are settled, sorted by
//! `METHOD /path` (`list`, `list_2`, ...). Resource type names, which share one module, are
//! settled last.

mod bodies;
mod params;

use std::collections::HashSet;

use openapiv3::{Components, Operation as OaOperation, PathItem, ReferenceOr, StatusCode};

use super::names::{bare, part, settle, snake, snake_spelled, Case, Claim};
use super::schemas::Lowerer;
use super::{
    Body, Directions, Note, Operation, Resource, SecurityScheme, Success, TypeDef, TypeKind,
};
use crate::error::{push_pointer, ErrorKind};

/// Methods of the generated `Client` that an operation or resource must not shadow.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "from", "clone", "fmt", "transport"];

/// Methods of every generated resource type that an operation or resource must not shadow.
const RESOURCE_METHODS: &[&str] = &["new", "clone", "fmt"];

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
    let explicit: HashSet<String> = placed
        .iter()
        .filter(|p| p.explicit)
        .map(|p| p.pointer.clone())
        .collect();

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
    settle_tree(cx, &mut root, &explicit);
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

/// Makes the names of the tree unique (see the module documentation for the rule); reports
/// an `x-sdk-method` name that is taken. `explicit` holds the pointers of the operations
/// whose names `x-sdk-method` gave.
fn settle_tree(cx: &mut Lowerer<'_>, root: &mut Resource, explicit: &HashSet<String>) {
    fn accessors(cx: &mut Lowerer<'_>, node: &mut Resource, explicit: &HashSet<String>) {
        let own: &[&str] = if node.path.is_empty() {
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
        let (names, notes) = settle(&claims, own, "a method of the generated type", Case::Snake);
        cx.notes.extend(notes);
        for (child, name) in node.children.iter_mut().zip(names) {
            child.name = name;
        }

        // `x-sdk-method` names first, in (path, method) order: they are never changed.
        let mut order: Vec<usize> = (0..node.operations.len())
            .filter(|&i| explicit.contains(&node.operations[i].pointer))
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&node.operations[a], &node.operations[b]);
            (a.path.as_bytes(), a.method.as_bytes()).cmp(&(b.path.as_bytes(), b.method.as_bytes()))
        });
        let mut kept: Vec<usize> = Vec::new();
        for &i in &order {
            let op = &node.operations[i];
            let first =
                if let Some(&other) = kept.iter().find(|&&k| node.operations[k].name == op.name) {
                    let other = &node.operations[other];
                    Some(format!("{} {}", other.method, other.path))
                } else if own.contains(&op.name.as_str()) {
                    Some(if node.path.is_empty() {
                        "a method of `Client`".to_owned()
                    } else {
                        "a method of every resource".to_owned()
                    })
                } else {
                    node.children
                        .iter()
                        .find(|c| c.name == op.name)
                        .map(|c| format!("resource `{}`", c.path))
                };
            if let Some(first) = first {
                let kind = ErrorKind::NameCollision {
                    what: "operation",
                    first,
                    second: format!("{} {}", op.method, op.path),
                    rust: op_label_at(&node.path, &op.name),
                };
                cx.error(&op.pointer, kind);
                continue;
            }
            kept.push(i);
        }

        // Then the derived names, settled against everything above.
        let mut reserved: Vec<String> = own.iter().map(|m| (*m).to_owned()).collect();
        reserved.extend(node.children.iter().map(|c| c.name.clone()));
        reserved.extend(kept.iter().map(|&k| node.operations[k].name.clone()));
        let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let derived: Vec<usize> = (0..node.operations.len())
            .filter(|&i| !explicit.contains(&node.operations[i].pointer))
            .collect();
        let claims: Vec<Claim> = derived
            .iter()
            .map(|&i| {
                let o = &node.operations[i];
                Claim {
                    wire: format!("{} {}", o.method, o.path),
                    rust: o.name.clone(),
                    pointer: o.pointer.clone(),
                }
            })
            .collect();
        let (names, notes) = settle(
            &claims,
            &reserved,
            "a method of the generated type, a resource or an `x-sdk-method` name",
            Case::Snake,
        );
        cx.notes.extend(notes);
        for (&i, name) in derived.iter().zip(names) {
            node.operations[i].name = name;
        }
        for child in &mut node.children {
            accessors(cx, child, explicit);
        }
    }
    accessors(cx, root, explicit);
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

/// `resource.path.method`, or `method` at the root.
fn op_label_at(path: &str, name: &str) -> String {
    if path.is_empty() {
        bare(name).to_owned()
    } else {
        format!("{path}.{}", bare(name))
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
        summary: super::prose(&op.summary),
        description: super::prose(&op.description),
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
        serde: Directions::BOTH,
    });
    Success::ByStatus(name, None)
}
