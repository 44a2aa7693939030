// CommonJS entry (`require("langgraph-wasm")`) for Jest, ts-node and Node before 20.19 (newer Node
// loads index.node.js for `require` too, through the "module-sync" condition: one engine for
// `import` and `require`). The API comes from node.cjs, the CommonJS build of the Node entry, so
// this and `require("langgraph-wasm/node")` share one engine. The wasm is read from disk and
// compiled synchronously on first need.
"use strict";
const { serve, ...api } = require("./node.cjs");

module.exports = api;
