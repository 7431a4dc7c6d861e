//! The `porchlight` binary: the allocator, then the command line in `porchlight::cli`.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes mimalloc give freed memory back to the system 10 ms after it is freed instead of
/// its default 1,000 ms (mimalloc 3). A build frees as it goes (the export buffer after the
/// read, each page once written, the page text once its excerpts are compressed), and with
/// the long delay that memory stayed resident. Measured (tmpfs, `MIMALLOC_PURGE_DELAY`):
/// 100,000 tickets 917-930 MiB peak against 977-1,006 MiB, for 0.3 s more of ~8 s;
/// 10,000 tickets 119-124 MiB against 156-186 MiB, for 0.02 s more of 0.85 s. A delay of
/// 0 (purge at once) cost 0.5 s more at 100,000 tickets and saved no more memory.
fn return_freed_memory_soon() {
    // `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the -sys crate names no
    // constant for it); the version is pinned in Cargo.lock.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // An explicit MIMALLOC_PURGE_DELAY in the environment still wins (for measuring).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain option value, before any thread is started.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

fn main() -> ExitCode {
    return_freed_memory_soon();
    porchlight::cli::main()
}
