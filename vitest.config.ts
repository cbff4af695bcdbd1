import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import workspace packages from source; CLI tests spawn the built `hiper` from dist/.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@hiper\/core\/testing$/, replacement: src("./packages/core/src/testing/index.ts") },
      { find: /^@hiper\/core$/, replacement: src("./packages/core/src/index.ts") },
      { find: /^@hiper\/env-alfworld$/, replacement: src("./packages/env-alfworld/src/index.ts") },
      { find: /^@hiper\/env-webshop$/, replacement: src("./packages/env-webshop/src/index.ts") },
      { find: /^@hiper\/trainer$/, replacement: src("./packages/trainer/src/index.ts") },
      { find: /^@hiper\/example-custom-env$/, replacement: src("./examples/custom-env/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "examples/*/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
