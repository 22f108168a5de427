use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TravelDocuments::Table)
                    .col(uuid(TravelDocuments::Id).primary_key())
                    .col(uuid(TravelDocuments::AccountId))
                    .col(string_len(TravelDocuments::Relationship, 16))
                    .col(string_len(TravelDocuments::GivenNames, 100))
                    .col(string_len(TravelDocuments::Surnames, 100))
                    .col(date(TravelDocuments::BirthDate))
                    .col(string_len(TravelDocuments::BirthCountry, 3))
                    .col(string_len(TravelDocuments::Sex, 8))
                    .col(string_len(TravelDocuments::Nationality, 3))
                    .col(string_len(TravelDocuments::DocumentType, 16))
                    .col(string_len(TravelDocuments::Classification, 16))
                    .col(string_len(TravelDocuments::IssuingCountry, 3))
                    .col(string_len(TravelDocuments::DocumentNumber, 20))
                    .col(date(TravelDocuments::IssueDate))
                    .col(date(TravelDocuments::ExpiryDate))
                    .col(timestamp_with_time_zone(TravelDocuments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TravelDocuments::Table, TravelDocuments::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One account registers a passport once; another account may hold the same one.
        manager
            .create_index(
                Index::create()
                    .name("uq_travel_documents_account_passport")
                    .table(TravelDocuments::Table)
                    .col(TravelDocuments::AccountId)
                    .col(TravelDocuments::IssuingCountry)
                    .col(TravelDocuments::DocumentNumber)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TravelDocuments::Table).to_owned())
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
    AccountId,
    Relationship,
    GivenNames,
    Surnames,
    BirthDate,
    BirthCountry,
    Sex,
    Nationality,
    DocumentType,
    Classification,
    IssuingCountry,
    DocumentNumber,
    IssueDate,
    ExpiryDate,
    CreatedAt,
}
