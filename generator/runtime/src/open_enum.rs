//! What every generated open enum has in common.
//!
//! A generated string enum lists the values the document knows and keeps any other in a
//! catch-all variant, so a value added to the API later is not a decoding error. Its own code
//! is the part that differs from enum to enum: the variants, `as_str` and `From<&str>`.
//! [`open_enum!`](crate::open_enum) derives the rest from those two, the same way
//! for every enum: `From<String>`, `Display`, and serde as a plain string.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Implements `From<String>`, `Display`, `Serialize` and `Deserialize` for a generated open
/// enum, given its catch-all variant: `open_enum!(ClinicRole::Unknown)`. The enum must have
/// `fn as_str(&self) -> &str` and `From<&str>`.
///
/// Decoding borrows the string where the format allows, so a known value costs no
/// allocation; an unknown one is kept as received.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    ($name:ident :: $unknown:ident) => {
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::$unknown(_) => Self::$unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_open_enum(deserializer)
            }
        }
    };
}

/// Decodes a string into an open enum without allocating for a value it knows.
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct Text<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for Text<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(Text(PhantomData))
}

#[cfg(test)]
mod tests {
    /// An enum shaped like the generated ones.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Level {
        Admin,
        Member,
        Unknown(String),
    }

    impl Level {
        fn as_str(&self) -> &str {
            match self {
                Self::Admin => "admin",
                Self::Member => "member",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Level {
        fn from(value: &str) -> Self {
            match value {
                "admin" => Self::Admin,
                "member" => Self::Member,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    crate::open_enum!(Level::Unknown);

    #[test]
    fn known_and_unknown_values_round_trip() {
        for (json, level) in [
            (r#""admin""#, Level::Admin),
            (r#""member""#, Level::Member),
            (r#""auditor""#, Level::Unknown("auditor".to_owned())),
            // An escape makes serde_json hand over an owned string rather than a borrowed one.
            (r#""aud\u0069tor""#, Level::Unknown("auditor".to_owned())),
            (r#""\u0061dmin""#, Level::Admin),
        ] {
            let decoded: Level = serde_json::from_str(json).unwrap();
            assert_eq!(decoded, level, "{json}");
            let encoded = serde_json::to_string(&decoded).unwrap();
            assert_eq!(
                serde_json::from_str::<String>(&encoded).unwrap(),
                level.as_str()
            );
        }
    }

    #[test]
    fn from_string_keeps_an_unknown_value_and_display_prints_the_wire_value() {
        assert_eq!(Level::from("admin".to_owned()), Level::Admin);
        assert_eq!(
            Level::from("auditor".to_owned()),
            Level::Unknown("auditor".to_owned())
        );
        assert_eq!(Level::Member.to_string(), "member");
        assert_eq!(Level::Unknown("x y".to_owned()).to_string(), "x y");
    }

    #[test]
    fn a_value_that_is_not_a_string_is_an_error() {
        let err = serde_json::from_str::<Level>("7").unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
    }
}
