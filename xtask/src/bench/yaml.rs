//! A minimal block-style YAML writer for the synthetic documents (no serializer dependency,
//! and the output looks like a hand-written OpenAPI document: block maps, `- ` lists).

/// A YAML value.
#[derive(Debug, Clone)]
pub enum Y {
    /// A map, in insertion order.
    Map(Vec<(String, Y)>),
    /// A list.
    Seq(Vec<Y>),
    /// A string, quoted when it would not read back as the same string.
    Str(String),
    /// A scalar written as is: numbers, booleans, `null`.
    Raw(String),
}

impl Y {
    /// An empty map, to be filled with [`Y::kv`].
    pub fn map() -> Self {
        Y::Map(Vec::new())
    }

    /// Adds an entry to a map (no effect on other values).
    pub fn kv(mut self, key: impl Into<String>, value: Y) -> Self {
        if let Y::Map(entries) = &mut self {
            entries.push((key.into(), value));
        }
        self
    }

    /// Whether the value is a map or list.
    fn is_block(&self) -> bool {
        match self {
            Y::Map(m) => !m.is_empty(),
            Y::Seq(s) => !s.is_empty(),
            _ => false,
        }
    }
}

/// A string value.
pub fn s(text: impl Into<String>) -> Y {
    Y::Str(text.into())
}

/// A scalar written verbatim (`true`, `42`, `null`).
pub fn raw(text: impl ToString) -> Y {
    Y::Raw(text.to_string())
}

/// `{$ref: '#/components/<section>/<name>'}`.
pub fn reference(section: &str, name: &str) -> Y {
    Y::map().kv("$ref", s(format!("#/components/{section}/{name}")))
}

/// A list of strings.
pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Y {
    Y::Seq(items.into_iter().map(|i| s(i)).collect())
}

/// The document text.
pub fn to_string(value: &Y) -> String {
    let mut out = String::with_capacity(1 << 20);
    write_block(&mut out, value, 0);
    out
}

fn write_block(out: &mut String, value: &Y, indent: usize) {
    let pad = " ".repeat(indent);
    match value {
        Y::Map(entries) => {
            for (key, value) in entries {
                out.push_str(&pad);
                push_scalar(out, key, Context::Key);
                out.push(':');
                write_after_key(out, value, indent);
            }
        }
        Y::Seq(items) => {
            for item in items {
                if item.is_block() {
                    // Write the item one level in, then put the dash over its first indent.
                    let mut inner = String::new();
                    write_block(&mut inner, item, indent + 2);
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(&inner[indent + 2..]);
                } else {
                    out.push_str(&pad);
                    out.push('-');
                    write_after_key(out, item, indent);
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            write_after_key(out, scalar, indent);
        }
    }
}

fn write_after_key(out: &mut String, value: &Y, indent: usize) {
    match value {
        Y::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Y::Seq(s) if s.is_empty() => out.push_str(" []\n"),
        // Lists of scalars (`enum`, `required`) in flow style, as people write them.
        Y::Seq(items) if items.iter().all(|i| !matches!(i, Y::Map(_) | Y::Seq(_))) => {
            out.push_str(" [");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match item {
                    Y::Str(text) => push_scalar(out, text, Context::Flow),
                    Y::Raw(text) => out.push_str(text),
                    _ => unreachable!("only scalars here"),
                }
            }
            out.push_str("]\n");
        }
        Y::Map(_) | Y::Seq(_) => {
            out.push('\n');
            write_block(out, value, indent + 2);
        }
        Y::Str(text) => {
            out.push(' ');
            push_scalar(out, text, Context::Value);
            out.push('\n');
        }
        Y::Raw(text) => {
            out.push(' ');
            out.push_str(text);
            out.push('\n');
        }
    }
}

/// Where a scalar is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A map key (paths, `$ref`).
    Key,
    /// A block value.
    Value,
    /// An item of a `[a, b]` list, where commas end the item.
    Flow,
}

/// Writes a string plain when that is safe, else double-quoted (JSON escapes are valid YAML).
fn push_scalar(out: &mut String, text: &str, context: Context) {
    if is_plain(text, context) {
        out.push_str(text);
    } else {
        out.push_str(&serde_json::to_string(text).expect("strings serialize"));
    }
}

fn is_plain(text: &str, context: Context) -> bool {
    let key = context == Context::Key;
    let Some(first) = text.chars().next() else {
        return false;
    };
    let first_ok = first.is_ascii_alphabetic() || (key && matches!(first, '$' | '/'));
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|r| text.eq_ignore_ascii_case(r));
    first_ok
        && !reserved
        && !text.ends_with(' ')
        && !text.contains(": ")
        && !text.contains(" #")
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '_' | '-' | '.' | '(' | ')' | '/' | '\'')
                || (c == ',' && context != Context::Flow)
                || (key && matches!(c, '{' | '}' | '$'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_block_yaml_that_reads_back() {
        let doc = Y::map()
            .kv("title", s("A: tricky #title"))
            .kv("200", raw(1))
            .kv(
                "list",
                Y::Seq(vec![Y::map().kv("a", s("x")).kv("b", s("true")), s("y")]),
            )
            .kv("flow", Y::Seq(vec![s("a, b"), s("c"), raw("null")]))
            .kv("empty", Y::map())
            .kv("/v1/things/{thingId}", Y::map().kv("$ref", s("#/x")));
        let text = to_string(&doc);
        let back: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            back,
            serde_json::json!({
                "title": "A: tricky #title",
                "200": 1,
                "list": [{"a": "x", "b": "true"}, "y"],
                "flow": ["a, b", "c", null],
                "empty": {},
                "/v1/things/{thingId}": {"$ref": "#/x"},
            })
        );
    }
}
