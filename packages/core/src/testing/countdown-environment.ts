import type { Environment, Observation, ResetOptions, Step } from "../env/environment.js";
import { EpisodeFinishedError } from "../errors/index.js";

/**
 * A tiny deterministic environment for tests: the task is to say "advance" `length` times
 * (length = 2 + seed % 3). Any other admissible action ("wait") does nothing; anything else is
 * invalid. Winning gives reward 1.
 */
export class CountdownEnvironment implements Environment {
  readonly id: string;
  resets = 0;
  closed = false;
  private remaining = 0;
  private finished = true;
  private task = "";

  constructor(options: { id?: string } = {}) {
    this.id = options.id ?? "countdown";
  }

  async reset(options: ResetOptions = {}): Promise<Observation> {
    this.resets += 1;
    this.remaining = 2 + ((options.seed ?? 0) % 3);
    this.finished = false;
    this.task = `advance ${this.remaining} times`;
    return this.observe(`You stand at the start. ${this.remaining} to go.`);
  }

  async step(action: string): Promise<Step> {
    if (this.finished) throw new EpisodeFinishedError(this.id);
    const valid = action === "advance" || action === "wait";
    if (action === "advance") this.remaining -= 1;
    const won = this.remaining === 0;
    this.finished = won;
    const text = !valid ? "Nothing happens." : won ? "You made it." : `${this.remaining} to go.`;
    return { observation: this.observe(text), reward: won ? 1 : 0, done: won, info: { won, valid, taskType: "countdown" } };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private observe(text: string): Observation {
    return { text, task: this.task, admissibleActions: ["advance", "wait"] };
  }
}
