import type { RolloutEvent } from "@hiper/core";
import { percent } from "./percent.js";
import { progressBar } from "./progress-bar.js";

/**
 * A progress bar on stderr for episodes, with the running success rate and mean steps.
 */
export function createRunProgress(total: number, label: string): { onEvent: (event: RolloutEvent) => void; stop: () => void } {
  const bar = progressBar(`${label} |{bar}| {value}/{total} episodes | success {success} | steps {steps} | {duration_formatted}`);
  let wins = 0;
  let steps = 0;
  let finished = 0;
  bar.start(total, 0, { success: "-", steps: "-" });
  return {
    onEvent(event) {
      if (event.type !== "episode-end") return;
      finished += 1;
      wins += event.episode.won ? 1 : 0;
      steps += event.episode.steps;
      bar.update(finished, { success: percent(wins / finished), steps: (steps / finished).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
