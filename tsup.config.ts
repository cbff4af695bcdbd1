import { defineConfig, type Options } from "tsup";

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
    dts: { compilerOptions: { composite: false } },
    tsconfig: "tsconfig.json",
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
    shims: true,
    skipNodeModulesBundle: true,
    external: [/^@hiper\//, /^@tensorflow\//],
    silent: true,
  })),
);
