use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The arrival date of the receipt revision each revocation names: once its arrival
/// window has passed the receipt fails the date check anyway, so the snapshot officers'
/// devices keep leaves it out and stays small. Empty for the revocations recorded before,
/// which stay in.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReceiptRevocations::Table)
                    .add_column(
                        ColumnDef::new(ReceiptRevocations::ArrivalDate)
                            .date()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ReceiptRevocations::Table)
                    .drop_column(ReceiptRevocations::ArrivalDate)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum ReceiptRevocations {
    Table,
    ArrivalDate,
}
