//! Bulk changes (issue 18): targeting people by CSV and, later, applying one change to many
//! people as a background job on the shared job runner (`src/jobs`). So far only the CSV
//! targeting format lives here: see [`csv`].

pub mod csv;
