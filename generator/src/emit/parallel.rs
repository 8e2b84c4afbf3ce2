//! Renders long lists of items on every core.
//!
//! Parsing and pretty-printing dominate generation time on large specs (Stripe's models are
//! 250,000 lines), and items render independently: each thread takes chunks of items, builds
//! their tokens, renders them and spaces them; the chunks are joined in order, so the output
//! does not depend on the number of threads. Items built only with some Cargo features
//! (`--features-by`) get their `#[cfg]` here, on every Rust item they make, after parsing.
//! Items written as text directly ([`Rendered::Text`]) skip the parse and the printing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::spacing::Joined;
use super::{cfg, parse, render_unspaced};
use proc_macro2::TokenStream;

/// Items rendered together.
const CHUNK: usize = 64;

/// An item made ready for rendering.
pub enum Rendered {
    /// Tokens, to parse and pretty-print.
    Tokens(TokenStream),
    /// Text as prettyplease would print it (for an item without features).
    Text(String),
    /// Several of the above, in order.
    Parts(Vec<Rendered>),
}

/// Renders `items`, each to tokens or text by `item` with per-thread state from `init`, as one
/// text after `head` (taken as it is, so a large file is built in one buffer). Every Rust item
/// made from an item `t` gets the `#[cfg]` of the Cargo features `gate(t)` names, when it
/// names any. The calling thread renders too and, between its chunks, spaces and appends the
/// chunks ready in order, so little joining is left once the last chunk is done.
pub fn render_items<T, S>(
    head: String,
    items: &[T],
    init: impl Fn() -> S + Sync,
    item: impl Fn(&mut S, &T) -> Rendered + Sync,
    gate: impl Fn(&T) -> &[String] + Sync,
) -> Result<String, String>
where
    T: Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A fixed chunk size: the output must not depend on the machine.
    let chunks = items.chunks(CHUNK).collect::<Vec<_>>();
    let results = chunks.iter().map(|_| Mutex::new(None)).collect::<Vec<_>>();
    let next = AtomicUsize::new(0);
    // Renders the next chunk not taken yet; false when there is none.
    let render = |state: &mut S| {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(items) = chunks.get(index) else {
            return false;
        };
        let text = render_chunk(items, |t| item(state, t), &gate);
        if let Ok(mut slot) = results[index].lock() {
            *slot = Some(text);
        }
        true
    };
    let mut joined = Joined::new(head);
    let mut taken = 0;
    // Appends the chunks rendered so far that come next in order.
    let mut take_ready = |joined: &mut Joined| -> Result<(), String> {
        while let Some(slot) = results.get(taken) {
            let text = slot
                .lock()
                .map_err(|_| "a rendering thread failed".to_owned())?
                .take();
            let Some(text) = text else {
                break;
            };
            taken += 1;
            joined.push(&text?, chunks.len() - taken);
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(chunks.len()) {
            scope.spawn(|| {
                let mut state = init();
                while render(&mut state) {}
            });
        }
        let mut state = init();
        while render(&mut state) {
            take_ready(&mut joined)?;
        }
        Ok::<_, String>(())
    })?;
    take_ready(&mut joined)?;
    if taken < chunks.len() {
        return Err("a chunk was not rendered".into());
    }
    Ok(joined.finish())
}

/// Renders one chunk: runs of ungated items parse together, each gated one on its own to get
/// its `#[cfg]` on every Rust item it makes; text is taken as it is.
fn render_chunk<T>(
    items: &[T],
    mut item: impl FnMut(&T) -> Rendered,
    gate: &impl Fn(&T) -> &[String],
) -> Result<String, String> {
    let mut out = String::new();
    let mut run = TokenStream::new();
    let flush = |run: &mut TokenStream, out: &mut String| -> Result<(), String> {
        if !run.is_empty() {
            out.push_str(&render_unspaced(std::mem::take(run))?);
        }
        Ok(())
    };
    for t in items {
        let parts = match item(t) {
            Rendered::Parts(parts) => parts,
            one => vec![one],
        };
        for part in parts {
            let tokens = match part {
                Rendered::Text(text) => {
                    flush(&mut run, &mut out)?;
                    out.push_str(&text);
                    continue;
                }
                Rendered::Tokens(tokens) => tokens,
                Rendered::Parts(_) => return Err("parts within parts".into()),
            };
            let Some(cfg) = cfg(gate(t)) else {
                run.extend(tokens);
                continue;
            };
            flush(&mut run, &mut out)?;
            let mut part = parse(tokens)?;
            let cfg: syn::Attribute = syn::parse_quote!(#cfg);
            for rust in &mut part.items {
                let attrs = attrs_of(rust).ok_or("a gated item has no attributes")?;
                // After the docs, before derives and the rest.
                let at = attrs
                    .iter()
                    .position(|a| !a.path().is_ident("doc"))
                    .unwrap_or(attrs.len());
                attrs.insert(at, cfg.clone());
            }
            out.push_str(&prettyplease::unparse(&part));
        }
    }
    flush(&mut run, &mut out)?;
    Ok(out)
}

/// The attributes of an item, for the kinds emitting makes.
fn attrs_of(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    use crate::emit::render;

    #[test]
    fn chunked_output_equals_one_piece_output() {
        let names = (0..150).map(|i| format!("T{i}")).collect::<Vec<_>>();
        let item = |name: &String| {
            let id = format_ident!("{name}");
            if name.ends_with('7') {
                quote! { /// Documented.
                pub struct #id { pub x: i64 } }
            } else {
                quote! { pub type #id = i64; }
            }
        };
        let chunked = render_items(
            String::new(),
            &names,
            || (),
            |(), n| Rendered::Tokens(item(n)),
            |_| &[],
        )
        .expect("renders");
        let all = names.iter().map(item);
        let whole = render(quote! { #(#all)* }).expect("renders");
        assert_eq!(chunked, whole);
    }
}
