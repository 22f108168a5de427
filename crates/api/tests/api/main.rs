#![allow(clippy::unwrap_used, clippy::expect_used)]
//! API integration tests: the real server on a random port against a fresh database.
//! `PORTAL_TEST_DATABASE=postgres` runs the same suite on PostgreSQL.

mod accounts;
mod audit_log;
mod bounded_work;
mod browser_headers;
mod citas_appointments;
mod citas_availability;
mod citas_offices;
mod citas_seats;
mod client_address;
mod documents;
mod email_delivery;
mod helpers;
mod http_edges;
mod keys_at_rest;
mod officers;
mod preregistrations;
mod privacy;
mod recovery;
mod roles;
mod scan;
mod schema;
mod second_factor;
mod sessions;
mod smtp_sink;
mod staff_accounts;
mod submissions;
mod trust_snapshot;
mod uploads;
