#![no_main]
//! Docs: +++ TOML front matter and body.
use libfuzzer_sys::fuzz_target;


fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = porchlight::sources::docs::parse_doc("fuzz.md", "fuzz", text);
    }
});
