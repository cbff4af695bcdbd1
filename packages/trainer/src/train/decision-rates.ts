import type { EpisodeRecord } from "@hiper/core";

/** How often the policy switched subgoal and how often its output was invalid, over a batch. */
export interface DecisionRates {
  /** SWITCH turns over turns after the first (turn 0 has no subgoal to keep). */
  switchRate: number;
  /** Turns whose output failed the environment's parse (spec §1.4), over all turns. */
  invalidRate: number;
}

/** The rates of one iteration's rollouts; 0 where there are no turns to count. */
export function decisionRates(episodes: readonly EpisodeRecord[]): DecisionRates {
  const turns = episodes.flatMap((episode) => episode.turns);
  const later = turns.filter((turn) => turn.turnIndex > 0);
  const switches = later.filter((turn) => turn.parsed.switch === "SWITCH").length;
  const invalid = episodes.reduce((sum, episode) => sum + episode.invalidTurns, 0);
  return {
    switchRate: later.length === 0 ? 0 : switches / later.length,
    invalidRate: turns.length === 0 ? 0 : invalid / turns.length,
  };
}
