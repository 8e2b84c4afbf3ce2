//! Behaviour of the objects fixture's constructors (copied into the fixture crate and run by
//! the corpus test).

use std::collections::BTreeMap;

use fixture_objects::objects::{CreateThingRequest, Labels, Owner, Reactions, Thing, Wide};

#[test]
fn new_sets_the_required_fields_and_leaves_the_others_unset() {
    let thing = Thing::new(7, "gadget");
    assert_eq!(thing.id, 7);
    assert_eq!(thing.r#type, "gadget");
    assert_eq!(thing.display_name, None);
    assert_eq!(thing.note, None, "an optional, nullable field is absent, not null");
    assert_eq!(thing.owner, None);
    assert_eq!(serde_json::to_string(&thing).unwrap(), r#"{"id":7,"type":"gadget"}"#);

    let request = CreateThingRequest::new(thing.clone());
    assert_eq!(request.body, thing);
}

#[test]
fn new_starts_with_no_additional_properties() {
    let mut labels = Labels::new(String::from("box"));
    assert_eq!(labels.name, "box");
    assert!(labels.additional_properties.is_empty());
    labels.additional_properties.insert("colour".into(), "red".into());
    assert_eq!(
        serde_json::to_string(&labels).unwrap(),
        r#"{"name":"box","colour":"red"}"#
    );
}

#[test]
fn new_takes_every_required_field_in_order() {
    let owner = Owner {
        name: Some("ann".into()),
        ..Owner::default()
    };
    let h = BTreeMap::from([("n".to_owned(), 1)]);
    let wide = Wide::new("a", 2, true, 4.5, vec!["e".into()], owner.clone(), None, h.clone());
    assert_eq!(
        (wide.a.as_str(), wide.b, wide.c, wide.d),
        ("a", 2, true, 4.5)
    );
    assert_eq!(wide.e, ["e"]);
    assert_eq!(wide.f, owner);
    assert_eq!(wide.g, None, "a required nullable field is taken as an `Option`");
    assert_eq!(wide.h, h);
    assert_eq!(wide.i, None);
    assert_eq!(
        serde_json::to_value(&wide).unwrap(),
        serde_json::json!({
            "a": "a", "b": 2, "c": true, "d": 4.5, "e": ["e"], "f": {"name": "ann"},
            "g": null, "h": {"n": 1}
        })
    );
}

#[test]
fn arguments_renamed_for_clippy_still_go_to_their_fields() {
    let reactions = Reactions::new(1, 2, 3, "4", true);
    assert_eq!(
        (reactions.plus_1, reactions._1, reactions.field_1),
        (1, 2, 3)
    );
    assert_eq!((reactions._2nd.as_str(), reactions.foo), ("4", true));
    assert_eq!(
        serde_json::to_string(&reactions).unwrap(),
        r#"{"+1":1,"-1":2,"field_1":3,"2nd":"4","foo":true}"#
    );
}
