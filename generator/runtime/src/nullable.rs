//! `Nullable<T>`: a field that can be absent, explicitly `null`, or a value.
//!
//! PATCH bodies need all three: an absent field is left unchanged, `null` clears it, a value
//! sets it. Generated fields carry
//! `#[serde(default, skip_serializing_if = "crate::runtime::Nullable::is_absent")]`, so an
//! absent field is not sent and a missing field decodes as [`Nullable::Absent`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that can be absent, explicitly `null`, or hold a value.
///
/// ```
/// use codegen_runtime::Nullable;
///
/// #[derive(serde::Serialize, Default)]
/// #[serde(rename_all = "camelCase")]
/// struct Update {
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     first_name: Nullable<String>,
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     middle_name: Nullable<String>,
///     #[serde(default, skip_serializing_if = "Nullable::is_absent")]
///     suffix: Nullable<String>,
/// }
///
/// let update = Update {
///     first_name: "Sarah".to_string().into(),
///     middle_name: Nullable::Null,
///     ..Default::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&update).unwrap(),
///     r#"{"firstName":"Sarah","middleName":null}"#
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent; missing from a response.
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent as the value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (used by `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Nullable::Value(_))
    }

    /// Borrows the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// Borrows the value mutably.
    pub fn as_mut(&mut self) -> Nullable<&mut T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value, if there is one; absent and `null` both give `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Maps the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// `Value(v)` serializes as `v`; `Null` as `null`. `Absent` also writes `null` when the
    /// field is not skipped with `skip_serializing_if = "Nullable::is_absent"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` decodes as `Null`, anything else as `Value`; a missing field needs
    /// `#[serde(default)]` to become `Absent`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        middle_name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        phone_number: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        age: Nullable<u32>,
    }

    #[test]
    fn serializes_three_states_byte_for_byte() {
        let patch = Patch {
            middle_name: Nullable::Null,
            phone_number: Nullable::Absent,
            age: 42.into(),
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"middleName":null,"age":42}"#
        );
        assert_eq!(serde_json::to_string(&Patch::default()).unwrap(), "{}");
    }

    #[test]
    fn deserializes_three_states() {
        let patch: Patch = serde_json::from_str(r#"{"middleName":null,"age":7}"#).unwrap();
        assert_eq!(
            patch,
            Patch {
                middle_name: Nullable::Null,
                phone_number: Nullable::Absent,
                age: Nullable::Value(7),
            }
        );
    }

    #[test]
    fn nested_options_keep_their_meaning() {
        // A nullable field whose value is itself nullable: the outer `null` wins.
        let value: Nullable<Option<u8>> = serde_json::from_str("null").unwrap();
        assert_eq!(value, Nullable::Null);
    }

    #[test]
    fn helpers() {
        let value = Nullable::Value(String::from("x"));
        assert!(value.is_value() && !value.is_null() && !value.is_absent());
        assert_eq!(value.as_ref().map(|s| s.len()), Nullable::Value(1));
        assert_eq!(value.into_option(), Some("x".to_string()));
        assert_eq!(Nullable::<u8>::Null.into_option(), None);
        assert_eq!(Nullable::<u8>::default(), Nullable::Absent);
        // `Default` does not require `T: Default`.
        struct NoDefault;
        assert!(Nullable::<NoDefault>::default().is_absent());
    }
}
