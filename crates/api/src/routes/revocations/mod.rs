pub mod list_revocations;
