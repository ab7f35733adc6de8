//! What any browser or crawler asks of a site: `/robots.txt` (the portal is not for
//! search engines) and `/favicon.ico` (pages name their icon, `/static/favicon.svg`; this
//! answers those that ask the old address).

use actix_web::HttpResponse;
use actix_web::http::header;

use super::assets;

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body("User-agent: *\nDisallow: /\n")
}

pub async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((
            header::LOCATION,
            format!("/static/favicon.svg?v={}", assets::version()),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .finish()
}
