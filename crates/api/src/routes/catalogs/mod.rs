pub mod get_catalog;
