//! Rust expressions for doc examples: a value of a given type, from the document's `example`
//! where it has one. Examples are compiled as doctests, so every expression must type-check;
//! where no sensible expression exists the example is left out rather than guessed.

use serde_json::Value;

use crate::model::{Api, TypeKind, TypeRef};

/// How deep nested constructors may go before the example is given up.
const MAX_DEPTH: usize = 4;

pub(crate) struct Examples<'a> {
    pub api: &'a Api,
    pub krate: &'a str,
}

impl Examples<'_> {
    /// An expression of type `ty` (for a `String` argument, a `&str` literal is enough).
    pub fn value(&self, ty: &TypeRef, example: Option<&Value>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let krate = self.krate;
        Some(match ty {
            TypeRef::String => format!("{:?}", example.and_then(Value::as_str).unwrap_or("...")),
            TypeRef::Bool => example.and_then(Value::as_bool).unwrap_or(true).to_string(),
            TypeRef::I32 | TypeRef::I64 => example.and_then(Value::as_i64).unwrap_or(1).to_string(),
            TypeRef::U64 => example.and_then(Value::as_u64).unwrap_or(1).to_string(),
            TypeRef::F32 | TypeRef::F64 => {
                format!("{:?}", example.and_then(Value::as_f64).unwrap_or(1.0))
            }
            TypeRef::DateTime => format!(
                "chrono::DateTime::parse_from_rfc3339({:?})?",
                example
                    .and_then(Value::as_str)
                    .unwrap_or("2024-01-15T10:00:00Z")
            ),
            TypeRef::Date => format!(
                "{:?}.parse::<chrono::NaiveDate>()?",
                example.and_then(Value::as_str).unwrap_or("2024-01-15")
            ),
            TypeRef::Json => "serde_json::Value::Null".to_owned(),
            TypeRef::JsonObject => "serde_json::Map::new()".to_owned(),
            TypeRef::Vec(_) => "Vec::new()".to_owned(),
            TypeRef::Map(_) => "std::collections::BTreeMap::new()".to_owned(),
            TypeRef::Option(_) => "None".to_owned(),
            TypeRef::File => {
                format!("{krate}::runtime::FilePart::new(\"report.pdf\", Vec::<u8>::new())")
            }
            TypeRef::Named(name) => {
                let def = self.api.type_named(name)?;
                let path = format!("{krate}::models::{name}");
                match &def.kind {
                    TypeKind::Enum(e) => {
                        let wanted = example.and_then(Value::as_str);
                        let variant = e
                            .variants
                            .iter()
                            .find(|v| Some(v.wire.as_str()) == wanted)
                            .or(e.variants.first());
                        match variant {
                            Some(v) => format!("{path}::{}", v.name),
                            None => format!("{path}::from({:?})", wanted.unwrap_or("...")),
                        }
                    }
                    TypeKind::Struct(s) | TypeKind::Params(s) => {
                        let required: Vec<_> = s
                            .fields
                            .iter()
                            .filter(|f| f.presence.is_required())
                            .collect();
                        if required.is_empty() {
                            format!("{path}::default()")
                        } else {
                            let args = required
                                .iter()
                                .map(|f| {
                                    let example =
                                        f.example.as_ref().or_else(|| example?.get(&f.wire));
                                    let value = self.value(&f.ty, example, depth + 1)?;
                                    Some(match f.presence {
                                        crate::model::Presence::RequiredNullable => {
                                            format!("Some({})", owned(&f.ty, value))
                                        }
                                        _ => value,
                                    })
                                })
                                .collect::<Option<Vec<_>>>()?;
                            format!("{path}::new({})", args.join(", "))
                        }
                    }
                    TypeKind::Union(u) => {
                        let first = u.variants.first()?;
                        let value = owned(&first.ty, self.value(&first.ty, None, depth + 1)?);
                        let value = if first.boxed {
                            format!("Box::new({value})")
                        } else {
                            value
                        };
                        format!("{path}::{}({value})", first.name)
                    }
                    TypeKind::Alias(inner) => owned(inner, self.value(inner, example, depth + 1)?),
                    TypeKind::Responses(_) => return None,
                }
            }
        })
    }
}

/// A string literal where an owned `String` is needed.
fn owned(ty: &TypeRef, value: String) -> String {
    if *ty == TypeRef::String {
        format!("{value}.to_owned()")
    } else {
        value
    }
}
