use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DocumentScans::Table)
                    .col(uuid(DocumentScans::Id).primary_key())
                    .col(uuid(DocumentScans::AccountId))
                    .col(string_len(DocumentScans::StorageKey, 200))
                    .col(string_len(DocumentScans::DocumentCode, 2))
                    .col(timestamp_with_time_zone(DocumentScans::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DocumentScans::Table, DocumentScans::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(TravelDocuments::Table)
                    .add_column(string_len_null(TravelDocuments::ImageKey, 200))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(TravelDocuments::Table)
                    .drop_column(TravelDocuments::ImageKey)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(DocumentScans::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TravelDocuments {
    Table,
    ImageKey,
}

#[derive(DeriveIden)]
enum DocumentScans {
    Table,
    Id,
    AccountId,
    StorageKey,
    DocumentCode,
    CreatedAt,
}
