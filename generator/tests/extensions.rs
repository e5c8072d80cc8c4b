//! `x-pagination` and `x-webhooks`: every way the extensions can be wrong is an error at the
//! extension's pointer (snapshotted), a valid one is read exactly, and pagination is never
//! guessed from property names.

use codegen::{generate, load::load_str, model, Errors, Options};

fn run(text: &str) -> Result<codegen::Generated, Errors> {
    let doc = load_str(text).map_err(|e| e.in_file("doc.yaml", Some(text)))?;
    generate(&doc, &Options::from_title(&doc)).map_err(|e| e.in_file("doc.yaml", Some(text)))
}

fn lower(text: &str) -> model::Api {
    let doc = load_str(text).unwrap();
    model::lower(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn error_of(text: &str) -> String {
    match run(text) {
        Ok(_) => panic!("expected an error"),
        Err(errors) => errors.to_string(),
    }
}

/// A list operation at `/v1/users` with `extension` (indented lines) and a page schema.
fn listing(extension: &str) -> String {
    format!(
        "\
openapi: 3.0.3
info:
  title: Test
  version: '1'
paths:
  /v1/users:
    get:
      operationId: list
      parameters:
        - name: cursor
          in: query
          schema: {{type: string}}
        - name: limit
          in: query
          schema: {{type: integer}}
{extension}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Page'}}
components:
  schemas:
    Page:
      type: object
      required: [users, hasMore]
      properties:
        users:
          type: array
          items: {{type: string}}
        cursor: {{type: string}}
        hasMore: {{type: boolean}}
        total: {{type: integer}}
"
    )
}

const VALID: &str = "      x-pagination:
        items: users
        cursor: cursor
        hasMore: hasMore
        cursorParam: cursor";

#[test]
fn a_valid_extension_is_read_exactly() {
    let api = lower(&listing(VALID));
    let op = &api.root.operations[0];
    let pagination = api.pagination_of(op).expect("paginated");
    assert_eq!(pagination.page, "Page");
    assert_eq!(pagination.item, model::TypeRef::String);
    assert_eq!(pagination.items.name, "users");
    assert_eq!(pagination.cursor.wire, "cursor");
    assert_eq!(pagination.cursor.presence, model::Presence::Optional);
    assert_eq!(pagination.has_more.name, "has_more");
    assert_eq!(pagination.has_more.presence, model::Presence::Required);
    assert_eq!(pagination.cursor_param, "cursor");
}

#[test]
fn without_the_extension_nothing_pages() {
    // The page has `users`, `cursor` and `hasMore`, and a `cursor` parameter: a guess would
    // say it pages. Only the extension does.
    let api = lower(&listing(""));
    assert!(api.pagination.is_empty());
    let generated = run(&listing("")).unwrap();
    assert!(generated.files.iter().all(|f| f.path != "pagination.rs"));
    let client = &generated
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .unwrap();
    assert!(client
        .contents
        .contains("crate::runtime::Call<super::models::Page>"));
}

#[test]
fn a_paginated_operation_returns_a_list() {
    let generated = run(&listing(VALID)).unwrap();
    let file = |path: &str| {
        &generated
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap()
            .contents
    };
    assert!(file("client.rs").contains("crate::runtime::List<super::models::Page>"));
    assert!(file("client.rs")
        .contains("self.transport.list(request, crate::runtime::json, \"cursor\")"));
    assert!(
        file("pagination.rs").contains("impl crate::runtime::Paginated for super::models::Page")
    );
    assert!(file("mod.rs").contains("mod pagination;"));
    assert!(generated.runtime_features.is_empty());
}

#[test]
fn malformed_pagination_is_refused_at_its_pointer() {
    let cases = [
        "      x-pagination: users",
        "      x-pagination:\n        items: users\n        cursor: cursor\n        cursorParam: cursor",
        "      x-pagination:\n        items: users\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: cursor\n        hasmore: hasMore",
        "      x-pagination:\n        items: 7\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: cursor",
        "      x-pagination:\n        items: users\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: after",
        "      x-pagination:\n        items: users\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: limit",
        "      x-pagination:\n        items: members\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: cursor",
        "      x-pagination:\n        items: total\n        cursor: cursor\n        hasMore: hasMore\n        cursorParam: cursor",
        "      x-pagination:\n        items: users\n        cursor: total\n        hasMore: hasMore\n        cursorParam: cursor",
        "      x-pagination:\n        items: users\n        cursor: cursor\n        hasMore: users\n        cursorParam: cursor",
    ];
    let errors: Vec<String> = cases.iter().map(|case| error_of(&listing(case))).collect();
    for error in &errors {
        assert!(
            error.contains("(#/paths/~1v1~1users/get/x-pagination)"),
            "{error}"
        );
        assert_eq!(error.lines().count(), 1, "{error}");
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("errors__x_pagination", errors.join("\n"));
    });
}

#[test]
fn pagination_needs_one_json_object_response() {
    let text = listing(VALID).replace(
        "schema: {$ref: '#/components/schemas/Page'}",
        "schema: {type: array, items: {type: string}}",
    );
    let error = error_of(&text);
    assert!(
        error.contains("the operation's success response must be one JSON object, the page"),
        "{error}"
    );
}

/// A document whose root has `x-webhooks: <extension>` and an event union.
fn webhooks(extension: &str) -> String {
    format!(
        "\
openapi: 3.0.3
info:
  title: Test
  version: '1'
x-webhooks:{extension}
paths: {{}}
components:
  schemas:
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created'
        - $ref: '#/components/schemas/Deleted'
      discriminator:
        propertyName: type
    Created:
      type: object
      required: [type]
      properties:
        type: {{type: string}}
    Deleted:
      type: object
      required: [type]
      properties:
        type: {{type: string}}
    Plain:
      type: object
      properties:
        type: {{type: string}}
"
    )
}

#[test]
fn valid_webhooks_add_the_accessor_the_variable_and_the_feature() {
    let generated = run(&webhooks(
        "\n  signature: standard-webhooks\n  event: Event\n  x-sdk-env: TEST_SECRET",
    ))
    .unwrap();
    let client = &generated
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .unwrap()
        .contents;
    assert!(
        client.contains("webhook_key_env: Some(\"TEST_SECRET\")"),
        "{client}"
    );
    assert!(client.contains("crate::runtime::Webhooks<'_, super::models::Event>"));
    assert_eq!(generated.runtime_features, ["webhooks"]);
    assert!(generated.notes.is_empty(), "{:?}", generated.notes);

    // Without `x-sdk-env`, the variable follows the prefix.
    let generated = run(&webhooks(
        "\n  signature: standard-webhooks\n  event: Event",
    ))
    .unwrap();
    let client = &generated
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .unwrap()
        .contents;
    assert!(
        client.contains("webhook_key_env: Some(\"TEST_WEBHOOK_KEY\")"),
        "{client}"
    );

    // Without `x-webhooks`, no accessor, no variable, no feature.
    let generated = run(&webhooks(" null").replace("x-webhooks: null\n", "")).unwrap();
    let client = &generated
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .unwrap()
        .contents;
    assert!(client.contains("webhook_key_env: None"));
    assert!(!client.contains("fn webhooks"));
    assert!(generated.runtime_features.is_empty());
}

#[test]
fn an_event_type_without_a_discriminator_is_a_note() {
    let generated = run(&webhooks(
        "\n  signature: standard-webhooks\n  event: Plain",
    ))
    .unwrap();
    let notes: Vec<String> = generated
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.pointer, n.message))
        .collect();
    assert_eq!(
        notes,
        ["#/x-webhooks/event: the event type `Plain` is not a `oneOf` with a `discriminator`: events of a type this client does not know fail to parse instead of being kept"]
    );
}

#[test]
fn malformed_webhooks_are_refused_at_their_pointer() {
    let cases = [
        " standard-webhooks",
        "\n  event: Event",
        "\n  signature: hmac-sha1\n  event: Event",
        "\n  signature: standard-webhooks",
        "\n  signature: standard-webhooks\n  event: Missing",
        "\n  signature: standard-webhooks\n  event: Event\n  x-sdk-env: 'not a name'",
        "\n  signature: standard-webhooks\n  event: Event\n  secret: whsec_x",
    ];
    let errors: Vec<String> = cases.iter().map(|case| error_of(&webhooks(case))).collect();
    for error in &errors {
        assert!(error.contains("(#/x-webhooks)"), "{error}");
    }
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("errors__x_webhooks", errors.join("\n"));
    });
}

#[test]
fn a_webhooks_resource_clashes_with_the_accessor() {
    let text = webhooks("\n  signature: standard-webhooks\n  event: Event").replace(
        "paths: {}",
        "paths:\n  /hooks:\n    get:\n      x-sdk-method: webhooks.list\n      responses:\n        '204': {description: ok}",
    );
    let error = error_of(&text);
    assert!(
        error.contains("a resource or operation is named `webhooks` already"),
        "{error}"
    );
}
