import { runEpisode, type EpisodeRecord } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEnvironment } from "../environment/alfworld-environment.js";
import { generatedGameSet } from "../generator/generated-game-set.js";
import { loadGamesSync } from "../loader/load-games.js";
import type { GameSet } from "../loader/game-set.js";
import { TASK_TYPES } from "../model/task-type.js";
import { hasSharedAlfworld, sharedFile } from "../test-support/shared-data.js";
import { alfworldPolicies } from "./alfworld-policies.js";
import { checkTurns } from "./turn-checks.js";

async function playAll(games: GameSet, count: number): Promise<{ won: number; steps: number; episodes: EpisodeRecord[] }> {
  const environment = new AlfworldEnvironment({ games });
  const policy = alfworldPolicies.explorer.create({ environment, seed: 1 });
  const episodes: EpisodeRecord[] = [];
  for (let seed = 0; seed < count; seed++) {
    episodes.push(await runEpisode({ environment, policy, promptStyle: "alfworld", reset: { seed }, trajectoryId: `t${seed}`, groupId: "g", maxSteps: 50, historyLength: 2 }));
  }
  const wins = episodes.filter((episode) => episode.won);
  return { won: wins.length, steps: wins.reduce((sum, episode) => sum + episode.steps, 0) / Math.max(1, wins.length), episodes };
}

describe("ExplorerPolicy", () => {
  it("wins at least 90% of 300 generated games within 50 steps, with valid turns", async () => {
    const result = await playAll(generatedGameSet({ count: 300, seed: 77, taskTypes: [...TASK_TYPES] }), 300);
    expect(result.won / 300).toBeGreaterThanOrEqual(0.9);
    const problems = result.episodes.flatMap((episode) => checkTurns(episode));
    expect(problems).toEqual([]);
    const first = result.episodes[0]!;
    expect(first.turns[0]!.output).toMatch(/^<switch>SWITCH<\/switch>\n<subgoal>find and take an? \w+<\/subgoal>\n<action>(go to|open) .+<\/action>$/);
  });

  it.skipIf(!hasSharedAlfworld)("wins at least 90% of the 140 real valid_seen games", async () => {
    const result = await playAll(loadGamesSync({ path: sharedFile("valid_seen.tgz") }), 140);
    expect(result.won / 140).toBeGreaterThanOrEqual(0.9);
    expect(result.steps).toBeLessThan(20);
  });
});
