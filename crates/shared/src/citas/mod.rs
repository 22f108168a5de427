//! INM Citas (online appointments): the procedures, the offices and the holidays they close
//! on, as the data files of `crates/shared/data/citas/` describe them, and what an office
//! has free.

mod availability;
mod catalogs;

pub use availability::*;
pub use catalogs::*;
