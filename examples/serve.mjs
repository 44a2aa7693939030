// `make demo`'s server, on one port (PORT, default 2024; HOST, default 127.0.0.1): the LangGraph
// server HTTP API for the seed's graphs (examples/graphs.mjs: `agent`, `breakpoints`), and the
// approval inbox (www/, with pkg/ beside it) for every other path, through serve()'s fallback.
import { Client, serve } from "../pkg/node.js";
import { staticFiles } from "../tests/support/browser.mjs";
import { agent, breakpoints } from "./graphs.mjs";

const port = Number(process.env.PORT ?? 2024);
const host = process.env.HOST ?? "127.0.0.1";
try {
  const server = await serve({
    client: new Client({ graphs: { agent, breakpoints } }),
    port,
    host,
    fallback: staticFiles({ "/pkg/": "pkg", "/": "www" }),
  });
  console.log(`Approval inbox: ${server.url}/  (Ctrl+C to stop)`);
  console.log(`- API: ${server.url} (assistants: agent, breakpoints)`);
} catch (error) {
  if (error.code !== "EADDRINUSE") throw error;
  console.error(`Port ${port} on ${host} is in use; choose another: make demo DEMO_PORT=2025`);
  process.exitCode = 1;
}
