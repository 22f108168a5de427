use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Citas: the days an office closes besides the public holidays (an operator's
/// `portal offices close`); publishing seats skips them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CitasClosures::Table)
                    .col(string_len(CitasClosures::OfficeCode, 64))
                    .col(date(CitasClosures::ClosedOn))
                    .col(string_len(CitasClosures::Reason, 200))
                    .col(timestamp_with_time_zone(CitasClosures::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(CitasClosures::OfficeCode)
                            .col(CitasClosures::ClosedOn),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CitasClosures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CitasClosures {
    Table,
    OfficeCode,
    ClosedOn,
    Reason,
    CreatedAt,
}
