#![no_main]
//! GitHub issues JSON reader, and format detection.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = porchlight::sources::github::parse(Path::new("fuzz.json"), data);
    let _ = porchlight::sources::detect(Path::new("fuzz.json"), data);
});
