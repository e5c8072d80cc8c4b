//! Rust names for names found in documents: types, fields, enum variants and methods.
//!
//! Real documents hold names like `Pathologists' Assistant`, `list-data-sets`, `find pet by id`,
//! `type` and `2fa`. Every function here returns a valid Rust identifier for any input:
//! keywords become raw identifiers (`r#type`) or get a trailing underscore where Rust has no raw
//! form (`self_`), a leading digit gets a letter in front, and a name with no letters or digits
//! at all is spelled out (`+` is `plus`, `>=` is `gt_eq`) or gets a fallback the caller chooses.
//!
//! Names that meet (`firstName` and `first_name` both become `first_name`) are settled by
//! [`settle`], with one rule for every namespace: the colliding names are sorted by their
//! wire name, bytewise; the first keeps the plain Rust name, the others get the suffix of their
//! rank in that order (`first_name_2`). The rule looks at the colliding group only, so adding
//! an unrelated name to a document never renames anything.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::Note;

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
///
/// A plural acronym (`APIs`, `IDs`, `URLs`) is one word (`Apis`), where `heck` would split
/// it before its last capital (`ApIs`, `list_ap_is`).
fn words(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_ascii_alphanumeric() {
            out.push(' ');
            i += 1;
            continue;
        }
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars
                .get(i + run + 1)
                .is_some_and(|c| c.is_ascii_lowercase());
        if plural {
            out.push(' ');
            out.push(c);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            out.push_str("s ");
            i += run + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
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

/// Words for the symbols of a name that has no letter or digit at all (`+`, `>=`, `*`), so
/// that values like these get a readable name instead of none.
fn spelled(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        let word = match c {
            '+' => "plus",
            '-' => "minus",
            '*' => "star",
            '/' => "slash",
            '\\' => "backslash",
            '<' => "lt",
            '>' => "gt",
            '=' => "eq",
            '!' => "not",
            '?' => "question",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '^' => "caret",
            '~' => "tilde",
            '.' => "dot",
            ',' => "comma",
            ':' => "colon",
            ';' => "semicolon",
            '_' => "underscore",
            '(' | ')' => "paren",
            '[' | ']' => "bracket",
            '{' | '}' => "brace",
            '\'' | '"' | '`' => "quote",
            _ => continue,
        };
        out.push(' ');
        out.push_str(word);
    }
    out
}

/// Like [`upper_camel`], but a name without letters or digits is spelled out (`>=` is
/// `GtEq`), and a leading sign before a number is a word (`-1` is `Minus1`, `+1` is `Plus1`).
/// `None` only when nothing in `raw` can be spelled (the empty string, other scripts).
pub fn upper_camel_spelled(raw: &str) -> Option<String> {
    let signed = |sign: char, word: &str| {
        raw.strip_prefix(sign)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
            .and_then(|rest| upper_camel(&format!("{word} {rest}")))
    };
    signed('-', "minus")
        .or_else(|| signed('+', "plus"))
        .or_else(|| upper_camel(raw))
        .or_else(|| upper_camel(&spelled(raw)))
}

/// Like [`snake`], but a name without letters or digits is spelled out (`$` is `dollar`).
pub fn snake_spelled(raw: &str) -> Option<String> {
    snake(raw).or_else(|| snake(&spelled(raw)))
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

/// How a settled name gets its suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `first_name_2`.
    Snake,
    /// `NullTime2`, or `N1_2` after a digit.
    UpperCamel,
}

/// One name asked for in a namespace.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The name in the document, which decides the order among names that meet.
    pub wire: String,
    /// The Rust name it gets when nothing else wants it.
    pub rust: String,
    /// Where it is, for the note that says it was renamed.
    pub pointer: String,
}

/// `name` with the suffix of rank `n` (2 for the second of a group).
fn suffixed(name: &str, n: usize, case: Case) -> String {
    let base = bare(name).trim_end_matches('_');
    match case {
        Case::Snake => format!("{base}_{n}"),
        Case::UpperCamel if base.ends_with(|c: char| c.is_ascii_digit()) => format!("{base}_{n}"),
        Case::UpperCamel => format!("{base}{n}"),
    }
}

/// Makes the Rust names of one namespace unique, and returns them in the order of `claims`,
/// with a note for every name that had to change. `reserved` names are taken already (by the
/// generated code, as `additional_properties` or `Client::builder`, or by a resource), which
/// `taken_by` says: a claim for one is always suffixed.
///
/// The rule: claims are grouped by Rust name; a group is sorted by wire name (bytewise, then
/// by pointer); its first member keeps the plain name, the member of rank `n` gets the suffix
/// `n` (`_n` in snake case). A suffixed name that some other claim or reserved name has
/// already is passed over for the next free number; groups are settled in the order of their
/// Rust names, so the result never depends on the order of the claims.
pub fn settle(
    claims: &[Claim],
    reserved: &[&str],
    taken_by: &str,
    case: Case,
) -> (Vec<String>, Vec<Note>) {
    let mut names: Vec<String> = claims.iter().map(|c| c.rust.clone()).collect();
    let mut notes = Vec::new();
    // Nearly always every name is free: find that out without grouping.
    let mut seen: HashSet<&str> = HashSet::with_capacity(claims.len());
    if claims
        .iter()
        .all(|c| seen.insert(&c.rust) && !reserved.contains(&c.rust.as_str()))
    {
        return (names, notes);
    }
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, claim) in claims.iter().enumerate() {
        groups.entry(claim.rust.as_str()).or_default().push(i);
    }
    let mut taken: HashSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    taken.extend(groups.keys().map(|k| (*k).to_owned()));
    for (rust, mut members) in groups {
        let is_reserved = reserved.contains(&rust);
        if members.len() == 1 && !is_reserved {
            continue;
        }
        members.sort_by(|&a, &b| {
            let (a, b) = (&claims[a], &claims[b]);
            (a.wire.as_bytes(), &a.pointer).cmp(&(b.wire.as_bytes(), &b.pointer))
        });
        let wires: Vec<String> = members
            .iter()
            .map(|&i| format!("`{}`", claims[i].wire))
            .collect();
        for (rank, &i) in members.iter().enumerate() {
            let mut n = rank + if is_reserved { 2 } else { 1 };
            if n == 1 {
                continue;
            }
            let mut name = suffixed(rust, n, case);
            while taken.contains(&name) {
                n += 1;
                name = suffixed(rust, n, case);
            }
            taken.insert(name.clone());
            let why = if is_reserved {
                format!("`{rust}` is taken by {taken_by}")
            } else {
                format!(
                    "{} all become `{rust}`; sorted by name, the first keeps it",
                    wires.join(", ")
                )
            };
            notes.push(Note {
                pointer: claims[i].pointer.clone(),
                message: format!("`{}` is named `{name}` in Rust: {why}", claims[i].wire),
            });
            names[i] = name;
        }
    }
    (names, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(pairs: &[(&str, &str)]) -> Vec<Claim> {
        pairs
            .iter()
            .map(|(wire, rust)| Claim {
                wire: (*wire).to_owned(),
                rust: (*rust).to_owned(),
                pointer: format!("#/{wire}"),
            })
            .collect()
    }

    #[test]
    fn the_first_by_wire_name_keeps_the_name() {
        let (names, notes) = settle(
            &claims(&[("first_name", "first_name"), ("firstName", "first_name")]),
            &[],
            "",
            Case::Snake,
        );
        // `N` (0x4E) sorts before `_` (0x5F).
        assert_eq!(names, ["first_name_2", "first_name"]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].pointer, "#/first_name");
    }

    #[test]
    fn order_of_claims_does_not_matter_and_unrelated_names_change_nothing() {
        let a = [
            ("nullTime", "NullTime"),
            ("NullTime", "NullTime"),
            ("x", "X"),
        ];
        let b = [
            ("x", "X"),
            ("NullTime", "NullTime"),
            ("nullTime", "NullTime"),
            ("y", "Y"),
        ];
        let (names_a, _) = settle(&claims(&a), &[], "", Case::UpperCamel);
        let (names_b, _) = settle(&claims(&b), &[], "", Case::UpperCamel);
        assert_eq!(names_a, ["NullTime2", "NullTime", "X"]);
        assert_eq!(names_b, ["X", "NullTime", "NullTime2", "Y"]);
    }

    #[test]
    fn suffixes_pass_over_names_taken_and_reserved_names_always_yield() {
        let (names, _) = settle(
            &claims(&[("a", "N1"), ("b", "N1"), ("c", "N1_2")]),
            &[],
            "",
            Case::UpperCamel,
        );
        assert_eq!(names, ["N1", "N1_3", "N1_2"]);
        let (names, notes) = settle(
            &claims(&[("builder", "builder"), ("list", "list")]),
            &["builder"],
            "the generated code",
            Case::Snake,
        );
        assert_eq!(names, ["builder_2", "list"]);
        assert!(
            notes[0].message.contains("taken by the generated code"),
            "{notes:?}"
        );
    }

    #[test]
    fn symbols_and_signs_are_spelled() {
        assert_eq!(upper_camel_spelled("-1").unwrap(), "Minus1");
        assert_eq!(upper_camel_spelled("+1").unwrap(), "Plus1");
        assert_eq!(upper_camel_spelled(">=").unwrap(), "GtEq");
        assert_eq!(upper_camel_spelled("a-b").unwrap(), "AB");
        assert_eq!(upper_camel_spelled(""), None);
        assert_eq!(snake_spelled("$").unwrap(), "dollar");
        assert_eq!(snake_spelled("@type").unwrap(), "r#type");
    }

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
    fn plural_acronyms_are_one_word() {
        assert_eq!(upper_camel("APIs").unwrap(), "Apis");
        assert_eq!(snake("listAPIs").unwrap(), "list_apis");
        assert_eq!(snake("getIDsByName").unwrap(), "get_ids_by_name");
        assert_eq!(upper_camel("URLsList").unwrap(), "UrlsList");
        assert_eq!(upper_camel("HTTPServer").unwrap(), "HttpServer");
        assert_eq!(snake("APIsecret").unwrap(), "ap_isecret");
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
