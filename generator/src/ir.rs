//! The intermediate representation between OpenAPI and Rust.
//!
//! Lowering resolves every `$ref`, picks every Rust name, and decides every type; emitting only
//! prints what is here. All names in the IR are final Rust identifiers.

/// One service (one spec) of the generated crate.
#[derive(Debug, Clone)]
pub struct Service {
    /// The spec file the service comes from, as given on the command line.
    pub source: String,
    /// Module path inside the crate, e.g. `["sms", "v3"]`.
    pub module: Vec<String>,
    /// Title of the API.
    pub title: String,
    /// Description of the API, if any.
    pub description: Option<String>,
    /// Rust name of the client type, e.g. `SmsClient`.
    pub client_name: String,
    /// Service name as used in region environment variables, e.g. `SMS`.
    pub env_name: String,
    /// Known regions and their endpoints.
    pub regions: Vec<Region>,
    /// The servers requests go to by default, the first one the default; empty when the
    /// endpoint comes from the regions or from the caller.
    pub servers: Vec<Server>,
    /// The security schemes the spec declares.
    pub schemes: Vec<SecurityScheme>,
    /// The licence of the API, as a Cargo `license` value.
    pub license: Option<String>,
    /// Named types (schemas and generated helper types), in a stable order.
    pub types: Vec<TypeDef>,
    /// Operations, in a stable order.
    pub operations: Vec<Operation>,
    /// Error enums that several operations share, having documented the same error responses.
    pub shared_errors: Vec<SharedError>,
    /// Names of the webhooks the spec describes (requests the API sends, not answers), which
    /// the crate's docs mention and no code handles.
    pub webhooks: Vec<String>,
    /// Cargo features that each build a part of the operations, when the crate is generated
    /// with them (`--features-by`); empty otherwise.
    pub features: Vec<Feature>,
}

/// A Cargo feature of the generated crate, which builds the operations of one group (a tag,
/// or a path prefix) and the types they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name in `Cargo.toml`, e.g. `repos`.
    pub name: String,
    /// What it builds: the tag or the path prefix it comes from, with the tag's description.
    pub docs: String,
}

/// A region and its endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Region id, e.g. `cn-north-4`.
    pub id: String,
    /// Endpoint URL.
    pub endpoint: String,
    /// Name of the generated constant, e.g. `CN_NORTH_4`.
    pub const_name: String,
}

/// A server URL (absolute, or a path relative to the host) with its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// URL template with `{variable}` placeholders.
    pub url: String,
    /// Doc text.
    pub docs: Option<String>,
    /// Its variables.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// Whether the URL is a path only, relative to the host.
    pub fn is_relative(&self) -> bool {
        !self.url.contains("://")
    }
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// Name in the template.
    pub name: String,
    /// Rust name of its builder method, when it gets one.
    pub method: Option<String>,
    /// Default value.
    pub default: String,
    /// Allowed values; empty for any.
    pub allowed: Vec<String>,
    /// Doc text.
    pub docs: Option<String>,
}

/// A security scheme of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the spec, which operations' requirements use.
    pub name: String,
    /// Rust name of the builder method that sets its credentials.
    pub method: String,
    /// What it is.
    pub kind: SchemeKind,
    /// Doc text.
    pub docs: Option<String>,
}

/// The kinds of security schemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `Basic`.
    Basic,
    /// A bearer token: HTTP `Bearer`, OAuth 2, OpenID Connect.
    Bearer,
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// Where it goes.
        location: ParamLocation,
        /// Its name there.
        name: String,
    },
    /// `SDK-HMAC-SHA256` signing (`x-signing`), with the official Huawei SDKs' credentials.
    SdkHmac,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer type, e.g. `i64`.
    Integer(IntKind),
    /// A float type.
    Float(FloatKind),
    /// Any JSON value.
    Json,
    /// A named type of this service.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A tuple `(A, B, ..)`: an array of fixed length whose items have types by position
    /// (3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// A map from string keys to values.
    Map(Box<TypeRef>),
    /// `Option<T>`: the value may be JSON `null`.
    Nullable(Box<TypeRef>),
    /// A boxed named type (breaks recursion).
    Boxed(Box<TypeRef>),
    /// Raw bytes of a binary body.
    Bytes,
    /// A `multipart/form-data` body without a known shape, built with the runtime's `Multipart`.
    Multipart,
    /// A file sent as a part of a `multipart/form-data` body: the runtime's `FilePart`.
    File,
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntKind {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

/// Float widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatKind {
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Doc text from the spec.
    pub docs: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// What its schema says about values beyond their type.
    pub constraints: Box<Constraints>,
    /// The Cargo features that build it, any one of them (see [`Service::features`]); empty
    /// when it is always built.
    pub features: Vec<String>,
}

/// What a schema says about its values beyond their Rust type: format, bounds, lengths,
/// pattern and examples. Emitting ignores it; it lets tools make values the spec accepts.
/// Types, fields and parameters hold it boxed: it is larger than the rest of them, and lowering
/// moves them often.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `format`, as the spec spells it (`date-time`, `uuid`, `int64`, ...).
    pub format: Option<String>,
    /// `minimum`, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maximum`, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `example`.
    pub example: Option<serde_json::Value>,
    /// `default`.
    pub default: Option<serde_json::Value>,
    /// The constraints of an array's items, when they are given inline.
    pub items: Option<Box<Constraints>>,
    /// Branches of an `anyOf`/`oneOf` beside an object's properties that only require some
    /// of them: a value has the properties of at least one of these lists.
    pub required_one_of: Vec<Vec<String>>,
}

/// The shapes of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A closed set of string values, with a catch-all for values added later.
    StringEnum(Vec<EnumValue>),
    /// A closed set of integer values, with a catch-all for values added later.
    IntEnum(Vec<IntValue>),
    /// One of several types: tried in order, or chosen by a discriminator property.
    Union(Union),
    /// Another name for a type.
    Alias(TypeRef),
    /// The parts of a `multipart/form-data` body, as a struct with a field per part.
    Form(Vec<Part>),
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The struct field holding it; its wire name is the part's name.
    pub field: Field,
    /// How the value is written.
    pub encoding: PartEncoding,
    /// The part's media type from the spec's `encoding`, when it gives one.
    pub content_type: Option<String>,
}

/// How a part of a `multipart/form-data` body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartEncoding {
    /// A file (`format: binary`), or a list of files under the same name.
    File,
    /// By the value's shape: scalars as text, lists as the part repeated, objects as JSON
    /// (OpenAPI's default encoding).
    Value,
    /// As JSON, whatever the shape (the spec gives a JSON `contentType`).
    Json,
    /// `deepObject` style: a text part per property, named `name[property]`.
    DeepObject,
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Named fields.
    pub fields: Vec<Field>,
    /// Type of additional properties, kept in a flattened map.
    pub additional: Option<TypeRef>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Doc text.
    pub docs: Option<String>,
    /// The field's type, without the optionality wrapper.
    pub ty: TypeRef,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether `Debug` must hide the value (`format: password`, `x-sensitive`).
    pub sensitive: bool,
    /// What its schema says about values, when the schema is inline.
    pub constraints: Box<Constraints>,
}

/// A string enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub wire: String,
}

/// An integer enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntValue {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub wire: i64,
}

/// A union of types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The variants, in the spec's order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant, if the spec gives a discriminator.
    pub discriminator: Option<String>,
}

/// A variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The variant's content.
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Whether the union writes the discriminator (its one tag) when it writes the variant:
    /// the variant's struct has no field for a property that can hold that value only.
    pub writes_tag: bool,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId from the spec, if it has one.
    pub id: Option<String>,
    /// Rust name of the client method.
    pub fn_name: String,
    /// Name of the request struct, e.g. `UnlockTargetEcsRequest`.
    pub request_type: String,
    /// Name of the error enum, e.g. `UnlockTargetEcsError`.
    pub error_type: String,
    /// The shared enum (see [`Service::shared_errors`]) that `error_type` is an alias of, when
    /// other operations document the same error responses.
    pub shared_error: Option<String>,
    /// Name of the success enum, used when successes have different bodies.
    pub response_type: String,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/v3/tasks/{task_id}/unlock`.
    pub path: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Required permission, from `x-permission`.
    pub permission: Option<String>,
    /// Parameters.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Documented responses.
    pub responses: Vec<Response>,
    /// Headers the success responses document, read into a struct next to the body.
    pub headers: Option<ResponseHeaders>,
    /// Security requirements: alternatives, each the names of the schemes it needs together.
    pub security: Vec<Vec<String>>,
    /// The operation's own servers (or its path's), if it has any.
    pub servers: Vec<Server>,
    /// The `Accept` header: the media types the success answers are read as.
    pub accept: Option<String>,
    /// The spec's tags of the operation.
    pub tags: Vec<String>,
    /// The Cargo features that build it and its types, any one of them (see
    /// [`Service::features`]); empty when it is always built.
    pub features: Vec<String>,
}

/// The documented headers of an operation's successful answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// Name of the struct, e.g. `ListReposHeaders`.
    pub type_name: String,
    /// One optional field per header.
    pub fields: Vec<HeaderField>,
}

/// One documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// Rust field name.
    pub name: String,
    /// Header name on the wire.
    pub wire: String,
    /// Doc text.
    pub docs: Option<String>,
    /// Type of the value.
    pub ty: TypeRef,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a query parameter's array or object value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` with `explode: true` (the default): one pair per item.
    Exploded,
    /// Items joined by this separator: `,` (`form`, `explode: false`), ` ` (`spaceDelimited`),
    /// `|` (`pipeDelimited`).
    Delimited(char),
    /// `deepObject`: `name[property]=value`.
    DeepObject,
}

/// Who supplies a parameter's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamSource {
    /// The caller, through a field of the request struct.
    Request,
    /// The client's credentials (`x-credential-field`), e.g. `project_id`.
    Credential(String),
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust field name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Location.
    pub location: ParamLocation,
    /// Doc text.
    pub docs: Option<String>,
    /// Type, without optionality.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// Where the value comes from.
    pub source: ParamSource,
    /// Whether `Debug` must hide the value.
    pub sensitive: bool,
    /// How a query array or object is written.
    pub style: QueryStyle,
    /// What its schema says about values, when the schema is inline.
    pub constraints: Box<Constraints>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media types the caller can choose from; one in most operations.
    pub variants: Vec<BodyVariant>,
    /// Name of the enum over the variants, when there are several.
    pub enum_name: Option<String>,
    /// Whether the body must be given.
    pub required: bool,
    /// Doc text.
    pub docs: Option<String>,
}

/// One media type of a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyVariant {
    /// Variant name in the body enum.
    pub name: String,
    /// Media type, e.g. `application/json`.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Type of the body.
    pub ty: TypeRef,
    /// For a form body, the properties whose `encoding` says `style: deepObject`: their
    /// lists are sent indexed (`name[0]=…`), not as repeated keys.
    pub indexed: Vec<String>,
}

impl BodyVariant {
    /// The media type as requests carry it: lower-cased, as the runtime sends every media
    /// type, so that the generated literal is sent without a copy.
    pub fn sent_content_type(&self) -> String {
        self.content_type.to_ascii_lowercase()
    }
}

/// Body encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*/*+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`: a string as it is.
    Text,
    /// Anything else: bytes as they are.
    Binary,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class, e.g. `4XX` is `Range(4)`.
    Range(u16),
    /// Any other status.
    Default,
}

impl StatusMatch {
    /// Whether the responses it matches are successes (2xx).
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

/// An error enum that several operations share: their error types are aliases of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedError {
    /// Rust name, from the variants, e.g. `ClientOrServerError`.
    pub name: String,
    /// The error responses the operations document, in their order.
    pub responses: Vec<Response>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Statuses covered.
    pub status: StatusMatch,
    /// Variant name in the operation's error enum (unused for successes).
    pub variant: String,
    /// Description from the spec.
    pub docs: Option<String>,
    /// Type of the body, if it has one.
    pub body: Option<TypeRef>,
    /// How the body is encoded (JSON, text or binary).
    pub encoding: BodyEncoding,
    /// The media type the body is read as, if it has one.
    pub media: Option<String>,
}
