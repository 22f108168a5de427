//! The migrated schema itself, read from the database's catalog.

use crate::helpers::spawn_app;
use portal_persistence::ConnectionTrait;
use sea_orm::{DatabaseBackend, Statement};

/// `(table, columns in order)` of every foreign key, then of every index (primary keys and
/// unique constraints included).
async fn foreign_keys_and_indexes(
    db: &portal_persistence::DatabaseConnection,
) -> (Vec<(String, Vec<String>)>, Vec<(String, Vec<String>)>) {
    let backend = db.get_database_backend();
    let (foreign_keys, indexes) = match backend {
        DatabaseBackend::Postgres => (
            "SELECT c.conrelid::regclass::text AS table_name, \
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord) \
              FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord) \
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns \
             FROM pg_constraint c \
             WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace",
            "SELECT i.indrelid::regclass::text AS table_name, \
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord) \
              FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) \
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns \
             FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
             WHERE t.relnamespace = 'public'::regnamespace",
        ),
        _ => (
            "SELECT m.name AS table_name, group_concat(f.\"from\", ',') AS columns \
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' GROUP BY m.name, f.id",
            "SELECT m.name AS table_name, \
             (SELECT group_concat(name, ',') FROM \
              (SELECT c.name FROM pragma_index_info(l.name) c ORDER BY c.seqno)) AS columns \
             FROM sqlite_master m, pragma_index_list(m.name) l WHERE m.type = 'table'",
        ),
    };
    let mut lists = Vec::new();
    for sql in [foreign_keys, indexes] {
        let rows = db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .expect("catalog query");
        lists.push(
            rows.iter()
                .map(|row| {
                    let table: String = row.try_get("", "table_name").expect("table name");
                    let columns: String = row.try_get("", "columns").expect("columns");
                    (table, columns.split(',').map(str::to_owned).collect())
                })
                .collect(),
        );
    }
    let indexes = lists.pop().expect("indexes");
    (lists.pop().expect("foreign keys"), indexes)
}

/// Reading a traveler's rows by the column that ties them to the account (or session), and
/// the cascades when an account is deleted, must not scan whole tables.
#[tokio::test]
async fn every_foreign_key_leads_an_index() {
    let app = spawn_app().await;
    let (foreign_keys, indexes) = foreign_keys_and_indexes(&app.db).await;
    assert!(
        foreign_keys.len() >= 10,
        "the catalog query found the foreign keys: {foreign_keys:?}"
    );
    let unindexed: Vec<_> = foreign_keys
        .iter()
        .filter(|(table, columns)| {
            !indexes
                .iter()
                .any(|(t, index)| t == table && index.starts_with(columns))
        })
        .collect();
    assert!(
        unindexed.is_empty(),
        "foreign keys without an index: {unindexed:?}"
    );
}
