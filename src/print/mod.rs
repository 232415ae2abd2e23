//! Everything the binary prints: lint findings in every format, and validate's ordered
//! pipeline with its human, json and github output and the progress line.

pub mod diag;
pub mod progress;
pub mod route;
pub mod unified;
pub mod validate;
