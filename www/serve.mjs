// Serves the approval inbox (www/) with the built package (pkg/) beside it, for `make demo`:
//   node www/serve.mjs            → http://127.0.0.1:2024/   (PORT and HOST override)
// Only static files: the app runs entirely in the browser.
import { serveStatic } from "../tests/support/browser.mjs";

const port = Number(process.env.PORT ?? 2024);
const host = process.env.HOST ?? "127.0.0.1";
try {
  const server = await serveStatic({ "/pkg/": "pkg", "/": "www" }, { port, host });
  console.log(`Approval inbox: ${server.url}/  (Ctrl+C to stop)`);
} catch (error) {
  if (error.code !== "EADDRINUSE") throw error;
  console.error(`Port ${port} on ${host} is in use; choose another: PORT=2025 node www/serve.mjs`);
  process.exitCode = 1;
}
