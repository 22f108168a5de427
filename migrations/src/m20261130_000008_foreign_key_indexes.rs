use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An index on each foreign-key column the earlier migrations left without one: the history
/// reads an account's pre-registrations by `account_id`, and deleting an account or closing
/// a session cascades through these columns. Without them each such read or delete scans
/// the whole table, which grows with every traveler. `IF NOT EXISTS`: on a large database an
/// operator can build them first with `CREATE INDEX CONCURRENTLY` under these names (this
/// migration runs in a transaction, where building one blocks writes to its table).
const INDEXES: [(&str, &str, &[&str]); 4] = [
    (
        "preregistrations_account_created",
        "preregistrations",
        &["account_id", "created_at"],
    ),
    ("account_tokens_account", "account_tokens", &["account_id"]),
    ("refresh_tokens_session", "refresh_tokens", &["session_id"]),
    ("document_scans_account", "document_scans", &["account_id"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(Alias::new(table)).if_not_exists();
            for column in columns {
                index.col(Alias::new(*column));
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
