//! The portal server: JSON API under `/api/v1`, Swagger UI at `/docs`, the OpenAPI
//! document at `/api-spec/openapi.json`, probes, and the web app at `/`.

pub mod audit_trail;
pub mod auth;
pub mod body_deadline;
pub mod captcha_check;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod error;
pub mod heavy_work;
pub mod keys;
pub mod maintenance;
pub mod multipart;
pub mod openapi;
pub mod operator;
pub mod passwords;
pub mod rate_limit;
pub mod routes;
pub mod security_headers;
pub mod spa;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;

/// Read before `main` runs, so `portal` restarts itself with them when they are missing:
/// Tesseract on one OpenMP thread (see `portal_scan::restart_with_one_openmp_thread`), and
/// glibc's allocator with two arenas and a fixed 128 KiB mmap threshold. Without the last
/// two, every blocking thread that once ran an argon2 hash (19 MiB) or an OCR kept that
/// memory in its own arena: 360 MB resident after 20 sign-ups and a scan, 870 MB under
/// the load benchmark; large buffers now go back to the system when freed.
pub const PROCESS_ENVIRONMENT: &[(&str, &str)] = &[
    ("OMP_THREAD_LIMIT", "1"),
    ("MALLOC_ARENA_MAX", "2"),
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
];
