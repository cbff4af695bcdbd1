import { describe, expect, it } from "vitest";
import { loadGamesSync } from "../loader/load-games.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { readGoldenFile, replayGolden, type GoldenRecord } from "./golden-replay.js";

// The golden transcripts live in the shared data beside the project (never in the repository);
// a clone without it skips this suite.
describe.skipIf(!hasSharedAlfworld)("golden replay of valid_seen (spec alfworld.md §17)", () => {
  const games = () => loadGamesSync({ path: sharedFile("valid_seen.tgz") });
  const golden = () => readGoldenFile(sharedFile("valid_seen.golden.jsonl.gz"));

  it("reproduces all 280 episodes exactly: intro, observations, won, admissible lists and done", () => {
    const records = golden();
    expect(records).toHaveLength(140);
    const report = replayGolden({ games: games(), golden: records });
    const failures = report.episodes.filter((episode) => !episode.matched).slice(0, 3);
    expect(failures).toEqual([]);
    expect(report).toMatchObject({ total: 280, matched: 280, mismatched: 0 });
    const stepCount = report.episodes.reduce((sum, episode) => sum + episode.steps, 0);
    expect(stepCount).toBeGreaterThan(140 * 40);
  });

  it("reports the first difference of a transcript that does not match", () => {
    const record = golden()[0] as GoldenRecord;
    const expert = record.expert!;
    const changed = structuredClone(record);
    changed.expert!.steps[1]!.observation = "You pick up nothing.";
    changed.random!.admissible = [...expert.admissible, "jump"];
    const report = replayGolden({ games: games(), golden: [changed, { ...record, game: "valid_seen/no-such-game" }] });
    expect(report).toMatchObject({ total: 4, matched: 0, mismatched: 4 });
    expect(report.episodes[0]).toMatchObject({
      walk: "expert",
      matched: false,
      steps: 2,
      difference: { step: 2, field: "observation", expected: "You pick up nothing.", got: expert.steps[1]!.observation },
    });
    expect(report.episodes[1]).toMatchObject({ walk: "random", difference: { step: 0, field: "admissible" } });
    expect(report.episodes[2]).toMatchObject({ game: "valid_seen/no-such-game", difference: { field: "game" } });
  });
});
