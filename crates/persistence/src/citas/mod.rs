//! INM Citas: the seats of each office's published slots and who holds or booked them,
//! the applications (solicitudes), the appointments and the waitlist.

pub mod applications;
pub mod appointments;
pub mod closures;
pub mod seats;
pub mod waitlist;
