//! INM Citas: the files an appointment comes with — the calendar file and the
//! confirmation PDF.

pub mod calendar;
pub mod confirmation;

#[cfg(test)]
mod tests;
