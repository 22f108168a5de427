use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Receipt private keys are stored sealed under a key-encryption key held outside the
/// database (`portal keys`); the column says so. The values themselves are sealed by the
/// server at start-up, which has the key-encryption key and this migration has not.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReceiptSigningKeys::Table)
                    .rename_column(
                        ReceiptSigningKeys::PrivateKeyPem,
                        ReceiptSigningKeys::PrivateKeySealed,
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReceiptSigningKeys::Table)
                    .rename_column(
                        ReceiptSigningKeys::PrivateKeySealed,
                        ReceiptSigningKeys::PrivateKeyPem,
                    )
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ReceiptSigningKeys {
    Table,
    PrivateKeyPem,
    PrivateKeySealed,
}
