//! Reading JSON objects into the generated structs.
//!
//! Each struct implements [`FromObject`], a loop over the object's [`Members`] that matches
//! their names, and its `Deserialize` calls [`deserialize_object`]. This is what serde's derive
//! would do, in a fraction of the code: no identifier enum per struct, and no reading of a
//! struct from a JSON array, which no schema allows.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct read from the members of an object.
pub trait FromObject: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// Reads the struct from an object's members.
    fn from_object<'de, A: MapAccess<'de>>(members: Members<'de, A>) -> Result<Self, A::Error>;
}

/// Reads a `T` from an object; anything else is an error that names `T`.
pub fn deserialize_object<'de, T: FromObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(Members {
            map,
            input: PhantomData,
        })
    }
}

/// The members of an object, read one by one: a name, then its value.
pub struct Members<'de, A> {
    map: A,
    input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Members<'de, A> {
    /// The next member's name, or `None` after the last.
    pub fn next_name(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// Reads the value of member `name` into `slot`; a member that comes twice is an error.
    pub fn read<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the member just named.
    pub fn value<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        self.map.next_value()
    }

    /// Reads past the value of a member the struct does not name.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// The value of required member `name`, or the error that it is missing.
    pub fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, A::Error> {
        slot.ok_or_else(|| A::Error::missing_field(name))
    }
}

/// A member's name, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(name)))
    }

    fn visit_str<E>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name.to_owned())))
    }

    fn visit_string<E>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name)))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        tag: Option<String>,
        owner: Option<Option<String>>,
        extra: BTreeMap<String, i32>,
    }

    impl FromObject for Pet {
        const NAME: &'static str = "Pet";

        fn from_object<'de, A: MapAccess<'de>>(
            mut members: Members<'de, A>,
        ) -> Result<Self, A::Error> {
            let mut name: Option<String> = None;
            let mut tag: Option<Option<String>> = None;
            let mut owner: Option<Option<String>> = None;
            let mut extra = BTreeMap::new();
            while let Some(key) = members.next_name()? {
                match key.as_str() {
                    "name" => members.read(&mut name, "name")?,
                    "tag" => members.read(&mut tag, "tag")?,
                    "owner" => members.read(&mut owner, "owner")?,
                    "ignored" => members.skip()?,
                    _ => {
                        extra.insert(key.into_string(), members.value()?);
                    }
                }
            }
            Ok(Self {
                name: members.required(name, "name")?,
                tag: tag.flatten(),
                owner,
                extra,
            })
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_object(deserializer)
        }
    }

    fn pet(text: &str) -> Result<Pet, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn members_are_read_by_name_and_the_rest_collected() {
        let read = pet(r#"{"n\u0061me":"Rex","owner":null,"ignored":[1,{}],"age":3}"#);
        let expected = Pet {
            name: "Rex".into(),
            tag: None,
            owner: Some(None),
            extra: BTreeMap::from([("age".to_owned(), 3)]),
        };
        assert_eq!(read, Ok(expected));
        let read = pet(r#"{"name":"Rex","tag":null}"#).map(|p| (p.tag, p.owner));
        assert_eq!(read, Ok((None, None)));
    }

    #[test]
    fn missing_repeated_and_mistyped_members_are_errors() {
        let missing = pet(r#"{"tag":"a"}"#).unwrap_err();
        assert!(missing.starts_with("missing field `name`"), "{missing}");
        let twice = pet(r#"{"name":"a","name":"b"}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `name`"), "{twice}");
        let mistyped = pet(r#"{"name":"a","age":"old"}"#).unwrap_err();
        assert!(
            mistyped.starts_with("invalid type: string \"old\""),
            "{mistyped}"
        );
    }

    #[test]
    fn only_an_object_is_a_struct() {
        let array = pet(r#"["Rex",null,null,{}]"#).unwrap_err();
        assert!(
            array.starts_with("invalid type: sequence, expected an object for struct Pet"),
            "{array}"
        );
    }
}
