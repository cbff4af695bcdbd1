import { SingleBar, Presets } from "cli-progress";
import type { RolloutEvent } from "@hiper/core";

/**
 * A progress bar on stderr for episodes, with the running success rate and mean steps. On a
 * non-terminal (CI, pipes) it prints a line every few seconds instead.
 */
export function createRunProgress(total: number, label: string): { onEvent: (event: RolloutEvent) => void; stop: () => void } {
  const bar = new SingleBar(
    {
      format: `${label} |{bar}| {value}/{total} episodes | success {success} | steps {steps} | {duration_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
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
      bar.update(finished, { success: `${((100 * wins) / finished).toFixed(1)}%`, steps: (steps / finished).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
