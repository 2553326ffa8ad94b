//! Waiting for the operator to stop a long-running command: Ctrl-C everywhere, and SIGTERM
//! on Unix, which is what `kill` and service managers send.

/// Resolves when Ctrl-C or SIGTERM arrives. If a signal handler cannot be installed, that
/// signal is never reported, which only means the command cannot be stopped that way.
pub async fn shutdown() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate() => {}
    }
}

#[cfg(unix)]
async fn terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut stream) => {
            stream.recv().await;
        }
        Err(error) => {
            tracing::warn!(%error, "cannot watch SIGTERM");
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await;
}
