// `serve()`: the LangGraph server HTTP API on a port, on `node:http`, answered by the same
// `createFetch` function a page would use. Requests for other paths go to `fallback`, so an
// app can be served from the same origin (e.g. a static handler for its files).
//
// Safe by default, as careful local dev servers are: any web page the user visits can send
// requests to a port on localhost, so
// - only requests whose Host is a loopback name or an IP address are answered (a DNS-rebinding
//   page reaches the port under its own domain name): `allowedHosts` adds names;
// - a request from a page (it has an `Origin`) is answered only for the same origin or a
//   loopback one, and CORS is granted only to those: `cors.origins` adds origins ("*": any);
// - bodies are limited (`maxBodySize`, 413), unknown methods are 405, malformed URLs 400;
// - a stream whose reader stops reading is not buffered without bound: writing waits for the
//   reader, and one that stalls longer than `streamStallTimeout` is dropped.
import { createServer } from "node:http";
import { isIP } from "node:net";
import { createFetch, isApiPath } from "./http.js";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const EXPOSE_HEADERS = "content-location, x-pagination-next";
// Headers that describe this connection, not the request.
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "expect"]);

/** 10 MiB: large states fit, a runaway upload does not. */
export const DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024;
/** How long a stream waits for a reader that stopped reading before dropping it. */
export const DEFAULT_STREAM_STALL_TIMEOUT = 30_000;

function refuse(res, status, error, message, headers = {}) {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ error, message }));
}

function notFound(req, res) {
  const message = `Not Found: ${req.method} ${req.url.split("?")[0]} is not a route of this server`;
  refuse(res, 404, "NotFoundError", message);
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased. */
function hostName(host) {
  const value = String(host ?? "").trim().toLowerCase();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end === -1 ? value.slice(1) : value.slice(1, end);
  }
  const colon = value.lastIndexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

function isLoopbackName(name) {
  return name === "localhost" || name.endsWith(".localhost") || name === "127.0.0.1" || name === "::1";
}

/** Which Host names are answered: loopback names, IP addresses, and `allowed` (or any: `true`). */
function hostCheck(allowed) {
  if (allowed === true) return () => true;
  if (allowed !== undefined && !Array.isArray(allowed)) {
    throw new TypeError("allowedHosts must be an array of host names, or true for any");
  }
  const names = new Set((allowed ?? []).map((name) => String(name).toLowerCase()));
  return (host) => {
    const name = hostName(host);
    if (!name) return false;
    return isLoopbackName(name) || isIP(name) !== 0 || names.has(name) || [...names].some(
      (allowedName) => allowedName.startsWith(".") && name.endsWith(allowedName),
    );
  };
}

/** Which page origins may call the API: the same origin, loopback pages, and `origins`. */
function originCheck(cors) {
  if (cors !== undefined && (cors === null || typeof cors !== "object")) {
    throw new TypeError('cors must be { origins: ["https://app.example", …] } or { origins: "*" }');
  }
  const origins = cors?.origins;
  if (origins !== undefined && origins !== "*" && !Array.isArray(origins)) {
    throw new TypeError('cors.origins must be an array of origins, or "*" for any');
  }
  const listed = new Set(Array.isArray(origins) ? origins.map((o) => String(o).replace(/\/$/, "").toLowerCase()) : []);
  return (origin, host) => {
    if (origins === "*") return true;
    let url;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.host === String(host ?? "").toLowerCase()) return true; // same origin
    if ((url.protocol === "http:" || url.protocol === "https:") && isLoopbackName(hostName(url.host))) return true;
    return listed.has(url.origin.toLowerCase());
  };
}

function requestHeaders(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (HOP_BY_HOP.has(name) || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

class BodyTooLarge extends Error {}

/**
 * The request body as text, refusing more than `limit` bytes. Past the limit the rest is read
 * and dropped (not kept), so that the 413 can still be written on the connection.
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks = [];
    if (tooLarge) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    req.on("data", (chunk) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Resolves once `res` drained, or rejects when the reader stalled for `timeout` ms. */
function drained(res, timeout) {
  return new Promise((resolve, reject) => {
    const done = (error) => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
      error ? reject(error) : resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error("the reader left"));
    const timer = setTimeout(() => done(new Error("the reader stalled")), timeout);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

function positive(value, name, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  return value;
}

/**
 * Serves the API of `client` on `host:port` (port 0 picks a free one). Resolves once listening.
 * @param {{client: import("./client.js").Client, port?: number, host?: string,
 *          fallback?: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void,
 *          allowedHosts?: string[] | true, cors?: {origins: string[] | "*"},
 *          maxBodySize?: number, streamStallTimeout?: number}} options
 */
export async function serve({
  client,
  port = 2024,
  host = "127.0.0.1",
  fallback = notFound,
  allowedHosts,
  cors,
  maxBodySize,
  streamStallTimeout,
} = {}) {
  const fetch = createFetch(client);
  const hostAllowed = hostCheck(allowedHosts);
  const originAllowed = originCheck(cors);
  const bodyLimit = positive(maxBodySize, "maxBodySize", DEFAULT_MAX_BODY_SIZE);
  const stallTimeout = positive(streamStallTimeout, "streamStallTimeout", DEFAULT_STREAM_STALL_TIMEOUT);

  const server = createServer(async (req, res) => {
    if (!METHODS.has(req.method)) {
      return refuse(res, 405, "MethodNotAllowedError", `${req.method} is not supported`, { allow: ALLOW_METHODS });
    }
    if (!hostAllowed(req.headers.host)) {
      const message = `Host '${req.headers.host ?? ""}' is not allowed: pass serve({ allowedHosts: ["${hostName(req.headers.host)}"] }) to answer it`;
      return refuse(res, 403, "ForbiddenError", message);
    }
    let url;
    try {
      url = new URL(req.url, "http://localhost");
      decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 400, "BadRequestError", "Malformed URL");
    }
    if (!isApiPath(url.pathname)) return fallback(req, res);

    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, req.headers.host)) {
      const message = `Origin '${origin}' is not allowed: pass serve({ cors: { origins: ["${origin}"] } }) to answer it`;
      return refuse(res, 403, "ForbiddenError", message);
    }
    const corsHeaders =
      origin === undefined
        ? {}
        : { "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSE_HEADERS, vary: "Origin" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...corsHeaders,
        "access-control-allow-methods": ALLOW_METHODS,
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type",
        "access-control-max-age": "600",
      });
      return void res.end();
    }

    // The reader leaving early (a closed connection) cancels the response's stream.
    const leaving = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) leaving.abort();
    });
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const body = hasBody ? await readBody(req, bodyLimit) : undefined;
      // Only the path and query matter to the API (the host may be "::" or "0.0.0.0").
      const response = await fetch(url, {
        method: req.method,
        headers: requestHeaders(req),
        body,
        signal: leaving.signal,
      });
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...corsHeaders });
      // Headers go out now: a client waiting on `wait` or a stream knows the run has started.
      res.flushHeaders();
      if (response.body) {
        for await (const chunk of response.body) {
          // Wait for a slow reader rather than buffer for it; drop one that stopped reading.
          if (!res.write(chunk)) await drained(res, stallTimeout);
        }
      }
      res.end();
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return refuse(res, 413, "PayloadTooLargeError", `The request body is larger than ${bodyLimit} bytes`, {
          connection: "close",
          ...corsHeaders,
        });
      }
      if (leaving.signal.aborted) return;
      if (!res.headersSent) {
        refuse(res, 500, error?.name ?? "Error", String(error?.message ?? error), corsHeaders);
      } else {
        leaving.abort();
        res.destroy();
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
