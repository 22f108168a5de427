//! The portal server: JSON API under `/api/v1`, Swagger UI at `/docs`, the OpenAPI
//! document at `/api-spec/openapi.json`, probes, and the web app at `/`.

pub mod auth;
pub mod captcha_check;
pub mod clock;
pub mod config;
pub mod error;
pub mod heavy_work;
pub mod keys;
pub mod maintenance;
pub mod openapi;
pub mod operator;
pub mod rate_limit;
pub mod routes;
pub mod spa;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
