//! Corpus-like specs edited node by node (see `fuzz::mutate`), through the whole generator:
//! diagnostics in their form, or Rust that parses.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: fuzz::mutate::Input| {
    fuzz::generate(&fuzz::mutate::apply(&input), "fuzz.json");
});
