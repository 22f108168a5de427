//! INM Citas (online appointments): the procedures, the offices and the holidays they close
//! on, as the data files of `crates/shared/data/citas/` describe them.

mod catalogs;

pub use catalogs::*;
