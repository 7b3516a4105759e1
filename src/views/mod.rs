//! askama view structs: a page embeds its partial, so one partial serves both load and swap.

use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "pages/start.html")]
pub struct StartPage {}
