// `langgraph-wasm/node`: the package root's API plus `serve()`.
import type { Client } from "./index.js";

export * from "./index.js";

/** What {@link serve} takes. */
export interface ServeOptions {
  /** The client whose graphs, threads and store the API serves. */
  client: Client<any>;
  /** Default 2024 (as `langgraph dev`); 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * A `node:http` handler `(req, res)` for requests outside the API's paths (`/assistants`,
   * `/threads`, `/runs`, `/store`, `/ok`, `/info`): e.g. a static file handler for a web app
   * served from the same origin. Default: a 404.
   */
  fallback?: (req: any, res: any) => void;
  /**
   * Host names answered besides loopback names (`localhost`, `*.localhost`, `127.0.0.1`, `::1`)
   * and IP addresses; a name starting with `.` allows its subdomains; `true` answers any Host.
   * Other Hosts get a 403 (what a DNS-rebinding page would send).
   */
  allowedHosts?: string[] | true;
  /**
   * Page origins allowed to call the API (besides the same origin and loopback pages), e.g.
   * `{ origins: ["https://app.example"] }`, or `{ origins: "*" }` for any. A request from another
   * origin gets a 403; allowed ones get CORS headers for themselves.
   */
  cors?: { origins: string[] | "*" };
  /** The largest request body, in bytes (default 10 MiB); larger ones get a 413. */
  maxBodySize?: number;
  /**
   * How long (ms) a streamed response waits for a reader that stopped reading before dropping
   * the connection (default 30000). Until then the server writes no more than the socket holds.
   */
  streamStallTimeout?: number;
}

/** A listening server. */
export interface Served {
  /** `http://host:port`. */
  url: string;
  port: number;
  /** The `node:http` Server. */
  server: unknown;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves the LangGraph server HTTP API for `client` on `host:port` (the same routes as
 * {@link createFetch}); resolves once listening. The seed's cURL and Python SDK examples run
 * against it unchanged.
 */
export declare function serve(options: ServeOptions): Promise<Served>;
