import * as tf from "@tensorflow/tfjs-core";
import { parsePlanExecute, SeededRandom } from "@hiper/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { type DecodingGrammar, FreeGrammar, replayConstraints } from "./decoding-grammar.js";
import { type GeneratedResponse, generate } from "./generate.js";
import { PlanExecuteGrammar } from "./plan-execute-grammar.js";
import { PolicyModel } from "./policy-model.js";
import { scoreTokens, sequenceConstraints } from "./score-tokens.js";
import { Vocabulary } from "./vocabulary.js";

const actions = ["go to countertop 1", "go to cabinet 1", "go to cabinet 10", "take mug 1 from countertop 1", "open fridge 1", "look"];
const vocabulary = Vocabulary.build([
  "Task: put a clean mug in the coffeemachine. You are in the middle of a room. Your current subgoal: find a mug.",
  "<switch>SWITCH</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>",
  ...actions,
]);
const prompts = [
  "Task: put a clean mug in the coffeemachine.",
  "You are in the middle of a room. Your current subgoal: find a mug.",
  "Task: put a mug",
  "You are in the middle of a room.",
].map((text) => vocabulary.encode(text));

let model: PolicyModel;

function planExecute(admissibleActions?: string[]) {
  return () => new PlanExecuteGrammar({ vocabulary, currentSubgoal: "find a mug", admissibleActions, maxSubgoalTokens: 6, maxActionTokens: 6 });
}

/** The training-side log-probs of each response, computed by a full forward pass in one padded batch. */
function trainingLogProbs(responses: readonly GeneratedResponse[], makeGrammar: () => DecodingGrammar): Float32Array[] {
  const length = Math.max(...responses.map((response) => response.prompt.length + response.tokens.length));
  const tokens = new Int32Array(responses.length * length);
  const constraints = responses.flatMap((response, row) => {
    tokens.set(response.prompt, row * length);
    tokens.set(response.tokens, row * length + response.prompt.length);
    return sequenceConstraints(response.prompt.length, replayConstraints(makeGrammar(), response.tokens), length);
  });
  const logProbs = tf.tidy(() => scoreTokens(model, { tokens, batch: responses.length, length }, { constraints }).logProbs.arraySync());
  return responses.map((response, row) => Float32Array.from((logProbs[row] as number[]).slice(response.prompt.length, response.prompt.length + response.tokens.length)));
}

function expectSameLogProbs(responses: readonly GeneratedResponse[], makeGrammar: () => DecodingGrammar) {
  const recomputed = trainingLogProbs(responses, makeGrammar);
  responses.forEach((response, row) => {
    const again = recomputed[row] as Float32Array;
    response.logProbs.forEach((logProb, index) => expect(Math.abs(logProb - (again[index] as number))).toBeLessThan(1e-4));
  });
}

describe("generate", () => {
  beforeAll(async () => {
    await selectBackend({ backend: "wasm" });
    model = new PolicyModel({ vocabSize: vocabulary.size, contextLength: 64, modelDim: 32, heads: 4, layers: 2, seed: 11 });
  });
  afterAll(() => model.dispose());

  it("gives the same log-probs with the KV cache as a full forward pass (free text, prompts of different lengths)", () => {
    const { eos, pad } = vocabulary.ids;
    const makeGrammar = () => new FreeGrammar({ eos, pad, maxTokens: 12 });
    const responses = generate(model, prompts.map((prompt) => ({ prompt, grammar: makeGrammar() })), { random: new SeededRandom(1), maxNewTokens: 16 });
    expect(responses.every((response) => response.finished)).toBe(true);
    expect(responses.some((response) => response.tokens.length > 3)).toBe(true);
    expectSameLogProbs(responses, makeGrammar);
  });

  it("writes the three blocks, copies the subgoal on KEEP, and matches the training-side log-probs", () => {
    const makeGrammar = planExecute();
    const requests = Array.from({ length: 8 }, (_, index) => ({ prompt: prompts[index % prompts.length] as Int32Array, grammar: makeGrammar() }));
    const responses = generate(model, requests, { random: new SeededRandom(3), maxNewTokens: 32 });
    const decisions = new Set<string>();
    for (const response of responses) {
      const parsed = parsePlanExecute(vocabulary.decode(response.tokens));
      expect(parsed.valid).toBe(true);
      decisions.add(parsed.switch);
      const copied = response.sources.flatMap((source, index) => (source === "copied" ? [index] : []));
      if (parsed.switch === "KEEP") {
        expect(parsed.subgoal).toBe("find a mug");
        expect(copied.length).toBe(vocabulary.encode("find a mug").length);
      } else {
        expect(copied).toEqual([]);
      }
      for (const index of copied) expect(response.logProbs[index]).toBe(0);
    }
    expect(decisions).toEqual(new Set(["KEEP", "SWITCH"]));
    expectSameLogProbs(responses, makeGrammar);
  });

  it("emits only admissible actions under the trie, with log-probs computed under the same constraint", () => {
    const makeGrammar = planExecute(actions);
    const grammars = Array.from({ length: 8 }, makeGrammar);
    const responses = generate(model, grammars.map((grammar, index) => ({ prompt: prompts[index % prompts.length] as Int32Array, grammar })), {
      random: new SeededRandom(4),
      maxNewTokens: 32,
    });
    const chosen = responses.map((response, index) => {
      const parsed = parsePlanExecute(vocabulary.decode(response.tokens));
      expect(actions).toContain(parsed.action);
      expect(grammars[index]?.action).toBe(parsed.action);
      return parsed.action;
    });
    expect(new Set(chosen).size).toBeGreaterThan(1);
    expectSameLogProbs(responses, makeGrammar);
  });

  it("is reproducible from the seed, greedy at temperature 0, and leaves no tensors behind", () => {
    const run = (seed: number, temperature: number) =>
      generate(model, prompts.map((prompt) => ({ prompt, grammar: planExecute(actions)() })), { random: new SeededRandom(seed), temperature, maxNewTokens: 32 }).map((response) =>
        Array.from(response.tokens),
      );
    const before = tf.memory().numTensors;
    expect(run(9, 1)).toEqual(run(9, 1));
    expect(run(1, 0)).toEqual(run(2, 0));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps the end of a prompt that does not fit, and stops at maxNewTokens", () => {
    const long = Int32Array.from({ length: 80 }, (_, index) => (index % (vocabulary.size - 3)) + 3);
    const { eos, pad } = vocabulary.ids;
    const [response] = generate(model, [{ prompt: long, grammar: new FreeGrammar({ eos, pad, maxTokens: 1000 }) }], { random: new SeededRandom(5), maxNewTokens: 8 });
    expect(response?.promptTruncated).toBe(true);
    expect(Array.from(response?.prompt ?? [])).toEqual(Array.from(long.slice(-56)));
    expect(response?.tokens.length).toBe(8);
    expect(response?.finished).toBe(false);
    expect(() => generate(model, [{ prompt: long, grammar: new FreeGrammar({ eos, pad, maxTokens: 4 }) }], { random: new SeededRandom(5), maxNewTokens: 64 })).toThrow(
      /no room/,
    );
  });
});
