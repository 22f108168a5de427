use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Citas: the application (solicitud) with its folio (número de pieza), and the
/// appointment booked for it. `active_key` is the person and procedure of an appointment
/// while it is booked and empty otherwise: its unique index keeps one person from holding
/// two active appointments for one procedure, whatever the requests race.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An appointment's emails carry its calendar file.
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmails::Table)
                    .add_column(text_null(OutboxEmails::CalendarIcs))
                    .to_owned(),
            )
            .await?;
        // A hold is for one application (pieza): holding another time lets the first go.
        manager
            .alter_table(
                Table::alter()
                    .table(CitasSeats::Table)
                    .add_column(uuid_null(CitasSeats::HoldApplicationId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CitasApplications::Table)
                    .col(uuid(CitasApplications::Id).primary_key())
                    .col(string_len_uniq(CitasApplications::Folio, 32))
                    .col(uuid(CitasApplications::AccountId))
                    .col(uuid(CitasApplications::DocumentId))
                    .col(string_len(CitasApplications::PersonKey, 64))
                    .col(string_len(CitasApplications::ProcedureCode, 64))
                    .col(text(CitasApplications::Details))
                    .col(timestamp_with_time_zone(CitasApplications::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CitasApplications::Table, CitasApplications::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("citas_applications_account")
                    .table(CitasApplications::Table)
                    .col(CitasApplications::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CitasAppointments::Table)
                    .col(uuid(CitasAppointments::Id).primary_key())
                    .col(uuid(CitasAppointments::ApplicationId))
                    .col(uuid(CitasAppointments::AccountId))
                    .col(string_len(CitasAppointments::OfficeCode, 64))
                    .col(uuid(CitasAppointments::SeatId))
                    .col(timestamp_with_time_zone(CitasAppointments::StartsAt))
                    .col(timestamp_with_time_zone(CitasAppointments::EndsAt))
                    .col(string_len(CitasAppointments::Status, 16))
                    .col(string_len_null(CitasAppointments::ActiveKey, 160))
                    .col(integer(CitasAppointments::Reschedules))
                    .col(integer(CitasAppointments::Sequence))
                    .col(timestamp_with_time_zone(CitasAppointments::BookedAt))
                    .col(timestamp_with_time_zone(CitasAppointments::UpdatedAt))
                    .col(timestamp_with_time_zone_null(
                        CitasAppointments::CancelledAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        CitasAppointments::FirstReminderAt,
                    ))
                    .col(timestamp_with_time_zone_null(
                        CitasAppointments::SecondReminderAt,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CitasAppointments::Table, CitasAppointments::ApplicationId)
                            .to(CitasApplications::Table, CitasApplications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column, unique) in [
            (
                "citas_appointments_active",
                CitasAppointments::ActiveKey,
                true,
            ),
            (
                "citas_appointments_account",
                CitasAppointments::AccountId,
                false,
            ),
            (
                "citas_appointments_application",
                CitasAppointments::ApplicationId,
                false,
            ),
            (
                "citas_appointments_starts",
                CitasAppointments::StartsAt,
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CitasAppointments::Table).col(column);
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CitasAppointments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CitasApplications::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CitasSeats::Table)
                    .drop_column(CitasSeats::HoldApplicationId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OutboxEmails::Table)
                    .drop_column(OutboxEmails::CalendarIcs)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    CalendarIcs,
}

#[derive(DeriveIden)]
enum CitasSeats {
    Table,
    HoldApplicationId,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CitasApplications {
    Table,
    Id,
    Folio,
    AccountId,
    DocumentId,
    PersonKey,
    ProcedureCode,
    Details,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CitasAppointments {
    Table,
    Id,
    ApplicationId,
    AccountId,
    OfficeCode,
    SeatId,
    StartsAt,
    EndsAt,
    Status,
    ActiveKey,
    Reschedules,
    Sequence,
    BookedAt,
    UpdatedAt,
    CancelledAt,
    FirstReminderAt,
    SecondReminderAt,
}
