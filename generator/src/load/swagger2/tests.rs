use std::path::Path;

use serde_json::{json, Value};

use super::upgrade;
use crate::load::parse;

fn upgraded(doc: Value) -> (Value, Vec<String>) {
    let mut doc = doc;
    let mut warnings = Vec::new();
    upgrade(&mut doc, "t.json", &mut warnings);
    (doc, warnings.iter().map(ToString::to_string).collect())
}

fn doc(extra: Value) -> Value {
    let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    doc
}

#[test]
fn host_base_path_and_schemes_become_servers_https_first() {
    let (d, _) = upgraded(doc(json!({
        "host": "api.example.com", "basePath": "/v1/", "schemes": ["HTTP", "https", "ws"]
    })));
    assert_eq!(d["openapi"], "3.0.3");
    assert_eq!(
        d["servers"],
        json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
    );
    let (d, _) = upgraded(doc(json!({"host": "h", "basePath": "/"})));
    assert_eq!(d["servers"], json!([{"url": "https://h"}]));
    let (d, _) = upgraded(doc(json!({"basePath": "/api/v1", "schemes": ["http"]})));
    assert_eq!(
        d["servers"],
        json!([{"url": "/api/v1"}]),
        "without a host, relative"
    );
    let (d, _) = upgraded(doc(json!({})));
    assert!(d.get("servers").is_none());
}

#[test]
fn body_parameters_are_request_bodies_per_consumed_type() {
    let (d, _) = upgraded(doc(json!({
        "consumes": ["application/json", "application/xml"],
        "paths": {"/pets": {"post": {
            "parameters": [{"in": "body", "name": "pet", "required": true, "description": "the pet",
                            "schema": {"$ref": "#/definitions/Pet"}}],
            "responses": {"200": {"description": "ok"}}
        }, "put": {
            "consumes": ["text/plain"],
            "parameters": [{"$ref": "#/parameters/Note"}],
            "responses": {"200": {"description": "ok"}}
        }}},
        "parameters": {"Note": {"in": "body", "name": "note", "schema": {"type": "string"}}},
        "definitions": {"Pet": {"type": "object"}}
    })));
    let post = &d["paths"]["/pets"]["post"];
    assert!(post.get("parameters").is_none());
    assert_eq!(
        post["requestBody"],
        json!({
            "description": "the pet", "required": true,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
                "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}
            }
        })
    );
    assert_eq!(
        d["paths"]["/pets"]["put"]["requestBody"],
        json!({"content": {"text/plain": {"schema": {"type": "string"}}}}),
        "a shared body parameter is inlined with the operation's consumes"
    );
    assert!(
        d["components"].get("parameters").is_none(),
        "body parameters are no 3.0 parameters"
    );
}

#[test]
fn form_parameters_are_a_form_body_and_files_make_it_multipart() {
    let (d, _) = upgraded(doc(json!({"paths": {
        "/a": {"post": {
            "consumes": ["application/x-www-form-urlencoded"],
            "parameters": [
                {"in": "formData", "name": "name", "type": "string", "required": true, "description": "who"},
                {"in": "formData", "name": "tags", "type": "array", "items": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok"}}
        }},
        "/b": {"post": {
            "parameters": [{"in": "formData", "name": "file", "type": "file"}],
            "responses": {"200": {"description": "ok"}}
        }}
    }})));
    assert_eq!(
        d["paths"]["/a"]["post"]["requestBody"],
        json!({"required": true, "content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["name"],
            "properties": {
                "name": {"type": "string", "description": "who"},
                "tags": {"type": "array", "items": {"type": "string"}}
            }
        }}}})
    );
    assert_eq!(
        d["paths"]["/b"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
            ["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
}

#[test]
fn simple_parameters_get_a_schema_and_collection_formats_a_style() {
    let (d, warnings) = upgraded(doc(json!({"paths": {"/a/{id}": {
        "parameters": [
            {"in": "path", "name": "id", "type": "integer", "format": "int64"},
            {"in": "query", "name": "q", "type": "string", "description": "path-level"}
        ],
        "get": {
            "parameters": [
                {"in": "query", "name": "q", "type": "string", "description": "own", "allowEmptyValue": true,
                 "x-example": "hi"},
                {"in": "query", "name": "csv", "type": "array", "items": {"type": "integer", "minimum": 1}},
                {"in": "query", "name": "multi", "type": "array", "collectionFormat": "multi", "items": {"type": "string"}},
                {"in": "query", "name": "ssv", "type": "array", "collectionFormat": "ssv", "items": {"type": "string"}},
                {"in": "query", "name": "pipes", "type": "array", "collectionFormat": "pipes", "items": {"type": "string"}},
                {"in": "query", "name": "tsv", "type": "array", "collectionFormat": "tsv", "items": {"type": "string"}},
                {"in": "header", "name": "h", "type": "array", "collectionFormat": "pipes", "items": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok"}}
        }
    }}})));
    let params = d["paths"]["/a/{id}"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let named = |n: &str| {
        params
            .iter()
            .find(|p| p["name"] == n)
            .cloned()
            .unwrap_or_else(|| panic!("no parameter {n}"))
    };
    assert_eq!(
        params.len(),
        8,
        "the path's `q` is replaced by the operation's"
    );
    assert_eq!(
        named("id"),
        json!({"name": "id", "in": "path", "required": true,
               "schema": {"type": "integer", "format": "int64"}})
    );
    assert_eq!(
        named("q"),
        json!({"name": "q", "in": "query", "description": "own", "allowEmptyValue": true,
               "example": "hi", "schema": {"type": "string"}})
    );
    let style = |n: &str| (named(n)["style"].clone(), named(n)["explode"].clone());
    assert_eq!(style("csv"), (json!("form"), json!(false)));
    assert_eq!(
        named("csv")["schema"],
        json!({"type": "array", "items": {"type": "integer", "minimum": 1}})
    );
    assert_eq!(style("multi"), (json!("form"), json!(true)));
    assert_eq!(style("ssv"), (json!("spaceDelimited"), json!(false)));
    assert_eq!(style("pipes"), (json!("pipeDelimited"), json!(false)));
    assert_eq!(named("tsv")["x-collection-format"], "tsv");
    assert!(named("h").get("style").is_none());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("t.json: /paths/~1a~1{id}/get/parameters/6/collectionFormat: "),
        "{warnings:?}"
    );
}

#[test]
fn responses_carry_their_schema_per_produced_type_with_examples_and_headers() {
    let (d, _) = upgraded(doc(json!({
        "produces": ["application/json"],
        "paths": {"/a": {"get": {
            "produces": ["application/json", "text/csv"],
            "responses": {
                "200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Row"}},
                        "examples": {"text/csv": "a,b"},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}}},
                "404": {"$ref": "#/responses/NotFound"},
                "204": {"description": "none"}
            }
        }}, "/b": {"get": {"responses": {"404": {"$ref": "#/responses/NotFound"}}}}},
        "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/Row"}}},
        "definitions": {"Row": {"type": "object"}}
    })));
    let responses = &d["paths"]["/a"]["get"]["responses"];
    let row = json!({"type": "array", "items": {"$ref": "#/components/schemas/Row"}});
    assert_eq!(
        responses["200"],
        json!({"description": "ok",
               "content": {"application/json": {"schema": row},
                           "text/csv": {"schema": row, "example": "a,b"}},
               "headers": {"X-Rate": {"description": "left", "schema": {"type": "integer"}}}})
    );
    // The shared response, in the media types this operation produces (not the document's).
    let row_ref = json!({"$ref": "#/components/schemas/Row"});
    assert_eq!(
        responses["404"],
        json!({"description": "gone",
               "content": {"application/json": {"schema": row_ref},
                           "text/csv": {"schema": row_ref}}})
    );
    // An operation producing what the document does refers to the shared 3.0 response.
    assert_eq!(
        d["paths"]["/b"]["get"]["responses"]["404"],
        json!({"$ref": "#/components/responses/NotFound"})
    );
    assert_eq!(responses["204"], json!({"description": "none"}));
    assert_eq!(
        d["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Row"}),
        "shared responses use the document's produces"
    );
}

#[test]
fn security_definitions_become_security_schemes() {
    let (d, warnings) = upgraded(doc(json!({
        "securityDefinitions": {
            "basic": {"type": "basic", "description": "user and password"},
            "key": {"type": "apiKey", "name": "api_key", "in": "query"},
            "oauth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a/auth",
                      "tokenUrl": "https://a/token", "scopes": {"read": "read things"}},
            "app": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a/token"},
            "odd": {"type": "magic"}
        },
        "security": [{"key": []}]
    })));
    let schemes = &d["components"]["securitySchemes"];
    assert_eq!(
        schemes["basic"],
        json!({"type": "http", "scheme": "basic", "description": "user and password"})
    );
    assert_eq!(
        schemes["key"],
        json!({"type": "apiKey", "name": "api_key", "in": "query"})
    );
    assert_eq!(
        schemes["oauth"],
        json!({"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token",
            "scopes": {"read": "read things"}}}})
    );
    assert_eq!(
        schemes["app"]["flows"]["clientCredentials"]["tokenUrl"],
        "https://a/token"
    );
    assert!(schemes.get("odd").is_none());
    assert_eq!(
        warnings,
        ["t.json: /securityDefinitions/odd: security type `magic` is not one of 2.0's; left out"]
    );
    assert_eq!(d["security"], json!([{"key": []}]));
}

#[test]
fn schema_keywords_of_2_0_are_said_the_3_0_way() {
    let (d, _) = upgraded(doc(json!({"definitions": {
        "Pet": {
            "type": "object", "discriminator": "kind",
            "properties": {
                "kind": {"type": "string"},
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": true, "description": "who"},
                "photo": {"type": "file"},
                "note": {"type": "string", "x-nullable": true},
                "tags": {"type": "object", "additionalProperties": {"$ref": "#/definitions/Owner"}}
            }
        },
        "Owner": {"type": "object", "x-go-name": "owner"}
    }})));
    let pet = &d["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(
        pet["properties"]["owner"],
        json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true, "description": "who"})
    );
    assert_eq!(
        pet["properties"]["photo"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        pet["properties"]["note"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        pet["properties"]["tags"]["additionalProperties"]["$ref"],
        "#/components/schemas/Owner"
    );
    assert_eq!(
        d["components"]["schemas"]["Owner"]["x-go-name"], "owner",
        "extensions stay"
    );
}

#[test]
fn a_2_0_document_loads_as_a_typed_3_0_one() {
    let text = r##"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "h", "basePath": "/v1",
        "paths": {"/pets": {"get": {"operationId": "list", "produces": ["application/json"],
            "parameters": [{"in": "query", "name": "limit", "type": "integer"}],
            "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}}}}},
        "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}"##;
    let spec = parse(text.as_bytes(), Path::new("t.json"), "t.json").expect("loads");
    assert_eq!(spec.openapi.servers[0].url, "https://h/v1");
    assert!(spec
        .openapi
        .components
        .as_ref()
        .is_some_and(|c| c.schemas.contains_key("Pet")));
    let op = spec.openapi.paths.paths["/pets"]
        .as_item()
        .and_then(|i| i.get.as_ref())
        .expect("get");
    assert_eq!(op.parameters.len(), 1);
}

#[test]
fn other_swagger_versions_and_broken_2_0_documents_are_located_errors() {
    let err = parse(
        br#"{"swagger": "1.2", "info": {}}"#,
        Path::new("t.json"),
        "t.json",
    )
    .expect_err("1.2 is not read");
    assert_eq!(
        err.to_string(),
        "t.json: /swagger: Swagger version \"1.2\" is not supported (2.0 is)"
    );
    let err = parse(
        br#"{"swagger": "2.0", "info": {"title": "t", "version": "1"},
             "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}}}"#,
        Path::new("t.json"),
        "t.json",
    )
    .expect_err("a description is text");
    assert!(
        err.to_string()
            .starts_with("t.json: /paths/~1a/get/responses/200: "),
        "{err}"
    );
    let err = parse(
        br#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": [1]}"#,
        Path::new("t.json"),
        "t.json",
    )
    .expect_err("paths is an object");
    assert!(err.to_string().starts_with("t.json: /paths: "), "{err}");
}
