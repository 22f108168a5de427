//! INM Citas: the files an appointment comes with.

pub mod calendar;

#[cfg(test)]
mod tests;
