//! Inputs that once broke the generator, found by the property tests in `never_panics.rs`,
//! each reduced by hand to what still showed the bug.

use codegen::{generate, load::load_str, Generated, Options};

fn run(text: &str) -> Result<Generated, codegen::Errors> {
    let doc = load_str(text)?;
    generate(&doc, &Options::from_title(&doc))
}

fn models(generated: &Generated) -> &str {
    let file = generated.files.iter().find(|f| f.path == "models.rs");
    &file.expect("models.rs is generated").contents
}

/// serde_json reports column 0 for an error right after a newline (here: the end of a JSON
/// text cut short); locations are one-based, so the loader said "line 3, column 0".
#[test]
fn json_error_at_the_start_of_a_line_has_a_one_based_column() {
    let errors = run("{\n  \"openapi\": \"3.0.3\",\n").unwrap_err();
    let (line, column) = errors.0[0].location.line_col.expect("a line and column");
    assert_eq!(line, 3);
    assert_eq!(column, 1);
}

/// A map whose values `allOf`-include the map's own schema: every inline value type included
/// the schema again, was named anew (`AValue`, `AValueValue`, ...) and the generator recursed
/// until the stack overflowed, aborting the process. An `allOf` of one `$ref` and an
/// annotation is now that reference's type, so the map's values are `A` itself.
#[test]
fn inline_schema_including_its_own_component_through_additional_properties() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        x: {type: string}
      additionalProperties:
        allOf:
          - $ref: '#/components/schemas/A'
          - description: more
"##;
    let generated = run(text).unwrap();
    let models = models(&generated);
    assert!(!models.contains("AValue"), "{models}");
    assert!(
        models.contains("BTreeMap<String, A>"),
        "the additional properties are values of the type itself:\n{models}"
    );
}

/// The same through a property: `Parent.child` includes `Parent`, so `ParentChild` has a
/// `child` of type `ParentChild`, by value, which must be boxed.
#[test]
fn inline_property_including_its_own_component() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Parent:
      type: object
      properties:
        name: {type: string}
        child:
          allOf:
            - $ref: '#/components/schemas/Parent'
            - type: object
              properties:
                age: {type: integer}
"##;
    let generated = run(text).unwrap();
    let models = models(&generated);
    assert!(models.contains("pub struct ParentChild"), "{models}");
    assert!(!models.contains("ParentChildChild"), "{models}");
    assert!(
        models.contains("Option<Box<ParentChild>>"),
        "the self-reference is boxed:\n{models}"
    );
}

/// A property named `self` makes the name part `Self_` (the keyword, escaped); names of inline
/// types built from it kept the underscore (`NodeSelf_LabelsItem`), which the
/// `non_camel_case_types` lint rejects, so the generated crate failed `-D warnings`.
/// Found by the round-trip test.
#[test]
fn inline_type_names_built_from_self_have_no_underscore() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    self:
      type: object
      properties:
        self:
          type: object
          properties:
            labels:
              type: array
              items: {type: string, enum: [a, b]}
"##;
    let generated = run(text).unwrap();
    let models = models(&generated);
    assert!(models.contains("pub struct Self_ {"), "{models}");
    assert!(models.contains("pub struct SelfSelf {"), "{models}");
    assert!(models.contains("pub enum SelfSelfLabelsItem {"), "{models}");
    assert!(!models.contains("Self_Self"), "{models}");
}

/// An `allOf` that includes its own schema twice: merging recursed to a depth limit, but with
/// two branches at every level, so 2^32 calls; the long run was killed for using all memory.
/// Each schema is now merged once, and including itself is an error.
#[test]
fn all_of_including_itself_twice_is_an_error_not_exponential() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/A'
        - $ref: '#/components/schemas/A'
"##;
    let errors = run(text).unwrap_err();
    assert!(
        errors
            .to_string()
            .contains("an `allOf` that includes itself"),
        "{errors}"
    );
}

/// A diamond (`C` includes `A` and `B`, both include `Base`) merges `Base` once.
#[test]
fn all_of_diamond_merges_each_schema_once() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: string}
    A:
      allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {a: {type: string}}}]
    B:
      allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {b: {type: string}}}]
    C:
      allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
"##;
    let generated = run(text).unwrap_or_else(|e| panic!("{e}"));
    let models = models(&generated);
    let c = &models[models.find("pub struct C {").expect("C")..];
    let c = &c[..c.find('}').unwrap()];
    assert_eq!(c.matches("pub id:").count(), 1, "{c}");
    assert!(c.contains("pub a:") && c.contains("pub b:"), "{c}");
}

/// A key given twice inside a referenced-or-inline object: openapiv3's error path re-parsed a
/// copy in which the last duplicate had won, that copy parsed, and openapiv3 panicked
/// ("somehow this parsed successfully the second time"). Duplicate keys are now refused
/// before openapiv3 sees the document, with their line.
#[test]
fn duplicate_keys_are_a_syntax_error_not_a_panic() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  responses:\n    Conflict:\n      description: a\n      description: b\n";
    let errors = run(yaml).unwrap_err();
    assert!(
        matches!(errors.0[0].kind, codegen::ErrorKind::Syntax(ref m) if m.contains("duplicate")),
        "{errors}"
    );
    assert_eq!(
        errors.0[0].location.line_col.map(|(line, _)| line),
        Some(7),
        "{errors}"
    );

    let json = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
  "components": {"responses": {"Conflict": {"description": "a", "description": "b"}}}}"#;
    let errors = run(json).unwrap_err();
    assert!(
        errors.to_string().contains("duplicate key `description`"),
        "{errors}"
    );
    assert_eq!(
        errors.0[0].location.line_col.map(|(line, _)| line),
        Some(2),
        "{errors}"
    );
}

/// Two YAML documents in one stream: serde_yaml's error has no position; the error now points
/// at the whole document instead of nowhere.
#[test]
fn a_second_yaml_document_is_an_error_with_a_location() {
    let errors = run("openapi: 3.0.3\n---\nopenapi: 3.0.3\n").unwrap_err();
    let location = &errors.0[0].location;
    assert!(
        location.line_col.is_some() || location.pointer.as_deref() == Some("#"),
        "{errors}"
    );
    assert!(
        errors.to_string().contains("more than one document"),
        "{errors}"
    );
}

/// `200` and `'200'` are two keys to YAML but one status code to openapiv3, which kept the
/// last response silently; the one-pass parse compares keys as text and refuses the pair.
#[test]
fn a_status_code_written_as_number_and_as_string_is_a_duplicate() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: number}\n        '200': {description: string}\n";
    let errors = run(yaml).unwrap_err();
    assert!(
        matches!(errors.0[0].kind, codegen::ErrorKind::Syntax(ref m) if m.contains("duplicate key `200`")),
        "{errors}"
    );
    assert!(errors.0[0].location.line_col.is_some(), "{errors}");
}

/// `schemas:` with nothing after it is null in YAML. The two-pass load read it as an empty
/// map; the one-pass load that replaced it refused it, until its failures fell back to the
/// two passes' reading (found by the differential check in `never_panics`).
#[test]
fn an_empty_components_map_written_as_nothing_still_loads() {
    let yaml =
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";
    let doc = codegen::load::load_str(yaml).unwrap();
    assert!(doc.components.unwrap().schemas.is_empty());
}

/// A 3.0 document that the one pass hands to the translation (for `nullable` beside a
/// `$ref`, even `false`) was read differently there, without a note: `type: 'null'`, which
/// is 3.1 syntax, became `nullable: true`. Only 3.1 documents get 3.1 rules, so the tree
/// reads it as the one pass would.
#[test]
fn type_null_in_a_3_0_document_is_not_translated_on_the_tree_path() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      parameters:
        - in: query
          name: q
          schema:
            additionalProperties:
              allOf:
                - $ref: '#/components/schemas/Pet'
                  nullable: false
      responses: {}
components:
  requestBodies:
    Upload:
      content:
        application/json:
          schema:
            properties:
              x: {type: 'null'}
  schemas:
    Pet: {type: object}
"##;
    let loaded = codegen::load::load_str_noted(text).unwrap();
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    let two_passes: openapiv3::OpenAPI = serde_yaml::from_value(value).unwrap();
    assert_eq!(loaded.doc, two_passes);
}

/// Twilio's documents write `summary: ""` and `description: ""`: each empty text became an
/// empty paragraph, so methods began with a run of blank `///` lines. Blank texts now count
/// as missing, and the fallbacks apply.
#[test]
fn blank_summaries_and_descriptions_are_missing_texts() {
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1', description: '  '}
paths:
  /items:
    get:
      operationId: list
      summary: ''
      description: ''
      parameters:
        - {name: q, in: query, description: '', schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item:
      type: object
      title: ''
      description: ''
      properties:
        id: {type: string, description: ''}
"##;
    let generated = run(text).unwrap_or_else(|e| panic!("{e}"));
    for file in &generated.files {
        for pair in file.contents.lines().collect::<Vec<_>>().windows(2) {
            let blank = |line: &str| line.trim() == "///";
            let opens = |line: &str| !line.trim_start().starts_with("///");
            assert!(
                !(opens(pair[0]) && blank(pair[1])),
                "a doc comment starts with a blank line in {}:\n{}",
                file.path,
                file.contents
            );
        }
    }
    assert!(models(&generated).contains("/// The `Item` schema.\n"));
    assert!(models(&generated).contains("/// The `id` field.\n"));
}
