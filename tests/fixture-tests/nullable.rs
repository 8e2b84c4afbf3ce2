//! Behaviour of the optional-and-nullable fixture (copied into the fixture crate and run by
//! the corpus test).

use fixture_nullable::optional_nullable::{Expr, Record, Tree};

#[test]
fn optional_and_nullable_are_distinct() {
    let absent: Record = serde_json::from_str(r#"{"required_plain":"a","required_nullable":null}"#).unwrap();
    assert_eq!(absent.optional_nullable, None);
    assert_eq!(absent.required_nullable, None);
    let null: Record = serde_json::from_str(
        r#"{"required_plain":"a","required_nullable":"x","optional_nullable":null}"#,
    )
    .unwrap();
    assert_eq!(null.optional_nullable, Some(None));
    let value: Record = serde_json::from_str(
        r#"{"required_plain":"a","required_nullable":null,"optional_nullable":5}"#,
    )
    .unwrap();
    assert_eq!(value.optional_nullable, Some(Some(5)));
    for (record, text) in [
        (absent, r#"{"required_plain":"a","required_nullable":null}"#),
        (null, r#"{"required_plain":"a","required_nullable":"x","optional_nullable":null}"#),
        (value, r#"{"required_plain":"a","required_nullable":null,"optional_nullable":5}"#),
    ] {
        assert_eq!(serde_json::to_string(&record).unwrap(), text, "serializes back the same way");
    }
}

#[test]
fn recursive_types_nest() {
    let tree: Tree = serde_json::from_str(
        r#"{"value":"leaf","parent":{"value":"root"},"children":[{"value":"c"}]}"#,
    )
    .unwrap();
    assert_eq!(tree.parent.unwrap().value.as_deref(), Some("root"));
    let expr: Expr = serde_json::from_str(r#"{"left":{"value":1},"right":{"value":2}}"#).unwrap();
    assert!(matches!(expr, Expr::Literal(_) | Expr::Sum(_)));
}
