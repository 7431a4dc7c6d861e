#![no_main]
//! porchlight.toml.
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = porchlight::config::Config::parse(Path::new("fuzz/porchlight.toml"), text);
    }
});
