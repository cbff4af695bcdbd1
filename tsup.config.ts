import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const rootPaths = (JSON.parse(readFileSync("tsconfig.json", "utf8")) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;

// One build for every workspace package: ESM + CJS + .d.ts, each into its own dist/.
const packages: Array<{ dir: string; entry: Record<string, string> }> = [
  { dir: "packages/core", entry: { index: "src/index.ts", testing: "src/testing/index.ts" } },
  { dir: "packages/env-alfworld", entry: { index: "src/index.ts" } },
  { dir: "packages/env-webshop", entry: { index: "src/index.ts" } },
  { dir: "packages/trainer", entry: { index: "src/index.ts", "cli/main": "src/cli/main.ts" } },
  { dir: "examples/custom-env", entry: { index: "src/index.ts" } },
];

export default defineConfig(
  packages.map(({ dir, entry }): Options => ({
    name: dir,
    entry: Object.fromEntries(Object.entries(entry).map(([name, file]) => [name, `${dir}/${file}`])),
    outDir: `${dir}/dist`,
    format: ["esm", "cjs"],
    // Code resolves sibling packages through node_modules (kept external); declarations resolve
    // them to source through the root tsconfig's paths, so no package has to be built first.
    tsconfig: "tsconfig.build.json",
    dts: { compilerOptions: { composite: false, baseUrl: ".", paths: rootPaths } },
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    shims: true,
    skipNodeModulesBundle: true,
    external: ["@hiper/core", "@hiper/core/testing", "@hiper/env-alfworld", "@hiper/env-webshop", "@hiper/trainer", /^@tensorflow\//],
    silent: true,
  })),
);
