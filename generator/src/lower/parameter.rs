//! Parameters: path, query, header and cookie parameters to IR parameters, and the repairs
//! that make a path template and its parameters agree.

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::schema::{constraints, is_sensitive, SchemaRef};
use super::{ext_str, Lowerer};
use crate::ir::{
    Constraints, Param, ParamLocation, ParamSource, QueryStyle as IrQueryStyle, TypeRef,
};
use crate::naming::{self, Scope};

impl Lowerer<'_> {
    /// Makes the path template and the path parameters agree, with a warning for each repair
    /// (the spec contradicts itself): a template variable declared in another location (`in:
    /// query`) becomes a path parameter; one left without a parameter takes the one path
    /// parameter the template does not name, when there is exactly one of each; any other is
    /// a new required text parameter of its name. A path parameter the template still does not
    /// name is not sent.
    pub(super) fn fix_template(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        ptr: &str,
        field_names: &mut Scope,
    ) {
        let variables = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect::<Vec<_>>();
        let named = |p: &Param| variables.contains(&p.wire_name);
        let unnamed = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path && !named(p))
            .count();
        let missing = variables
            .iter()
            .filter(|v| {
                !params
                    .iter()
                    .any(|p| p.location == ParamLocation::Path && &p.wire_name == *v)
            })
            .cloned()
            .collect::<Vec<_>>();
        for v in &missing {
            let elsewhere = params.iter_mut().find(|p| {
                &p.wire_name == v
                    && p.location != ParamLocation::Path
                    && p.source == ParamSource::Request
            });
            if let Some(p) = elsewhere {
                let was = format!("{:?}", p.location).to_lowercase();
                p.location = ParamLocation::Path;
                p.required = true;
                p.style = IrQueryStyle::Exploded;
                self.warn(
                    ptr,
                    format!("`{{{v}}}` of the path `{path}` is declared `in: {was}`; it is sent in the path"),
                );
                continue;
            }
            let single = unnamed == 1 && missing.len() == 1;
            let spare = params
                .iter_mut()
                .find(|p| p.location == ParamLocation::Path && !variables.contains(&p.wire_name));
            match spare {
                Some(p) if single => {
                    self.warn(
                        ptr,
                        format!(
                            "`{{{v}}}` of the path `{path}` has no path parameter; the path parameter `{}`, which the path does not name, fills it",
                            p.wire_name
                        ),
                    );
                    p.wire_name.clone_from(v);
                }
                _ => {
                    self.warn(
                        ptr,
                        format!("`{{{v}}}` of the path `{path}` has no path parameter; a required text parameter `{v}` fills it"),
                    );
                    params.push(Param {
                        name: field_names.claim(naming::value_name(v, "param")),
                        wire_name: v.clone(),
                        location: ParamLocation::Path,
                        docs: None,
                        ty: TypeRef::String,
                        required: true,
                        source: ParamSource::Request,
                        sensitive: false,
                        style: IrQueryStyle::Exploded,
                        constraints: Box::default(),
                    });
                }
            }
        }
        for p in params.iter() {
            if p.location == ParamLocation::Path && !variables.contains(&p.wire_name) {
                self.warn(
                    ptr,
                    format!(
                        "path parameter `{}` is not in the path `{path}`; it is not sent",
                        p.wire_name
                    ),
                );
            }
        }
    }

    pub(super) fn param(
        &mut self,
        param: &Parameter,
        prefix: &str,
        ptr: &str,
        field_names: &mut Scope,
    ) -> Option<Param> {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        // OpenAPI 3.0: header parameters named `Accept` or `Content-Type` are ignored; the
        // responses and the request body say those. (It says the same of `Authorization`,
        // which specs without a security scheme use as a plain parameter, and the servers
        // behind them require: kept.)
        let reserved = ["accept", "content-type"];
        if location == ParamLocation::Header
            && reserved.iter().any(|r| data.name.eq_ignore_ascii_case(r))
        {
            self.warn(
                ptr,
                format!(
                    "the header parameter `{}` is ignored, as OpenAPI 3 says: the request \
                     body and the responses set that header",
                    data.name
                ),
            );
            return None;
        }
        let style = match param {
            Parameter::Query { style, .. } => match style {
                // Swagger 2.0's tab-separated lists, which 3.0 has no style for.
                QueryStyle::Form
                    if ext_str(&data.extensions, "x-collection-format") == Some("tsv") =>
                {
                    IrQueryStyle::Delimited('\t')
                }
                QueryStyle::Form if data.explode == Some(false) => IrQueryStyle::Delimited(','),
                QueryStyle::Form => IrQueryStyle::Exploded,
                QueryStyle::SpaceDelimited => IrQueryStyle::Delimited(' '),
                QueryStyle::PipeDelimited => IrQueryStyle::Delimited('|'),
                QueryStyle::DeepObject => IrQueryStyle::DeepObject,
            },
            _ => IrQueryStyle::Exploded,
        };
        let hint = format!("{prefix}{}", naming::type_name(&data.name, "Param"));
        let (ty, sensitive, mut constraints) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let ty = self.type_of(SchemaRef::from(s), &hint, &format!("{ptr}/schema"));
                let (sensitive, constraints) = match s {
                    ReferenceOr::Item(s) => (is_sensitive(s), constraints(s)),
                    ReferenceOr::Reference { .. } => (false, Constraints::default()),
                };
                (ty, sensitive, constraints)
            }
            ParameterSchemaOrContent::Content(_) => {
                (TypeRef::String, false, Constraints::default())
            }
        };
        if data.example.is_some() {
            constraints.example = data.example.clone();
        }
        let ty = match ty {
            TypeRef::Nullable(inner) => *inner,
            other => other,
        };
        // A credential field fills the parameter: named on it, or, for path parameters, by
        // the document's `x-credential-parameters` (parameter name → field).
        let by_document = || {
            (location == ParamLocation::Path)
                .then(|| self.api.extensions.get("x-credential-parameters"))
                .flatten()
                .and_then(|map| map.get(&data.name))
                .and_then(serde_json::Value::as_str)
        };
        let source = match ext_str(&data.extensions, "x-credential-field").or_else(by_document) {
            Some(field) => ParamSource::Credential(field.to_owned()),
            None => ParamSource::Request,
        };
        let name = match source {
            ParamSource::Request => field_names.claim(naming::value_name(&data.name, "param")),
            ParamSource::Credential(_) => naming::value_name(&data.name, "param"),
        };
        Some(Param {
            name,
            wire_name: data.name.clone(),
            location,
            docs: data.description.clone(),
            ty,
            required: data.required || location == ParamLocation::Path,
            source,
            sensitive,
            style,
            constraints: Box::new(constraints),
        })
    }
}
