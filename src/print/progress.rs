//! The progress line validate and replay show on stderr: it appears only after about a
//! second, redraws at most four times a second, and is cleared at the end; output written
//! through [`Progress::suspend`] never lands inside it.

use std::time::{Duration, Instant};

/// A spinner with a message, for runs longer than about a second; off unless `enabled`
/// (stderr is a terminal and `--quiet` was not given).
pub struct Progress {
    enabled: bool,
    started: Instant,
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            started: Instant::now(),
            bar: None,
        }
    }

    /// Shows `message(elapsed)` once the run has lasted a second.
    pub fn update(&mut self, message: impl FnOnce(Duration) -> String) {
        if !self.enabled {
            return;
        }
        let elapsed = self.started.elapsed();
        if self.bar.is_none() && elapsed.as_millis() >= 1000 {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr_with_hz(4),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_message(message(elapsed));
            bar.tick();
        }
    }

    /// Runs `f` with the progress line hidden, so output never lands inside it.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Events per second over `elapsed`.
pub fn rate(count: u64, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64().max(0.001)
}
