//! INM Citas: the seats of each office's published slots and who holds or booked them,
//! the applications (solicitudes) and the appointments.

pub mod applications;
pub mod appointments;
pub mod seats;
