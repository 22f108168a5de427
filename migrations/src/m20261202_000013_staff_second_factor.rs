use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The staff's second factor: a TOTP secret (sealed under the key-encryption key), its
/// one-use recovery codes, and the short-lived challenges between the password and the
/// code of a login.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // `confirmed_at` is empty until the first code from the authenticator app is
        // accepted; `last_used_step` refuses a code seen before (RFC 6238 §5.2).
        manager
            .create_table(
                Table::create()
                    .table(StaffSecondFactors::Table)
                    .col(uuid(StaffSecondFactors::AccountId).primary_key())
                    .col(text(StaffSecondFactors::SecretSealed))
                    .col(timestamp_with_time_zone_null(
                        StaffSecondFactors::ConfirmedAt,
                    ))
                    .col(big_integer_null(StaffSecondFactors::LastUsedStep))
                    .col(timestamp_with_time_zone(StaffSecondFactors::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffSecondFactors::Table, StaffSecondFactors::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffRecoveryCodes::Table)
                    .col(uuid(StaffRecoveryCodes::Id).primary_key())
                    .col(uuid(StaffRecoveryCodes::AccountId))
                    .col(string_len_uniq(StaffRecoveryCodes::CodeDigest, 64))
                    .col(timestamp_with_time_zone_null(StaffRecoveryCodes::UsedAt))
                    .col(timestamp_with_time_zone(StaffRecoveryCodes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffRecoveryCodes::Table, StaffRecoveryCodes::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("staff_recovery_codes_account_id")
                    .table(StaffRecoveryCodes::Table)
                    .col(StaffRecoveryCodes::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginChallenges::Table)
                    .col(uuid(LoginChallenges::Id).primary_key())
                    .col(string_len_uniq(LoginChallenges::TokenDigest, 64))
                    .col(uuid(LoginChallenges::AccountId))
                    .col(integer(LoginChallenges::FailedAttempts))
                    .col(timestamp_with_time_zone(LoginChallenges::ExpiresAt))
                    .col(timestamp_with_time_zone_null(LoginChallenges::UsedAt))
                    .col(timestamp_with_time_zone(LoginChallenges::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LoginChallenges::Table, LoginChallenges::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_challenges_account_id")
                    .table(LoginChallenges::Table)
                    .col(LoginChallenges::AccountId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginChallenges::Table.into_iden(),
            StaffRecoveryCodes::Table.into_iden(),
            StaffSecondFactors::Table.into_iden(),
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
enum StaffSecondFactors {
    Table,
    AccountId,
    SecretSealed,
    ConfirmedAt,
    LastUsedStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffRecoveryCodes {
    Table,
    Id,
    AccountId,
    CodeDigest,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginChallenges {
    Table,
    Id,
    TokenDigest,
    AccountId,
    FailedAttempts,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}
