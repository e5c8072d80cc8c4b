//! Step 1 of the pipeline: text (YAML or JSON) to `openapiv3::OpenAPI`.
//!
//! Three ways in, cheapest first:
//! - an OpenAPI 3.0 document is parsed in one pass straight into `openapiv3::OpenAPI`,
//!   refusing duplicate keys on the way (`unique_keys.rs`);
//! - an OpenAPI 3.1 document (the version is read from the text without parsing it, see
//!   `sniff_version`), and a 3.0 document that pass refuses or would read wrongly, is
//!   parsed into a value tree (duplicate keys refused the same way), translated into what
//!   openapiv3 reads (`normalize.rs`), and read from the tree;
//! - `swagger: "2.0"` is refused in one line that names a converter.
//!
//! Parse errors name the file, line and column and the path of the field that failed
//! (`paths./pets.get.responses`). Later steps report JSON pointers; [`locate`] turns those into
//! line and column for block-style YAML, the way people write OpenAPI documents by hand, and
//! [`locate_json`] for JSON.

mod normalize;
mod unique_keys;

use std::path::Path;

use openapiv3::OpenAPI;

use crate::error::{Error, ErrorKind, Errors, Location};
use crate::model::Note;

/// A parsed document and what the load changed or left out to read it (empty for a plain
/// OpenAPI 3.0 document).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The document, as OpenAPI 3.0.
    pub doc: OpenAPI,
    /// What was translated other than as written, or dropped, and where.
    pub notes: Vec<Note>,
}

/// Reads and parses a document from a file.
pub fn load_file(path: &Path) -> Result<(OpenAPI, String), Errors> {
    let (loaded, text) = load_file_noted(path)?;
    Ok((loaded.doc, text))
}

/// Reads and parses a document from a file, with the load's notes.
pub fn load_file_noted(path: &Path) -> Result<(Loaded, String), Errors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Errors::from(Error {
            location: Location {
                file: Some(path.to_path_buf()),
                ..Location::default()
            },
            kind: ErrorKind::Io(e.to_string()),
        })
    })?;
    let loaded = parse(&text, is_json_path(path)).map_err(|e| e.in_file(path, None))?;
    Ok((loaded, text))
}

/// Parses a document from text. JSON is recognised by its first character.
pub fn load_str(text: &str) -> Result<OpenAPI, Errors> {
    load_str_noted(text).map(|loaded| loaded.doc)
}

/// Parses a document from text, with the load's notes.
pub fn load_str_noted(text: &str) -> Result<Loaded, Errors> {
    let json = text.trim_start().starts_with('{');
    parse(text, json)
}

/// The text as a value tree, the form the 3.1 translation works on: duplicate keys refused
/// with their line, integers beyond 64 bits read as the nearest float (as JSON parsers do).
pub fn load_tree(text: &str) -> Result<serde_yaml::Value, Errors> {
    build_tree(text, text.trim_start().starts_with('{'))
}

fn is_json_path(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "json")
}

/// The versions this generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

fn version_of(openapi: &str) -> Option<Version> {
    if openapi == "3.0" || openapi.starts_with("3.0.") {
        Some(Version::V30)
    } else if openapi == "3.1" || openapi.starts_with("3.1.") {
        Some(Version::V31)
    } else {
        None
    }
}

fn parse(text: &str, json: bool) -> Result<Loaded, Errors> {
    match sniff_version(text, json) {
        Some(Sniffed::Swagger(found)) => return Err(swagger_error(text, json, &found)),
        Some(Sniffed::OpenApi(found)) if version_of(&found) == Some(Version::V31) => {
            return parse_tree(text, json)
        }
        _ => {}
    }
    unique_keys::reset_nullable_ref();
    let first = if json {
        first_pass(|| {
            let mut de = serde_json::Deserializer::from_str(text);
            let doc = unique_keys::deserialize(&mut de)?;
            de.end().map(|()| doc)
        })
        .map_err(|e| e.map(|e| e.to_string()))
    } else {
        first_pass(|| unique_keys::deserialize(serde_yaml::Deserializer::from_str(text)))
            .map_err(|e| e.map(|e| e.to_string()))
    };
    match first {
        Ok(doc) => match version_of(&doc.openapi) {
            Some(Version::V30) if !unique_keys::saw_nullable_ref() => Ok(Loaded {
                doc,
                notes: Vec::new(),
            }),
            Some(_) => parse_tree(text, json),
            None => Err(version_error(doc.openapi.clone())),
        },
        // The tree finds every reason the pass can fail, duplicate keys included, and reads
        // more: a value openapiv3 refuses is mended there rather than refusing the document.
        Err(_) => parse_tree(text, json),
    }
}

fn version_error(found: String) -> Errors {
    Errors::from(Error {
        location: Location::pointer("#/openapi"),
        kind: ErrorKind::Version { found },
    })
}

fn swagger_error(text: &str, json: bool, found: &str) -> Errors {
    let line_col = if json {
        None
    } else {
        locate(text, "#/swagger")
    };
    Errors::from(Error {
        location: Location {
            pointer: Some("#/swagger".to_owned()),
            line_col,
            ..Location::default()
        },
        kind: ErrorKind::Unsupported {
            found: format!("Swagger {found} (`swagger: \"{found}\"`)"),
            supported: "this generator reads OpenAPI 3.0 and 3.1; convert the document first, for example with the `swagger2openapi` command-line tool (npm package `swagger2openapi`)".to_owned(),
        },
    })
}

/// The slow way in: the text to a value tree, the tree translated, the document read from it.
fn parse_tree(text: &str, json: bool) -> Result<Loaded, Errors> {
    let mut tree = build_tree(text, json)?;
    let openapi = tree.get("openapi").map(|v| match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => format!("{:?}", n.as_f64().unwrap_or_default()),
        _ => String::new(),
    });
    if let (None, Some(swagger)) = (&openapi, tree.get("swagger")) {
        let found = match swagger {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        };
        return Err(swagger_error(text, json, &found));
    }
    let version = match openapi.as_deref().map(version_of) {
        Some(Some(version)) => version,
        Some(None) => return Err(version_error(openapi.unwrap_or_default())),
        // No version: reading it explains what is missing.
        None => Version::V30,
    };
    let notes = normalize::normalize(&mut tree, version == Version::V31);
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        unique_keys::deserialize_lenient::<OpenAPI, _>(&tree)
    }));
    match read {
        Ok(Ok(doc)) => Ok(Loaded { doc, notes }),
        Ok(Err(_)) | Err(_) => Err(tree_error(text, json, &tree, version)),
    }
}

/// The text to a value tree, refusing syntax errors and duplicate keys with their line.
fn build_tree(text: &str, json: bool) -> Result<serde_yaml::Value, Errors> {
    if json {
        let mut de = serde_json::Deserializer::from_str(text);
        unique_keys::deserialize_tree(&mut de)
            .and_then(|tree| de.end().map(|()| tree))
            .map_err(|e| {
                let message = e.to_string();
                json_error(e, ErrorKind::Syntax(message))
            })
    } else {
        unique_keys::deserialize_tree(serde_yaml::Deserializer::from_str(text)).map_err(
            |e: serde_yaml::Error| {
                error_at(
                    e.location().map(|l| (l.line(), l.column())),
                    ErrorKind::Syntax(strip_yaml_location(&e.to_string())),
                )
            },
        )
    }
}

/// Why the translated tree does not read as a document. The tree's own error names the
/// field but not the line; where the text, read as it is, fails at the same field (always,
/// for a 3.0 document nothing was mended in), its error with line and column is the one
/// reported; otherwise the field's JSON pointer, located in the text where possible.
fn tree_error(text: &str, json: bool, tree: &serde_yaml::Value, version: Version) -> Errors {
    let tracked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(tree, &mut track);
        match unique_keys::deserialize_lenient::<OpenAPI, _>(de) {
            Ok(_) => None,
            Err(e) => Some((track.path(), e.to_string())),
        }
    }));
    let (path, message) = match tracked {
        Ok(Some((path, message))) => (path, message),
        Ok(None) | Err(_) => {
            return error_at(
                None,
                structure_error(
                    ".".to_owned(),
                    "openapiv3 could not describe the problem".to_owned(),
                ),
            )
        }
    };
    let path_text = path.to_string();
    if version == Version::V30 {
        if let Some(Err(errors)) = explain_text(text, json) {
            if errors.1 == path_text {
                return errors.0;
            }
        }
    }
    let pointer = pointer_of(&path);
    let line_col = if json {
        locate_json(text, &pointer)
    } else {
        locate(text, &pointer)
    };
    Errors::from(Error {
        location: Location {
            pointer: Some(pointer),
            line_col,
            ..Location::default()
        },
        kind: structure_error(path_text, strip_yaml_location(&message)),
    })
}

/// The JSON pointer of the part of a serde path that names fields and items.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = "#".to_owned();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => crate::error::push_pointer(&pointer, &index.to_string()),
            Segment::Map { key } => crate::error::push_pointer(&pointer, key),
            Segment::Enum { variant } => crate::error::push_pointer(&pointer, variant),
            Segment::Unknown => break,
        };
    }
    pointer
}

/// An error at a line and column; where the parser knows none (a second YAML document in the
/// stream, say), at the whole document, `#`.
fn error_at(line_col: Option<(usize, usize)>, kind: ErrorKind) -> Errors {
    Errors::from(Error {
        location: Location {
            pointer: line_col.is_none().then(|| "#".to_owned()),
            line_col,
            ..Location::default()
        },
        kind,
    })
}

/// The fast path: the document, or its error (`None` for a panic inside openapiv3); the
/// caller then finds out what went wrong.
fn first_pass<E>(parse: impl FnOnce() -> Result<OpenAPI, E>) -> Result<OpenAPI, Option<E>> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)) {
        Ok(parsed) => parsed.map_err(Some),
        Err(_) => Err(None),
    }
}

fn json_error(e: serde_json::Error, kind: ErrorKind) -> Errors {
    // serde_json says column 0 right after a newline; columns here are one-based.
    error_at(Some((e.line(), e.column().max(1))), kind)
}

/// The text read as it is, with the path of the field that fails: `None` if it reads (or
/// openapiv3 panics), else the error with its line and column, and the path.
fn explain_text(text: &str, json: bool) -> Option<Result<(), (Errors, String)>> {
    let explained = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if json {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
                let path = e.path().to_string();
                let message = e.inner().to_string();
                let kind = structure_error(path.clone(), message);
                (json_error(e.into_inner(), kind), path)
            })
        } else {
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, OpenAPI>(de).map_err(|e| {
                let line_col = e.inner().location().map(|l| (l.line(), l.column()));
                let message = strip_yaml_location(&e.inner().to_string());
                let path = e.path().to_string();
                (
                    error_at(line_col, structure_error(path.clone(), message)),
                    path,
                )
            })
        }
    }))
    .ok()?;
    Some(explained.map(|_| ()))
}

/// A structural error: the path of the failing field, unless the message names it already.
fn structure_error(path: String, message: String) -> ErrorKind {
    // serde_yaml names the field itself when it knows it.
    if path == "." || message.starts_with(&format!("{path}:")) {
        ErrorKind::Structure(message)
    } else {
        ErrorKind::Structure(format!("at `{path}`: {message}"))
    }
}

/// What the text says its version is.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    OpenApi(String),
    Swagger(String),
}

/// The top-level `openapi` or `swagger` field, read from the text without parsing it: in
/// block-style YAML a line that starts with the key, in JSON the key at depth one. `None`
/// when it is not found that way (flow-style YAML, say): the parse then finds out.
fn sniff_version(text: &str, json: bool) -> Option<Sniffed> {
    let (field, value) = if json {
        sniff_json(text)?
    } else {
        text.lines().find_map(|line| {
            let (key, rest) = line.split_once(':')?;
            let key = key.trim_end().trim_matches(['"', '\'']);
            if !(key == "openapi" || key == "swagger") || line.starts_with([' ', '\t']) {
                return None;
            }
            let value = rest.split(" #").next().unwrap_or_default();
            Some((key, value.trim().trim_matches(['"', '\'']).to_owned()))
        })?
    };
    Some(if field == "swagger" {
        Sniffed::Swagger(value)
    } else {
        Sniffed::OpenApi(value)
    })
}

/// The value of the `openapi` or `swagger` key of the top-level JSON object.
fn sniff_json(text: &str) -> Option<(&'static str, String)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let string = text.get(start..i.min(bytes.len()))?;
                if depth == 1 && (string == "openapi" || string == "swagger") {
                    let rest = text
                        .get(i + 1..)?
                        .trim_start()
                        .strip_prefix(':')?
                        .trim_start();
                    let field = if string == "openapi" {
                        "openapi"
                    } else {
                        "swagger"
                    };
                    let value = match rest.strip_prefix('"') {
                        Some(quoted) => quoted.split('"').next()?,
                        None => rest.split([',', '}', ' ', '\n']).next()?,
                    };
                    return Some((field, value.trim().to_owned()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// serde_yaml puts " at line L column C" into its messages; the location is reported
/// separately, so it is cut out (what follows it, such as "while parsing a flow sequence",
/// stays).
fn strip_yaml_location(message: &str) -> String {
    let Some(at) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[at + " at line ".len()..];
    let after_numbers = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix(" column ")
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
    match after_numbers {
        Some(tail) => format!("{}{tail}", &message[..at]),
        None => message.to_owned(),
    }
}

/// Finds the line and column of a JSON pointer in a JSON document: of the key that names the
/// last token, or of the item it indexes. `None` where the pointer leads nowhere.
pub fn locate_json(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let target: Vec<String> = pointer
        .strip_prefix('#')?
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    if target.is_empty() {
        return Some((1, 1));
    }
    // Per open container: the key or index being read, and (objects) whether a key is next.
    enum Frame {
        Object {
            key: Option<String>,
            expect_key: bool,
        },
        Array {
            index: usize,
            started: bool,
        },
    }
    let matches = |stack: &[Frame]| {
        stack.len() == target.len()
            && stack.iter().zip(&target).all(|(frame, token)| match frame {
                Frame::Object { key, .. } => key.as_deref() == Some(token.as_str()),
                Frame::Array { index, .. } => index.to_string() == *token,
            })
    };
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at = i;
        // A value starting inside an array is the item at its index.
        if let Some(Frame::Array { started, .. }) = stack.last_mut() {
            if !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b',' | b']') && !*started {
                *started = true;
                if matches(&stack) {
                    return Some(line_col_at(text, at));
                }
            }
        }
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expect_key: true,
            }),
            b'[' => stack.push(Frame::Array {
                index: 0,
                started: false,
            }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *expect_key = false;
                        let raw = text.get(start..i.min(bytes.len()))?;
                        *key = Some(serde_json::from_str(&format!("\"{raw}\"")).ok()?);
                        if matches(&stack) {
                            return Some(line_col_at(text, at));
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// One-based line and column (in characters) of a byte offset.
fn line_col_at(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Finds the line and column of a JSON pointer in a block-style YAML document, best effort.
/// Returns `None` where the document uses flow style or the pointer cannot be followed.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    // Flatten the text into entries; "- key: v" becomes an item marker and a key entry.
    struct Entry<'a> {
        line: usize,
        indent: usize,
        content: &'a str,
    }
    let mut entries = Vec::new();
    for (line, raw) in text.lines().enumerate() {
        let mut indent = raw.len() - raw.trim_start().len();
        let mut content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        while let Some(rest) = content.strip_prefix('-') {
            if !(rest.is_empty() || rest.starts_with(' ')) {
                break;
            }
            entries.push(Entry {
                line,
                indent,
                content: "-",
            });
            let trimmed = rest.trim_start();
            indent += content.len() - trimmed.len();
            content = trimmed;
            if content.is_empty() {
                break;
            }
        }
        if !content.is_empty() {
            entries.push(Entry {
                line,
                indent,
                content,
            });
        }
    }
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for token in pointer.strip_prefix('#')?.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let index: Option<usize> = token.parse().ok();
        let mut level = None;
        let mut items = 0;
        let mut hit = None;
        for (at, entry) in entries.iter().enumerate().skip(start) {
            if parent_indent.is_some_and(|p| entry.indent <= p) {
                break;
            }
            if *level.get_or_insert(entry.indent) != entry.indent {
                continue;
            }
            if entry.content == "-" {
                if index == Some(items) {
                    hit = Some(at);
                    break;
                }
                items += 1;
            } else if let Some((key, _)) = entry.content.split_once(':') {
                if key.trim().trim_matches(['"', '\'']) == token {
                    hit = Some(at);
                    break;
                }
            }
        }
        let at = hit?;
        found = Some((entries[at].line + 1, entries[at].indent + 1));
        parent_indent = Some(entries[at].indent);
        start = at + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
        - name: tags
          in: query
      responses:
        '200':
          description: ok
";

    #[test]
    fn locate_follows_keys_and_items() {
        assert_eq!(locate(DOC, "#/paths/~1pets/get"), Some((4, 5)));
        assert_eq!(locate(DOC, "#/paths/~1pets/get/parameters/1"), Some((8, 9)));
        assert_eq!(
            locate(DOC, "#/paths/~1pets/get/parameters/1/in"),
            Some((9, 11))
        );
        assert_eq!(
            locate(DOC, "#/paths/~1pets/get/responses/200/description"),
            Some((12, 11))
        );
        assert_eq!(locate(DOC, "#/paths/~1cats"), None);
    }

    #[test]
    fn version_is_checked() {
        let err =
            load_str("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(matches!(err.0[0].kind, ErrorKind::Version { ref found } if found == "4.0.0"));
        let err = load_str("{\"openapi\": \"2.5\", \"info\": {}}").unwrap_err();
        assert!(matches!(err.0[0].kind, ErrorKind::Version { ref found } if found == "2.5"));
    }

    #[test]
    fn the_version_is_read_without_parsing() {
        let v31 = Some(Sniffed::OpenApi("3.1.0".to_owned()));
        assert_eq!(
            sniff_version("# c\nopenapi: 3.1.0 # x\ninfo: {}\n", false),
            v31
        );
        assert_eq!(sniff_version("'openapi': '3.1.0'\n", false), v31);
        assert_eq!(
            sniff_version("info:\n  openapi: 3.0.0\nopenapi: 3.1.0\n", false),
            v31
        );
        assert_eq!(sniff_version("{openapi: 3.1.0}", false), None);
        let json = r#"{"info": {"openapi": "x", "t": "a\"b"}, "openapi" : "3.1.0"}"#;
        assert_eq!(sniff_version(json, true), v31);
        assert_eq!(
            sniff_version(r#"{"swagger":"2.0"}"#, true),
            Some(Sniffed::Swagger("2.0".to_owned()))
        );
    }

    #[test]
    fn swagger_2_is_refused_with_a_converter_named() {
        for text in [
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "--- {swagger: '2.0', info: {title: t, version: '1'}, paths: {}}\n",
            "{\"swagger\": \"2.0\", \"paths\": {}}",
        ] {
            let err = load_str(text).unwrap_err().to_string();
            assert!(
                err.contains("Swagger 2.0") && err.contains("swagger2openapi"),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }

    fn fixture(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        std::fs::read_to_string(path).unwrap()
    }

    fn sorted_notes(loaded: &Loaded) -> Vec<String> {
        let mut notes: Vec<String> = loaded
            .notes
            .iter()
            .map(|n| format!("{}: {}", n.pointer, n.message))
            .collect();
        notes.sort();
        notes
    }

    /// A 3.1 document reads the same from JSON as from YAML (the sniffer finds the version
    /// in both), with the same notes.
    #[test]
    fn v31_reads_the_same_from_json() {
        for name in ["v31.yaml", "v30-unusual.yaml"] {
            let yaml = fixture(name);
            // Through the tree builder: it reads the integer beyond 64 bits as JSON would.
            let value: serde_json::Value =
                unique_keys::deserialize_tree(serde_yaml::Deserializer::from_str(&yaml)).unwrap();
            let json = serde_json::to_string_pretty(&value).unwrap();
            let from_yaml = load_str_noted(&yaml).unwrap();
            let from_json = load_str_noted(&json).unwrap();
            assert_eq!(from_yaml.doc, from_json.doc, "{name}");
            assert_eq!(sorted_notes(&from_yaml), sorted_notes(&from_json), "{name}");
            assert!(!from_yaml.notes.is_empty(), "{name}");
        }
    }

    /// A plain 3.0 document takes the one-pass parse and has no notes; the same document
    /// with a `nullable` `$ref` takes the tree and says so.
    #[test]
    fn plain_3_0_is_not_translated() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B', description: d}}}\n    B: {type: string}\n";
        let loaded = load_str_noted(text).unwrap();
        assert!(loaded.notes.is_empty());
        assert_eq!(loaded.doc.info.version, "1.0");
        let nullable = text.replace("description: d", "nullable: true");
        let loaded = load_str_noted(&nullable).unwrap();
        assert_eq!(loaded.notes.len(), 1, "{:?}", loaded.notes);
        // The tree reads a number where a string is expected as its text, as the one pass does.
        assert_eq!(loaded.doc.info.version, "1.0");
    }

    /// A duplicate key is refused in every way in: the one pass, the tree, YAML and JSON.
    #[test]
    fn duplicate_keys_are_refused_on_both_paths() {
        for text in [
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {get: {responses: {200: {description: a}, '200': {description: b}}}}\n",
            r#"{"openapi": "3.1.0", "info": {"title": "t", "title": "u", "version": "1"}}"#,
        ] {
            let err = load_str(text).unwrap_err();
            assert!(err.to_string().contains("duplicate key"), "{err}");
            assert!(err.0[0].location.line_col.is_some(), "{err}");
        }
    }

    /// Only webhooks: no paths, nothing to generate but the client, and a note.
    #[test]
    fn a_3_1_document_without_paths_loads() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping:\n    post:\n      responses: {'200': {description: ok}}\n";
        let loaded = load_str_noted(text).unwrap();
        assert!(loaded.doc.paths.paths.is_empty());
        assert_eq!(loaded.notes.len(), 1);
        assert_eq!(loaded.notes[0].pointer, "#/webhooks/ping");
    }

    #[test]
    fn locate_json_follows_keys_and_items() {
        let text = "{\"paths\": {\"/a\": {\"get\": {\"parameters\": [\n  {\"name\": \"q\"},\n  {\"in\": [1]}\n]}}},\n \"x~y\": \"a\\\"b\"}";
        assert_eq!(locate_json(text, "#/paths"), Some((1, 2)));
        assert_eq!(
            locate_json(text, "#/paths/~1a/get/parameters/1"),
            Some((3, 3))
        );
        assert_eq!(
            locate_json(text, "#/paths/~1a/get/parameters/1/in"),
            Some((3, 4))
        );
        assert_eq!(
            locate_json(text, "#/paths/~1a/get/parameters/1/in/0"),
            Some((3, 11))
        );
        assert_eq!(locate_json(text, "#/x~0y"), Some((5, 2)));
        assert_eq!(locate_json(text, "#/paths/~1b"), None);
        assert_eq!(locate_json(text, "#/paths/~1a/get/parameters/2"), None);
    }

    /// A 3.1 document's structural error names line and column in JSON as in YAML.
    #[test]
    fn v31_errors_have_a_line_in_json_too() {
        let text = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"paths\": 7}";
        let err = load_str(text).unwrap_err();
        assert_eq!(err.0[0].location.line_col, Some((2, 2)), "{err}");
        assert_eq!(
            err.0[0].location.pointer.as_deref(),
            Some("#/paths"),
            "{err}"
        );
    }
}
