import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { InvalidInputError } from "@hiper/core";
import { z } from "zod";
import { AlfworldEngine, type EngineResult } from "../engine/alfworld-engine.js";
import type { GameSet } from "../loader/game-set.js";

/**
 * Golden transcripts (spec alfworld.md §17): for each game, walks whose every intro,
 * observation, `won` flag and admissible list an exact engine reproduces.
 */
export const GoldenStep = z.object({
  action: z.string(),
  observation: z.string(),
  won: z.boolean(),
  admissible: z.array(z.string()),
});
export type GoldenStep = z.infer<typeof GoldenStep>;

export const GoldenWalk = z.object({
  intro: z.string(),
  admissible: z.array(z.string()),
  steps: z.array(GoldenStep),
});
export type GoldenWalk = z.infer<typeof GoldenWalk>;

/** One line of a golden file: the game path and its walks (the expert walkthrough, a random walk). */
export const GoldenRecord = z.object({ game: z.string(), expert: GoldenWalk.optional(), random: GoldenWalk.optional() });
export type GoldenRecord = z.infer<typeof GoldenRecord>;

/** Reads a golden `.jsonl` file, gzipped or not. Throws `InvalidInputError` on a bad line. */
export function readGoldenFile(path: string): GoldenRecord[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new InvalidInputError(`cannot read golden file ${path}: ${(cause as Error).message}`, { cause });
  }
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return GoldenRecord.parse(JSON.parse(line));
      } catch (cause) {
        throw new InvalidInputError(`${path}: line ${i + 1} is not a golden record (${(cause as Error).message})`, { cause });
      }
    });
}

/** Where a replay first disagreed with the transcript. Step 0 is the reset. */
export interface ReplayDifference {
  step: number;
  field: "game" | "intro" | "observation" | "won" | "done" | "admissible";
  expected: unknown;
  got: unknown;
}

export interface ReplayEpisodeResult {
  game: string;
  walk: string;
  /** Steps replayed before stopping (all of them when matched). */
  steps: number;
  matched: boolean;
  difference?: ReplayDifference;
}

export interface ReplayReport {
  episodes: ReplayEpisodeResult[];
  total: number;
  matched: number;
  mismatched: number;
}

export interface ReplayGoldenOptions {
  games: GameSet;
  golden: Iterable<GoldenRecord>;
  /** The step limit the transcripts were made with (50): `done` must be true exactly at the last step. */
  maxSteps?: number;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

function replayWalk(engine: AlfworldEngine, walk: GoldenWalk): { steps: number; difference?: ReplayDifference } {
  const reset = engine.reset();
  if (reset.observation !== walk.intro) return { steps: 0, difference: { step: 0, field: "intro", expected: walk.intro, got: reset.observation } };
  if (!sameList(reset.admissible, walk.admissible)) {
    return { steps: 0, difference: { step: 0, field: "admissible", expected: walk.admissible, got: reset.admissible } };
  }
  const last = walk.steps.length;
  for (let i = 1; i <= last; i += 1) {
    const expected = walk.steps[i - 1] as GoldenStep;
    let got: EngineResult;
    try {
      got = engine.step(expected.action);
    } catch (cause) {
      return { steps: i - 1, difference: { step: i, field: "done", expected: false, got: `threw: ${(cause as Error).message}` } };
    }
    const at = (field: ReplayDifference["field"], want: unknown, have: unknown) => ({ steps: i, difference: { step: i, field, expected: want, got: have } });
    if (got.observation !== expected.observation) return at("observation", expected.observation, got.observation);
    if (got.won !== expected.won) return at("won", expected.won, got.won);
    if (!sameList(got.admissible, expected.admissible)) return at("admissible", expected.admissible, got.admissible);
    if (got.done !== (i === last)) return at("done", i === last, got.done);
  }
  return { steps: last };
}

/**
 * Replays every walk of every golden record on a fresh engine and compares the intro, each
 * observation, `won`, the admissible lists and `done` exactly. Returns per-episode results with the
 * first difference, and totals.
 */
export function replayGolden(options: ReplayGoldenOptions): ReplayReport {
  const maxSteps = options.maxSteps ?? 50;
  const episodes: ReplayEpisodeResult[] = [];
  for (const record of options.golden) {
    const { game } = record;
    const entry = options.games.find(game);
    for (const name of ["expert", "random"] as const) {
      const walk = record[name];
      if (!walk) continue;
      if (!entry) {
        episodes.push({ game, walk: name, steps: 0, matched: false, difference: { step: 0, field: "game", expected: game, got: "no such game in the set" } });
        continue;
      }
      let engine: AlfworldEngine;
      try {
        engine = new AlfworldEngine(entry.compile(), { maxSteps });
      } catch (cause) {
        episodes.push({ game, walk: name, steps: 0, matched: false, difference: { step: 0, field: "game", expected: game, got: `failed to load: ${(cause as Error).message}` } });
        continue;
      }
      const outcome = replayWalk(engine, walk);
      episodes.push({
        game,
        walk: name,
        steps: outcome.steps,
        matched: outcome.difference === undefined,
        ...(outcome.difference ? { difference: outcome.difference } : {}),
      });
    }
  }
  const matched = episodes.filter((episode) => episode.matched).length;
  return { episodes, total: episodes.length, matched, mismatched: episodes.length - matched };
}
