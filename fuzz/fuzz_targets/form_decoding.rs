//! Every form of the portal decoded from any body, through the very function the `Form`
//! extractor uses (`web::fuzz::decode_every_form`). A body that does not fit a form is
//! refused with a 400; a panic would be a bug.
#![no_main]

use klientdelegering::web::fuzz::decode_every_form;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| decode_every_form(data));
