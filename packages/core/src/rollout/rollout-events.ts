import type { EpisodeRecord } from "../trajectory/episode-record.js";
import type { TurnRecord } from "../trajectory/turn-record.js";

/** Progress events of a rollout run, named noun-start|end. */
export type RolloutEvent =
  | { type: "episode-start"; trajectoryId: string; groupId: string }
  | { type: "turn-end"; trajectoryId: string; turn: TurnRecord }
  | { type: "episode-end"; episode: EpisodeRecord; finished: number; total: number };
