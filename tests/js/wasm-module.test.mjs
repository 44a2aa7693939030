// What the shipped wasm module may export. No exported function returns a reference type
// (`externref`, `funcref`): the V8 of Node 20 and 22 aborts the whole process when optimized JS
// that inlined a call to such an export is deoptimized while the call runs (a callback into JS
// during the call can cause it; bench/PROFILE.md, "A V8 crash on Node 20 and 22"). `make pkg`
// builds without reference types so that objects cross as indices; this keeps it that way.
//
// Both modules the package ships are checked (the package root's and `langgraph-wasm/web`'s);
// WASM_MODULE=path checks another one (e.g. a build with reference types, which fails).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const paths = process.env.WASM_MODULE
  ? [process.env.WASM_MODULE]
  : ["../../pkg/wasm/langgraph_wasm_bg.wasm", "../../pkg/wasm/engine/langgraph_wasm_bg.wasm"].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** The exported functions of a wasm module with their result types: `[{ name, results }]`. */
function exportedFunctions(bytes) {
  let at = 8; // magic and version
  const u32 = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
  };
  const name = () => {
    const length = u32();
    at += length;
    return new TextDecoder().decode(bytes.subarray(at - length, at));
  };
  const types = [];
  const functionTypes = []; // imported functions first, as the index space counts them
  const exports = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        assert.equal(bytes[at++], 0x60, "a plain function type");
        const parameters = u32(); // one byte each: numbers and abstract reference types
        at += parameters;
        const count = u32();
        types.push([...bytes.subarray(at, at + count)]);
        at += count;
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[at++];
        assert.equal(kind, 0, "the module imports functions only");
        functionTypes.push(u32());
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) functionTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exported = name();
        const kind = bytes[at++];
        const index = u32();
        if (kind === 0) exports.push({ name: exported, results: types[functionTypes[index]] });
      }
    }
    at = end;
  }
  return exports;
}

for (const path of paths) {
  test(`no function of the wasm module returns a reference type to JS (${path.split("/pkg/").at(-1)})`, () => {
    const exports = exportedFunctions(readFileSync(path));
    assert.ok(exports.length > 50, `the module's exports were read (${exports.length} functions)`);
    const REFERENCE = new Set([0x6f, 0x70]); // externref, funcref
    const offending = exports.filter((f) => f.results.some((t) => REFERENCE.has(t))).map((f) => f.name);
    assert.deepEqual(offending, [], `exports returning a reference: ${offending.slice(0, 5).join(", ")}`);
    // The results are numbers only (what wasm-bindgen's index-passing glue returns).
    const NUMBERS = new Set([0x7f, 0x7e, 0x7d, 0x7c]); // i32, i64, f32, f64
    assert.ok(exports.every((f) => f.results.every((t) => NUMBERS.has(t))));
  });
}
