import { InvalidInputError } from "@hiper/core";
import { allows, type TokenConstraint } from "./token-constraint.js";

/** How a response token came to be: drawn from the model, forced by the format, or copied (KEEP's subgoal). */
export type TokenSource = "sampled" | "forced" | "copied";

/** What comes next in a response. */
export type GrammarStep =
  | { kind: "sample"; constraint: TokenConstraint | null }
  | { kind: "force"; token: number; source: "forced" | "copied" }
  | { kind: "done" };

/**
 * The shape of one response, token by token. Decoding asks `next()`, picks a token accordingly
 * and calls `advance(token)`; training replays the same grammar over the stored tokens
 * (`replayConstraints`), so both see the same constraint at every position. One instance per
 * response.
 */
export interface DecodingGrammar {
  next(): GrammarStep;
  advance(token: number): void;
}

/** The constraint and source of each response token, as decoding saw them. */
export interface ReplayedToken {
  /** A forced or copied token has the single-token constraint `allow [token]` (log-prob 0). */
  constraint: TokenConstraint | null;
  source: TokenSource;
}

/** Replays `grammar` (fresh) over `tokens`; throws if a token is one the grammar could not have produced. */
export function replayConstraints(grammar: DecodingGrammar, tokens: ArrayLike<number>): ReplayedToken[] {
  const replayed: ReplayedToken[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as number;
    const step = grammar.next();
    if (step.kind === "done") throw new InvalidInputError(`response token ${index} comes after the grammar finished`);
    if (step.kind === "force") {
      if (step.token !== token) throw new InvalidInputError(`response token ${index} is ${token}, but the grammar forces ${step.token}`);
      replayed.push({ constraint: { kind: "allow", ids: [token] }, source: step.source });
    } else {
      if (!allows(step.constraint, token)) throw new InvalidInputError(`response token ${index} (${token}) breaks the grammar's constraint`);
      replayed.push({ constraint: step.constraint, source: "sampled" });
    }
    grammar.advance(token);
  }
  return replayed;
}

/** Free text: any token but padding, until `<eos>` or `maxTokens` (then `<eos>` is forced). */
export class FreeGrammar implements DecodingGrammar {
  private count = 0;
  private finished = false;

  constructor(private readonly options: { eos: number; pad: number; maxTokens: number }) {}

  next(): GrammarStep {
    if (this.finished) return { kind: "done" };
    if (this.count >= this.options.maxTokens - 1) return { kind: "force", token: this.options.eos, source: "forced" };
    return { kind: "sample", constraint: { kind: "deny", ids: [this.options.pad] } };
  }

  advance(token: number): void {
    this.count++;
    if (token === this.options.eos) this.finished = true;
  }
}
