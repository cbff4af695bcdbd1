import type { SingleBar } from "cli-progress";
import type { TrainEvent } from "../train/train-run.js";
import { percent, percentOrDash } from "./percent.js";
import { progressBar } from "./progress-bar.js";

/** Progress of a training run on stderr: the warm-start epochs, then one bar per RL iteration's rollouts. */
export function createTrainProgress(options: { episodesPerIteration: number; iterations: number; warmStartEpisodes: number }): { onEvent: (event: TrainEvent) => void; stop: () => void } {
  let bar: SingleBar | undefined;
  let barKind: "sft" | "rollout" | undefined;
  let finished = 0;
  let wins = 0;
  const start = (kind: "sft" | "rollout", format: string, total: number) => {
    bar?.stop();
    bar = progressBar(format);
    barKind = kind;
    bar.start(total, 0, { loss: "-", success: "-", speed: "-" });
  };
  const stop = () => {
    bar?.stop();
    bar = undefined;
    barKind = undefined;
  };
  return {
    stop,
    onEvent(event) {
      switch (event.type) {
        case "log":
          stop();
          process.stderr.write(`${event.message}\n`);
          return;
        case "demonstrations": {
          stop();
          const skipped = Object.entries(event.skipped).map(([reason, count]) => `${count} ${reason}`);
          process.stderr.write(`warm start: ${event.turns} turns from ${event.episodes} episodes${skipped.length ? ` (skipped: ${skipped.join(", ")})` : ""}\n`);
          return;
        }
        case "sft-step":
          if (barKind !== "sft") start("sft", "warm start |{bar}| {value}/{total} steps | loss {loss} | {speed} tok/s | {duration_formatted}", event.progress.steps);
          bar?.update(event.progress.step, { loss: event.progress.loss.toFixed(3), speed: event.progress.tokensPerSecond.toFixed(0) });
          return;
        case "rollout":
          if (event.event.type !== "episode-end") return;
          if (barKind !== "rollout") {
            finished = 0;
            wins = 0;
            const collecting = event.iteration < 0;
            const label = collecting ? "collect" : `iter ${event.iteration + 1}/${options.iterations}`;
            start("rollout", `${label} |{bar}| {value}/{total} episodes | success {success} | {duration_formatted}`, collecting ? options.warmStartEpisodes : options.episodesPerIteration);
          }
          finished += 1;
          wins += event.event.episode.won ? 1 : 0;
          bar?.update(finished, { success: percent(wins / finished) });
          return;
        case "iteration": {
          stop();
          const m = event.metrics;
          process.stderr.write(
            `iteration ${m.iteration}: success ${percent(m.success_rate)} · steps ${m.mean_steps.toFixed(1)} · switch ${percentOrDash(m.switch_rate)} · loss ${m.loss.toFixed(4)} · kl ${m.kl.toFixed(4)} · entropy ${m.entropy.toFixed(3)} · ${m.steps_per_second.toFixed(1)} env steps/s · ${m.seconds.toFixed(1)} s\n`,
          );
          return;
        }
      }
    },
  };
}
