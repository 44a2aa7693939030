// Replaces the bodies of the standard library's panic entry points with a bare `unreachable`,
// so that the final `wasm-opt -Oz` drops what only they reach: the panic runtime (hook, payloads,
// the default hook's message writing) and the formatting of panic messages inside them.
//
// Why it changes nothing a user can see: the release build aborts on panic (`panic = "abort"`)
// and installs no panic hook, so a panic already ends as a wasm trap (`RuntimeError:
// unreachable`) whose message nobody prints; now it traps one call earlier. No panic is
// reachable from JS input in the first place (DESIGN.md). The functions replaced never return
// (`-> !`): each listed name must be one without results, and the list must find `panic_fmt`
// (through which every formatted panic goes), or this stops the build: a toolchain that renames
// them would otherwise turn the saving off silently.
//
// Measured (make pkg, 2026-12-04): 1,173,446 → 1,160,274 bytes, 475,382 → 469,235 gzipped. The
// nightly `-Cpanic=immediate-abort` build saved 25 KB gzipped (README, "Download size"), since it
// also drops the message arguments every call site builds; this keeps the stable toolchain.
//
// Usage: node tools/snip-panics.mjs <binaryen's index.js> <module.wasm> (rewritten in place)

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [binaryenPath, file] = process.argv.slice(2);
if (!binaryenPath || !file) throw new Error("usage: node tools/snip-panics.mjs <binaryen index.js> <module.wasm>");
const { default: binaryen } = await import(pathToFileURL(binaryenPath).href);

// Rust's v0 names as wasm-bindgen keeps them: `core[<hash>]::panicking::panic_fmt`.
const crate = (name) => `${name}\\[[0-9a-f]+\\]`;
const NEVER_RETURN = new RegExp(
  "^(?:" +
    [
      `${crate("core")}::panicking::`,
      `${crate("core")}::result::unwrap_failed$`,
      `${crate("core")}::option::(?:unwrap|expect)_failed$`,
      `${crate("core")}::cell::panic_already_(?:mutably_)?borrowed$`,
      `${crate("core")}::cell::lazy::panic_poisoned$`,
      `${crate("core")}::slice::sort::shared::smallsort::panic_on_ord_violation$`,
      `${crate("std")}::thread::local::panic_access_error$`,
      `${crate("std")}::panicking::(?:panic_with_hook|rust_panic_with_hook|begin_panic\\b.*|panic_handler::\\{closure#0\\})$`,
      `${crate("__rustc")}::(?:rust_begin_unwind|rust_panic)$`,
    ].join("|") +
    ")",
);

const module = binaryen.readBinary(readFileSync(file));
let snipped = 0;
let sawPanicFmt = false;
for (let i = 0; i < module.getNumFunctions(); i++) {
  const func = module.getFunctionByIndex(i);
  const info = binaryen.getFunctionInfo(func);
  if (!info.body || !NEVER_RETURN.test(info.name)) continue;
  if (info.results !== binaryen.none) fail(`${info.name} returns a value: it is not a panic entry point`);
  binaryen._BinaryenFunctionSetBody(func, module.unreachable());
  snipped++;
  sawPanicFmt ||= /::panicking::panic_fmt$/.test(info.name);
}
if (!sawPanicFmt) fail("no core::panicking::panic_fmt found (are the names kept, and in Rust's v0 form?)");
// (The features only let the validator read every instruction; wasm-opt is told the real set.)
const features = module.getFeatures();
module.setFeatures(binaryen.Features.All);
if (!module.validate()) fail("the module does not validate after snipping");
module.setFeatures(features);
binaryen.setDebugInfo(true); // keep the names: the next step sorts functions by them
writeFileSync(file, module.emitBinary());
module.dispose();
console.log(`${file}: ${snipped} panic entry points made a bare trap`);

function fail(message) {
  console.error(`snip-panics: ${message}`);
  process.exit(1);
}
