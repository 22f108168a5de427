use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The Pre-Registro variant of a document (I NUE, II diplomatic, III none): asked on
        // its first pre-registration, then kept.
        manager
            .create_table(
                Table::create()
                    .table(PreregistrationProfiles::Table)
                    .col(uuid(PreregistrationProfiles::DocumentId).primary_key())
                    .col(string_len(PreregistrationProfiles::Variant, 20))
                    .col(string_len_null(PreregistrationProfiles::Reference, 40))
                    .col(timestamp_with_time_zone(PreregistrationProfiles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PreregistrationProfiles::Table,
                                PreregistrationProfiles::DocumentId,
                            )
                            .to(TravelDocuments::Table, TravelDocuments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Preregistrations::Table)
                    .col(uuid(Preregistrations::Id).primary_key())
                    .col(uuid(Preregistrations::AccountId))
                    .col(uuid(Preregistrations::DocumentId))
                    .col(string_len(Preregistrations::Status, 20))
                    .col(text_null(Preregistrations::Trip))
                    .col(text_null(Preregistrations::Additional))
                    .col(text_null(Preregistrations::Control))
                    .col(date_null(Preregistrations::ArrivalDate))
                    .col(timestamp_with_time_zone(Preregistrations::CreatedAt))
                    .col(timestamp_with_time_zone(Preregistrations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Preregistrations::Table, Preregistrations::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    // No cascade: a document with pre-registrations cannot be deleted on its
                    // own (checked at the end of the statement, so deleting the account,
                    // which cascades to both, still works).
                    .foreign_key(
                        ForeignKey::create()
                            .from(Preregistrations::Table, Preregistrations::DocumentId)
                            .to(TravelDocuments::Table, TravelDocuments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PreregistrationAttachments::Table)
                    .col(uuid(PreregistrationAttachments::PreregistrationId))
                    .col(string_len(PreregistrationAttachments::Kind, 40))
                    .col(string_len(PreregistrationAttachments::FileName, 200))
                    .col(string_len(PreregistrationAttachments::ContentType, 40))
                    .col(big_integer(PreregistrationAttachments::Size))
                    .col(string_len(PreregistrationAttachments::StorageKey, 200))
                    .col(timestamp_with_time_zone(
                        PreregistrationAttachments::CreatedAt,
                    ))
                    .primary_key(
                        Index::create()
                            .col(PreregistrationAttachments::PreregistrationId)
                            .col(PreregistrationAttachments::Kind),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                PreregistrationAttachments::Table,
                                PreregistrationAttachments::PreregistrationId,
                            )
                            .to(Preregistrations::Table, Preregistrations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("preregistrations_document_status")
                    .table(Preregistrations::Table)
                    .col(Preregistrations::DocumentId)
                    .col(Preregistrations::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(PreregistrationAttachments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Preregistrations::Table).to_owned())
            .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(PreregistrationProfiles::Table)
                    .to_owned(),
            )
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
    Id,
}

#[derive(DeriveIden)]
enum PreregistrationProfiles {
    Table,
    DocumentId,
    Variant,
    Reference,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Preregistrations {
    Table,
    Id,
    AccountId,
    DocumentId,
    Status,
    Trip,
    Additional,
    Control,
    ArrivalDate,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PreregistrationAttachments {
    Table,
    PreregistrationId,
    Kind,
    FileName,
    ContentType,
    Size,
    StorageKey,
    CreatedAt,
}
