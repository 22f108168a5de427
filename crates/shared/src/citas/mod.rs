//! INM Citas (online appointments): the procedures, the offices and the holidays they close
//! on, as the data files of `crates/shared/data/citas/` describe them, what an office
//! has free, and the application, hold and appointment.

mod appointments;
mod availability;
mod catalogs;

pub use appointments::*;
pub use availability::*;
pub use catalogs::*;
