import { type Policy, PolicyError, type PolicyInput, type PolicyOutput, SeededRandom, type SeededRandomState } from "@hiper/core";
import { generate } from "../model/generate.js";
import { PlanExecuteGrammar } from "../model/plan-execute-grammar.js";
import { trieActions } from "../model/trie-actions.js";
import type { PolicyModel } from "../model/policy-model.js";
import type { Vocabulary } from "../model/vocabulary.js";
import { renderCompactPrompt } from "./compact-prompt.js";
import { DecodingSettings } from "./decoding-settings.js";

export interface LocalPolicyOptions {
  model: PolicyModel;
  vocabulary: Vocabulary;
  /** The policy id recorded in trajectories. Default `local`. */
  id?: string;
  /** Seed of the sampling draws (or a saved state, to continue a sequence). */
  seed?: number | SeededRandomState;
  decoding?: Partial<DecodingSettings>;
  /** Past turns this policy was trained to see (a rollout loop should pass this many). */
  historyLength?: number;
}

interface Pending {
  input: PolicyInput;
  prompt: string;
  resolve: (output: PolicyOutput) => void;
  reject: (error: unknown) => void;
}

/**
 * The local transformer as a Plan-Execute policy. Calls to `act` that arrive together (one per
 * concurrent environment) are decoded as one batch with a KV cache. The three blocks are always
 * well formed: the switch is KEEP or SWITCH, KEEP copies the subgoal in force, and the action is
 * decoded through the admissible list when the environment gives one (`constrainActions`).
 */
export class LocalPolicy implements Policy {
  readonly id: string;
  readonly model: PolicyModel;
  readonly vocabulary: Vocabulary;
  readonly decoding: DecodingSettings;
  readonly random: SeededRandom;
  readonly historyLength: number | undefined;
  private pending: Pending[] = [];
  private flushScheduled = false;
  /** Decoding statistics since construction: batches, responses and tokens generated. */
  readonly stats = { batches: 0, responses: 0, promptTokens: 0, responseTokens: 0, decodeMs: 0 };

  constructor(options: LocalPolicyOptions) {
    this.id = options.id ?? "local";
    this.model = options.model;
    this.vocabulary = options.vocabulary;
    this.decoding = DecodingSettings.parse(options.decoding ?? {});
    this.historyLength = options.historyLength;
    this.random = typeof options.seed === "object" ? SeededRandom.fromState(options.seed) : new SeededRandom(options.seed ?? 0);
  }

  act(input: PolicyInput, options?: { signal?: AbortSignal }): Promise<PolicyOutput> {
    if (options?.signal?.aborted) return Promise.reject(new PolicyError("aborted before decoding", { policyId: this.id }));
    return new Promise((resolve, reject) => {
      this.pending.push({ input, prompt: renderCompactPrompt(input), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Let every environment that is stepping right now ask first, then decode them together.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Frees the model's weights. */
  async close(): Promise<void> {
    this.model.dispose();
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      const outputs = this.decodeBatch(batch);
      batch.forEach((item, index) => item.resolve(outputs[index] as PolicyOutput));
    } catch (cause) {
      const error = new PolicyError(`local decoding failed: ${cause instanceof Error ? cause.message : String(cause)}`, { policyId: this.id, cause });
      for (const item of batch) item.reject(error);
    }
  }

  private decodeBatch(batch: readonly Pending[]): PolicyOutput[] {
    const { vocabulary, decoding } = this;
    const started = performance.now();
    const grammars = batch.map(
      ({ input }) =>
        new PlanExecuteGrammar({
          vocabulary,
          currentSubgoal: input.currentSubgoal,
          ...(decoding.constrainActions ? { admissibleActions: trieActions(input.observation.admissibleActions) ?? [] } : {}),
          maxSubgoalTokens: decoding.maxSubgoalTokens,
          maxActionTokens: decoding.maxActionTokens,
        }),
    );
    const responses = generate(
      this.model,
      batch.map(({ prompt }, index) => ({ prompt: vocabulary.encode(prompt), grammar: grammars[index] as PlanExecuteGrammar })),
      { temperature: decoding.temperature, random: this.random, maxNewTokens: decoding.maxNewTokens },
    );
    this.stats.batches += 1;
    this.stats.responses += responses.length;
    this.stats.decodeMs += performance.now() - started;
    return responses.map((response, index) => {
      this.stats.promptTokens += response.prompt.length;
      this.stats.responseTokens += response.tokens.length;
      const ids = [...response.tokens];
      return {
        text: withExactAction(vocabulary.decode(response.tokens), (grammars[index] as PlanExecuteGrammar).action),
        prompt: (batch[index] as Pending).prompt,
        tokens: { ids, pieces: vocabulary.pieces(response.tokens), logprobs: [...response.logProbs] },
        usage: { promptTokens: response.prompt.length, completionTokens: ids.length },
      };
    });
  }
}

/**
 * The decoded text with the admissible action the trie walk chose: an action with pieces outside
 * the vocabulary decodes without them, but the environment must get the real command.
 */
function withExactAction(text: string, action: string | undefined): string {
  if (action === undefined) return text;
  return text.replace(/<action>[\s\S]*<\/action>/, () => `<action>${action}</action>`);
}
