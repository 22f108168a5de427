use actix_web::get;
use actix_web::{HttpResponse, web};
use portal_shared::citas::OfficeList;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OfficeQuery {
    /// Only the offices of this state (ISO 3166-2:MX code, `JAL`).
    pub state: Option<String>,
    /// Only the offices that handle this procedure.
    pub procedure: Option<String>,
}

/// The INM offices that give appointments, in all 32 states, with their time zone and
/// the procedures each handles.
#[utoipa::path(tag = "citas", params(OfficeQuery),
    responses((status = 200, description = "The offices", body = OfficeList)))]
#[get("/citas/offices")]
pub async fn list_offices(query: web::Query<OfficeQuery>) -> HttpResponse {
    let catalog = portal_shared::citas::offices();
    let offices = catalog
        .offices
        .iter()
        .filter(|office| {
            query
                .state
                .as_ref()
                .is_none_or(|state| &office.state == state)
        })
        .filter(|office| {
            query
                .procedure
                .as_ref()
                .is_none_or(|procedure| office.procedures.includes(procedure))
        })
        .map(portal_shared::citas::OfficeRecord::summary)
        .collect();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(OfficeList {
            version: catalog.version.clone(),
            offices,
        })
}
