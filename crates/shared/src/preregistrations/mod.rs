//! Pre-Registro: the wizard's requests, rules and catalogs, shared by the server and the
//! browser (SPEC §5). One file per step of the wizard, the requests and the view of a
//! pre-registration, and the catalogs (data in `data/preregistro/`).

mod additional;
mod attachments;
mod catalogs;
mod control;
mod requests;
mod trip;
mod view;

pub use additional::*;
pub use attachments::*;
pub use catalogs::*;
pub use control::*;
pub use requests::*;
pub use trip::*;
pub use view::*;

#[cfg(test)]
mod tests;
