use actix_web::HttpResponse;
use actix_web::get;
use portal_shared::citas::ProcedureCatalog;

/// The 18 procedures booked online (names, what to bring, whether the NUE is asked) and
/// those done without appointment, listed for information.
#[utoipa::path(tag = "citas",
    responses((status = 200, description = "The procedures", body = ProcedureCatalog)))]
#[get("/citas/procedures")]
pub async fn list_procedures() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(portal_shared::citas::procedures())
}
