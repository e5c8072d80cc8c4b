//! What the generated `Deserialize` impls of objects share.
//!
//! A generated object is decoded by a visitor of its own that matches each key against the
//! wire names and reads the value into a slot with [`field`]; unknown keys are skipped with
//! [`skip`] (or kept, for objects with `additionalProperties`), and [`required`] turns an
//! empty slot of a required field into serde's "missing field" error. This is what
//! `#[derive(Deserialize)]` does for a JSON object, written once here instead of once per
//! type: the derive also generates a field-identifier enum with three visitors and a
//! sequence visitor per type, which a client that only reads JSON objects never calls and
//! which made up most of the code the compiler checks in a large generated crate.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// An object key, borrowed from the input where the format allows (JSON without escapes).
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for `additionalProperties`).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of field `name` into its slot; a second occurrence of the field is an
/// error, as with the derive.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the type does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of required field `name`, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::Nullable;

    /// What the generator emits for an object with a required, an optional, a nullable and
    /// an optional-nullable field and `additionalProperties`.
    #[derive(Debug, PartialEq)]
    struct User {
        id: String,
        name: Option<String>,
        deleted_at: Option<String>,
        note: Nullable<String>,
        additional_properties: BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for User {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Fields;

            impl<'de> Visitor<'de> for Fields {
                type Value = User;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("struct User")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
                    let mut id = None;
                    let mut name = None;
                    let mut deleted_at = None;
                    let mut note = None;
                    let mut additional = BTreeMap::new();
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "id" => field(&mut map, &mut id, "id")?,
                            "name" => field(&mut map, &mut name, "name")?,
                            "deletedAt" => field(&mut map, &mut deleted_at, "deletedAt")?,
                            "note" => field(&mut map, &mut note, "note")?,
                            _ => {
                                additional.insert(key.into_string(), map.next_value()?);
                            }
                        }
                    }
                    Ok(User {
                        id: required(id, "id")?,
                        name: name.unwrap_or_default(),
                        deleted_at: deleted_at.unwrap_or_default(),
                        note: note.unwrap_or_default(),
                        additional_properties: additional,
                    })
                }
            }

            deserializer.deserialize_map(Fields)
        }
    }

    #[test]
    fn fields_in_any_order_with_absent_null_and_unknown_keys() {
        let user: User = serde_json::from_str(
            r#"{"note": null, "extra": [1], "id": "u\u0031", "deletedAt": null}"#,
        )
        .unwrap();
        assert_eq!(
            user,
            User {
                id: "u1".into(),
                name: None,
                deleted_at: None,
                note: Nullable::Null,
                additional_properties: [("extra".to_owned(), serde_json::json!([1]))].into(),
            }
        );
        let user: User = serde_json::from_str(r#"{"id": "u", "note": "n"}"#).unwrap();
        assert_eq!(user.note, Nullable::Value("n".into()));
        let user: User = serde_json::from_str(r#"{"id": "u"}"#).unwrap();
        assert_eq!(user.note, Nullable::Absent);
    }

    #[test]
    fn errors_read_as_the_derive_s() {
        let missing = serde_json::from_str::<User>(r#"{"name": "n"}"#).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "missing field `id` at line 1 column 13"
        );
        let twice = serde_json::from_str::<User>(r#"{"id": "a", "id": "b"}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `id`"),
            "{twice}"
        );
        let wrong = serde_json::from_str::<User>(r#"["a"]"#).unwrap_err();
        assert!(
            wrong
                .to_string()
                .starts_with("invalid type: sequence, expected struct User"),
            "{wrong}"
        );
        let mistyped = serde_json::from_str::<User>(r#"{"id": 7}"#).unwrap_err();
        assert!(
            mistyped
                .to_string()
                .starts_with("invalid type: integer `7`, expected a string"),
            "{mistyped}"
        );
    }

    #[test]
    fn the_failing_field_s_path_is_tracked() {
        let json = r#"{"id": "u", "name": 5}"#;
        let error = serde_path_to_error::deserialize::<_, User>(
            &mut serde_json::Deserializer::from_str(json),
        )
        .unwrap_err();
        assert_eq!(error.path().to_string(), "name");
    }
}
