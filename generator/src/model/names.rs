//! Rust names for names found in documents: types, fields, enum variants and methods.
//!
//! Real documents hold names like `Pathologists' Assistant`, `list-data-sets`, `find pet by id`,
//! `type` and `2fa`. Every function here returns a valid Rust identifier for any input:
//! keywords become raw identifiers (`r#type`) or get a trailing underscore where Rust has no raw
//! form (`self_`), a leading digit gets a letter in front, and a name with no letters or digits
//! at all gets a fallback the caller chooses.

use std::cell::RefCell;
use std::collections::HashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Replaces everything but ASCII letters and digits by spaces, so that `heck` sees word
/// boundaries and never keeps a character Rust rejects in an identifier.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Makes a case-converted name a valid identifier.
fn finish(name: String, digit_prefix: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if NOT_RAW.contains(&name.as_str()) {
        Some(format!("{name}_"))
    } else if KEYWORDS.contains(&name.as_str()) {
        Some(format!("r#{name}"))
    } else {
        Some(name)
    }
}

/// While alive, conversions on this thread are remembered: lowering a large document
/// converts the same names (`id`, `status`, `createdAt`...) thousands of times, and `heck`
/// converting them through `fmt` took a quarter of the lowering time. Dropping it forgets
/// them, so that no run is faster or slower for the runs before it.
pub struct Remembering(());

impl Remembering {
    /// Starts remembering (from nothing).
    pub fn start() -> Self {
        forget();
        REMEMBERING.set(true);
        Remembering(())
    }
}

impl Drop for Remembering {
    fn drop(&mut self) {
        REMEMBERING.set(false);
        forget();
    }
}

fn forget() {
    UPPER_CAMEL.take();
    SNAKE.take();
}

/// Converts `raw`, through the cache while a [`Remembering`] is alive. The cache is cleared
/// when it grows past a bound, for documents with very many distinct names.
fn remembered(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<Box<str>, Option<String>>>>,
    raw: &str,
    convert: impl FnOnce(&str) -> Option<String>,
) -> Option<String> {
    const BOUND: usize = 16_384;
    if !REMEMBERING.get() {
        return convert(raw);
    }
    if let Some(hit) = cache.with_borrow(|map| map.get(raw).cloned()) {
        return hit;
    }
    let converted = convert(raw);
    cache.with_borrow_mut(|map| {
        if map.len() >= BOUND {
            map.clear();
        }
        map.insert(raw.into(), converted.clone());
    });
    converted
}

thread_local! {
    static REMEMBERING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static UPPER_CAMEL: RefCell<HashMap<Box<str>, Option<String>>> = RefCell::default();
    static SNAKE: RefCell<HashMap<Box<str>, Option<String>>> = RefCell::default();
}

/// A type or enum variant name (`UpperCamelCase`), or `None` when `raw` has no letter or digit.
pub fn upper_camel(raw: &str) -> Option<String> {
    remembered(&UPPER_CAMEL, raw, |raw| {
        finish(words(raw).to_upper_camel_case(), "N")
    })
}

/// A name as a part of a longer type name (`UserProfile` + `Self` + `Item`): like
/// [`upper_camel`], but without the underscore that only a whole `Self_` needs; empty when
/// `raw` has no letter or digit.
pub fn part(raw: &str) -> String {
    upper_camel(raw)
        .map(|name| name.trim_end_matches('_').to_owned())
        .unwrap_or_default()
}

/// A field, method or module name (`snake_case`), or `None` when `raw` has no letter or digit.
pub fn snake(raw: &str) -> Option<String> {
    remembered(&SNAKE, raw, |raw| finish(words(raw).to_snake_case(), "n"))
}

/// The name without a raw-identifier prefix, for building other names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_enum_values() {
        assert_eq!(
            upper_camel("Pathologists' Assistant").unwrap(),
            "PathologistsAssistant"
        );
        assert_eq!(
            upper_camel("Speech-Language Pathologist").unwrap(),
            "SpeechLanguagePathologist"
        );
        assert_eq!(upper_camel("IT Support").unwrap(), "ItSupport");
        assert_eq!(upper_camel("Other").unwrap(), "Other");
        assert_eq!(upper_camel("owner").unwrap(), "Owner");
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(snake("type").unwrap(), "r#type");
        assert_eq!(snake("self").unwrap(), "self_");
        assert_eq!(snake("match").unwrap(), "r#match");
        assert_eq!(upper_camel("self").unwrap(), "Self_");
        assert_eq!(part("self"), "Self");
        assert_eq!(snake("2fa").unwrap(), "n2fa");
        assert_eq!(upper_camel("2fa").unwrap(), "N2fa");
        assert_eq!(upper_camel("1080p video").unwrap(), "N1080pVideo");
    }

    #[test]
    fn separators_and_symbols() {
        assert_eq!(snake("find pet by id").unwrap(), "find_pet_by_id");
        assert_eq!(snake("list-data-sets").unwrap(), "list_data_sets");
        assert_eq!(snake("userId").unwrap(), "user_id");
        assert_eq!(snake("X-API-Key").unwrap(), "x_api_key");
        assert_eq!(snake("café"), Some("caf".to_owned()));
        assert_eq!(upper_camel("+"), None);
        assert_eq!(snake(""), None);
    }
}
