import { PolicyError } from "../errors/index.js";
import type { Policy, PolicyInput, PolicyOutput } from "../policy/policy.js";

/**
 * One scripted answer: the output text, a partial output (text plus tokens, usage, ...), or an
 * Error, which `act` throws (to play a failing model).
 */
export type ScriptedAnswer = string | (Partial<PolicyOutput> & { text: string }) | Error;

/** Computes the answer from the input; `callIndex` counts calls from 0. */
export type ScriptedResponder = (input: PolicyInput, context: { callIndex: number }) => ScriptedAnswer | Promise<ScriptedAnswer>;

export interface ScriptedPolicyCall {
  input: PolicyInput;
  /** What `act` returned; absent when it threw. */
  output?: PolicyOutput;
  error?: unknown;
}

export interface ScriptedPolicyOptions {
  id?: string;
  /** Answers in order, one per call; when they run out `act` throws a PolicyError. */
  outputs?: ScriptedAnswer[];
  /** Computes each answer instead of `outputs`. */
  respond?: ScriptedResponder;
  /** The prompt recorded on outputs that give none. */
  prompt?: string;
}

/**
 * A fake policy for tests: answers from a list or a function, and records every call in
 * `calls` (input, then the output or the error).
 *
 *   const policy = new ScriptedPolicy(["<switch>SWITCH</switch>…", "<switch>KEEP</switch>…"]);
 *   const policy = new ScriptedPolicy((input) => expertAnswer(input));
 */
export class ScriptedPolicy implements Policy {
  readonly id: string;
  readonly calls: ScriptedPolicyCall[] = [];
  private readonly outputs: ScriptedAnswer[];
  private readonly respond: ScriptedResponder | undefined;
  private readonly prompt: string;

  constructor(script: ScriptedAnswer[] | ScriptedResponder | ScriptedPolicyOptions) {
    const options: ScriptedPolicyOptions = Array.isArray(script) ? { outputs: script } : typeof script === "function" ? { respond: script } : script;
    this.id = options.id ?? "scripted";
    this.outputs = options.outputs ?? [];
    this.respond = options.respond;
    this.prompt = options.prompt ?? "";
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    const callIndex = this.calls.length;
    const call: ScriptedPolicyCall = { input };
    this.calls.push(call);
    try {
      const answer = await this.answerFor(input, callIndex);
      if (answer instanceof Error) throw answer;
      const output: PolicyOutput = typeof answer === "string" ? { text: answer, prompt: this.prompt } : { prompt: this.prompt, ...answer };
      call.output = output;
      return output;
    } catch (error) {
      call.error = error;
      throw error;
    }
  }

  private async answerFor(input: PolicyInput, callIndex: number): Promise<ScriptedAnswer> {
    if (this.respond) return this.respond(input, { callIndex });
    const answer = this.outputs[callIndex];
    if (answer === undefined) {
      throw new PolicyError(`policy "${this.id}": the script has ${this.outputs.length} answer(s) and call ${callIndex + 1} asked for another`, {
        policyId: this.id,
      });
    }
    return answer;
  }
}
