// The seed document's code examples (../shared/seed/, beside the repository, as CI has it),
// read from the Markdown so that tests run them verbatim. Blocks repeated in the document (its
// extended example repeats the first tab group) are returned once, in document order.
import { readFileSync } from "node:fs";

export const SEED_DOC = new URL("../../../shared/seed/server-api-human-in-the-loop.ko.md", import.meta.url);

/** The unique fenced blocks of `lang` ("python", "js", "bash"), without their indentation. */
export function seedExamples(lang) {
  const lines = readFileSync(SEED_DOC, "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, tag] = open;
    const body = [];
    for (i++; i < lines.length && lines[i] !== `${indent}\`\`\``; i++) {
      body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i].trimStart());
    }
    const code = body.join("\n");
    if (tag === lang && !blocks.includes(code)) blocks.push(code);
  }
  return blocks;
}
