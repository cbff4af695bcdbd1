import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CollectionConflictError, configDifferences, readCollectionConfig, writeCollectionConfig, type CollectionConfig } from "./collection-config.js";

const saved: CollectionConfig = {
  env: "alfworld",
  policy: "expert",
  seed: 0,
  group: 1,
  episodes: 10,
  maxSteps: 50,
  history: 2,
  envOptions: { a: 1, b: "x" },
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("collection config", () => {
  it("lets --episodes grow and ignores option order, but names every other difference", () => {
    expect(configDifferences(saved, { ...saved, episodes: 30, envOptions: { b: "x", a: 1 }, createdAt: "later" })).toEqual([]);
    expect(configDifferences(saved, { ...saved, seed: 5, envOptions: { a: 2, b: "x" }, temperature: 0.4 })).toEqual([
      "seed: 0 there, 5 here",
      'envOptions: {"a":1,"b":"x"} there, {"a":2,"b":"x"} here',
      "temperature: (default) there, 0.4 here",
    ]);
  });

  it("round-trips through the file; a missing file is undefined and a broken one a conflict", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hiper-collect-config-"));
    const path = join(dir, "collect.json");
    expect(await readCollectionConfig(path)).toBeUndefined();
    await writeCollectionConfig(path, saved);
    expect(await readCollectionConfig(path)).toEqual(saved);
    await writeFile(path, "{ not json");
    await expect(readCollectionConfig(path)).rejects.toBeInstanceOf(CollectionConflictError);
    await writeFile(path, JSON.stringify({ env: "alfworld" }));
    await expect(readCollectionConfig(path)).rejects.toThrow(/is not a collection config/);
  });
});
