//! Serde helpers for fields that are both optional and nullable: `Option<Option<T>>`.
//!
//! `None` is an absent field (skipped when serializing), `Some(None)` is an explicit `null`,
//! `Some(Some(v))` is a value. Use with `#[serde(default, skip_serializing_if =
//! "Option::is_none", with = "crate::runtime::nullable")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `Some(None)` as `null` and `Some(Some(v))` as `v`.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(Some(v)) => v.serialize(serializer),
        _ => serializer.serialize_none(),
    }
}

/// Reads a present field: `null` as `Some(None)`, a value as `Some(Some(v))`.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::runtime::nullable"
        )]
        v: Option<Option<i32>>,
    }

    #[test]
    fn absent_null_and_value_round_trip() {
        for (text, value) in [("{}", None), (r#"{"v":null}"#, Some(None)), (r#"{"v":3}"#, Some(Some(3)))] {
            let parsed: Holder = serde_json::from_str(text).expect("parses");
            assert_eq!(parsed, Holder { v: value });
            assert_eq!(serde_json::to_string(&parsed).expect("serializes"), text);
        }
    }
}
