#![no_main]
//! Native JSON export reader.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = porchlight::sources::native::parse(Path::new("fuzz.json"), data);
});
