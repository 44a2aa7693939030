// Runs programs on both libraries and prints where their outputs differ:
//   node tests/dropin/compare.mjs [name-prefix …]
import { installPackage, programs, runBoth } from "./harness.mjs";

const wanted = process.argv.slice(2);
installPackage();
for (const name of programs().filter((n) => wanted.length === 0 || wanted.some((w) => n.startsWith(w)))) {
  const { langgraph, ours } = await runBoth(name);
  const a = langgraph.stdout.trim().split("\n");
  const b = ours.stdout.trim().split("\n");
  const same = langgraph.code === 0 && ours.code === 0 && a.join("\n") === b.join("\n");
  console.log(`${same ? "same" : "DIFF"}  ${name}`);
  if (same) continue;
  if (langgraph.code !== 0) console.log(`  langgraph exited ${langgraph.code}:\n${langgraph.stderr.trim().split("\n").slice(0, 12).join("\n")}`);
  if (ours.code !== 0) console.log(`  ours exited ${ours.code}:\n${ours.stderr.trim().split("\n").slice(0, 12).join("\n")}`);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) {
      console.log(`  line ${i + 1}\n    langgraph: ${a[i]}\n    ours:      ${b[i]}`);
    }
  }
}
