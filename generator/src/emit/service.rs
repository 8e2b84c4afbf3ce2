//! One service module: its description, regions, client type, models and operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, inner_docs, render, OutputFile};
use crate::ir::Service;

/// Emits the files of one service module.
pub fn emit(service: &Service) -> Result<Vec<OutputFile>, String> {
    let dir = format!("src/{}", service.module.join("/"));
    let mut files = vec![OutputFile {
        path: format!("{dir}/mod.rs"),
        source: service.source.clone(),
        contents: render(module(service))?,
    }];
    if !service.types.is_empty() {
        files.push(OutputFile {
            path: format!("{dir}/models.rs"),
            source: service.source.clone(),
            contents: super::models::emit(&service.types)?,
        });
    }
    if !service.operations.is_empty() {
        files.push(OutputFile {
            path: format!("{dir}/operations.rs"),
            source: service.source.clone(),
            contents: super::operations::emit(service)?,
        });
    }
    Ok(files)
}

fn module(service: &Service) -> TokenStream {
    let mut text = service.title.trim().to_owned();
    if let Some(d) = &service.description {
        text.push_str("\n\n");
        text.push_str(d.trim());
    }
    let module_doc = inner_docs(&text);

    let has_models = !service.types.is_empty();
    let has_ops = !service.operations.is_empty();
    let models = has_models.then(|| quote! { mod models; pub use models::*; });
    let operations = has_ops.then(|| quote! { mod operations; pub use operations::*; });

    let regions = regions(service);
    let regions_ref = if service.regions.is_empty() {
        quote!(&[])
    } else {
        quote!(regions::ALL)
    };
    let env_name = &service.env_name;
    let client = ident(&service.client_name);
    // The title is spec text, repaired by `docs`; the link is ours.
    let title_doc = docs(Some(&format!("Client for {}.", service.title.trim())));
    let builder_doc = format!(
        " Build one with [`{}::builder`]; clones share one connection pool.",
        service.client_name
    );
    let client_doc = quote! { #title_doc #[doc = ""] #[doc = #builder_doc] };
    // A spec without operations gets its types only.
    let client_def = has_ops.then(|| {
        quote! {
        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            client: runtime::Client,
        }

        impl #client {
            /// A builder for this service's client.
            pub fn builder() -> runtime::ClientBuilder<Self> {
                runtime::ClientBuilder::new(&SERVICE)
            }
        }

        impl From<runtime::Client> for #client {
            fn from(client: runtime::Client) -> Self {
                Self { client }
            }
        }
        }
    });
    quote! {
        #module_doc
        #models
        #operations
        use crate::runtime;

        #regions

        /// The service's name and regions, as the client builder needs them.
        pub const SERVICE: runtime::Service = runtime::Service {
            name: #env_name,
            regions: #regions_ref,
        };

        #client_def
    }
}

fn regions(service: &Service) -> Option<TokenStream> {
    if service.regions.is_empty() {
        return None;
    }
    let consts = service.regions.iter().map(|r| {
        let name = ident(&r.const_name);
        let doc = format!(" `{}`: <{}>", r.id, r.endpoint);
        let (id, endpoint) = (&r.id, &r.endpoint);
        quote! {
            #[doc = #doc]
            pub const #name: Region = Region::new(#id, #endpoint);
        }
    });
    let names = service.regions.iter().map(|r| ident(&r.const_name));
    Some(quote! {
        /// Regions that offer the service, with their endpoints.
        pub mod regions {
            use crate::runtime::Region;

            #(#consts)*

            /// Every region above.
            pub const ALL: &[Region] = &[#(#names),*];
        }
    })
}
