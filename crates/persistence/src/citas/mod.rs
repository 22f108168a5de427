//! INM Citas: the seats of each office's published slots, and who holds or booked them.

pub mod seats;
