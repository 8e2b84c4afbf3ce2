//! Every YAML read of the generator goes through here: `serde_yaml` is no longer maintained
//! upstream, and a maintained drop-in would replace it in this one file.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The document as the typed model `T`.
pub fn typed<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_yaml::Error> {
    serde_yaml::from_slice(bytes)
}

/// The document read by `seed`.
pub fn read_with<'de, S: de::DeserializeSeed<'de>>(
    bytes: &'de [u8],
    seed: S,
) -> Result<S::Value, serde_yaml::Error> {
    seed.deserialize(serde_yaml::Deserializer::from_slice(bytes))
}

/// The document as a JSON value. Integers beyond 64 bits (which a JSON value holds only as
/// floats) become floats instead of failing the whole read.
pub fn value(bytes: &[u8]) -> Result<Value, serde_yaml::Error> {
    serde_yaml::Deserializer::from_slice(bytes)
        .deserialize_any(JsonVisitor)
        .map_err(|e: serde_yaml::Error| e)
}

/// Builds a [`Value`] from any self-describing input.
struct JsonVisitor;

/// One element of a sequence or map, read with [`JsonVisitor`].
struct Element(Value);

impl<'de> de::Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor).map(Element)
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Element(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        // Keys are text in JSON: YAML's `200:` is the key "200".
        while let Some(key) = map.next_key::<String>()? {
            let Element(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_integers_become_floats_and_keys_text() {
        let v = value(
            b"a: -9223372036854776000\nb: 18446744073709552000\nc: 7\n200: {x: [1, true, null]}\n",
        )
        .expect("reads");
        assert_eq!(v["a"].as_f64(), Some(-9_223_372_036_854_775_808.0));
        assert_eq!(v["b"].as_f64(), Some(18_446_744_073_709_552_000.0));
        assert_eq!(v["c"].as_i64(), Some(7));
        assert_eq!(v["200"]["x"], serde_json::json!([1, true, null]));
    }
}
