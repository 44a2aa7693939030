//! Typed server requests from JSON bodies, as the HTTP layer parses them (the tests' bodies are
//! valid: a parse error fails the test).

use langgraph_wasm::server::request;
use serde_json::Value;

pub fn create(body: Value) -> request::AssistantCreate {
    request::assistant_create(&body).unwrap()
}

pub fn patch(body: Value) -> request::AssistantPatch {
    request::assistant_patch(&body).unwrap()
}

pub fn run(body: Value) -> request::RunCreate {
    request::run_create(&body).unwrap()
}
