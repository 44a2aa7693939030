//! The HTTP API for JS hosts: `createFetch` (lib/http.js) and `serve()` (lib/node.js) hand each
//! request to [`WasmHttpHandler::handle`] and write back its status, headers and body; a
//! streamed body is pulled chunk by chunk from a [`WasmHttpBody`].

use std::cell::RefCell;
use std::rc::Rc;

use super::future_to_promise;
use futures::stream::{AbortHandle, Abortable, LocalBoxStream};
use futures::StreamExt;
use js_sys::Promise;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use super::client::WasmClient;
use super::{errors, interop};
use crate::http::{self, Body, Disconnect, Request};
use crate::server::Server;

/// Answers HTTP requests with the client's server.
#[wasm_bindgen(js_name = "HttpHandler")]
pub struct WasmHttpHandler {
    server: Server,
}

#[wasm_bindgen(js_class = "HttpHandler")]
impl WasmHttpHandler {
    #[wasm_bindgen(constructor)]
    pub fn new(client: &WasmClient) -> WasmHttpHandler {
        WasmHttpHandler {
            server: client.server().clone(),
        }
    }

    /// Whether `path` belongs to the API (other paths are the host's to serve).
    #[wasm_bindgen(js_name = "isApiPath")]
    pub fn is_api_path(path: JsValue) -> bool {
        path.as_string().is_some_and(|path| http::is_api_path(&path))
    }

    /// Resolves to `{status, headers: [name, value][], body: string | null, stream?: HttpBody}`.
    /// `headers` is flat: `[name, value, name, value, …]`.
    pub fn handle(&self, method: JsValue, path: JsValue, query: JsValue, headers: JsValue, body: JsValue) -> Promise {
        let server = self.server.clone();
        future_to_promise(async move {
            let text = |value: &JsValue, name: &str| interop::string_arg(value, name).map_err(errors::invalid);
            let flat = interop::strings_arg(&headers, "headers").map_err(errors::invalid)?;
            let headers = flat
                .chunks(2)
                .map(|pair| (pair[0].clone(), pair.get(1).cloned().unwrap_or_default()))
                .collect();
            let request = Request {
                method: text(&method, "method")?,
                path: text(&path, "path")?,
                query: text(&query, "query")?,
                headers,
                body: text(&body, "body")?,
            };
            let response = http::handle(&server, request).await;
            let (text, stream) = match response.body {
                Body::Empty => (Value::Null, None),
                Body::Json(value) => (Value::String(value.to_string()), None),
                Body::Stream(stream) => (Value::Null, Some(WasmHttpBody::new(stream))),
            };
            let out = interop::to_js(&json!({
                "status": response.status,
                "headers": response.headers,
                "body": text,
            }));
            if let Some(stream) = stream {
                js_sys::Reflect::set(&out, &JsValue::from_str("stream"), &stream.into())?;
            }
            Ok(out)
        })
    }
}

type Chunks = Abortable<LocalBoxStream<'static, String>>;

/// A streamed response body: `next()` until it resolves `undefined`; `disconnect()` when the
/// reader leaves early (stops the stream, and cancels the run if the request asked for that).
#[wasm_bindgen(js_name = "HttpBody")]
pub struct WasmHttpBody {
    chunks: Rc<RefCell<Option<Chunks>>>,
    abort: AbortHandle,
    on_disconnect: Rc<RefCell<Option<Disconnect>>>,
}

impl WasmHttpBody {
    fn new(stream: http::BodyStream) -> Self {
        let (chunks, on_disconnect) = stream.into_parts();
        let (abort, registration) = AbortHandle::new_pair();
        WasmHttpBody {
            chunks: Rc::new(RefCell::new(Some(Abortable::new(chunks, registration)))),
            abort,
            on_disconnect: Rc::new(RefCell::new(on_disconnect)),
        }
    }
}

#[wasm_bindgen(js_class = "HttpBody")]
impl WasmHttpBody {
    /// Resolves to the next chunk (a string), or `undefined` at the end.
    pub fn next(&self) -> Promise {
        let cell = self.chunks.clone();
        future_to_promise(async move {
            let Some(mut chunks) = cell.borrow_mut().take() else {
                return Err(errors::invalid("next() was called before the previous next() resolved"));
            };
            let chunk = chunks.next().await;
            *cell.borrow_mut() = Some(chunks);
            Ok(chunk.map(|c| JsValue::from_str(&c)).unwrap_or(JsValue::UNDEFINED))
        })
    }

    /// The reader left: ends the stream (a pending `next()` resolves `undefined`) and runs the
    /// route's disconnect action once.
    pub fn disconnect(&self) -> Promise {
        self.abort.abort();
        let action = self.on_disconnect.borrow_mut().take();
        future_to_promise(async move {
            if let Some(action) = action {
                action.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}
