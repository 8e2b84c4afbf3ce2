//! Renders long lists of items on every core.
//!
//! Parsing and pretty-printing dominate generation time on large specs (Stripe's models are
//! 170,000 lines), and items render independently: each thread takes chunks of items, builds
//! their tokens, and renders them; the chunks are joined in order, so the output does not
//! depend on the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;
use quote::quote;

use super::{render_unspaced, space_items};

/// Items rendered together.
const CHUNK: usize = 64;

/// Renders `items`, each to tokens by `item` with per-thread state from `init`, as one text.
pub fn render_items<T, S>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    item: impl Fn(&mut S, &T) -> TokenStream + Sync,
) -> Result<String, String>
where
    T: Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A fixed chunk size: the output must not depend on the machine.
    let chunks = items.chunks(CHUNK).collect::<Vec<_>>();
    let results = chunks.iter().map(|_| Mutex::new(None)).collect::<Vec<_>>();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut state = init();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(items) = chunks.get(index) else {
                break;
            };
            let tokens = items.iter().map(|i| item(&mut state, i));
            let text = render_unspaced(quote! { #(#tokens)* });
            if let Ok(mut slot) = results[index].lock() {
                *slot = Some(text);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.min(chunks.len()) {
            scope.spawn(work);
        }
        work();
    });
    let mut out = String::new();
    for slot in results {
        let text = slot
            .into_inner()
            .map_err(|_| "a rendering thread failed".to_owned())?
            .ok_or("a chunk was not rendered")??;
        out.push_str(&text);
    }
    Ok(space_items(&out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::format_ident;

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
        let chunked = render_items(&names, || (), |(), n| item(n)).expect("renders");
        let all = names.iter().map(item);
        let whole = render(quote! { #(#all)* }).expect("renders");
        assert_eq!(chunked, whole);
    }
}
