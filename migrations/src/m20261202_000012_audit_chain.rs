use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Each audit event says from where (client address, session, user agent) and what more
/// (`detail`: a key id, an account, a rules version), and is chained to the one before it
/// by hash: `sequence` is unique, so the chain cannot fork, and an edited row breaks the
/// hashes after it (`portal audit verify`). Events recorded before this migration keep
/// no sequence and stay outside the chain.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(AuditEvents::SessionId)
                .uuid()
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::ClientAddress)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::UserAgent)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::Detail)
                .string_len(200)
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::Sequence)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::PreviousHash)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::EntryHash)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvents::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("audit_events_sequence")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::Sequence)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("audit_events_sequence")
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            AuditEvents::SessionId,
            AuditEvents::ClientAddress,
            AuditEvents::UserAgent,
            AuditEvents::Detail,
            AuditEvents::Sequence,
            AuditEvents::PreviousHash,
            AuditEvents::EntryHash,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(AuditEvents::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    SessionId,
    ClientAddress,
    UserAgent,
    Detail,
    Sequence,
    PreviousHash,
    EntryHash,
}
