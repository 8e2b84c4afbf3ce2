//! Whether a document repeats a key in one of its objects.
//!
//! `openapiv3` reads a `$ref`-or-item that fails a second time, from a `serde_json::Value`, to
//! word its error; a value keeps only the last of repeated keys, so that second read can
//! succeed, and then `openapiv3` panics. The straight typed read is taken only for documents
//! without repeated keys; the others go through a value first, as every document that needs
//! repairs does.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Whether the JSON (`json`) or YAML `bytes` repeat a key; unreadable bytes count as yes, so
/// the generic read reports them.
pub fn any(bytes: &[u8], json: bool) -> bool {
    if json {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        Repeats.deserialize(&mut de).unwrap_or(true)
    } else {
        super::yaml::read_with(bytes, Repeats).unwrap_or(true)
    }
}

/// Reads a node, answering whether it or a node in it repeats a key.
#[derive(Clone, Copy)]
struct Repeats;

impl<'de> DeserializeSeed<'de> for Repeats {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Repeats {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i128<E>(self, _: i128) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u128<E>(self, _: u128) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_none<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<bool, A::Error> {
        // A YAML tag (`!name value`): the value under it still counts.
        let (IgnoredAny, variant) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let mut repeats = false;
        while let Some(inner) = seq.next_element_seed(self)? {
            repeats |= inner;
        }
        Ok(repeats)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut keys: Vec<Option<Cow<'de, str>>> = Vec::new();
        let mut repeats = false;
        while let Some(key) = map.next_key_seed(Key)? {
            repeats |= key.is_some() && keys.contains(&key);
            keys.push(key);
            repeats |= map.next_value_seed(self)?;
        }
        Ok(repeats)
    }
}

/// Reads a key as text; a key that is not a scalar is never compared.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed("null")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_at_any_depth_in_json_and_yaml() {
        assert!(!any(br#"{"a": {"b": 1, "c": [{"b": 2}]}, "b": 3}"#, true));
        assert!(any(br#"{"a": [{"in": "path", "in": "query"}]}"#, true));
        assert!(!any(b"a:\n  b: 1\n  c: [{b: 2}]\nb: 3\n", false));
        assert!(any(b"a:\n  - {x: 1, y: 2, x: 3}\n", false));
        assert!(any(b"{not json", true));
    }
}
