//! Types a schema implies without naming them: an `enum` without `type`, and 3.1's
//! `type: null` (which `load` rewrites as `nullable` with `x-null`).

use openapiv3::{
    BooleanType, IntegerType, NumberType, Schema, SchemaKind, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The schema with the type its `enum` implies when it names none: values all `true`/`false`
/// make a boolean, all text a string enum, all whole numbers an integer enum, all numbers a
/// number; a `null` among them makes it nullable. `None` when the schema names a type, has
/// other structure, or its values are of several kinds.
pub(super) fn typed_by_enum(schema: &Schema) -> Option<Schema> {
    let SchemaKind::Any(a) = &schema.schema_kind else {
        return None;
    };
    let structured = !a.properties.is_empty()
        || a.items.is_some()
        || !a.all_of.is_empty()
        || !a.one_of.is_empty()
        || !a.any_of.is_empty()
        || a.not.is_some();
    if a.typ.is_some() || a.enumeration.is_empty() || structured {
        return None;
    }
    let values = a
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .collect::<Vec<_>>();
    if values.is_empty() {
        return None;
    }
    let all = |test: fn(&Value) -> bool| values.iter().all(|v| test(v));
    let typ = if all(Value::is_boolean) {
        Type::Boolean(BooleanType {
            enumeration: values.iter().map(|v| v.as_bool()).collect(),
        })
    } else if all(Value::is_string) {
        Type::String(StringType {
            format: a.format.clone().map_or(
                VariantOrUnknownOrEmpty::Empty,
                VariantOrUnknownOrEmpty::Unknown,
            ),
            enumeration: values
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect(),
            ..StringType::default()
        })
    } else if all(Value::is_i64) {
        Type::Integer(IntegerType {
            enumeration: values.iter().map(|v| v.as_i64()).collect(),
            ..IntegerType::default()
        })
    } else if all(Value::is_number) {
        Type::Number(NumberType {
            enumeration: values.iter().map(|v| v.as_f64()).collect(),
            ..NumberType::default()
        })
    } else {
        return None;
    };
    let mut data = schema.schema_data.clone();
    data.nullable |= values.len() < a.enumeration.len();
    Some(Schema {
        schema_data: data,
        schema_kind: SchemaKind::Type(typ),
    })
}

/// Whether the schema admits `null` only (3.1's `type: null`).
pub(super) fn only_null(schema: &Schema) -> bool {
    schema.schema_data.extensions.get("x-null") == Some(&Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> Schema {
        serde_json::from_value(json).expect("a schema")
    }

    #[test]
    fn an_enum_without_type_takes_the_type_of_its_values() {
        let kind = |json| typed_by_enum(&schema(json)).map(|s| s.schema_kind);
        assert!(matches!(
            kind(serde_json::json!({"enum": [true, false]})),
            Some(SchemaKind::Type(Type::Boolean(_)))
        ));
        assert!(matches!(
            kind(serde_json::json!({"enum": ["a", "b"]})),
            Some(SchemaKind::Type(Type::String(s))) if s.enumeration == [Some("a".into()), Some("b".into())]
        ));
        assert!(matches!(
            kind(serde_json::json!({"enum": [1, 2]})),
            Some(SchemaKind::Type(Type::Integer(_)))
        ));
        assert!(matches!(
            kind(serde_json::json!({"enum": [1, 2.5]})),
            Some(SchemaKind::Type(Type::Number(_)))
        ));
        let nullable = typed_by_enum(&schema(serde_json::json!({"enum": ["a", null]})));
        assert!(nullable.is_some_and(|s| s.schema_data.nullable));
        assert!(kind(serde_json::json!({"enum": ["a", 1]})).is_none());
        assert!(kind(serde_json::json!({"enum": [null]})).is_none());
        assert!(kind(serde_json::json!({"type": "string", "enum": ["a"]})).is_none());
    }
}
