import type { PolicyInput } from "../policy/policy.js";
import { type HistoryEntry, historyWindow } from "../protocol/history.js";
import type { PromptStyle } from "../protocol/prompt-style.js";
import type { EpisodeRecord } from "./episode-record.js";
import type { TurnRecord } from "./turn-record.js";

/**
 * The policy input behind each recorded turn, rebuilt as `runEpisode` built it: the turn's
 * observation and admissible actions, the subgoal in force, and the last `historyLength` turns.
 * Warm starts re-render it as the local prompt; exports as the hosted one.
 */
export function* recordedTurnInputs(episode: EpisodeRecord, options: { promptStyle: PromptStyle; historyLength: number }): Generator<{ turn: TurnRecord; input: PolicyInput }> {
  const history: HistoryEntry[] = [];
  for (const turn of [...episode.turns].sort((a, b) => a.turnIndex - b.turnIndex)) {
    const input: PolicyInput = {
      envId: episode.envId,
      promptStyle: options.promptStyle,
      task: episode.task,
      observation: { text: turn.observation, task: episode.task, ...(turn.admissibleActions ? { admissibleActions: turn.admissibleActions } : {}) },
      step: turn.turnIndex,
      history: historyWindow(history, options.historyLength),
      currentSubgoal: turn.currentSubgoal,
    };
    history.push({ turn: turn.turnIndex + 1, observation: turn.observation, action: turn.executedAction });
    yield { turn, input };
  }
}
