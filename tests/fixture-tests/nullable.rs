//! Behaviour of the optional-and-nullable fixture (copied into the fixture crate and run by
//! the corpus test).

use fixture_nullable::optional_nullable::{Expr, Link, Literal, Product, Record, Term, Tree};

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

#[test]
fn new_takes_required_nullable_fields_as_options() {
    let record = Record::new("a", Some("b".to_owned()));
    assert_eq!(record.required_plain, "a");
    assert_eq!(record.required_nullable.as_deref(), Some("b"));
    assert_eq!((record.optional_plain.as_ref(), record.optional_nullable), (None, None));
    assert_eq!(record.ref_nullable, None);
    assert_eq!(record.free_form, None);
    let null = Record::new(String::new(), None);
    assert_eq!(
        serde_json::to_string(&null).unwrap(),
        r#"{"required_plain":"","required_nullable":null}"#,
        "a required nullable field is written as null"
    );
}

#[test]
fn new_boxes_recursive_fields_itself() {
    let chain = Link::new("first", Some(Link::new("second", None)));
    let next = chain.next.as_deref().unwrap();
    assert_eq!(next.value, "second");
    assert_eq!(next.next, None);
    assert_eq!(
        serde_json::to_string(&chain).unwrap(),
        r#"{"value":"first","next":{"value":"second","next":null}}"#
    );

    let one = Term::Literal(Literal { value: Some(1.0) });
    let two = Term::Literal(Literal { value: Some(2.0) });
    let inner = Product::new(two.clone(), one.clone());
    let product = Product::new(one.clone(), Term::Product(Box::new(inner)));
    assert_eq!(*product.left, one);
    let Term::Product(inner) = &*product.right else {
        panic!("the right operand is a product");
    };
    assert_eq!((&*inner.left, &*inner.right), (&two, &one));
    let text = serde_json::to_string(&product).unwrap();
    assert_eq!(
        text,
        r#"{"left":{"value":1.0},"right":{"left":{"value":2.0},"right":{"value":1.0}}}"#
    );
}
