//! Conformance caller programs: a Rust program that calls every operation of a generated
//! client with values synthesized from the spec, for a validating mock server to judge.
//!
//! The program is made from the IR, like the client: one block per operation builds the
//! request (required fields through `new`, optional parameters and fields set too), calls the
//! operation through the `judge` proxy and prints the verdict as a JSON line. It needs the
//! `judge` crate (`tests/conformance/judge`), `tokio` and the client crate.

pub mod mock_spec;
pub mod pattern;
pub mod values;

use std::fmt::Write as _;
use std::path::Path;

use crate::ir::{
    Body, BodyEncoding, Constraints, Operation, ParamSource, Part, PartEncoding, SchemeKind,
    Service, StatusMatch, TypeKind, TypeRef,
};
use values::Synth;

/// The `src/main.rs` of the caller program of `service`, in the client crate `crate_name`.
pub fn caller_program(service: &Service, crate_name: &str, spec_name: &str) -> String {
    let synth = Synth::new(&service.types);
    let module = service.module.join("::");
    let client = &service.client_name;
    let mut out = String::new();
    out.push_str("//! Calls every operation of the client once; see `generator::conformance`.\n\n");
    out.push_str(
        "#![allow(deprecated, unused_mut, unused_imports, unused_variables, clippy::all)]\n\n",
    );
    let _ = writeln!(out, "use {crate_name}::runtime;");
    let _ = writeln!(out, "use {crate_name}::{module}::*;\n");
    out.push_str("#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n");
    out.push_str("    let upstream = std::env::args().nth(1).unwrap_or_else(|| \"http://127.0.0.1:4010\".into());\n");
    let strip = strip_prefixes(service);
    let _ = writeln!(
        out,
        "    let spec_file = concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../spec.json\");\n    \
         let mut judge = match judge::Judge::start({spec_name:?}, spec_file, &upstream, &{strip:?}).await {{\n        \
         Ok(j) => j,\n        Err(e) => {{ eprintln!(\"cannot start the proxy: {{e}}\"); std::process::exit(2) }}\n    }};"
    );
    let _ = write!(
        out,
        "    let client = match {client}::builder().endpoint(judge.url()).allow_http(true)"
    );
    for scheme in &service.schemes {
        let m = &scheme.method;
        let _ = match &scheme.kind {
            SchemeKind::Basic => write!(out, ".{m}(\"user\", \"password\")"),
            SchemeKind::Bearer => write!(out, ".{m}(\"access-token\")"),
            SchemeKind::ApiKey { .. } => write!(out, ".{m}(\"api-key\")"),
            SchemeKind::SdkHmac => write!(
                out,
                ".{m}(runtime::BasicCredentials::new(\"ak\", \"sk\", \"project-id\"))"
            ),
        };
    }
    for name in undeclared_schemes(service) {
        let _ = write!(out, ".authorization({name:?}, Undeclared)");
    }
    // One attempt per call: the verdict is on one answer; longer than the proxy waits for
    // the mock server, so a hung mock server is the proxy's verdict.
    out.push_str(".retry(runtime::RetryPolicy::disabled())");
    out.push_str(".attempt_timeout(std::time::Duration::from_secs(90))");
    out.push_str(
        ".build() {\n        Ok(c) => c,\n        Err(e) => { eprintln!(\"cannot build the client: {e}\"); std::process::exit(2) }\n    };\n",
    );
    // Each operation's calls are a function of their own, awaited boxed: one async `main`
    // holding every call overflows the stack for specs of hundreds of operations. The run
    // starts at the operation its second argument names: after the mock server stopped
    // answering, the program exits with status 3 naming the operation to resume at, and the
    // run restarts the mock server.
    out.push_str(
        "    let from: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(0);\n",
    );
    let _ = writeln!(
        out,
        "    for i in from..{} {{\n        match i {{",
        service.operations.len()
    );
    for i in 0..service.operations.len() {
        let _ = writeln!(
            out,
            "            {i} => Box::pin(call_{i}(&client, &mut judge)).await,"
        );
    }
    out.push_str(
        "            _ => {}\n        }\n        if judge.upstream_lost() {\n            \
         eprintln!(\"resume at {}\", i + 1);\n            std::process::exit(3);\n        }\n    }\n}\n",
    );
    for (i, op) in service.operations.iter().enumerate() {
        let _ = write!(
            out,
            "\nasync fn call_{i}(client: &{client}, judge: &mut judge::Judge) {{\n{}}}\n",
            call(op, &synth)
        );
    }
    if !undeclared_schemes(service).is_empty() {
        out.push_str(UNDECLARED);
    }
    out
}

/// Credentials for a scheme that requirements name but the spec never declares: the spec
/// says nothing about what it sends, so it sends nothing (the mock server checks nothing).
const UNDECLARED: &str = "
/// Credentials of a security scheme the spec does not declare: nothing to send.
#[derive(Debug)]
struct Undeclared;

impl runtime::AuthScheme for Undeclared {
    fn authorize<'a>(&'a self, _attempt: &'a mut runtime::Attempt<'_>) -> runtime::AuthFuture<'a> {
        Box::pin(async { Ok(()) })
    }
}
";

/// Names of the schemes that operations require and the spec does not declare, in order.
fn undeclared_schemes(service: &Service) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let names = service
        .operations
        .iter()
        .flat_map(|o| o.security.iter().flatten());
    for name in names {
        if !service.schemes.iter().any(|s| &s.name == name) && !out.contains(&name.as_str()) {
            out.push(name);
        }
    }
    out
}

/// Relative server paths the client puts before operation paths, which the proxy removes.
fn strip_prefixes(service: &Service) -> Vec<String> {
    let servers = service.servers.iter().take(1).chain(
        service
            .operations
            .iter()
            .flat_map(|o| o.servers.iter().take(1)),
    );
    let mut out = Vec::new();
    for server in servers.filter(|s| s.is_relative()) {
        let mut url = server.url.clone();
        for v in &server.variables {
            url = url.replace(&format!("{{{}}}", v.name), &v.default);
        }
        let url = format!("/{}", url.trim_matches('/'));
        if url != "/" && !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

/// A JSON text as a Rust string literal.
fn lit(value: &serde_json::Value) -> String {
    format!("{:?}", value.to_string())
}

/// The statements that call one operation and record the verdict.
fn call(op: &Operation, synth: &Synth<'_>) -> String {
    let route = format!("{:?} {}", op.method, op.path).to_uppercase();
    let route = match route.split_once(' ') {
        Some((m, _)) => format!("{m} {}", op.path),
        None => route,
    };
    let mut body = String::new();
    let request_params = op
        .params
        .iter()
        .filter(|p| p.source == ParamSource::Request)
        .collect::<Vec<_>>();
    let has_request = !request_params.is_empty() || op.body.is_some();
    let mut excluded = None;
    if has_request {
        let mut args = Vec::new();
        let mut sets = Vec::new();
        for p in &request_params {
            let value = lit(&synth.value(&p.ty, &p.constraints));
            let name = &p.name;
            if p.required {
                args.push(typed_value(&p.ty, &value));
            } else {
                if values::skip_optional(&p.ty, &p.constraints) {
                    continue;
                }
                sets.push(format!("request.{name} = Some(judge::value({value})?);"));
            }
        }
        if let Some(b) = &op.body {
            match body_value(b, synth) {
                Ok(expr) if b.required => args.push(expr),
                Ok(expr) => sets.push(format!("request.body = Some({expr});")),
                Err(reason) if b.required => excluded = Some(reason),
                Err(_) => {}
            }
        }
        let _ = writeln!(
            body,
            "            let mut request = {}::new({});",
            op.request_type,
            args.join(", ")
        );
        for s in sets {
            let _ = writeln!(body, "            {s}");
        }
    }
    let error = &op.error_type;
    let fn_name = &op.fn_name;
    let name = fn_name.trim_start_matches("r#");
    if let Some(reason) = excluded {
        return format!("    judge.record({name:?}, {route:?}, Err({reason:?}.to_owned()));\n");
    }
    let arg = if has_request { "request" } else { "" };
    // The default answer (Prism's first success), then each documented error status.
    let mut wanted = vec![None];
    wanted.extend(error_statuses(op).into_iter().map(Some));
    wanted
        .into_iter()
        .map(|code| {
            let prefer = match code {
                Some(c) => format!("    judge.prefer(Some({c}));\n"),
                None => String::new(),
            };
            let record = match code {
                Some(c) => format!(
                    "judge.record_status({name:?}, {route:?}, Some({c}), outcome);\n    judge.prefer(None);"
                ),
                None => format!("judge.record({name:?}, {route:?}, outcome);"),
            };
            format!("{prefer}{}", call_block(&body, fn_name, arg, error, &record))
        })
        .collect()
}

/// The statuses to ask the mock server for, one per documented error response: its code; for a
/// class (`4XX`) its first code that no response names on its own (Prism answers `Prefer:
/// code=400` from a `4XX` response); for `default` a common code no other response covers.
fn error_statuses(op: &Operation) -> Vec<u16> {
    let covered = |code: u16| {
        op.responses.iter().any(|r| match r.status {
            StatusMatch::Code(c) => c == code,
            StatusMatch::Range(class) => code / 100 == class,
            StatusMatch::Default => false,
        })
    };
    let named = |code: u16| {
        op.responses
            .iter()
            .any(|r| r.status == StatusMatch::Code(code))
    };
    let mut out = Vec::new();
    for r in &op.responses {
        let code = match r.status {
            _ if r.status.is_success() => None,
            StatusMatch::Code(code) => Some(code),
            StatusMatch::Range(class) => (class * 100..class * 100 + 100).find(|&c| !named(c)),
            StatusMatch::Default => [500, 400, 404, 422, 503].into_iter().find(|&c| !covered(c)),
        };
        if let Some(code) = code.filter(|c| !out.contains(c)) {
            out.push(code);
        }
    }
    out
}

/// One call of an operation, its outcome, and `record`.
fn call_block(body: &str, fn_name: &str, arg: &str, error: &str, record: &str) -> String {
    format!(
        "    {{\n        let outcome = async {{\n{body}            \
         let result = client.{fn_name}({arg}).await;\n            \
         Ok::<_, String>(match &result {{\n                \
         Ok(_) => judge::Outcome {{ decoded: true, detail: None }},\n                \
         Err(runtime::Error::Service(e)) if !matches!(e.kind, {error}::Other) => judge::Outcome {{ decoded: true, detail: None }},\n                \
         Err(runtime::Error::Service(e)) => judge::Outcome {{ decoded: false, detail: Some(format!(\"status {{}} is undocumented or its body does not match: {{}}\", e.status, judge::excerpt(&e.body))) }},\n                \
         Err(runtime::Error::Decode(e)) => judge::Outcome {{ decoded: false, detail: Some(format!(\"{{e}}: {{}}\", judge::excerpt(&e.body))) }},\n                \
         Err(e) => judge::Outcome {{ decoded: false, detail: Some(e.to_string()) }},\n            \
         }})\n        }}.await;\n        \
         {record}\n    }}\n"
    )
}

/// An expression of the value `value` (a JSON literal) for a `new` argument of type `ty`.
fn typed_value(ty: &TypeRef, value: &str) -> String {
    match ty {
        // `new` takes `impl Into<String>`: the type must be named.
        TypeRef::String => format!("judge::value::<String>({value})?"),
        _ => format!("judge::value({value})?"),
    }
}

/// The raw (`application/octet-stream` and the like) body sent: valid base64 ("hello").
const RAW_BODY: &str = "aGVsbG8=";

/// The request body: the JSON media type when there is one, else the first the program can
/// make; `Err` with the reason when there is none.
fn body_value(b: &Body, synth: &Synth<'_>) -> Result<String, String> {
    let preferred = b
        .variants
        .iter()
        .filter(|v| v.ty != TypeRef::Multipart)
        .min_by_key(|v| match v.encoding {
            BodyEncoding::Json => 0,
            BodyEncoding::Form => 1,
            BodyEncoding::Multipart => 2,
            BodyEncoding::Text => 3,
            BodyEncoding::Binary => 4,
        });
    let Some(variant) = preferred else {
        return Err(
            "multipart/form-data body without an object schema: its parts are unknown".into(),
        );
    };
    let form = match &variant.ty {
        TypeRef::Named(name) => synth.definition(name).and_then(|def| match &def.kind {
            TypeKind::Form(parts) => Some((name, parts)),
            _ => None,
        }),
        _ => None,
    };
    let expr = match (form, &variant.ty) {
        (Some((name, parts)), _) => {
            let expr = form_value(name, parts, synth);
            // In a body enum, the struct of parts is boxed like every struct.
            if b.enum_name.is_some() {
                format!("Box::new({expr})")
            } else {
                expr
            }
        }
        // Base64 text: bytes that also satisfy `format: byte`, which a raw body may declare.
        (None, TypeRef::Bytes) => format!("b{RAW_BODY:?}.to_vec()"),
        (None, ty) => {
            let value = if variant.encoding == BodyEncoding::Form {
                let mut value = synth
                    .completing_objects()
                    .value(ty, &Constraints::default());
                synth.scalar_any_fields(ty, &mut value);
                value
            } else {
                synth.value(ty, &Constraints::default())
            };
            let value = lit(&value);
            match ty {
                TypeRef::String => format!("judge::value::<String>({value})?"),
                _ => format!("judge::value({value})?"),
            }
        }
    };
    Ok(match &b.enum_name {
        Some(name) => format!("{name}::{}({expr})", variant.name),
        None => expr,
    })
}

/// Writes the client crate of `spec` into `out/client` and its caller program into
/// `out/caller` (crate `crate_name`, the judge crate at `judge` relative to the caller), and,
/// when Prism cannot read the spec as it is, the copy it should read instead into
/// `out/mock-spec.json` (with `out/mock-components.json`; see [`mock_spec`]).
pub fn write_caller(spec: &Path, out: &Path, crate_name: &str, judge: &str) -> Result<(), String> {
    let display = spec.display().to_string();
    let input = crate::SpecInput::new(spec, &display);
    let generated =
        crate::generate(std::slice::from_ref(&input), crate_name).map_err(|d| d.to_string())?;
    let client = out.join("client");
    crate::write::write(&client, &generated.files, false)
        .map_err(|e| format!("{}: {e}", client.display()))?;
    let loaded = crate::load::load(spec, &display).map_err(|d| d.to_string())?;
    let (service, _) = crate::lower::lower(&loaded, &crate::naming::Overrides::default())
        .map_err(|d| d.to_string())?;
    let spec_name = spec
        .file_name()
        .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
    let caller = out.join("caller");
    let mut files = vec![
        (
            caller.join("Cargo.toml"),
            caller_manifest(crate_name, "../client", judge),
        ),
        (
            caller.join("src/main.rs"),
            caller_program(&service, crate_name, &spec_name),
        ),
    ];
    let mock = out.join("mock-spec.json");
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{display}: {e}"))?;
    let mut doc: serde_json::Value = match serde_json::from_str(&text) {
        Ok(doc) => doc,
        Err(_) => serde_yaml::from_str(&text).map_err(|e| format!("{display}: {e}"))?,
    };
    // The judge checks answers the client could not decode against this JSON copy.
    files.push((out.join("spec.json"), doc.to_string()));
    let components = out.join(mock_spec::COMPONENTS_FILE);
    let renamed = mock_spec::literal_examples(&mut doc) > 0;
    let split = mock_spec::expanded_size(&doc) > mock_spec::SPLIT_ABOVE;
    if split {
        let moved = mock_spec::split_components(&mut doc, mock_spec::COMPONENTS_FILE);
        files.push((components.clone(), moved.to_string()));
    }
    if renamed || split {
        files.push((mock.clone(), doc.to_string()));
    }
    for (stale, wanted) in [(&mock, renamed || split), (&components, split)] {
        if !wanted && stale.exists() {
            std::fs::remove_file(stale).map_err(|e| format!("{}: {e}", stale.display()))?;
        }
    }
    for (path, text) in files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A file the program sends: its media type is what the spec documents for the part.
const FILE: &str = "runtime::FilePart::new(\"file.bin\", b\"hello\".to_vec())";

/// An expression of a multipart form `name`: `new` with the required parts (`default()` when
/// there are none), then the optional ones set.
fn form_value(name: &str, parts: &[Part], synth: &Synth<'_>) -> String {
    let value = |p: &Part| match &p.field.ty {
        TypeRef::File => FILE.to_owned(),
        TypeRef::Vec(_) if p.encoding == PartEncoding::File => {
            let count = p.field.constraints.min_items.unwrap_or(1).max(1);
            format!("vec![{FILE}; {count}]")
        }
        ty => {
            let value = lit(&synth.value(ty, &p.field.constraints));
            typed_value(ty, &value)
        }
    };
    let args = parts
        .iter()
        .filter(|p| p.field.required)
        .map(value)
        .collect::<Vec<_>>();
    let sets = parts
        .iter()
        .filter(|p| !p.field.required && !values::skip_optional(&p.field.ty, &p.field.constraints))
        .map(|p| format!(" form.{} = Some({});", p.field.name, value(p)))
        .collect::<String>();
    // A form whose parts are all optional has `Default` instead of `new`.
    let new = if parts.iter().any(|p| p.field.required) {
        format!("{name}::new({})", args.join(", "))
    } else {
        format!("{name}::default()")
    };
    format!("{{ let mut form = {new};{sets} form }}")
}

/// The `Cargo.toml` of the caller program of `crate_name`, at `client_path` relative to it.
pub fn caller_manifest(crate_name: &str, client_path: &str, judge_path: &str) -> String {
    format!(
        "[package]\nname = \"{crate_name}-caller\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{crate_name} = {{ path = {client_path:?} }}\njudge = {{ path = {judge_path:?} }}\n\
         tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n"
    )
}

#[cfg(test)]
mod tests {
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
            constraints: c,
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
        assert!(program.contains(
            r#"judge.record_status("get_thing", "GET /things/{id}", Some(404), outcome);"#
        ));
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
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/multipart.yaml");
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
}
