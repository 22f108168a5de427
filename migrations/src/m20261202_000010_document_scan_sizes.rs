use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The size of each passport photo waiting to be registered, so that the photos kept for
/// people who never register stay within a disk quota.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DocumentScans::Table)
                    .add_column(
                        ColumnDef::new(DocumentScans::ByteSize)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DocumentScans::Table)
                    .drop_column(DocumentScans::ByteSize)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum DocumentScans {
    Table,
    ByteSize,
}
