use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Citas: every seat of every published slot is a row — an office's slot with three
/// counters is three rows, unique by (office, start, seat number) — so a slot can never
/// hold more appointments than it has seats, whatever the requests race: a hold or a
/// booking takes one free row by a conditional update.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CitasSeats::Table)
                    .col(uuid(CitasSeats::Id).primary_key())
                    .col(string_len(CitasSeats::OfficeCode, 64))
                    .col(timestamp_with_time_zone(CitasSeats::StartsAt))
                    .col(timestamp_with_time_zone(CitasSeats::EndsAt))
                    .col(integer(CitasSeats::SeatNumber))
                    .col(uuid_null(CitasSeats::HolderAccountId))
                    .col(timestamp_with_time_zone_null(CitasSeats::HeldUntil))
                    .col(uuid_null(CitasSeats::AppointmentId))
                    .col(timestamp_with_time_zone(CitasSeats::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("citas_seats_office_start_seat")
                    .table(CitasSeats::Table)
                    .col(CitasSeats::OfficeCode)
                    .col(CitasSeats::StartsAt)
                    .col(CitasSeats::SeatNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("citas_seats_holder")
                    .table(CitasSeats::Table)
                    .col(CitasSeats::HolderAccountId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CitasSeats::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CitasSeats {
    Table,
    Id,
    OfficeCode,
    StartsAt,
    EndsAt,
    SeatNumber,
    HolderAccountId,
    HeldUntil,
    AppointmentId,
    UpdatedAt,
}
