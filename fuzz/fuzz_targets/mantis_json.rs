#![no_main]
//! MantisBT REST JSON reader.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = porchlight::sources::mantis::parse(Path::new("fuzz.json"), data);
});
