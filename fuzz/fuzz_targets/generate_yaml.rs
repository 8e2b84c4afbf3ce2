//! Arbitrary bytes as a YAML spec, through the whole generator.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::generate(data, "fuzz.yaml"));
