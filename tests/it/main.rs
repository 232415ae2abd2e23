//! The integration tests: one binary, one module per command or concern, helpers shared
//! from [`support`]. Every test runs the real `evschema` binary on real files (or, in
//! `no_panic`, the library on generated input).

mod support;

mod config;
mod diff;
mod diff_blame;
mod drafts;
mod export;
mod hostile;
mod lint;
mod lint_foreign;
mod misc;
mod no_panic;
mod receiver;
mod refs;
mod render;
mod replay;
mod route;
mod shared_pieces;
mod subscriptions;
mod subscriptions_lint;
mod validate;
