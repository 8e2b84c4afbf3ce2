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
    if service.operations.is_empty() {
        // Its crate has types only (webhooks, say): no client, nothing to call.
        return "//! The spec has no operations: nothing to call.\n\nfn main() {}\n".to_owned();
    }
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
/// `out/caller` (crate `crate_name`, the judge crate at `judge` relative to the caller), and the
/// JSON copy of the spec that Prism reads into `out/mock-spec.json`: a folder of API Explorer
/// definitions merged, with the changes Prism needs (and `out/mock-components.json`; see
/// [`mock_spec`]). The `overlays` apply to the client as they do in [`crate::generate`]; the
/// mock server reads the spec without them (they say what the document does not: names,
/// regions, signing, where a parameter comes from, not what goes on the wire).
pub fn write_caller(
    spec: &Path,
    overlays: &[std::path::PathBuf],
    out: &Path,
    crate_name: &str,
    judge: &str,
) -> Result<(), String> {
    let display = spec.display().to_string();
    let mut input = crate::SpecInput::new(spec, &display);
    input.overlays = overlays.to_vec();
    let generated =
        crate::generate(std::slice::from_ref(&input), crate_name).map_err(|d| d.to_string())?;
    let client = out.join("client");
    crate::write::write(&client, &generated.files, false)
        .map_err(|e| format!("{}: {e}", client.display()))?;
    let loaded = crate::load::load_with(spec, &display, overlays).map_err(|d| d.to_string())?;
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
    let mut doc = crate::load::document(spec, &display).map_err(|d| d.to_string())?;
    // The judge checks answers the client could not decode against this JSON copy.
    files.push((out.join("spec.json"), doc.to_string()));
    let components = out.join(mock_spec::COMPONENTS_FILE);
    mock_spec::literal_examples(&mut doc);
    // Prism reads `$ref`s to a schema's `$id` or `$anchor` (OpenAPI 3.1) as files.
    crate::load::resolve_ids(&mut doc);
    let split = mock_spec::expanded_size(&doc) > mock_spec::SPLIT_ABOVE;
    if split {
        let moved = mock_spec::split_components(&mut doc, mock_spec::COMPONENTS_FILE);
        files.push((components.clone(), moved.to_string()));
    }
    files.push((out.join("mock-spec.json"), doc.to_string()));
    if !split && components.exists() {
        std::fs::remove_file(&components).map_err(|e| format!("{}: {e}", components.display()))?;
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
mod tests;
