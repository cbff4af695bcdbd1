import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HiperError } from "../errors/index.js";
import { exampleEpisode } from "./fixtures/example-episode.js";
import { readTrajectories } from "./trajectory-reader.js";
import { TrajectoryWriter } from "./trajectory-writer.js";

const tempFile = async (name: string) => join(await mkdtemp(join(tmpdir(), "hiper-traj-")), name);

describe("trajectory store", () => {
  it("round-trips episodes written concurrently, one line each", async () => {
    const path = await tempFile("a.jsonl");
    const writer = await TrajectoryWriter.open(path);
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.write(exampleEpisode(i))));
    await writer.close();
    const text = await readFile(path, "utf8");
    expect(text.trim().split("\n")).toHaveLength(10);
    const { episodes, warnings } = await readTrajectories(path);
    expect(warnings).toEqual([]);
    expect(episodes.map((e) => e.seed).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(episodes[0]?.turns[1]?.parsed.switch).toBe("KEEP");
  });

  it("skips a torn last line with a warning, and the next writer starts a fresh line", async () => {
    const path = await tempFile("torn.jsonl");
    const writer = await TrajectoryWriter.open(path);
    await writer.write(exampleEpisode(1));
    await writer.close();
    const whole = JSON.stringify(exampleEpisode(2));
    await appendFile(path, whole.slice(0, whole.length / 2));

    const torn = await readTrajectories(path);
    expect(torn.episodes.map((e) => e.seed)).toEqual([1]);
    expect(torn.warnings).toHaveLength(1);
    expect(torn.warnings[0]).toMatch(/:2: skipped an incomplete line/);

    const again = await TrajectoryWriter.open(path);
    await again.write(exampleEpisode(3));
    await again.close();
    const after = await readTrajectories(path);
    expect(after.episodes.map((e) => e.seed)).toEqual([1, 3]);
    expect(after.warnings).toHaveLength(1);
  });

  it("rejects a complete line that is not an episode record, naming the line", async () => {
    const path = await tempFile("bad.jsonl");
    await writeFile(path, `${JSON.stringify(exampleEpisode(0))}\n{"schemaVersion":99,"hello":1}\n`);
    const error = await readTrajectories(path).catch((e: unknown) => e);
    expect(HiperError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/:2: not a HiPER episode record \(schemaVersion 99\)/);
  });

  it("refuses to write an episode that does not match the schema", async () => {
    const path = await tempFile("invalid.jsonl");
    const writer = await TrajectoryWriter.open(path);
    const broken = { ...exampleEpisode(0), steps: -1 };
    await expect(writer.write(broken)).rejects.toThrow(/does not match the trajectory schema/);
    await writer.close();
  });

  it("reads the version-1 fixture", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/v1.jsonl", import.meta.url));
    const { episodes, warnings } = await readTrajectories(fixture);
    expect(warnings).toEqual([]);
    expect(episodes.length).toBeGreaterThan(0);
    expect(episodes.every((e) => e.schemaVersion === 1)).toBe(true);
  });

  it("keeps every finished episode when the writing process is killed mid-write", async () => {
    const path = await tempFile("crash.jsonl");
    const script = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, path], { stdio: ["ignore", "pipe", "inherit"] });
    let reported = -1;
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        const numbers = [...chunk.matchAll(/wrote (\d+)/g)].map((m) => Number(m[1]));
        reported = Math.max(reported, ...numbers);
        if (reported >= 15) {
          child.kill("SIGKILL");
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on("exit", resolve));
    const { episodes, warnings } = await readTrajectories(path);
    expect(warnings.length).toBeLessThanOrEqual(1);
    expect(episodes.length).toBeGreaterThanOrEqual(reported + 1);
    expect(episodes.map((e) => e.seed)).toEqual(episodes.map((_, i) => i));
  });
});
