/**
 * `npm run bench`: runs every benchmark in turn and prints their tables. Each script can also
 * be run on its own (`npx tsx bench/<name>.ts --help` where it takes options); BENCHMARKS.md
 * records the numbers with the exact command and machine.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith(".ts") && name !== "run-all.ts")
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n## ${script}\n\n`);
  const result = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", `${here}${script}`], { stdio: "inherit" });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`(${script} exited with ${result.status ?? result.signal})\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
