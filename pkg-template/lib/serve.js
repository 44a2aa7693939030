// `serve()`: the LangGraph server HTTP API on a port, on `node:http`, answered by the same
// `createFetch` function a page would use. Requests for other paths go to `fallback`, so an
// app can be served from the same origin (e.g. a static handler for its files).
import { createServer } from "node:http";
import { createFetch, isApiPath } from "./http.js";

// What `langgraph dev` allows cross-origin, so browser apps on other origins can call it.
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-location, x-pagination-next",
};
const PREFLIGHT = {
  ...CORS,
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "*",
  "access-control-max-age": "600",
};
// Headers that describe this connection, not the request.
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "expect"]);

function notFound(req, res) {
  const message = `Not Found: ${req.method} ${req.url.split("?")[0]} is not a route of this server`;
  res.writeHead(404, { "content-type": "application/json", ...CORS });
  res.end(JSON.stringify({ error: "NotFoundError", message }));
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function requestHeaders(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * Serves the API of `client` on `host:port` (port 0 picks a free one). Resolves once listening.
 * @param {{client: import("./client.js").Client, port?: number, host?: string,
 *          fallback?: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void}} options
 */
export async function serve({ client, port = 2024, host = "127.0.0.1", fallback = notFound } = {}) {
  const fetch = createFetch(client);
  const server = createServer(async (req, res) => {
    if (!isApiPath(req.url)) return fallback(req, res);
    if (req.method === "OPTIONS") return void res.writeHead(204, PREFLIGHT).end();
    // The reader leaving early (a closed connection) cancels the response's stream.
    const leaving = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) leaving.abort();
    });
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      // Only the path and query matter to the API (the host may be "::" or "0.0.0.0").
      const response = await fetch(new URL(req.url, "http://localhost"), {
        method: req.method,
        headers: requestHeaders(req),
        body: hasBody ? await readBody(req) : undefined,
        signal: leaving.signal,
      });
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...CORS });
      // Headers go out now: a client waiting on `wait` or a stream knows the run has started.
      res.flushHeaders();
      if (response.body) {
        for await (const chunk of response.body) res.write(chunk);
      }
      res.end();
    } catch (error) {
      if (leaving.signal.aborted) return;
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json", ...CORS });
        res.end(JSON.stringify({ error: error?.name ?? "Error", message: String(error?.message ?? error) }));
      } else {
        res.destroy(error);
      }
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    port: address.port,
    server,
    /** Stops listening and ends open connections. */
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
