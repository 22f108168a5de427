//! Schema migrations, applied by `portal migrate` (and by `portal serve` before it listens).

pub use sea_orm_migration::prelude::*;

mod m20261130_000001_accounts;
mod m20261130_000002_outbox_and_limits;
mod m20261130_000003_travel_documents;
mod m20261130_000004_document_images;
mod m20261130_000005_preregistrations;
mod m20261130_000006_decisions;
mod m20261130_000007_officers;
mod m20261130_000008_foreign_key_indexes;
mod m20261202_000009_sealed_receipt_keys;
mod m20261202_000010_document_scan_sizes;
mod m20261202_000011_staff_offboarding;
mod m20261202_000012_audit_chain;
mod m20261202_000013_staff_second_factor;
mod m20261203_000014_officer_inspections;
mod m20261203_000015_revocation_arrival;
mod m20261203_000016_citas_seats;
mod m20261204_000017_citas_appointments;
mod m20261204_000018_citas_waitlist;
mod m20261204_000019_citas_closures;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261130_000001_accounts::Migration),
            Box::new(m20261130_000002_outbox_and_limits::Migration),
            Box::new(m20261130_000003_travel_documents::Migration),
            Box::new(m20261130_000004_document_images::Migration),
            Box::new(m20261130_000005_preregistrations::Migration),
            Box::new(m20261130_000006_decisions::Migration),
            Box::new(m20261130_000007_officers::Migration),
            Box::new(m20261130_000008_foreign_key_indexes::Migration),
            Box::new(m20261202_000009_sealed_receipt_keys::Migration),
            Box::new(m20261202_000010_document_scan_sizes::Migration),
            Box::new(m20261202_000011_staff_offboarding::Migration),
            Box::new(m20261202_000012_audit_chain::Migration),
            Box::new(m20261202_000013_staff_second_factor::Migration),
            Box::new(m20261203_000014_officer_inspections::Migration),
            Box::new(m20261203_000015_revocation_arrival::Migration),
            Box::new(m20261203_000016_citas_seats::Migration),
            Box::new(m20261204_000017_citas_appointments::Migration),
            Box::new(m20261204_000018_citas_waitlist::Migration),
            Box::new(m20261204_000019_citas_closures::Migration),
        ]
    }
}
