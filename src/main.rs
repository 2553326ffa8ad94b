//! The `datanuum-sync` binary; everything it does lives in the library's [`cli`] module.
//!
//! [`cli`]: datanuum_sync::cli

fn main() -> std::process::ExitCode {
    datanuum_sync::cli::main()
}
