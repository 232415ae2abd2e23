//! Validation: the [`engine`] (routing, compiled validators, instance errors) and the
//! [`input`] readers (NDJSON, JSON documents and arrays, folders, stdin). The ordered,
//! parallel pipeline that drives them and the printers live with the binary.

pub mod engine;
pub mod fast;
pub mod input;
