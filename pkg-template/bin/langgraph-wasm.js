#!/usr/bin/env node
// `npx langgraph-wasm serve ./graphs.mjs [--port 2024] [--host 127.0.0.1] [--allowed-hosts a,b]
// [--cors-origins https://app.example,…] [--max-body-size 10485760]`: loads a module that exports
// compiled graphs (`export const agent = …compile()`, or `export default { agent }`), and serves
// the LangGraph server API for them, as `langgraph dev` does for a langgraph.json.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Client, CompiledStateGraph, serve } from "../node.js";

const USAGE =
  "usage: langgraph-wasm serve <graphs module> [--port 2024] [--host 127.0.0.1]\n" +
  "         [--allowed-hosts name,…|*] [--cors-origins origin,…|*] [--max-body-size bytes]";

function fail(message) {
  console.error(`langgraph-wasm: ${message}\n${USAGE}`);
  process.exit(2);
}

/** Graph id → compiled graph, from the module's named exports and its default export object. */
function graphsOf(module) {
  const candidates = { ...(module.default && typeof module.default === "object" ? module.default : {}), ...module };
  return Object.fromEntries(Object.entries(candidates).filter(([, value]) => value instanceof CompiledStateGraph));
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: "string", default: "2024" },
      host: { type: "string", default: "127.0.0.1" },
      "allowed-hosts": { type: "string" },
      "cors-origins": { type: "string" },
      "max-body-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [command, file] = positionals;
if (command !== "serve" || !file) fail(command === "serve" ? "which module holds the graphs?" : `unknown command '${command ?? ""}'`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not '${values.port}'`);
const list = (value) => value.split(",").map((item) => item.trim()).filter(Boolean);
const options = {};
if (values["allowed-hosts"] !== undefined) {
  options.allowedHosts = values["allowed-hosts"] === "*" ? true : list(values["allowed-hosts"]);
}
if (values["cors-origins"] !== undefined) {
  options.cors = { origins: values["cors-origins"] === "*" ? "*" : list(values["cors-origins"]) };
}
if (values["max-body-size"] !== undefined) {
  options.maxBodySize = Number(values["max-body-size"]);
  if (!Number.isInteger(options.maxBodySize) || options.maxBodySize <= 0) {
    fail(`--max-body-size must be a number of bytes, not '${values["max-body-size"]}'`);
  }
}

const graphs = graphsOf(await import(pathToFileURL(resolve(file)).href));
if (Object.keys(graphs).length === 0) {
  fail(`${file} exports no compiled graph (export const agent = new StateGraph(…).compile())`);
}
let served;
try {
  served = await serve({ client: new Client({ graphs }), port, host: values.host, ...options });
} catch (error) {
  if (error.code !== "EADDRINUSE") throw error;
  fail(`${values.host}:${port} is in use (choose another with --port)`);
}
console.log(`langgraph-wasm: graphs ${Object.keys(graphs).join(", ")} from ${file}`);
console.log(`- API: ${served.url}`);
const stop = () => served.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
