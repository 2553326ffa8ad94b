//! Putting the terminal into screen mode and always getting it back out.
//!
//! Three paths lead out of the screen and each restores cooked mode, the main screen, the
//! cursor and mouse reporting: a normal return (the [`TerminalGuard`] drop), a panic (the
//! hook restores first, then runs the previously installed hook so the message is readable),
//! and SIGTERM or SIGHUP (the watcher sends the loop a message to end, so the guard runs as usual).

use std::io::{self, Write};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

use super::message::{Message, MessageSender};

/// Restores the terminal when dropped.
#[derive(Debug)]
pub struct TerminalGuard {
    _private: (),
}

impl TerminalGuard {
    /// Enables raw mode, the alternate screen and mouse capture.
    pub fn enter() -> io::Result<TerminalGuard> {
        enable_raw_mode()?;
        let guard = TerminalGuard { _private: () };
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        if let Err(error) = restore() {
            tracing::warn!(%error, "restoring the terminal failed");
        }
    }
}

/// Leaves raw mode, the alternate screen and mouse capture, and shows the cursor.
/// Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let mut stdout = io::stdout();
    let screen = execute!(
        stdout,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let raw = disable_raw_mode();
    stdout.flush()?;
    screen.and(raw)
}

/// Installs a panic hook that restores the terminal, then runs the previous hook.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = restore();
        previous(info);
    }));
}

/// Sends [`Message::Terminate`] when SIGTERM or SIGHUP arrives.
#[cfg(unix)]
pub fn watch_signals(sender: MessageSender) -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM received, leaving the screen"),
            _ = hangup.recv() => tracing::info!("SIGHUP received, leaving the screen"),
        }
        let _ = sender.send(Message::Terminate);
    });
    Ok(())
}

/// Signals other than Ctrl-C are a Unix matter; elsewhere nothing is watched.
#[cfg(not(unix))]
pub fn watch_signals(_sender: MessageSender) -> io::Result<()> {
    Ok(())
}
