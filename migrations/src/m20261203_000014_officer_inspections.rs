use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An officer's inspection: opened by a valid QR at the officer's port on the arrival
/// date, it is what the attachments and the entry decision are read and recorded through
/// for a few minutes — the pre-registration id alone no longer opens anything.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OfficerInspections::Table)
                    .col(uuid(OfficerInspections::Id).primary_key())
                    .col(uuid(OfficerInspections::OfficerAccountId))
                    .col(uuid(OfficerInspections::PreregistrationId))
                    .col(integer(OfficerInspections::Revision))
                    .col(timestamp_with_time_zone(OfficerInspections::ExpiresAt))
                    .col(timestamp_with_time_zone(OfficerInspections::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OfficerInspections::Table,
                                OfficerInspections::OfficerAccountId,
                            )
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                OfficerInspections::Table,
                                OfficerInspections::PreregistrationId,
                            )
                            .to(Preregistrations::Table, Preregistrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            (
                "officer_inspections_officer_account_id",
                OfficerInspections::OfficerAccountId,
            ),
            (
                "officer_inspections_preregistration_id",
                OfficerInspections::PreregistrationId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(OfficerInspections::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OfficerInspections::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Preregistrations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OfficerInspections {
    Table,
    Id,
    OfficerAccountId,
    PreregistrationId,
    Revision,
    ExpiresAt,
    CreatedAt,
}
