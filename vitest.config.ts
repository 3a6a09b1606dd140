import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Data-layer modules start with `import "server-only"`; outside React Server Components it must be a no-op.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".steward/**"],
    environment: "node",
    pool: "forks",
    // One migrated template database; each data-layer test file gets a copy (lib/testing/global-setup.ts).
    globalSetup: ["lib/testing/global-setup.ts"],
    // Data-layer tests migrate a fresh database per file; the WebAssembly engine needs a little time.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
