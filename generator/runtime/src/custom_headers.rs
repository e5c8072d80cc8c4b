//! Extra default headers from an environment variable (`AVARA_CUSTOM_HEADERS` for Avara), as
//! the official SDKs read them: one `Name: value` per line.

use http::{HeaderName, HeaderValue};

use super::error::Error;
use super::request::parse_header;

/// Parses `text`, the value of the environment variable `var`: newline-separated
/// `Name: value` lines, split at the first colon, both sides trimmed; blank lines are
/// ignored and a later line replaces an earlier one of the same name.
///
/// A line without a colon, with an empty name, or whose name or value cannot be sent in a
/// header is an [`Error::Config`] naming the variable and the line number. The message never
/// repeats a value, which may be a credential.
pub(crate) fn parse(var: &str, text: &str) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    let mut headers: Vec<(HeaderName, HeaderValue)> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let invalid = |why: String| {
            Error::Config(format!(
                "{var}, line {}: {why}; each line must be `Name: value`",
                index + 1
            ))
        };
        let Some((name, value)) = line.split_once(':') else {
            return Err(invalid("there is no `:`".to_owned()));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("the header name is empty".to_owned()));
        }
        let (name, value) = parse_header(name, value.trim()).map_err(invalid)?;
        headers.retain(|(earlier, _)| *earlier != name);
        headers.push((name, value));
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Vec<(String, String)> {
        parse("X_CUSTOM_HEADERS", text)
            .unwrap()
            .into_iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect()
    }

    fn refused(text: &str) -> String {
        match parse("X_CUSTOM_HEADERS", text) {
            Err(Error::Config(message)) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn lines_split_at_the_first_colon_and_are_trimmed() {
        assert_eq!(
            parsed("X-Team: radiology\n  x-url :  https://a.example:8443/x  \r\n"),
            [
                ("x-team".into(), "radiology".into()),
                ("x-url".into(), "https://a.example:8443/x".into())
            ]
        );
    }

    #[test]
    fn blank_lines_are_ignored_and_empty_values_kept() {
        assert_eq!(
            parsed("\n \nx-a: 1\n\t\nx-empty:\n"),
            [("x-a".into(), "1".into()), ("x-empty".into(), "".into())]
        );
        assert!(parsed("").is_empty());
        assert!(parsed("\n\n").is_empty());
    }

    #[test]
    fn a_later_line_replaces_an_earlier_one() {
        assert_eq!(
            parsed("x-a: 1\nx-b: 2\nX-A: 3"),
            [("x-b".into(), "2".into()), ("x-a".into(), "3".into())]
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_their_number() {
        assert_eq!(
            refused("x-a: 1\nno colon here"),
            "X_CUSTOM_HEADERS, line 2: there is no `:`; each line must be `Name: value`"
        );
        assert_eq!(
            refused(": value"),
            "X_CUSTOM_HEADERS, line 1: the header name is empty; each line must be `Name: value`"
        );
        assert_eq!(
            refused("\n\nbad name: 1"),
            "X_CUSTOM_HEADERS, line 3: `bad name` is not a valid header name; each line must be `Name: value`"
        );
        let message = refused("x-a: secret\u{7f}value");
        assert!(
            message.starts_with("X_CUSTOM_HEADERS, line 1:"),
            "{message}"
        );
        assert!(!message.contains("secret"), "{message}");
    }
}
