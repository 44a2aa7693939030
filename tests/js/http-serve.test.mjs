// The HTTP API on a loopback port (`serve()` from langgraph-wasm/node): the same SDK scenarios
// as through createFetch, the seed's Python example verbatim with `langgraph-sdk` from PyPI
// (in target/pyenv, made by `make pyenv`), its cURL examples verbatim, the CLI, and what the
// server does with other paths (a fallback handler), CORS and a client that hangs up.
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";

import { Client, serve, StateGraph, START } from "../../pkg/node.js";
import { agent, breakpoints, stepsGraph } from "../../examples/graphs.mjs";
import { suite, gatedAgent } from "../support/sdk-scenarios.mjs";
import { deferred } from "../support/promises.mjs";
import { seedExamples } from "../support/seed.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const python = `${root}target/pyenv/bin/python`;

suite("serve() on loopback", async (graphs) => {
  const served = await serve({ client: new Client({ graphs }), port: 0 });
  return { apiUrl: served.url, callerOptions: {}, close: () => served.close() };
});

/** A server for `graphs` on a free port, closed after this file's tests. */
const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function served(graphs, options = {}) {
  const server = await serve({ client: new Client({ graphs }), port: 0, ...options });
  servers.push(server);
  return server;
}

/**
 * Runs a program to its end without blocking this process (the server under test answers from
 * this process's event loop). Resolves to `{status, stdout, stderr}`.
 */
function run(file, args, input = "") {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function json(url, init) {
  const response = await fetch(url, init);
  return response.json();
}

describe("the seed's Python example, verbatim, with langgraph-sdk from PyPI", () => {
  const examples = seedExamples("python").filter((code) => code.includes("client"));
  const [dynamic, runtimeBreakpoints, staticExample] = examples;

  /** Runs a Python example against `url`; resolves to its stdout. */
  async function runPython(code, url, extra = {}) {
    assert.ok(existsSync(python), `${python} is missing: run \`make pyenv\``);
    const result = await run(python, [`${root}tests/py/seed_example.py`, url, JSON.stringify(extra)], code);
    assert.equal(result.status, 0, `python failed:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  }

  test("dynamic interrupt: prints __interrupt__, then the resumed state", async () => {
    const { url } = await served({ agent });
    const printed = (await runPython(dynamic, url)).trim().split("\n");
    assert.equal(printed.length, 2, printed.join("\n"));
    assert.match(printed[0], /^\[\{'value': \{'text_to_revise': 'original text'\}, 'id': '[0-9a-f]{32}'\}\]$/);
    assert.equal(printed[1], "{'some_text': 'Edited text'}");
  });

  test("static interrupts: the complete example, and breakpoints set per run", async () => {
    const server = await served({ agent: breakpoints });
    await runPython(staticExample, server.url, { inputs: { trace: "start" } });
    const [thread] = await json(`${server.url}/threads/search`, { method: "POST", body: "{}" });
    const state = await json(`${server.url}/threads/${thread.thread_id}/state`);
    assert.deepEqual([state.values, state.next], [{ trace: "start|node_a|node_b" }, ["node_c"]]);

    // The per-run fragment passes `inputs=inputs`, a keyword the Python SDK has never taken: as
    // written it fails in the SDK before any request. With `input=inputs` it runs against us.
    const perRun = await served({ agent: stepsGraph() });
    const { thread_id } = await json(`${perRun.url}/threads`, { method: "POST", body: "{}" });
    const scope = JSON.stringify({ thread_id, assistant_id: "agent", inputs: { trace: "start" } });
    const verbatim = await run(python, [`${root}tests/py/seed_example.py`, perRun.url, scope], runtimeBreakpoints);
    assert.match(verbatim.stderr, /TypeError: RunsClient\.wait\(\) got an unexpected keyword argument 'inputs'/);
    assert.equal((await json(`${perRun.url}/threads/${thread_id}/runs`)).length, 0, "no request was made");
    const corrected = runtimeBreakpoints.replace("inputs=inputs", "input=inputs");
    await runPython(corrected, perRun.url, JSON.parse(scope));
    const paused = await json(`${perRun.url}/threads/${thread_id}/state`);
    assert.deepEqual([paused.values, paused.next], [{ trace: "start" }, ["node_a"]]);
  });
});

describe("the seed's cURL examples, verbatim", () => {
  const blocks = seedExamples("bash");
  const find = (what, test) => {
    const found = blocks.filter(test);
    assert.ok(found.length > 0, `no cURL block for ${what}`);
    return found;
  };
  const createThread = find("creating a thread", (b) => b.includes("--data '{}'"))[0];
  const runToInterrupt = find("running to the interrupt", (b) => b.includes("original text"))[0];
  const resumes = find("resuming with a command", (b) => b.includes("Edited text"));
  const perRun = find("per-run breakpoints", (b) => b.includes("interrupt_before"))[0];
  const toBreakpoint = find("running to a breakpoint", (b) => b.includes("<INPUT>") && !b.includes("interrupt_before"))[0];
  const resumeNoInput = find("resuming with no input", (b) => !/input|command|'\{\}'/.test(b))[0];

  /** Runs a cURL block in bash with the placeholders filled in; resolves to its JSON output. */
  async function curl(block, fill) {
    let script = block;
    for (const [placeholder, value] of Object.entries(fill)) script = script.replaceAll(placeholder, value);
    assert.doesNotMatch(script, /<[A-Z_]+>/, "every placeholder is filled");
    const result = await run("bash", ["-c", `${script} --silent --show-error --fail-with-body`]);
    assert.equal(result.status, 0, `curl failed:\n${script}\n${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  test("dynamic interrupt: create a thread, run to the interrupt, resume", async () => {
    const { url } = await served({ agent });
    for (const resume of resumes) {
      const thread = await curl(createThread, { "<DEPLOYMENT_URL>": url });
      const fill = { "<DEPLOYMENT_URL>": url, "<THREAD_ID>": thread.thread_id };
      const paused = await curl(runToInterrupt, fill);
      assert.deepEqual(paused.__interrupt__[0].value, { text_to_revise: "original text" });
      assert.deepEqual(await curl(resume, fill), { some_text: "Edited text" });
    }
  });

  test("static interrupts: run to the breakpoint, resume with no input; breakpoints per run", async () => {
    // <INPUT> sits inside a double-quoted bash string in the seed, so its quotes are escaped.
    const input = '{\\"trace\\": \\"start\\"}';
    const { url } = await served({ agent: breakpoints });
    const thread = await curl(createThread, { "<DEPLOYMENT_URL>": url });
    const fill = { "<DEPLOYMENT_URL>": url, "<THREAD_ID>": thread.thread_id, "<INPUT>": input };
    assert.deepEqual(await curl(toBreakpoint, fill), { trace: "start", __interrupt__: [] });
    assert.deepEqual(await curl(resumeNoInput, fill), { trace: "start|node_a|node_b", __interrupt__: [] });

    const plain = await served({ agent: stepsGraph() });
    const other = await curl(createThread, { "<DEPLOYMENT_URL>": plain.url });
    const perRunFill = { "<DEPLOYMENT_URL>": plain.url, "<THREAD_ID>": other.thread_id, "<INPUT>": input };
    assert.deepEqual(await curl(perRun, perRunFill), { trace: "start", __interrupt__: [] });
  });
});

describe("npx langgraph-wasm serve", () => {
  test("serves the graphs a module exports and prints the URL", async () => {
    const cli = spawn(process.execPath, [`${root}pkg/bin/langgraph-wasm.js`, "serve", "examples/graphs.mjs", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise((resolve, reject) => {
      cli.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /- API: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]);
      });
      cli.stderr.on("data", (chunk) => (output += chunk));
      cli.on("exit", (code) => reject(new Error(`the CLI exited (${code}):\n${output}`)));
    });
    assert.match(output, /graphs agent, breakpoints from examples\/graphs\.mjs/);
    assert.deepEqual(await json(`${url}/ok`), { ok: true });
    assert.equal((await json(`${url}/assistants/breakpoints`)).graph_id, "breakpoints");
    const exited = new Promise((resolve) => cli.on("exit", (code) => resolve(code)));
    cli.kill("SIGTERM");
    assert.equal(await exited, 0);
  });

  test("refuses a module without graphs, and bad arguments", () => {
    const run = (...args) => spawnSync(process.execPath, [`${root}pkg/bin/langgraph-wasm.js`, ...args], { cwd: root, encoding: "utf8" });
    const empty = run("serve", "tests/support/seed.mjs");
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /exports no compiled graph/);
    assert.match(run("start").stderr, /unknown command 'start'/);
    assert.match(run("serve", "examples/graphs.mjs", "--port", "x").stderr, /--port must be a port number/);
  });
});

describe("serve() as an HTTP server", () => {
  test("sends other paths to the fallback handler", async () => {
    const server = await served({ agent }, { fallback: (req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`<p>${req.url}</p>`) });
    const page = await fetch(`${server.url}/app/index.html`);
    assert.equal(await page.text(), "<p>/app/index.html</p>");

    const plain = await served({ agent });
    const missing = await fetch(`${plain.url}/favicon.ico`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error, "NotFoundError");
  });

  test("a client hanging up on a stream cancels its run when it asked to", async () => {
    const gates = { current: deferred() };
    const server = await served({ agent: gatedAgent(gates) });
    const { thread_id } = await json(`${server.url}/threads`, { method: "POST", body: "{}" });
    const runPath = await new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}/threads/${thread_id}/runs/stream`, { method: "POST" }, (res) => {
        res.once("data", (chunk) => {
          assert.match(String(chunk), /^event: metadata\n/);
          req.destroy();
          resolve(res.headers["content-location"]);
        });
      });
      req.on("error", () => {});
      req.end(JSON.stringify({ assistant_id: "agent", input: { log: [] }, on_disconnect: "cancel" }));
      setTimeout(() => reject(new Error("no stream")), 10_000).unref();
    });
    let status;
    for (let i = 0; i < 200 && status !== "interrupted"; i++) {
      status = (await json(`${server.url}${runPath}`)).status;
      if (status !== "interrupted") await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(status, "interrupted");
    gates.current.resolve();
  });
});

/** One raw request (Node's fetch will not send a foreign Host): resolves to `{status, headers, body}`. */
function raw(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The seed's thread paused at its interrupt, on `server`. */
async function pausedThread(server) {
  const { thread_id } = await json(`${server.url}/threads`, { method: "POST", body: "{}" });
  const paused = await json(`${server.url}/threads/${thread_id}/runs/wait`, {
    method: "POST",
    body: JSON.stringify({ assistant_id: "agent", input: { some_text: "original text" } }),
  });
  assert.equal(paused.__interrupt__.length, 1);
  return thread_id;
}

describe("serve() is safe by default", () => {
  test("a page on another origin can neither read nor approve: 403, and nothing changes", async () => {
    const server = await served({ agent });
    const thread_id = await pausedThread(server);
    const evil = { origin: "https://evil.example" };
    const read = await raw(`${server.url}/threads/${thread_id}`, { headers: evil });
    assert.equal(read.status, 403);
    assert.equal(JSON.parse(read.body).error, "ForbiddenError");
    assert.equal(read.headers["access-control-allow-origin"], undefined);
    // A "simple" cross-site POST (text/plain: no preflight) is refused too, not run.
    const approve = await raw(`${server.url}/threads/${thread_id}/runs/wait`, {
      method: "POST",
      headers: { ...evil, "content-type": "text/plain" },
      body: JSON.stringify({ assistant_id: "agent", command: { resume: "approved by evil" } }),
    });
    assert.equal(approve.status, 403);
    const preflight = await raw(`${server.url}/threads`, {
      method: "OPTIONS",
      headers: { ...evil, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers["access-control-allow-origin"], undefined);
    const thread = await json(`${server.url}/threads/${thread_id}`);
    assert.equal(thread.status, "interrupted");
    assert.equal((await json(`${server.url}/threads/${thread_id}/runs`)).length, 1);
  });

  test("loopback pages, the same origin and configured origins get CORS for themselves only", async () => {
    const server = await served({ agent });
    const page = "http://localhost:5173";
    const preflight = await raw(`${server.url}/threads`, {
      method: "OPTIONS",
      headers: { origin: page, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-api-key" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], page);
    assert.equal(preflight.headers["access-control-allow-headers"], "content-type, x-api-key");
    assert.doesNotMatch(preflight.headers["access-control-allow-methods"], /TRACE|CONNECT/);
    const created = await raw(`${server.url}/threads`, { method: "POST", headers: { origin: page }, body: "{}" });
    assert.equal(created.status, 200);
    assert.equal(created.headers["access-control-allow-origin"], page);
    assert.equal(created.headers.vary, "Origin");
    const same = await raw(`${server.url}/ok`, { headers: { origin: server.url } });
    assert.equal(same.status, 200);
    // Without an Origin (curl, the SDKs in Node, Python) there is nothing to grant.
    assert.equal((await raw(`${server.url}/ok`)).headers["access-control-allow-origin"], undefined);

    const opened = await served({ agent }, { cors: { origins: ["https://app.example"] } });
    assert.equal((await raw(`${opened.url}/ok`, { headers: { origin: "https://app.example" } })).status, 200);
    assert.equal((await raw(`${opened.url}/ok`, { headers: { origin: "https://other.example" } })).status, 403);
    const any = await served({ agent }, { cors: { origins: "*" } });
    const anyOrigin = await raw(`${any.url}/ok`, { headers: { origin: "https://other.example" } });
    assert.equal(anyOrigin.headers["access-control-allow-origin"], "https://other.example");
  });

  test("a foreign Host (DNS rebinding) is refused unless allowed", async () => {
    const server = await served({ agent }, { fallback: (req, res) => res.end("page") });
    for (const host of ["evil.example", "evil.example:2024", "localhost.evil.example"]) {
      const answer = await raw(`${server.url}/ok`, { headers: { host } });
      assert.equal(answer.status, 403, host);
      assert.match(JSON.parse(answer.body).message, /allowedHosts/);
      assert.equal((await raw(`${server.url}/index.html`, { headers: { host } })).status, 403, `${host} (fallback)`);
    }
    for (const host of ["localhost:2024", "127.0.0.1", "[::1]:80", "app.localhost", "192.168.1.20:2024"]) {
      assert.equal((await raw(`${server.url}/ok`, { headers: { host } })).status, 200, host);
    }
    const allowed = await served({ agent }, { allowedHosts: ["devbox.internal", ".example.test"] });
    assert.equal((await raw(`${allowed.url}/ok`, { headers: { host: "devbox.internal:2024" } })).status, 200);
    assert.equal((await raw(`${allowed.url}/ok`, { headers: { host: "a.example.test" } })).status, 200);
    assert.equal((await raw(`${allowed.url}/ok`, { headers: { host: "evil.example" } })).status, 403);
  });

  test("bodies over the limit are 413, unknown methods 405, malformed URLs 400; the server goes on", async () => {
    const server = await served({ agent }, { maxBodySize: 1024 });
    const big = JSON.stringify({ metadata: { blob: "x".repeat(4096) } });
    const declared = await raw(`${server.url}/threads`, { method: "POST", body: big });
    assert.equal(declared.status, 413);
    assert.equal(JSON.parse(declared.body).error, "PayloadTooLargeError");
    const chunked = await raw(`${server.url}/threads`, {
      method: "POST",
      headers: { "transfer-encoding": "chunked" },
      body: big,
    });
    assert.equal(chunked.status, 413);
    for (const method of ["TRACE", "PROPFIND"]) {
      const answer = await raw(`${server.url}/threads`, { method });
      assert.equal(answer.status, 405, method);
      assert.equal(JSON.parse(answer.body).error, "MethodNotAllowedError");
    }
    for (const path of ["/threads/%E0%A4%A", "/threads/%ff/state"]) {
      const answer = await raw(`${server.url}${path}`);
      assert.equal(answer.status, 400, path);
      assert.equal(JSON.parse(answer.body).error, "BadRequestError");
    }
    assert.deepEqual(await json(`${server.url}/ok`), { ok: true });
    assert.equal((await raw(`${server.url}/threads`, { method: "POST", body: "{}" })).status, 200);
  });

  test("a stream whose reader stops reading is bounded, then dropped; other readers go on", async () => {
    const CHUNK = "y".repeat(64 * 1024);
    const CHUNKS = 300; // ~19 MB of custom events, far more than socket buffers hold
    const spam = new StateGraph({ channels: { n: null } })
      .addNode("spam", (state, runtime) => {
        for (let i = 0; i < CHUNKS; i++) runtime.writer({ i, CHUNK });
        return { n: CHUNKS };
      })
      .addEdge(START, "spam")
      .compile();
    const server = await served({ spam }, { streamStallTimeout: 300 });
    const stream = async (threadId) =>
      raw(`${server.url}/threads/${threadId}/runs/stream`, {
        method: "POST",
        body: JSON.stringify({ assistant_id: "spam", input: {}, stream_mode: ["custom"] }),
      });
    const [stalled, reading] = await Promise.all([
      json(`${server.url}/threads`, { method: "POST", body: "{}" }),
      json(`${server.url}/threads`, { method: "POST", body: "{}" }),
    ]);
    // The stalled reader: takes the headers, then never reads; afterwards counts what it got.
    const stalledResult = new Promise((resolve, reject) => {
      const req = httpRequest(`${server.url}/threads/${stalled.thread_id}/runs/stream`, { method: "POST" }, (res) => {
        res.pause();
        setTimeout(() => {
          let received = 0;
          let ended = false;
          res.on("data", (chunk) => (received += chunk.length));
          res.on("end", () => (ended = true));
          res.on("close", () => resolve({ received, complete: ended && !res.aborted && res.complete }));
          res.resume();
        }, 1500);
      });
      req.on("error", reject);
      req.end(JSON.stringify({ assistant_id: "spam", input: {}, stream_mode: ["custom"] }));
    });
    const full = await stream(reading.thread_id);
    assert.equal(full.status, 200);
    assert.equal(full.body.split("event: custom\n").length - 1, CHUNKS, "the reading client got every event");
    const { received, complete } = await stalledResult;
    assert.equal(complete, false, "the stalled stream was cut, not completed");
    assert.ok(received < full.body.length / 2, `the server held back for the stalled reader (${received} of ${full.body.length} bytes)`);
    assert.deepEqual(await json(`${server.url}/ok`), { ok: true });
  });

  test("the CLI takes the same options", async () => {
    const cli = spawn(
      process.execPath,
      [`${root}pkg/bin/langgraph-wasm.js`, "serve", "examples/graphs.mjs", "--port", "0", "--allowed-hosts", "devbox.internal",
        "--cors-origins", "https://app.example", "--max-body-size", "2048"],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const url = await new Promise((resolve, reject) => {
      cli.stdout.on("data", (chunk) => {
        output += chunk;
        const match = /- API: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]);
      });
      cli.stderr.on("data", (chunk) => (output += chunk));
      cli.on("exit", (code) => reject(new Error(`the CLI exited (${code}):\n${output}`)));
    });
    try {
      assert.equal((await raw(`${url}/ok`, { headers: { host: "devbox.internal" } })).status, 200);
      assert.equal((await raw(`${url}/ok`, { headers: { origin: "https://app.example" } })).status, 200);
      assert.equal((await raw(`${url}/ok`, { headers: { origin: "https://evil.example" } })).status, 403);
      const body = JSON.stringify({ metadata: { blob: "x".repeat(4096) } });
      assert.equal((await raw(`${url}/threads`, { method: "POST", body })).status, 413);
    } finally {
      cli.kill("SIGTERM");
    }
  });
});
