// `createFetch(client)`: a `fetch` that answers the LangGraph server's HTTP API from the engine
// in this page or process, so `@langchain/langgraph-sdk`'s own Client runs on it unchanged:
//   new SdkClient({ apiUrl: "http://local", callerOptions: { fetch: createFetch(client) } })
// The routes live in Rust (src/http); this file only turns Requests into calls and the answers
// into Responses. Streamed bodies (SSE, `wait`) are ReadableStreams that stop when the reader
// cancels or `signal` aborts.
import { HttpHandler } from "../wasm/langgraph_wasm.js";
import { Client } from "./client.js";

const encoder = new TextEncoder();

function abortError(signal) {
  return signal?.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted.", "AbortError");
}

/** A Request from fetch's arguments; relative URLs resolve against `http://localhost`. */
function toRequest(input, init) {
  if (input instanceof Request) return init ? new Request(input, init) : input;
  return new Request(new URL(String(input), "http://localhost"), init);
}

/** A ReadableStream over a wasm body handle: pulls chunks, and leaves early on cancel/abort. */
function bodyStream(handle, signal) {
  let finished = false;
  let controllerRef;
  const leave = () => {
    if (finished) return undefined;
    finished = true;
    return handle.disconnect().catch(() => {});
  };
  const onAbort = () => {
    const error = abortError(signal);
    leave();
    try {
      controllerRef.error(error);
    } catch {
      // already closed
    }
  };
  return new ReadableStream({
    start(controller) {
      controllerRef = controller;
      signal?.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      const chunk = await handle.next();
      if (finished) return;
      if (chunk === undefined) {
        finished = true;
        signal?.removeEventListener("abort", onAbort);
        controller.close();
      } else {
        controller.enqueue(encoder.encode(chunk));
      }
    },
    cancel() {
      signal?.removeEventListener("abort", onAbort);
      return leave();
    },
  });
}

/**
 * A `fetch`-compatible function that serves the LangGraph server API from `client`'s engine.
 * Takes a Request or `(url, init)`; `init.method` may be left out for GET.
 * @param {Client} client
 * @returns {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>}
 */
export function createFetch(client) {
  if (!(client instanceof Client)) {
    throw new TypeError("createFetch(client) needs a langgraph-wasm Client (new Client({ graphs }))");
  }
  // The client's engine once its stored threads are loaded (it may fall back to memory then).
  let handler;
  const current = async () => {
    await client.ready();
    if (handler?.client !== client._handle) handler = { client: client._handle, http: new HttpHandler(client._handle) };
    return handler.http;
  };
  return async function fetch(input, init) {
    const request = toRequest(input, init);
    const signal = request.signal;
    if (signal?.aborted) throw abortError(signal);
    const url = new URL(request.url);
    const headers = [...request.headers].flat();
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    const http = await current();
    const out = await http.handle(request.method, url.pathname, url.search.slice(1), headers, body);
    if (signal?.aborted) {
      out.stream?.disconnect().catch(() => {});
      throw abortError(signal);
    }
    const responseBody = out.stream ? bodyStream(out.stream, signal) : out.body;
    return new Response(responseBody, { status: out.status, headers: out.headers });
  };
}

/** Whether `path` is one of the API's (the rest is the host's to serve). */
export function isApiPath(path) {
  return HttpHandler.isApiPath(path);
}
