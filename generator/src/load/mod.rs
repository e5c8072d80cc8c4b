//! Step 1 of the pipeline: text (YAML or JSON) to `openapiv3::OpenAPI`.
//!
//! Parse errors name the file, line and column and the path of the field that failed
//! (`paths./pets.get.responses`). Later steps report JSON pointers; [`locate`] turns those into
//! line and column for block-style YAML, the way people write OpenAPI documents by hand.

mod unique_keys;

use std::path::Path;

use openapiv3::OpenAPI;

use crate::error::{Error, ErrorKind, Errors, Location};

/// Reads and parses a document from a file.
pub fn load_file(path: &Path) -> Result<(OpenAPI, String), Errors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Errors::from(Error {
            location: Location {
                file: Some(path.to_path_buf()),
                ..Location::default()
            },
            kind: ErrorKind::Io(e.to_string()),
        })
    })?;
    let doc = parse(&text, is_json_path(path)).map_err(|e| e.in_file(path, None))?;
    Ok((doc, text))
}

/// Parses a document from text. JSON is recognised by its first character.
pub fn load_str(text: &str) -> Result<OpenAPI, Errors> {
    let json = text.trim_start().starts_with('{');
    parse(text, json)
}

fn is_json_path(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "json")
}

fn parse(text: &str, json: bool) -> Result<OpenAPI, Errors> {
    let parsed = if json {
        parse_json(text)
    } else {
        parse_yaml(text)
    };
    let doc = parsed?;
    if !doc.openapi.starts_with("3.0.") && doc.openapi != "3.0" {
        return Err(Errors::from(Error {
            location: Location::pointer("#/openapi"),
            kind: ErrorKind::Version {
                found: doc.openapi.clone(),
            },
        }));
    }
    Ok(doc)
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

/// YAML. The document is built in one pass that also refuses duplicate keys (openapiv3 would
/// keep the last of them silently). Only a failure pays for the passes that explain it.
fn parse_yaml(text: &str) -> Result<OpenAPI, Errors> {
    let checked = || unique_keys::deserialize(serde_yaml::Deserializer::from_str(text));
    let first = match first_pass(checked) {
        Ok(doc) => return Ok(doc),
        Err(first) => first,
    };
    // The explanation finds every problem but one: `200` and `'200'` are two keys to YAML
    // and one to openapiv3; then the first pass's own error is the explanation. Any other
    // disagreement is the two passes being more lenient (`schemas:` with nothing is null,
    // which they read as an empty map), and their document stands.
    let doc = explain_yaml(text)?;
    match first {
        Some(e) if unique_keys::is_duplicate_key(&e) => Err(error_at(
            e.location().map(|l| (l.line(), l.column())),
            ErrorKind::Syntax(strip_yaml_location(&e.to_string())),
        )),
        _ => Ok(doc),
    }
}

/// Why a YAML document does not parse, in two steps. First the text to a `serde_yaml::Value`,
/// which checks the syntax and refuses duplicate keys with their line: openapiv3 panics on
/// some documents with duplicate keys (its error path re-parses a copy in which the last
/// duplicate has won, and that copy parses). Then the parse that names the failing field.
fn explain_yaml(text: &str) -> Result<OpenAPI, Errors> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        error_at(
            line_col,
            ErrorKind::Syntax(strip_yaml_location(&e.to_string())),
        )
    })?;
    if let Ok(doc) = serde_yaml::from_value(value) {
        return Ok(doc);
    }
    explain(text, || {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let line_col = e.inner().location().map(|l| (l.line(), l.column()));
            let message = strip_yaml_location(&e.inner().to_string());
            error_at(
                line_col,
                structure_error(text, e.path().to_string(), message),
            )
        })
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

/// JSON: the same one checked pass; on failure, a guard against duplicate keys that names
/// their line (serde_json's `Value` would keep the last one silently), then the parse that
/// names the failing field.
fn parse_json(text: &str) -> Result<OpenAPI, Errors> {
    let checked = || {
        let mut de = serde_json::Deserializer::from_str(text);
        let doc = unique_keys::deserialize(&mut de)?;
        de.end().map(|()| doc)
    };
    let first = match first_pass(checked) {
        Ok(doc) => return Ok(doc),
        Err(first) => first,
    };
    let doc = explain_json(text)?;
    match first {
        Some(e) if unique_keys::is_duplicate_key(&e) => {
            let message = e.to_string();
            Err(json_error(e, ErrorKind::Syntax(message)))
        }
        _ => Ok(doc),
    }
}

fn json_error(e: serde_json::Error, kind: ErrorKind) -> Errors {
    // serde_json says column 0 right after a newline; columns here are one-based.
    error_at(Some((e.line(), e.column().max(1))), kind)
}

/// Why a JSON document does not parse: syntax errors and duplicate keys with their line (any
/// value, checked as the first pass checks it), then the parse that names the failing field.
fn explain_json(text: &str) -> Result<OpenAPI, Errors> {
    let mut de = serde_json::Deserializer::from_str(text);
    unique_keys::deserialize::<serde::de::IgnoredAny, _>(&mut de)
        .and_then(|_| de.end())
        .map_err(|e| {
            let message = e.to_string();
            json_error(e, ErrorKind::Syntax(message))
        })?;
    if let Ok(doc) = serde_json::from_str(text) {
        return Ok(doc);
    }
    explain(text, || {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let message = e.inner().to_string();
            json_error(e.into_inner(), structure_error(text, path, message))
        })
    })
}

/// Runs the parse that explains a failure. openapiv3 may still panic on inputs the guards do not
/// foresee; that becomes an error here rather than a crash.
fn explain(text: &str, parse: impl FnOnce() -> Result<OpenAPI, Errors>) -> Result<OpenAPI, Errors> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse))
        .unwrap_or_else(|panic| Err(unexplained_panic(text, &*panic)))
}

/// The error for a panic inside openapiv3, with the panic's message.
fn unexplained_panic(text: &str, panic: &(dyn std::any::Any + Send)) -> Errors {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let message = format!("openapiv3 could not describe the problem ({what})");
    error_at(None, structure_error(text, ".".to_owned(), message))
}

/// A structural error, unless the real problem is the version: a 3.1 or 2.0 document fails to
/// parse as 3.0 in confusing places, so say what the version is instead.
fn structure_error(text: &str, path: String, message: String) -> ErrorKind {
    if let Some(found) = declared_version(text) {
        if !found.starts_with("3.0") {
            return ErrorKind::Version { found };
        }
    }
    // serde_yaml names the field itself when it knows it.
    if path == "." || message.starts_with(&format!("{path}:")) {
        ErrorKind::Structure(message)
    } else {
        ErrorKind::Structure(format!("at `{path}`: {message}"))
    }
}

fn declared_version(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let line = line.trim().trim_start_matches('{').trim();
        let rest = line
            .strip_prefix("openapi:")
            .or_else(|| line.strip_prefix("\"openapi\":"))
            .or_else(|| line.strip_prefix("swagger:"))
            .or_else(|| line.strip_prefix("\"swagger\":"))?;
        let value = rest.trim().trim_end_matches(',').trim_matches(['"', '\'']);
        Some(value.to_owned())
    })
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
            load_str("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(matches!(err.0[0].kind, ErrorKind::Version { ref found } if found == "3.1.0"));
    }
}
