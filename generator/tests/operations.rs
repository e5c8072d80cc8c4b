//! How operations are placed and named (rules that must not depend on the order of the
//! document) and which serde directions the types they use get, checked on the lowered model.

use codegen::load::load_str;
use codegen::model::{lower, Directions, Resource};

/// Every operation as `resource.path.name METHOD /path`, sorted.
fn places(root: &Resource) -> Vec<String> {
    fn walk(node: &Resource, out: &mut Vec<String>) {
        for op in &node.operations {
            let place = if node.path.is_empty() {
                op.name.clone()
            } else {
                format!("{}.{}", node.path, op.name)
            };
            out.push(format!("{place} {} {}", op.method, op.path));
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

fn doc(paths: &[&str]) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}",
        paths.concat()
    )
}

const A: &str = "  /a:\n    get: {operationId: list, tags: [items], responses: {'204': {description: ok}}}\n    post: {operationId: list, tags: [items], responses: {'204': {description: ok}}}\n";
const B: &str = "  /b:\n    get: {operationId: list, tags: [items, other], responses: {'204': {description: ok}}}\n";
const C: &str =
    "  /c:\n    get: {x-sdk-method: items.list, responses: {'204': {description: ok}}}\n";

#[test]
fn method_names_do_not_depend_on_document_order() {
    // The `x-sdk-method` name is kept; the derived ones are settled by `METHOD /path`.
    let expected = vec![
        "items.list GET /c",
        "items.list_2 GET /a",
        "items.list_3 GET /b",
        "items.list_4 POST /a",
    ];
    for order in [[A, B, C], [C, B, A], [B, C, A]] {
        let text = doc(&order);
        let api = lower(&load_str(&text).unwrap()).unwrap();
        assert_eq!(places(&api.root), expected, "{text}");
    }
}

#[test]
fn the_first_tag_places_an_operation_and_a_note_says_so() {
    let api = lower(&load_str(&doc(&[B])).unwrap()).unwrap();
    assert_eq!(places(&api.root), ["items.list GET /b"]);
    assert_eq!(api.notes.len(), 1, "{:?}", api.notes);
    assert_eq!(api.notes[0].pointer, "#/paths/~1b/get/tags");
    assert!(api.notes[0]
        .message
        .contains("placed under the first, `items`"));
}

#[test]
fn path_item_parameters_are_overridden_by_the_operation() {
    let text = doc(&["  /p:\n    parameters:\n      - {name: q, in: query, schema: {type: string}}\n      - {name: keep, in: header, schema: {type: string}}\n    get:\n      operationId: get\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: integer}}\n      responses: {'204': {description: ok}}\n"]);
    let api = lower(&load_str(&text).unwrap()).unwrap();
    let op = &api.root.operations[0];
    let (_, params) = op.params.as_ref().expect("a params struct");
    let q = params.iter().find(|p| p.wire == "q").unwrap();
    assert!(q.required);
    assert_eq!(q.ty, codegen::model::TypeRef::I64);
    assert!(params.iter().any(|p| p.wire == "keep"));
    assert_eq!(params.len(), 2);
}

#[test]
fn security_alternatives_become_positions_of_schemes() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/security.yaml");
    let (doc, _) = codegen::load::load_file(&path).unwrap();
    let api = lower(&doc).unwrap();
    let keys: Vec<&str> = api.auth.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "BearerAuth",
            "BasicAuth",
            "HeaderKey",
            "QueryKey",
            "CookieKey",
            "OAuth",
            "Oidc",
            "Signed"
        ]
    );
    assert_eq!(api.security, [vec![0], vec![2]]);
    let security = |name: &str| {
        api.root
            .operations
            .iter()
            .find(|op| op.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
            .security
            .clone()
    };
    assert_eq!(security("uses_default"), [vec![0], vec![2]]);
    assert_eq!(security("public"), Vec::<Vec<usize>>::new());
    assert_eq!(security("basic"), [vec![1]]);
    assert_eq!(security("both"), [vec![3, 4]]);
    assert_eq!(security("optional"), [vec![5], vec![]]);
    assert_eq!(security("oidc"), [vec![6], vec![7]]);
    // `public` and `optional` can go without credentials, so a client may have none.
    assert!(!api.requires_credentials);
}

#[test]
fn an_unknown_scheme_in_a_requirement_is_an_error() {
    let text =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{Nope: []}]\npaths: {}\n";
    let errors = lower(&load_str(text).unwrap()).unwrap_err();
    assert_eq!(
        errors.to_string(),
        "error: (#/security/0/Nope): the security requirement names `Nope`, which `components/securitySchemes` does not declare"
    );
}

#[test]
fn multipart_parts_that_meet_are_settled_like_struct_fields() {
    let text = doc(&["  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                first_name: {type: string}\n                firstName: {type: string}\n                '>=': {type: string}\n      responses: {'204': {description: ok}}\n"]);
    let api = lower(&load_str(&text).unwrap()).unwrap();
    let body = api.root.operations[0].body.as_ref().unwrap();
    let codegen::model::TypeRef::Named(name) = &body.ty else {
        panic!("{:?}", body.ty)
    };
    let Some(codegen::model::TypeKind::Params(form) | codegen::model::TypeKind::Struct(form)) =
        api.type_named(name).map(|t| &t.kind)
    else {
        panic!("{name} is not a struct")
    };
    let fields: Vec<(&str, &str)> = form
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.name.as_str()))
        .collect();
    // `N` (0x4E) sorts before `_` (0x5F); a name of symbols only is spelled out.
    assert_eq!(
        fields,
        [
            ("first_name", "first_name_2"),
            ("firstName", "first_name"),
            (">=", "gt_eq")
        ]
    );
    assert_eq!(api.notes.len(), 1, "{:?}", api.notes);
    assert_eq!(
        api.notes[0].pointer,
        "#/paths/~1upload/post/requestBody/content/multipart~1form-data/schema/properties/first_name"
    );
}

#[test]
fn types_implement_the_serde_directions_their_operations_use() {
    let text = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /items/{kind}:
    parameters:
      - {name: kind, in: path, required: true, schema: {$ref: '#/components/schemas/Kind'}}
    post:
      operationId: create
      parameters:
        - {name: filter, in: query, schema: {$ref: '#/components/schemas/Filter'}}
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/NewItem'}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Item'}}
        default:
          description: error
          content:
            application/json: {schema: {$ref: '#/components/schemas/Problem'}}
components:
  schemas:
    Kind: {type: object, properties: {k: {type: string}}}
    Filter: {type: object, properties: {q: {type: string}}}
    NewItem: {type: object, properties: {tag: {$ref: '#/components/schemas/Tag'}}}
    Item:
      type: object
      properties:
        tag: {$ref: '#/components/schemas/Tag'}
        owner: {$ref: '#/components/schemas/Owner'}
    Tag: {type: object, properties: {name: {type: string}}}
    Owner: {oneOf: [{$ref: '#/components/schemas/Person'}, {type: string}]}
    Person: {type: object, properties: {name: {type: string}}}
    Problem: {type: object, properties: {detail: {type: string}}}
    Event: {type: object, properties: {item: {$ref: '#/components/schemas/NewItem'}}}
";
    let api = lower(&load_str(text).unwrap()).unwrap();
    let of = |name: &str| {
        api.type_named(name)
            .unwrap_or_else(|| panic!("{name}"))
            .serde
    };
    let sent = Directions {
        serialize: true,
        deserialize: false,
    };
    let read = Directions {
        serialize: false,
        deserialize: true,
    };
    // Path and query parameters and the request body are sent.
    assert_eq!(of("Kind"), sent);
    assert_eq!(of("Filter"), sent);
    assert_eq!(
        of("NewItem"),
        Directions::BOTH,
        "sent, and read inside the unused `Event`"
    );
    // The success and error bodies are read, through fields and union alternatives.
    assert_eq!(of("Item"), read);
    assert_eq!(of("Owner"), read);
    assert_eq!(of("Person"), read);
    assert_eq!(of("Problem"), read);
    // On both sides.
    assert_eq!(of("Tag"), Directions::BOTH);
    // No operation uses it: published for a payload read elsewhere.
    assert_eq!(of("Event"), read);
}

#[test]
fn identical_inline_schemas_become_one_type() {
    let text = "\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  errors: {type: array, items: {type: object, properties: {message: {type: string}}}}
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  errors: {type: array, items: {type: object, properties: {message: {type: string}}}}
        '404':
          description: missing
          content:
            application/json:
              schema:
                type: object
                description: Says why.
                properties:
                  errors: {type: array, items: {type: object, properties: {message: {type: string}}}}
components:
  schemas:
    Message: {type: object, properties: {message: {type: string}}}
";
    let api = lower(&load_str(text).unwrap()).unwrap();
    let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    // The items of all three `errors` are one type, and then the two undocumented responses
    // are too (a second pass); the kept names sort first. The documented one stays apart, and
    // so does the component, which the document named.
    assert_eq!(
        names,
        [
            "GetAError404",
            "GetAError404ErrorsItem",
            "GetAResponse",
            "Message"
        ]
    );
    let success = |op: &str| {
        let op = api.root.operations.iter().find(|o| o.name == op).unwrap();
        format!("{:?}", op.success)
    };
    assert_eq!(success("get_a"), success("get_b"));
    assert!(
        success("get_b").contains("\"GetAResponse\""),
        "{}",
        success("get_b")
    );
}
