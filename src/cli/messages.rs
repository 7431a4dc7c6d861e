//! How the command ends: the error with its whole chain of causes, the exit code, and a
//! closed standard output (`porchlight report docs | head`) treated as success.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::site::StrictFailure;

/// Exit codes (documented in docs/guide/commands.md "Exit codes").
const EXIT_ERROR: u8 = 1;
const EXIT_STRICT: u8 = 3;

/// Writes `text` to standard output. A reader that closed the pipe early (`| head`) is not an
/// error of ours: the error comes back as `BrokenPipe`, which [`exit`] treats as success,
/// where `print!` would panic.
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Whether the error is standard output closed under us.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error with its whole chain of causes, one "Reason:" line each.
fn report(e: &anyhow::Error) {
    eprintln!("error: {e}");
    for cause in e.chain().skip(1) {
        eprintln!("  Reason: {cause}");
    }
}

/// The exit code for a command's result, printing the error if there is one.
pub fn exit(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            if e.downcast_ref::<StrictFailure>().is_some() {
                ExitCode::from(EXIT_STRICT)
            } else {
                ExitCode::from(EXIT_ERROR)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_success_and_other_errors_are_not() {
        let pipe = anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe))
            .context("writing the report");
        assert!(is_broken_pipe(&pipe));
        assert_eq!(exit(Err(pipe)), ExitCode::SUCCESS);
        let denied = anyhow::Error::from(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(!is_broken_pipe(&denied));
        assert_eq!(exit(Err(denied)), ExitCode::from(EXIT_ERROR));
    }
}
