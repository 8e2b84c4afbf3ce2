//! Writing a branch of a tagged union whose struct leaves the tag to the union.

use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes `value`, an object, with `property` set to `tag` first.
pub fn serialize_tagged<T, S>(
    property: &str,
    tag: &str,
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: Serialize + ?Sized,
    S: Serializer,
{
    let mut object = Map::new();
    object.insert(property.to_owned(), Value::String(tag.to_owned()));
    match serde_json::to_value(value).map_err(S::Error::custom)? {
        Value::Object(fields) => {
            for (name, field) in fields {
                if name != property {
                    object.insert(name, field);
                }
            }
        }
        _ => {
            return Err(S::Error::custom(
                "a tagged union's branch must be an object",
            ))
        }
    }
    object.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Range {
        end: f64,
    }

    struct Tagged(Range);

    impl Serialize for Tagged {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_tagged("type", "range_to", &self.0, serializer)
        }
    }

    #[test]
    fn the_tag_comes_first_and_a_scalar_is_refused() {
        let text = serde_json::to_string(&Tagged(Range { end: 2.5 })).expect("serializes");
        assert_eq!(text, r#"{"type":"range_to","end":2.5}"#);
        let refused = serde_json::to_string(&ScalarTagged);
        assert!(refused.is_err_and(|e| e.to_string().contains("must be an object")));
    }

    struct ScalarTagged;

    impl Serialize for ScalarTagged {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_tagged("type", "x", &1, serializer)
        }
    }
}
