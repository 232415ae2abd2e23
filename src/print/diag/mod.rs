//! Lint findings renderers: one file per output format. Each takes the sorted findings and
//! writes them.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

pub use evschema_core::diag::render::{NoSource, RuleMeta, SourceLines};
