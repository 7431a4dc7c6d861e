#![no_main]
//! MantisBT XML export reader.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = porchlight::sources::mantis::parse_xml(Path::new("fuzz.xml"), data);
});
