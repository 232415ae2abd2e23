//! `evschema render`: the catalog as GitHub Flavored Markdown (or one HTML page).
//!
//! [`model::build`] turns a [`Catalog`](crate::catalog::Catalog) into a document model (no
//! Markdown); [`markdown`] writes that model to any `&mut dyn Write`. Nothing here knows about
//! the command line or the file system.

pub mod changes;
pub mod html;
pub mod markdown;
pub mod model;
pub mod text;

pub use model::{build, build_with, CatalogDoc, Options, RenderError};

/// The single document, as bytes.
pub fn document(doc: &CatalogDoc) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024 + doc.events.len() * 4096);
    // Writing into a Vec cannot fail.
    let _ = markdown::write_document(doc, &mut out);
    out
}

/// The single document as one self-contained HTML page.
pub fn html_document(doc: &CatalogDoc) -> Vec<u8> {
    html::page(&String::from_utf8_lossy(&document(doc))).into_bytes()
}

/// The `--split` pages: (file name, bytes), the index page first.
pub fn pages(doc: &CatalogDoc) -> Vec<(String, Vec<u8>)> {
    let names = markdown::page_names(doc);
    let mut out = Vec::with_capacity(names.len() + 1);
    let mut index = Vec::new();
    let _ = markdown::write_index_page(doc, &names, &mut index);
    out.push((markdown::INDEX_PAGE.to_owned(), index));
    for (i, name) in names.iter().enumerate() {
        let mut page = Vec::new();
        let _ = markdown::write_event_page(doc, i, &names, &mut page);
        out.push((name.clone(), page));
    }
    out
}
