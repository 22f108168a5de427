use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to `preregistrations` for the officer's decision at the port of entry.
const ENTRY_COLUMNS: [Preregistrations; 6] = [
    Preregistrations::EntryRecordedAt,
    Preregistrations::EntryOfficerId,
    Preregistrations::EntryOfficerBadge,
    Preregistrations::EntryPort,
    Preregistrations::AuthorizedDays,
    Preregistrations::RefusalReason,
];

fn column(name: Preregistrations) -> ColumnDef {
    match name {
        Preregistrations::EntryRecordedAt => timestamp_with_time_zone_null(name),
        Preregistrations::EntryOfficerId => uuid_null(name),
        Preregistrations::AuthorizedDays => integer_null(name),
        Preregistrations::RefusalReason => string_len_null(name, 40),
        _ => string_len_null(name, 20),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Officers: an account with the officer role, its badge number and port.
        manager
            .create_table(
                Table::create()
                    .table(Officers::Table)
                    .col(uuid(Officers::AccountId).primary_key())
                    .col(string_len_uniq(Officers::BadgeNumber, 20))
                    .col(string_len(Officers::PortCode, 10))
                    .col(timestamp_with_time_zone(Officers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Officers::Table, Officers::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The keys that sign receipt QR tokens; the newest one not retired signs, every
        // one not retired verifies. In the database so that every instance signs alike.
        manager
            .create_table(
                Table::create()
                    .table(ReceiptSigningKeys::Table)
                    .col(string_len(ReceiptSigningKeys::KeyId, 20).primary_key())
                    .col(text(ReceiptSigningKeys::PrivateKeyPem))
                    .col(string_len(ReceiptSigningKeys::PublicKey, 60))
                    .col(timestamp_with_time_zone(ReceiptSigningKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ReceiptSigningKeys::RetiredAt))
                    .to_owned(),
            )
            .await?;
        // Receipts no longer valid: every token of the pre-registration whose revision is
        // at most `revision` (a flight change supersedes one; a cancellation all).
        manager
            .create_table(
                Table::create()
                    .table(ReceiptRevocations::Table)
                    .col(uuid(ReceiptRevocations::Id).primary_key())
                    .col(uuid(ReceiptRevocations::PreregistrationId))
                    .col(integer(ReceiptRevocations::Revision))
                    .col(string_len(ReceiptRevocations::Reason, 20))
                    .col(timestamp_with_time_zone(ReceiptRevocations::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("receipt_revocations_revoked_at")
                    .table(ReceiptRevocations::Table)
                    .col(ReceiptRevocations::RevokedAt)
                    .to_owned(),
            )
            .await?;
        // Who read or decided what, for the operators.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid(AuditEvents::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(uuid(AuditEvents::ActorAccountId))
                    .col(string_len(AuditEvents::ActorRole, 20))
                    .col(string_len(AuditEvents::Action, 40))
                    .col(uuid_null(AuditEvents::PreregistrationId))
                    .col(string_len_null(AuditEvents::Subject, 60))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_events_occurred_at")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OccurredAt)
                    .to_owned(),
            )
            .await?;
        for name in ENTRY_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Preregistrations::Table)
                        .add_column(column(name))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ENTRY_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Preregistrations::Table)
                        .drop_column(name)
                        .to_owned(),
                )
                .await?;
        }
        for table in [
            AuditEvents::Table.into_iden(),
            ReceiptRevocations::Table.into_iden(),
            ReceiptSigningKeys::Table.into_iden(),
            Officers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Officers {
    Table,
    AccountId,
    BadgeNumber,
    PortCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReceiptSigningKeys {
    Table,
    KeyId,
    PrivateKeyPem,
    PublicKey,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum ReceiptRevocations {
    Table,
    Id,
    PreregistrationId,
    Revision,
    Reason,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorAccountId,
    ActorRole,
    Action,
    PreregistrationId,
    Subject,
}

#[derive(DeriveIden, Clone, Copy)]
enum Preregistrations {
    Table,
    EntryRecordedAt,
    EntryOfficerId,
    EntryOfficerBadge,
    EntryPort,
    AuthorizedDays,
    RefusalReason,
}
