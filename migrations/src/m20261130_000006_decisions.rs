use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to `preregistrations` for the submission, the decision and the receipt.
const DECISION_COLUMNS: [Preregistrations; 9] = [
    Preregistrations::SubmittedAt,
    Preregistrations::IdempotencyKey,
    Preregistrations::RuleVersion,
    Preregistrations::FiredRules,
    Preregistrations::Revision,
    Preregistrations::ReceiptIssuedAt,
    Preregistrations::CancelledAt,
    Preregistrations::ReceiptEmailId,
    Preregistrations::FmmEmailId,
];

fn column(name: Preregistrations) -> ColumnDef {
    match name {
        Preregistrations::SubmittedAt
        | Preregistrations::ReceiptIssuedAt
        | Preregistrations::CancelledAt => timestamp_with_time_zone_null(name),
        Preregistrations::IdempotencyKey => string_len_null(name, 100),
        Preregistrations::RuleVersion => integer_null(name),
        Preregistrations::FiredRules => text_null(name),
        Preregistrations::Revision => integer(name).default(0).to_owned(),
        _ => uuid_null(name),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The eligibility rules in force, one row per version; the newest is in force.
        manager
            .create_table(
                Table::create()
                    .table(EligibilityRuleSets::Table)
                    .col(integer(EligibilityRuleSets::Version).primary_key())
                    .col(text(EligibilityRuleSets::Rules))
                    .col(string_len(EligibilityRuleSets::Note, 200))
                    .col(timestamp_with_time_zone(EligibilityRuleSets::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // SQLite alters one column per statement.
        for name in DECISION_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Preregistrations::Table)
                        .add_column(column(name))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("preregistrations_document_arrival")
                    .table(Preregistrations::Table)
                    .col(Preregistrations::DocumentId)
                    .col(Preregistrations::ArrivalDate)
                    .to_owned(),
            )
            .await?;
        // An email may carry one attachment: its bytes, or where to render them from at
        // delivery (`receipt:<pre-registration id>`), so that a submission does not wait
        // for a PDF to be drawn.
        for column in [
            string_len_null(OutboxEmails::AttachmentName, 100),
            string_len_null(OutboxEmails::AttachmentContentType, 60),
            blob_null(OutboxEmails::Attachment),
            string_len_null(OutboxEmails::AttachmentSource, 100),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxEmails::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            OutboxEmails::AttachmentName,
            OutboxEmails::AttachmentContentType,
            OutboxEmails::Attachment,
            OutboxEmails::AttachmentSource,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(OutboxEmails::Table)
                        .drop_column(name)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("preregistrations_document_arrival")
                    .table(Preregistrations::Table)
                    .to_owned(),
            )
            .await?;
        for name in DECISION_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Preregistrations::Table)
                        .drop_column(name)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(EligibilityRuleSets::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum EligibilityRuleSets {
    Table,
    Version,
    Rules,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Preregistrations {
    Table,
    DocumentId,
    ArrivalDate,
    SubmittedAt,
    IdempotencyKey,
    RuleVersion,
    FiredRules,
    Revision,
    ReceiptIssuedAt,
    CancelledAt,
    ReceiptEmailId,
    FmmEmailId,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    AttachmentName,
    AttachmentContentType,
    Attachment,
    AttachmentSource,
}
