use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Citas: the waitlist (an application waiting for a seat at an office in a range of
/// days; `active_key`, its application while it waits or holds an offer, keeps one
/// wait per application), and the office an officer serves at.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CitasWaitlist::Table)
                    .col(uuid(CitasWaitlist::Id).primary_key())
                    .col(uuid(CitasWaitlist::AccountId))
                    .col(uuid(CitasWaitlist::ApplicationId))
                    .col(string_len(CitasWaitlist::OfficeCode, 64))
                    .col(date(CitasWaitlist::FromDate))
                    .col(date(CitasWaitlist::UntilDate))
                    .col(string_len(CitasWaitlist::Status, 16))
                    .col(string_len_null(CitasWaitlist::ActiveKey, 64))
                    .col(uuid_null(CitasWaitlist::OfferedSeatId))
                    .col(timestamp_with_time_zone_null(CitasWaitlist::OfferedUntil))
                    .col(timestamp_with_time_zone(CitasWaitlist::CreatedAt))
                    .col(timestamp_with_time_zone(CitasWaitlist::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CitasWaitlist::Table, CitasWaitlist::ApplicationId)
                            .to(CitasApplications::Table, CitasApplications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "citas_waitlist_active",
                vec![CitasWaitlist::ActiveKey],
                true,
            ),
            (
                "citas_waitlist_queue",
                vec![
                    CitasWaitlist::OfficeCode,
                    CitasWaitlist::Status,
                    CitasWaitlist::CreatedAt,
                ],
                false,
            ),
            (
                "citas_waitlist_account",
                vec![CitasWaitlist::AccountId],
                false,
            ),
            (
                "citas_waitlist_application",
                vec![CitasWaitlist::ApplicationId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CitasWaitlist::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Officers::Table)
                    .add_column(string_len_null(Officers::CitasOffice, 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Officers::Table)
                    .drop_column(Officers::CitasOffice)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CitasWaitlist::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Officers {
    Table,
    CitasOffice,
}

#[derive(DeriveIden)]
enum CitasApplications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CitasWaitlist {
    Table,
    Id,
    AccountId,
    ApplicationId,
    OfficeCode,
    FromDate,
    UntilDate,
    Status,
    ActiveKey,
    OfferedSeatId,
    OfferedUntil,
    CreatedAt,
    UpdatedAt,
}
