//! Killing the build halfway: the previous site stays byte-identical, and the next build
//! succeeds and leaves no leftovers. The build is SIGKILLed (no chance to clean up) while it
//! writes the new site into the hidden sibling folder `.public.porchlight-tmp`.

#![cfg(unix)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A native export of `n` tickets with a few notes each: big enough that writing takes a
/// while (two files per ticket plus the search index).
fn export(n: usize, tag: &str) -> String {
    let tickets: Vec<serde_json::Value> = (1..=n)
        .map(|i| {
            serde_json::json!({"id": i, "subject": format!("{tag} ticket {i} export fails"), "status": "In Progress",
                "created": "2026-10-01T10:00:00Z", "description": format!("{tag} description {i}. ").repeat(20),
                "notes": [{"author": "a", "role": "customer", "created": "2026-10-02T10:00:00Z", "text": format!("{tag} note {i}")},
                          {"author": "b", "role": "staff", "created": "2026-10-03T10:00:00Z", "text": format!("{tag} reply {i}")}]})
        })
        .collect();
    serde_json::json!({"porchlight": 1, "tickets": tickets}).to_string()
}

fn leftovers(t: &SiteTest) -> Vec<String> {
    std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The manifest and the marker beside public/ are not leftovers: they belong to the
        // finished site.
        .filter(|n| {
            n.contains("porchlight-")
                && n != ".public.porchlight-manifest.json"
                && n != ".public.porchlight-site"
                && n != ".public.porchlight-anchors.json"
        })
        .collect()
}

#[test]
fn sigkill_while_writing_keeps_the_previous_site_and_the_next_build_recovers() {
    let t = SiteTest::new();
    t.write("tickets.json", &export(50, "OLD"));
    t.build(&[]).ok();
    let before = snapshot(&t.out());
    assert!(before.len() > 100);
    t.write("tickets.json", &export(8000, "NEW"));
    let tmp = t.path().join(".public.porchlight-tmp");
    let mut killed_while_writing = 0;
    // Kill at the moment the temp folder appears, and a little later, mid-write.
    for delay_ms in [0u64, 20, 60] {
        let mut child = Command::new(bin())
            .args(["build", "--now", NOW])
            .current_dir(t.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !tmp.exists() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it started writing"
            );
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "no temp folder after 120 s"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        if still_running {
            killed_while_writing += 1;
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
            // The half-written temp folder is there, the old site is untouched.
            assert_eq!(
                snapshot(&t.out()),
                before,
                "previous site changed after a kill {delay_ms} ms into writing"
            );
        }
    }
    assert!(
        killed_while_writing >= 1,
        "never caught the build while writing"
    );
    println!("killed {killed_while_writing} builds while writing");
    // The next build removes the leftovers and publishes the new site.
    let r = t.build(&[]).ok();
    assert!(
        r.stdout.contains("tickets published       8000"),
        "{}",
        r.stdout
    );
    assert_eq!(
        leftovers(&t),
        Vec::<String>::new(),
        "leftovers after the next build"
    );
    let after = snapshot(&t.out());
    assert!(after.contains_key("tickets/8000/index.html"));
    assert!(
        !after
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("OLD ticket")),
        "old pages survived"
    );
    // And it is the same site a clean build writes.
    let fresh = SiteTest::new();
    fresh.write("tickets.json", &export(8000, "NEW"));
    fresh.build(&[]).ok();
    let clean = snapshot(&fresh.out());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "file list differs from a clean build"
    );
    assert!(after == clean, "content differs from a clean build");
}
