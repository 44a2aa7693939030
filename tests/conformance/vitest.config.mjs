// The conformance suite's spec functions use vitest's globals (describe, it, expect), as its own
// CLI runs them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    include: ["*.conformance.test.mjs"],
    reporters: ["default"],
  },
});
