//! Behaviour of the enums fixture's generated types (copied into the fixture crate and run
//! by the corpus test).

use fixture_enums::enums_unions::{Cat, Kind, Pet, Priority, Shape};

#[test]
fn string_enums_keep_unknown_values_and_case() {
    let kinds: Vec<Kind> = serde_json::from_str(r#"["circle","Circle","","3d","hexagon"]"#).unwrap();
    assert_eq!(kinds[0], Kind::Circle);
    assert_ne!(kinds[0], kinds[1], "values that differ only in case stay distinct");
    assert_eq!(kinds[2].as_str(), "");
    assert_eq!(kinds[3].as_str(), "3d");
    assert_eq!(kinds[4], Kind::Unknown("hexagon".into()));
    assert_eq!(
        serde_json::to_string(&kinds).unwrap(),
        r#"["circle","Circle","","3d","hexagon"]"#
    );
}

#[test]
fn integer_enums_keep_unknown_values() {
    let values: Vec<Priority> = serde_json::from_str("[1, -1, 42]").unwrap();
    assert_eq!(values, [Priority::V1, Priority::Minus1, Priority::Unknown(42)]);
    assert_eq!(serde_json::to_string(&values).unwrap(), "[1,-1,42]");
}

#[test]
fn discriminators_pick_the_variant_and_keep_unknown_kinds() {
    let pets: Vec<Pet> = serde_json::from_str(
        r#"[{"petType":"kitten","lives":9},{"petType":"Dog","good":true},{"petType":"fish","fins":2}]"#,
    )
    .unwrap();
    assert_eq!(pets[0], Pet::Cat(Cat { pet_type: "kitten".into(), lives: Some(9) }));
    assert!(matches!(pets[1], Pet::Dog(_)));
    assert!(matches!(&pets[2], Pet::Unknown(v) if v["fins"] == 2));
    let back = serde_json::to_value(&pets).unwrap();
    assert_eq!(back[2]["petType"], "fish");
    assert_eq!(back[0]["lives"], 9);
}

#[test]
fn untagged_unions_try_variants_in_order() {
    let shapes: Vec<Shape> = serde_json::from_str(r#"[{"radius":1.5},"dot"]"#).unwrap();
    assert!(matches!(shapes[0], Shape::Circle(_)));
    assert_eq!(shapes[1], Shape::String("dot".into()));
}
