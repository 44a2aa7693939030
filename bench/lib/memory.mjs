// Peak memory of one library on fanout_to_subgraph_100x, in a process of its own (run by
// run.mjs as `node --expose-gc bench/lib/memory.mjs <ours|theirs> [bench|smoke]`). Prints JSON.
//
// RSS covers everything (JS heap, wasm linear memory, native allocations); the JS heap peak is
// sampled at every node call (V8's used heap); wasm memory is the linear memory's size, which
// only grows, so its end size is its peak.

import { getHeapStatistics } from "node:v8";
import { loadLibraries } from "./libraries.node.mjs";
import { shapes } from "./shapes.mjs";

const [side = "ours", size = "bench"] = process.argv.slice(2);
const sides = await loadLibraries();
const adapter = sides[side];
const name = size === "smoke" ? "fanout_to_subgraph_2x" : "fanout_to_subgraph_100x";
const shape = shapes(size).find((s) => s.name === name && s.checkpoint);

globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = getHeapStatistics().used_heap_size;
let heapPeak = heapBefore;
const probe = () => {
  const used = getHeapStatistics().used_heap_size;
  if (used > heapPeak) heapPeak = used;
};
const runs = 3;
for (let i = 0; i < runs; i++) await shape.build(adapter, { probe }).run();
const result = {
  side,
  shape: `${name} (MemorySaver), ${runs} runs`,
  rssBefore,
  maxRss: process.resourceUsage().maxRSS * 1024,
  heapBefore,
  heapPeak,
  wasmMemory: side === "ours" ? await sides.oursWasmMemory() : 0,
};
process.stdout.write(JSON.stringify(result) + "\n");
