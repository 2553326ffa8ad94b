//! `mock-server`: runs the built-in Datanuum stand-in on loopback until Ctrl-C or SIGTERM.

use anyhow::anyhow;

use super::{CliError, CliResult, MockArgs};

/// Starts the stand-in on 127.0.0.1:`port` (0 picks a free port) and prints its URL.
pub fn run(args: &MockArgs) -> CliResult {
    // TODO: start the stand-in once the mock module is merged.
    let _ = args;
    Err(CliError::failed(anyhow!(
        "the stand-in is not available in this build yet"
    )))
}
