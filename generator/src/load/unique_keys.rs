//! A deserializer adapter that refuses a mapping with the same key twice, in the one pass that
//! builds the document.
//!
//! openapiv3 reads `paths`, `properties`, `responses` and the like into maps that keep the last
//! of two equal keys, so a key written twice would lose data silently. [`deserialize`] wraps
//! any serde deserializer (YAML or JSON) and checks the keys of every mapping on the way
//! through, nested and ignored ones included, at a small cost over the plain parse; the
//! alternative, a second pass over the text, costs as much as the parse itself.
//!
//! Keys are compared as text: `200` and `'200'` are one key to openapiv3, so they are one
//! here too.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Deserializes a `T`, failing at the first mapping that has a key twice.
pub fn deserialize<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(Checked {
        inner: deserializer,
        key: None,
        mode: Mode::default(),
    })
}

/// Builds a value tree (`serde_yaml::Value`, for the translation step) with the same check.
/// Integers beyond 64 bits, which the tree cannot hold, become the nearest `f64`, as a JSON
/// parser would read them.
pub fn deserialize_tree<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(Checked {
        inner: deserializer,
        key: None,
        mode: Mode {
            wide_as_float: true,
            ..Mode::default()
        },
    })
}

/// Deserializes a `T` from a value tree, reading a number, boolean or null where a string is
/// expected as its text, the way the YAML parser reads a plain scalar (`version: 1.0`).
pub fn deserialize_lenient<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(Checked {
        inner: deserializer,
        key: None,
        mode: Mode {
            scalars_as_text: true,
            ..Mode::default()
        },
    })
}

/// Whether the last [`deserialize`] on this thread met a mapping with both `$ref` and
/// `nullable`: openapiv3 keeps only the `$ref` of it, so the document needs the translation
/// step (see `normalize`).
pub fn saw_nullable_ref() -> bool {
    NULLABLE_REF.with(std::cell::Cell::get)
}

/// Clears the flag [`saw_nullable_ref`] reads.
pub fn reset_nullable_ref() {
    NULLABLE_REF.with(|flag| flag.set(false));
}

thread_local! {
    static NULLABLE_REF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How values are passed on; the same for a whole document.
#[derive(Clone, Copy, Default)]
struct Mode {
    /// `i128`/`u128` beyond 64 bits become `f64`.
    wide_as_float: bool,
    /// Numbers, booleans and null are given as their text to `deserialize_str`/`_string`.
    scalars_as_text: bool,
}

/// The start of the error message for a key written twice.
const DUPLICATE: &str = "duplicate key `";

/// A deserializer whose mappings are checked. When `key` is set it is deserializing a mapping
/// key, and records the key's text there.
struct Checked<'k, D> {
    inner: D,
    key: Option<&'k mut Option<String>>,
    mode: Mode,
}

/// A visitor that wraps the mappings, sequences and nested values it is given.
struct Visit<'k, V> {
    inner: V,
    key: Option<&'k mut Option<String>>,
    mode: Mode,
}

impl<V> Visit<'_, V> {
    fn record(&mut self, text: impl fmt::Display) {
        if let Some(slot) = self.key.as_deref_mut() {
            *slot = Some(text.to_string());
        }
    }
}

/// Forwards `deserialize_*` methods to the inner deserializer with a wrapped visitor.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Visit { inner: visitor, key: self.key, mode: self.mode })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if self.mode.scalars_as_text {
            return self.deserialize_any(Text(visitor));
        }
        let visit = Visit {
            inner: visitor,
            key: self.key,
            mode: self.mode,
        };
        self.inner.deserialize_str(visit)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if self.mode.scalars_as_text {
            return self.deserialize_any(Text(visitor));
        }
        let visit = Visit {
            inner: visitor,
            key: self.key,
            mode: self.mode,
        };
        self.inner.deserialize_string(visit)
    }

    /// Ignored values (unknown fields) are walked too: a duplicate there is still a mistake in
    /// the document, and the check should not depend on which fields openapiv3 reads.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(Visit {
            inner: visitor,
            key: self.key,
            mode: self.mode,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Forwards scalar `visit_*` methods, recording the value as the key's text when asked to.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(mut self, value: $ty) -> Result<V::Value, E> {
            self.record(&value);
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Visit<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
    }

    fn visit_i128<E: de::Error>(mut self, value: i128) -> Result<V::Value, E> {
        self.record(value);
        match (i64::try_from(value), u64::try_from(value)) {
            (Ok(small), _) if self.mode.wide_as_float => self.inner.visit_i64(small),
            (_, Ok(small)) if self.mode.wide_as_float => self.inner.visit_u64(small),
            _ if self.mode.wide_as_float => self.inner.visit_f64(value as f64),
            _ => self.inner.visit_i128(value),
        }
    }

    fn visit_u128<E: de::Error>(mut self, value: u128) -> Result<V::Value, E> {
        self.record(value);
        match u64::try_from(value) {
            Ok(small) if self.mode.wide_as_float => self.inner.visit_u64(small),
            _ if self.mode.wide_as_float => self.inner.visit_f64(value as f64),
            _ => self.inner.visit_u128(value),
        }
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<V::Value, E> {
        self.inner.visit_bytes(value)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<V::Value, E> {
        self.inner.visit_borrowed_bytes(value)
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<V::Value, E> {
        self.inner.visit_byte_buf(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Checked {
            inner: deserializer,
            key: self.key,
            mode: self.mode,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Checked {
            inner: deserializer,
            key: self.key,
            mode: self.mode,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Seq(seq, self.mode))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(Map {
            inner: map,
            seen: Seen::default(),
            mode: self.mode,
            has_ref: false,
            has_nullable: false,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(Enum(data, self.mode))
    }
}

/// A visitor for a string that takes a number, boolean or null as its text.
struct Text<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Text<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.0.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.0.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.0.visit_string(value)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.0.visit_string(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        self.0.visit_string(format!("{value:?}"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_str("")
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_str("")
    }
}

/// A seed whose value is checked.
struct Seed<S>(S, Mode);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Checked {
            inner: deserializer,
            key: None,
            mode: self.1,
        })
    }
}

/// A seed for a mapping key: checked, and its text recorded.
struct KeySeed<'k, S> {
    inner: S,
    key: &'k mut Option<String>,
    mode: Mode,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Checked {
            inner: deserializer,
            key: Some(self.key),
            mode: self.mode,
        })
    }
}

struct Seq<A>(A, Mode);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed, self.1))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// The keys of one mapping so far: a list while it is short (most are), a set beyond.
#[derive(Default)]
struct Seen {
    few: Vec<String>,
    many: std::collections::HashSet<String>,
}

impl Seen {
    const FEW: usize = 16;

    /// Adds a key, or gives it back if it was there already.
    fn insert(&mut self, key: String) -> Result<(), String> {
        if self.many.is_empty() {
            if self.few.contains(&key) {
                return Err(key);
            }
            if self.few.len() < Self::FEW {
                self.few.push(key);
                return Ok(());
            }
            self.many.extend(self.few.drain(..));
        }
        if self.many.contains(&key) {
            return Err(key);
        }
        self.many.insert(key);
        Ok(())
    }
}

struct Map<A> {
    inner: A,
    seen: Seen,
    mode: Mode,
    has_ref: bool,
    has_nullable: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let mut text = None;
        let key = self.inner.next_key_seed(KeySeed {
            inner: seed,
            key: &mut text,
            mode: self.mode,
        })?;
        if let Some(text) = text {
            self.has_ref |= text == "$ref";
            self.has_nullable |= text == "nullable";
            if self.has_ref && self.has_nullable {
                NULLABLE_REF.with(|flag| flag.set(true));
            }
            if let Err(text) = self.seen.insert(text) {
                return Err(de::Error::custom(format_args!("{DUPLICATE}{text}`")));
            }
        }
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.inner.next_value_seed(Seed(seed, self.mode))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Enum<A>(A, Mode);

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(Seed(seed, self.1))?;
        Ok((value, Variant(variant, self.1)))
    }
}

struct Variant<A>(A, Mode);

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed, self.1))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(
            len,
            Visit {
                inner: visitor,
                key: None,
                mode: self.1,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(
            fields,
            Visit {
                inner: visitor,
                key: None,
                mode: self.1,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses YAML into a type that on its own keeps the last of two equal keys.
    fn yaml<T: de::DeserializeOwned>(text: &str) -> Result<T, String> {
        deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|e| e.to_string())
    }

    #[test]
    fn distinct_keys_pass_and_the_value_is_whole() {
        let value: serde_json::Value = yaml("a: {x: 1, y: [1, {x: 2}]}\nb: {x: 3}\n").unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a": {"x": 1, "y": [1, {"x": 2}]}, "b": {"x": 3}})
        );
    }

    #[test]
    fn a_key_twice_is_refused_at_any_depth() {
        for text in [
            "a: 1\na: 2\n",
            "a: {x: 1, x: 2}\n",
            "a: [1, {x: 1, x: 2}]\n",
            "a: {b: {c: {x: 1, x: 2}}}\n",
        ] {
            let err = yaml::<serde_json::Value>(text).unwrap_err();
            assert!(err.contains("duplicate key `"), "{text}: {err}");
        }
    }

    #[test]
    fn ignored_values_are_checked_too() {
        let err = yaml::<de::IgnoredAny>("a: {x: 1, x: 2}\n").unwrap_err();
        assert!(err.contains("duplicate key `x`"), "{err}");
    }

    #[test]
    fn keys_compare_as_text() {
        let err = yaml::<serde_json::Value>("200: a\n'200': b\n").unwrap_err();
        assert!(err.contains("duplicate key `200`"), "{err}");
    }

    #[test]
    fn long_mappings_switch_to_a_set_and_still_find_the_duplicate() {
        let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        let value: serde_json::Value = yaml(&text).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 100);
        text.push_str("k3: again\n");
        let err = yaml::<serde_json::Value>(&text).unwrap_err();
        assert!(err.contains("duplicate key `k3`"), "{err}");
    }

    #[test]
    fn json_is_checked_the_same_way() {
        let mut de = serde_json::Deserializer::from_str(r#"{"a": {"x": 1, "x": 2}}"#);
        let err = deserialize::<serde_json::Value, _>(&mut de).unwrap_err();
        assert!(err.to_string().contains("duplicate key `x`"), "{err}");
    }
}
