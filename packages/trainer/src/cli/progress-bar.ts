import { Presets, SingleBar } from "cli-progress";

/** A progress bar on stderr; on a non-terminal (CI, pipes) it prints a line every few seconds instead. */
export function progressBar(format: string): SingleBar {
  return new SingleBar({ format, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5000, hideCursor: true }, Presets.shades_classic);
}
