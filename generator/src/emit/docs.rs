//! Rustdoc from the document's descriptions.
//!
//! Descriptions are Markdown written for web pages. Two things in them would break a Rust
//! build or a doc build: indented or unlabelled code blocks (rustdoc compiles them as doctests)
//! and `[text]` / `<tag>` (broken intra-doc links, unclosed HTML). [`escape`] neutralises both.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc comment (`///` lines) for `text`.
///
/// One attribute carries all the lines, joined by [`LINE_BREAK`], and
/// [`crate::format::unparse`] splits the printed comment back into lines. One attribute per
/// line prints the same, but costs about 15% more emitting, parsing and printing on a large
/// document; joined, a block costs about as much as one line.
pub(crate) fn doc(text: &str) -> TokenStream {
    let mut joined = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            joined.push(LINE_BREAK);
        }
        if !line.is_empty() {
            joined.push(' ');
            // The separator must not occur in the text; it never does in real documents.
            if line.contains(LINE_BREAK) {
                joined.push_str(&line.replace(LINE_BREAK, " "));
            } else {
                joined.push_str(line);
            }
        }
    }
    quote!(#[doc = #joined])
}

/// Separates the lines of a doc comment inside its one attribute (ASCII unit separator).
pub(crate) const LINE_BREAK: char = '\u{1f}';

/// Inner doc attributes (`//!`), one per line.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes text from the document safe as rustdoc: no doctests, no stray links or HTML.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Whatever the language, a fence never opens a doctest.
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            escape_line(trimmed, &mut out);
        }
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out.truncate(out.trim_end().len());
    out
}

/// Escapes Markdown link and HTML syntax outside inline code, and wraps bare URLs in `<>`.
fn escape_line(line: &str, out: &mut String) {
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn no_doctests_links_or_html() {
        assert_eq!(
            escape("    indented\n```\nfn x() {}\n```"),
            "indented\n```text\nfn x() {}\n```"
        );
        assert_eq!(escape("see [docs] and <b>"), "see \\[docs\\] and \\<b\\>");
        assert_eq!(escape("`[kept]`"), "`[kept]`");
        assert_eq!(
            escape("at https://example.com/a."),
            "at <https://example.com/a>."
        );
        assert_eq!(escape("```rust\nlet x;"), "```text\nlet x;\n```");
    }
}
