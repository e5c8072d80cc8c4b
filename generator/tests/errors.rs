//! What a user sees when a document cannot become a client: one snapshot per kind of problem.
//! Each message must say where (file:line:col and JSON pointer) and what to do instead.

use codegen::{generate, load::load_str, Errors, Options};

/// Runs the whole pipeline on `text` as if it were the file `doc.yaml`.
fn run(text: &str) -> Result<codegen::Generated, Errors> {
    let doc = load_str(text).map_err(|e| e.in_file("doc.yaml", Some(text)))?;
    generate(&doc, &Options::from_title(&doc)).map_err(|e| e.in_file("doc.yaml", Some(text)))
}

fn error_of(text: &str) -> String {
    match run(text) {
        Ok(_) => panic!("expected an error"),
        Err(errors) => errors.to_string(),
    }
}

macro_rules! assert_error_snapshot {
    ($name:literal, $text:expr) => {
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(concat!("errors__", $name), error_of($text));
        });
    };
}

const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: Test\n  version: '1'\n";

fn doc(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

#[test]
fn malformed_yaml() {
    assert_error_snapshot!(
        "malformed_yaml",
        &doc("paths:\n  /a:\n    get: [unclosed\n")
    );
}

#[test]
fn not_openapi_3_0_or_3_1() {
    assert_error_snapshot!(
        "version",
        "openapi: 4.0.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n"
    );
}

/// Swagger 2.0 is refused in one line that names a converter.
#[test]
fn swagger_2() {
    assert_error_snapshot!(
        "swagger_2",
        "info:\n  title: T\n  version: '1'\nswagger: '2.0'\npaths: {}\n"
    );
}

/// A 3.1 document is read from a translated tree; its structural errors still name the
/// line and column (located from the JSON pointer) and the field.
#[test]
fn v31_wrong_shape() {
    assert_error_snapshot!(
        "v31_wrong_shape",
        "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: [query]\n      responses: {}\n"
    );
}

/// Duplicate keys are refused in 3.1 documents too, with their line.
#[test]
fn v31_duplicate_key() {
    assert_error_snapshot!(
        "v31_duplicate_key",
        "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths:\n  /a: {}\n  /a: {}\n"
    );
}

#[test]
fn wrong_shape() {
    assert_error_snapshot!(
        "wrong_shape",
        &doc("paths:\n  /a:\n    get:\n      responses: 7\n")
    );
}

#[test]
fn dangling_ref() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      properties:\n        address:\n          $ref: '#/components/schemas/Address'\n",
    );
    assert_error_snapshot!("dangling_ref", &text);
}

/// A pointer anywhere in the document is followed; one that names nothing (past the end of
/// an `allOf`, or through a `$ref`, which a pointer never passes) is an error at the use.
#[test]
fn dangling_pointer_ref() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    Tag:\n      allOf:\n        - type: object\n    User:\n      type: object\n      properties:\n        tag:\n          $ref: '#/components/schemas/Tag/allOf/1'\n        via:\n          $ref: '#/components/schemas/User/properties/tag/properties/x'\n",
    );
    assert_error_snapshot!("dangling_pointer", &text);
}

#[test]
fn external_ref() {
    let text = doc(
        "paths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      properties:\n        address:\n          $ref: 'common.yaml#/Address'\n",
    );
    assert_error_snapshot!("external_ref", &text);
}

#[test]
fn unsupported_constructs() {
    let text = doc("\
paths:
  /upload/{id}:
    post:
      operationId: upload
      parameters:
        - name: filters
          in: query
          schema:
            type: array
            items: {type: object, properties: {a: {type: string}}}
        - name: id
          in: path
          required: true
          style: matrix
          schema: {type: string}
      requestBody:
        content:
          multipart/form-data:
            schema: {type: string}
      responses:
        '204': {description: done}
");
    assert_error_snapshot!("unsupported", &text);
}

/// Names that meet are no error: the first by wire name keeps the Rust name, the others are
/// suffixed, and each renaming is a note.
#[test]
fn names_that_collide_are_settled_with_notes() {
    let text = doc("\
paths: {}
components:
  schemas:
    user_profile:
      type: object
      properties:
        userId: {type: string}
        user_id: {type: string}
    UserProfile:
      type: string
    Size:
      type: string
      enum: [x-large, x large, small]
");
    let generated = run(&text).unwrap_or_else(|e| panic!("{e}"));
    let models = models_of(&generated);
    // `U` (0x55) sorts before `u` (0x75).
    assert!(
        models.contains("pub type UserProfile = String;"),
        "{models}"
    );
    assert!(models.contains("pub struct UserProfile2 {"), "{models}");
    // `I` (0x49) sorts before `_` (0x5F).
    assert!(models.contains("pub user_id: Option<String>,"), "{models}");
    // A schema no operation uses is only read: the renamed field reads its wire name.
    assert!(
        models.contains("\"user_id\" => __de::field(&mut __map, &mut __slot_1, \"user_id\")?,"),
        "{models}"
    );
    assert!(
        models.contains("pub user_id_2: Option<String>,"),
        "{models}"
    );
    // ` ` (0x20) sorts before `-` (0x2D).
    assert!(models.contains("Self::XLarge => \"x large\""), "{models}");
    assert!(models.contains("Self::XLarge2 => \"x-large\""), "{models}");
    let pointers: Vec<&str> = generated.notes.iter().map(|n| n.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/user_profile",
            "#/components/schemas/user_profile/properties/user_id",
            "#/components/schemas/Size/enum/0",
        ]
    );
}

/// Two operations with one method name: the second by `METHOD /path` is suffixed.
#[test]
fn two_operations_with_one_method_name_are_settled() {
    let text = doc("\
paths:
  /b:
    get:
      operationId: list
      responses:
        '200': {description: ok}
  /a:
    get:
      operationId: list
      responses:
        '200': {description: ok}
");
    let generated = run(&text).unwrap_or_else(|e| panic!("{e}"));
    let client = &generated
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .unwrap()
        .contents;
    let method = |name: &str| {
        client
            .split("pub fn ")
            .find(|m| m.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {client}"))
    };
    assert!(method("list(").contains("\"/a\""), "{client}");
    assert!(method("list_2(").contains("\"/b\""), "{client}");
    assert_eq!(generated.notes.len(), 1);
    assert_eq!(generated.notes[0].pointer, "#/paths/~1b/get");
}

fn models_of(generated: &codegen::Generated) -> &str {
    &generated
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents
}

#[test]
fn ambiguous_place_in_the_resource_tree() {
    let text = doc("\
paths:
  /pets:
    post:
      x-sdk-method: Pets.Create
      responses:
        '200': {description: ok}
");
    assert_error_snapshot!("ambiguous_resource", &text);
}

#[test]
fn path_parameters_that_do_not_match_the_path() {
    let text = doc("\
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: string}
      responses:
        '200': {description: ok}
");
    assert_error_snapshot!("path_params", &text);
}

#[test]
fn two_operations_with_one_method_name() {
    // Names the document gives with `x-sdk-method` are never changed, so two alike clash.
    let text = doc("\
paths:
  /a:
    get:
      x-sdk-method: items.list
      responses:
        '200': {description: ok}
  /b:
    get:
      x-sdk-method: items.list
      responses:
        '200': {description: ok}
");
    assert_error_snapshot!("duplicate_operation", &text);
}

/// A cycle through required fields is legal and must not be rejected: the generator boxes it.
#[test]
fn required_ref_cycle_is_boxed_not_rejected() {
    let text = doc("\
paths: {}
components:
  schemas:
    Employee:
      type: object
      required: [name, manager]
      properties:
        name: {type: string}
        manager: {$ref: '#/components/schemas/Manager'}
    Manager:
      type: object
      required: [report]
      properties:
        report: {$ref: '#/components/schemas/Employee'}
    Node:
      type: object
      required: [children]
      properties:
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
        parent: {$ref: '#/components/schemas/Node'}
");
    let generated = run(&text).unwrap_or_else(|e| panic!("{e}"));
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert!(models.contains("pub manager: Box<Manager>,"), "{models}");
    assert!(models.contains("pub report: Box<Employee>,"), "{models}");
    assert!(
        models.contains("pub parent: Option<Box<Node>>,"),
        "{models}"
    );
    // Vec already breaks the cycle: no box there.
    assert!(models.contains("pub children: Vec<Node>,"), "{models}");
}

/// Every problem in a document is reported in one run, not one per run.
#[test]
fn all_problems_are_reported_at_once() {
    let text = doc("\
paths: {}
components:
  schemas:
    A:
      properties:
        b: {$ref: '#/components/schemas/Missing1'}
    B:
      properties:
        c: {$ref: '#/components/schemas/Missing2'}
");
    let errors = run(&text).unwrap_err();
    assert_eq!(errors.0.len(), 2, "{errors}");
}

/// An error snapshot that no test writes any more is an error, not clutter.
#[test]
fn no_orphaned_error_snapshots() {
    const WRITTEN: &[&str] = &[
        "malformed_yaml",
        "version",
        "swagger_2",
        "v31_wrong_shape",
        "v31_duplicate_key",
        "wrong_shape",
        "dangling_ref",
        "dangling_pointer",
        "external_ref",
        "unsupported",
        "ambiguous_resource",
        "path_params",
        "duplicate_operation",
        // Written by extensions.rs.
        "x_pagination",
        "x_webhooks",
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().into_string().unwrap();
        if let Some(stem) = name
            .strip_prefix("errors__")
            .and_then(|n| n.strip_suffix(".snap"))
        {
            assert!(
                WRITTEN.contains(&stem),
                "snapshot {name} is written by no test"
            );
        }
    }
}

/// An inline schema whose derived name is taken gets the next free number: the user never
/// chose that name.
#[test]
fn inline_names_that_are_taken_are_numbered() {
    let text = doc("\
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner:
          type: object
          properties:
            name: {type: string}
    PetOwner:
      type: string
");
    let generated = run(&text).unwrap_or_else(|e| panic!("{e}"));
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert!(models.contains("pub type PetOwner = String;"), "{models}");
    assert!(models.contains("pub owner: Option<PetOwner2>,"), "{models}");
    assert!(models.contains("pub struct PetOwner2 {"), "{models}");
}
