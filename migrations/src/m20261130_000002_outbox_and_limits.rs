use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxEmails::Table)
                    .col(uuid(OutboxEmails::Id).primary_key())
                    .col(string_len(OutboxEmails::Kind, 48))
                    .col(string_len(OutboxEmails::Recipient, 254))
                    .col(string(OutboxEmails::Subject))
                    .col(text(OutboxEmails::BodyText))
                    .col(text(OutboxEmails::BodyHtml))
                    .col(integer(OutboxEmails::Attempts))
                    .col(timestamp_with_time_zone(OutboxEmails::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxEmails::LockedUntil))
                    .col(text_null(OutboxEmails::LastError))
                    .col(timestamp_with_time_zone(OutboxEmails::CreatedAt))
                    .col(timestamp_with_time_zone_null(OutboxEmails::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_emails_due")
                    .table(OutboxEmails::Table)
                    .col(OutboxEmails::SentAt)
                    .col(OutboxEmails::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimitAttempts::Table)
                    .col(uuid(RateLimitAttempts::Id).primary_key())
                    .col(string_len(RateLimitAttempts::Bucket, 32))
                    .col(string_len(RateLimitAttempts::Subject, 300))
                    .col(timestamp_with_time_zone(RateLimitAttempts::AttemptedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_limit_attempts_lookup")
                    .table(RateLimitAttempts::Table)
                    .col(RateLimitAttempts::Bucket)
                    .col(RateLimitAttempts::Subject)
                    .col(RateLimitAttempts::AttemptedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RateLimitAttempts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OutboxEmails::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Id,
    Kind,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum RateLimitAttempts {
    Table,
    Id,
    Bucket,
    Subject,
    AttemptedAt,
}
