//! Waiting for the operator to stop a long-running command: Ctrl-C everywhere, and SIGTERM
//! on Unix, which is what `kill` and service managers send.

use std::future::Future;

/// Installs the handlers now and returns a future that resolves when Ctrl-C or SIGTERM
/// arrives. Installing before the command announces itself matters: a signal that arrives
/// before the handler exists kills the process without cleanup. Call inside a tokio runtime.
///
/// A handler that cannot be installed is logged, and that signal then keeps its default
/// action.
pub fn shutdown() -> impl Future<Output = ()> {
    let handlers = install();
    async move { wait(handlers).await }
}

#[cfg(unix)]
type Handlers = (
    Option<tokio::signal::unix::Signal>,
    Option<tokio::signal::unix::Signal>,
);

#[cfg(unix)]
fn install() -> Handlers {
    use tokio::signal::unix::{SignalKind, signal};
    let watch = |kind: SignalKind, name: &str| match signal(kind) {
        Ok(stream) => Some(stream),
        Err(error) => {
            tracing::warn!(%error, signal = name, "cannot watch the signal");
            None
        }
    };
    (
        watch(SignalKind::interrupt(), "SIGINT"),
        watch(SignalKind::terminate(), "SIGTERM"),
    )
}

#[cfg(unix)]
async fn wait((interrupt, terminate): Handlers) {
    async fn next(stream: Option<tokio::signal::unix::Signal>) {
        match stream {
            Some(mut stream) => {
                stream.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
    tokio::select! {
        () = next(interrupt) => {}
        () = next(terminate) => {}
    }
}

#[cfg(not(unix))]
type Handlers = ();

#[cfg(not(unix))]
fn install() -> Handlers {}

#[cfg(not(unix))]
async fn wait((): Handlers) {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
