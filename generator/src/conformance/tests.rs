//! Tests of the caller program's generation.

use super::*;
use crate::ir::{Method, Param, ParamLocation, QueryStyle, Server};

fn param(name: &str, ty: TypeRef, required: bool, c: Constraints) -> Param {
    Param {
        name: name.into(),
        wire_name: name.into(),
        location: if required {
            ParamLocation::Path
        } else {
            ParamLocation::Query
        },
        docs: None,
        ty,
        required,
        source: ParamSource::Request,
        sensitive: false,
        style: QueryStyle::Exploded,
        constraints: Box::new(c),
    }
}

fn service(op: Operation) -> Service {
    Service {
        source: "s.yaml".into(),
        module: vec!["s".into()],
        title: "S".into(),
        description: None,
        client_name: "SClient".into(),
        env_name: "S".into(),
        regions: vec![],
        servers: vec![Server {
            url: "/api/{v}".into(),
            docs: None,
            variables: vec![crate::ir::ServerVariable {
                name: "v".into(),
                method: None,
                default: "v3".into(),
                allowed: vec![],
                docs: None,
            }],
        }],
        schemes: vec![crate::ir::SecurityScheme {
            name: "key".into(),
            method: "api_key".into(),
            kind: SchemeKind::ApiKey {
                location: ParamLocation::Header,
                name: "X-Key".into(),
            },
            docs: None,
        }],
        license: None,
        types: vec![],
        operations: vec![op],
        shared_errors: Vec::new(),
        webhooks: vec![],
        features: vec![],
    }
}

#[test]
fn calls_pass_required_values_to_new_and_set_optional_ones() {
    let pattern = Constraints {
        pattern: Some("^[a-z]+(".into()),
        ..Constraints::default()
    };
    let limit = Constraints {
        maximum: Some((100.0, false)),
        minimum: Some((5.0, false)),
        ..Constraints::default()
    };
    let op = Operation {
        id: Some("getThing".into()),
        fn_name: "get_thing".into(),
        request_type: "GetThingRequest".into(),
        error_type: "GetThingError".into(),
        shared_error: None,
        response_type: "GetThingResponse".into(),
        method: Method::Get,
        path: "/things/{id}".into(),
        summary: None,
        description: None,
        deprecated: false,
        permission: None,
        params: vec![
            param("id", TypeRef::String, true, Constraints::default()),
            param(
                "limit",
                TypeRef::Integer(crate::ir::IntKind::I32),
                false,
                limit,
            ),
            param("name", TypeRef::String, false, pattern),
        ],
        body: None,
        responses: vec![
            crate::ir::Response {
                status: StatusMatch::Code(200),
                variant: "Ok".into(),
                docs: None,
                body: None,
                encoding: BodyEncoding::Json,
                media: None,
            },
            crate::ir::Response {
                status: StatusMatch::Code(404),
                variant: "NotFound".into(),
                docs: None,
                body: None,
                encoding: BodyEncoding::Json,
                media: None,
            },
        ],
        headers: None,
        security: vec![],
        servers: vec![],
        accept: None,
        tags: Vec::new(),
        features: Vec::new(),
    };
    let program = caller_program(&service(op), "s_client", "s.yaml");
    assert!(program.contains(r#"GetThingRequest::new(judge::value::<String>("\"string\"")?)"#));
    assert!(program.contains(r#"request.limit = Some(judge::value("5")?);"#));
    // A pattern that cannot be read: the optional parameter is left unset.
    assert!(!program.contains("request.name"));
    assert!(program.contains(r#"&["/api/v3"]"#));
    assert!(program.contains(r#".api_key("api-key")"#));
    assert!(program.contains(r#"judge.record("get_thing", "GET /things/{id}", outcome);"#));
    // Each documented error status is asked for once more.
    assert!(program.contains("judge.prefer(Some(404));"));
    assert!(program
        .contains(r#"judge.record_status("get_thing", "GET /things/{id}", Some(404), outcome);"#));
    assert!(!program.contains("Some(200)"));
}

#[test]
fn error_statuses_cover_codes_classes_and_default() {
    let spec = r#"
openapi: 3.0.3
info: {title: Statuses, version: "1"}
paths:
  /a:
    get:
      responses:
        '200': {description: ok}
        '400': {description: bad}
        '4XX': {description: client}
        '5XX': {description: server}
        default: {description: other}
  /b:
    get:
      responses:
        '204': {description: ok}
        default: {description: other}
"#;
    let path = std::env::temp_dir().join(format!("statuses-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path, "statuses.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    let statuses = service
        .operations
        .iter()
        .map(error_statuses)
        .collect::<Vec<_>>();
    // 4XX asks for its first code not documented alone; default for one nothing covers.
    assert_eq!(statuses, [vec![400, 401, 500], vec![500]]);
}

#[test]
fn constraints_reach_the_program_from_a_spec() {
    let spec = r#"
openapi: 3.0.3
info: {title: Things, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: putThing
      parameters:
        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
        - {name: size, in: query, schema: {type: integer, minimum: 10, exclusiveMinimum: true}}
        - {name: code, in: query, schema: {type: string, pattern: '^AB[0-9]{3}$'}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [when, kind]
              properties:
                when: {type: string, format: date-time}
                kind: {type: string, enum: [small, large]}
                tags: {type: array, minItems: 2, items: {type: string, maxLength: 2}}
      responses:
        '204': {description: done}
components:
  schemas:
    Id: {type: string, format: uuid}
"#;
    let path = std::env::temp_dir().join(format!("conformance-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path, "things.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    let program = caller_program(&service, "things", "things.yaml");
    assert!(
        program.contains(r#"3fa85f64-5717-4562-b3fc-2c963f66afa6"#),
        "{program}"
    );
    assert!(
        program.contains(r#"request.size = Some(judge::value("11")?);"#),
        "{program}"
    );
    assert!(
        program.contains(r#"request.code = Some(judge::value("\"AB000\"")?);"#),
        "{program}"
    );
    assert!(
        program.contains(
            r#"{\"when\":\"2024-01-02T03:04:05Z\",\"kind\":\"small\",\"tags\":[\"st\",\"st\"]}"#
        ),
        "{program}"
    );
}

#[test]
fn unions_raw_bodies_and_undeclared_required_properties() {
    let spec = r#"
openapi: 3.0.3
info: {title: Tools, version: "1"}
paths:
  /tools:
    post:
      operationId: addTool
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [tool, strategy, odd]
              properties:
                tool: {$ref: '#/components/schemas/Tool'}
                strategy:
                  type: object
                  oneOf:
                    - $ref: '#/components/schemas/Auto'
                    - $ref: '#/components/schemas/Fixed'
                files:
                  type: array
                  nullable: true
                  items: {type: string}
                  required: [file_id]
      responses:
        '204': {description: done}
  /revoke:
    post:
      operationId: revoke
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [grant_type]
              properties:
                token: {type: string}
      responses:
        '204': {description: done}
  /raw:
    put:
      operationId: putRaw
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: byte}
      responses:
        '204': {description: done}
components:
  schemas:
    Tool:
      oneOf:
        - $ref: '#/components/schemas/Search'
        - $ref: '#/components/schemas/Auto'
      discriminator: {propertyName: type}
    Search:
      type: object
      required: [type, index]
      properties:
        type: {type: string, enum: [search]}
        index: {type: string}
    Auto:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [auto]}
    Fixed:
      type: object
      required: [type, size]
      properties:
        type: {type: string, enum: [fixed]}
        size: {type: integer}
"#;
    let path = std::env::temp_dir().join(format!("conformance-u-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path, "tools.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    let program = caller_program(&service, "tools", "tools.yaml");
    // The discriminator takes the value the variant allows; `type: object` with `oneOf`
    // is a union too; an array with a stray `required` stays an array; the undeclared
    // required property is sent.
    assert!(
        program.contains(
            r#"{\"tool\":{\"type\":\"search\",\"index\":\"string\"},\"strategy\":{\"type\":\"auto\"},\"files\":[\"string\"],\"odd\":{}}"#
        ),
        "{program}"
    );
    // In a form body an object makes no pair: the undeclared property is sent as text.
    assert!(
        program.contains(r#"{\"token\":\"string\",\"grant_type\":\"string\"}"#),
        "{program}"
    );
    assert!(program.contains(r#"client.put_raw(request)"#), "{program}");
    assert!(program.contains(r#"b"aGVsbG8=".to_vec()"#), "{program}");
}

#[test]
fn form_bodies_carry_nested_objects_in_full() {
    // A validator that rebuilds a deepObject body from its schema (Prism) makes `{}` of
    // each nested object left out (outside arrays); the form body has them all, the JSON
    // one only the top.
    let schema = r#"
              type: object
              properties:
                settings:
                  type: object
                  properties:
                    method: {type: string}
                    tax:
                      type: object
                      required: [enabled]
                      properties:
                        enabled: {type: boolean}
                        liability:
                          type: object
                          nullable: true
                          required: [kind]
                          properties: {kind: {type: string}}
                lines:
                  type: array
                  items:
                    type: object
                    properties:
                      tax: {type: object, required: [rate], properties: {rate: {type: string}}}"#;
    let spec = format!(
        r#"
openapi: 3.0.3
info: {{title: Schedules, version: "1"}}
paths:
  /form:
    post:
      operationId: postForm
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:{schema}
            encoding:
              settings: {{style: deepObject, explode: true}}
      responses:
        '204': {{description: done}}
  /json:
    post:
      operationId: postJson
      requestBody:
        content:
          application/json:
            schema:{schema}
      responses:
        '204': {{description: done}}
"#
    );
    let path = std::env::temp_dir().join(format!("conformance-f-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path, "schedules.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    let program = caller_program(&service, "schedules", "schedules.yaml");
    let form = r#"{\"settings\":{\"tax\":{\"enabled\":true,\"liability\":{\"kind\":\"string\"}}},\"lines\":[{}]}"#;
    let json = r#"{\"settings\":{},\"lines\":[{}]}"#;
    assert!(program.contains(form), "{program}");
    assert!(program.contains(json), "{program}");
}

#[test]
fn values_match_one_branch_and_closed_objects() {
    let spec = r#"
openapi: 3.0.3
info: {title: Labels, version: "1"}
paths:
  /workflows/{id}/labels:
    post:
      operationId: addLabels
      parameters:
        - name: id
          in: path
          required: true
          schema: {oneOf: [{type: integer}, {type: string}]}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - type: object
                  properties: {labels: {type: array, items: {type: string}}}
                - type: object
                  properties:
                    labels: {type: array, items: {type: object, properties: {name: {type: string}}}}
      responses:
        '204': {description: done}
  /manifests:
    post:
      operationId: convert
      parameters:
        - {name: sha, in: query, schema: {type: string, pattern: '^[0-9a-f]+$', minLength: 40}}
      requestBody:
        content:
          application/json:
            schema: {type: object, additionalProperties: false}
      responses:
        '204': {description: done}
"#;
    let path = std::env::temp_dir().join(format!("conformance-v-{}.yaml", std::process::id()));
    std::fs::write(&path, spec).unwrap();
    let loaded = crate::load::load(&path, "labels.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let _ = std::fs::remove_file(&path);
    let program = caller_program(&service, "labels", "labels.yaml");
    // A word matches the string branch only (a number is text in a path as well); the
    // branch gets its optional field, which tells it from the other object branch.
    assert!(
        program.contains(r#"AddLabelsRequest::new(judge::value("\"string\"")?, judge::value("{\"labels\":[\"string\"]}")?)"#),
        "{program}"
    );
    // No key is allowed; the pattern grows to the minimum length.
    assert!(
        program.contains(r#"request.body = Some(judge::value("{}")?);"#),
        "{program}"
    );
    let sha = format!(
        r#"request.sha = Some(judge::value("\"{}\"")?);"#,
        "a".repeat(40)
    );
    assert!(program.contains(&sha), "{program}");
}

#[test]
fn multipart_forms_are_built_part_by_part() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/multipart.yaml");
    let loaded = crate::load::load(&path, "multipart.yaml").unwrap();
    let (service, _) = crate::lower::lower(&loaded, &Default::default()).unwrap();
    let program = caller_program(&service, "mp", "multipart.yaml");
    let file = r#"runtime::FilePart::new("file.bin", b"hello".to_vec())"#;
    assert!(
        program.contains(&format!(
            r#"UploadRequest::new({{ let mut form = UploadForm::new({file}, judge::value("1")?);"#
        )),
        "{program}"
    );
    assert!(
        program.contains(&format!(
            "form.attachments = Some(vec![{file}; 1]); form }})"
        )),
        "{program}"
    );
    // Without a schema the parts are unknown.
    assert!(program.contains(r#"judge.record("post_raw", "POST /raw", Err("#));
}

#[test]
fn a_spec_without_operations_has_a_program_that_calls_nothing() {
    let op = Operation {
        id: None,
        fn_name: "x".into(),
        request_type: "XRequest".into(),
        error_type: "XError".into(),
        shared_error: None,
        response_type: "XResponse".into(),
        method: Method::Get,
        path: "/x".into(),
        summary: None,
        description: None,
        deprecated: false,
        permission: None,
        params: vec![],
        body: None,
        responses: vec![],
        headers: None,
        security: vec![],
        servers: vec![],
        accept: None,
        tags: Vec::new(),
        features: Vec::new(),
    };
    let mut s = service(op);
    s.operations.clear();
    let program = caller_program(&s, "c", "s.yaml");
    assert!(!program.contains("SClient"), "{program}");
    assert!(program.contains("fn main() {}"), "{program}");
}
