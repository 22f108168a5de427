pub mod list_keys;
