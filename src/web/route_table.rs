//! The route table: every route of the portal and its APIs written once, as method, path
//! and handler. The same list registers the routes (`routes`) and is published as data
//! (`ROUTES`), so tests can walk every route — for the authorization matrix and the CSRF
//! check — and a route added without them is noticed.

/// A route as the table lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// "GET", "POST", "PUT" or "DELETE".
    pub method: &'static str,
    pub path: &'static str,
    /// A JSON API route (bearer tokens, problem details), not a page of the portal.
    pub api: bool,
}

/// `page get "/path" => handler,`, `api post "/path" => handler,` or
/// `described delete "/path" => service,`, in matching order.
macro_rules! route_table {
    ($( $kind:ident $method:ident $path:literal => $handler:path ),* $(,)?) => {
        /// Every route, in the order they are matched.
        pub const ROUTES: &[route_table::RouteInfo] = &[
            $( route_table::RouteInfo {
                method: route_table!(@upper $method),
                path: $path,
                api: route_table!(@is_api $kind),
            } ),*
        ];

        /// Adds every route. Tests build the same app through this function.
        pub fn routes(cfg: &mut web::ServiceConfig) {
            $( route_table!(@add cfg, $kind, $method, $path, $handler); )*
            // The described routes register themselves, each with its OpenAPI operation.
            let mut described = utoipa_actix_web::service_config::ServiceConfig::new(cfg);
            api::enduser::configure(&mut described);
            api::vendor::configure(&mut described);
        }
    };
    (@upper get) => { "GET" };
    (@upper post) => { "POST" };
    (@upper put) => { "PUT" };
    (@upper delete) => { "DELETE" };
    (@is_api page) => { false };
    (@is_api api) => { true };
    (@is_api described) => { true };
    // A described API route is a service that registers itself (`api::enduser::configure`,
    // `api::vendor::configure`)
    // and documents itself; the table names it so tests walk it like every other route,
    // and a test checks that the table and the OpenAPI document list the same routes.
    (@add $cfg:ident, described, $method:ident, $path:literal, $handler:path) => {
        let _ = $handler;
    };
    // A page that answers GET answers HEAD the same, less the body (actix-http sends the
    // headers and the length only): crawlers, link checkers and monitors ask with HEAD.
    (@add $cfg:ident, page, get, $path:literal, $handler:path) => {
        $cfg.route(
            $path,
            web::route()
                .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()))
                .to($handler),
        );
    };
    (@add $cfg:ident, page, $method:ident, $path:literal, $handler:path) => {
        $cfg.route($path, web::$method().to($handler));
    };
    // API routes get the API's extractor settings: malformed bodies and paths answer
    // with problem details.
    (@add $cfg:ident, api, $method:ident, $path:literal, $handler:path) => {
        $cfg.service(
            web::resource($path)
                .guard(actix_web::guard::Method(
                    actix_web::http::Method::from_bytes(route_table!(@upper $method).as_bytes())
                        .unwrap_or(actix_web::http::Method::GET),
                ))
                .app_data(api::json_config())
                .app_data(api::path_config())
                .route(web::$method().to($handler)),
        );
    };
}
