import * as tf from "@tensorflow/tfjs-core";
import { computeAdvantages, type EpisodeRecord, runRollouts, SeededRandom } from "@hiper/core";
import { alfworldEnvironmentRegistration } from "@hiper/env-alfworld";
import { webshopEnvironmentRegistration } from "@hiper/env-webshop";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { demonstrationSequences, demonstrationTurns, recordedSequence } from "../data/turn-sequence.js";
import { PolicyModel } from "../model/policy-model.js";
import { Vocabulary } from "../model/vocabulary.js";
import { AdamW } from "../optim/adamw.js";
import { LocalPolicy } from "../policy/local-policy.js";
import { DecodingSettings } from "../policy/decoding-settings.js";
import { criticMiniBatchLoss, miniBatchLoss, ppoUpdate } from "./ppo-update.js";
import { scoreTurns } from "./score-turns.js";
import { supervisedFineTune } from "./supervised-fine-tune.js";

const registration = alfworldEnvironmentRegistration;
const HISTORY = 12;
const decoding = DecodingSettings.parse({ maxNewTokens: 40 });

/** Rollouts of a policy on generated ALFWorld games, seeds `seed … seed + count − 1`. */
function play(policy: Parameters<typeof runRollouts>[0]["policy"], seed: number, count: number, maxSteps: number): Promise<EpisodeRecord[]> {
  return runRollouts({
    envId: "alfworld",
    createEnvironment: () => registration.create({}),
    policy,
    promptStyle: "alfworld",
    tasks: Array.from({ length: count }, (_, i) => ({ seed: seed + i })),
    concurrency: count,
    maxSteps,
    historyLength: HISTORY,
  });
}

function explorer(seed: number, count: number) {
  const provided = registration.policies?.explorer;
  if (!provided) throw new Error("alfworld has no explorer");
  return play((environment) => provided.create({ environment, seed: 0 }), seed, count, 50);
}

function vocabularyOf(episodes: readonly EpisodeRecord[]): Vocabulary {
  const texts = [...demonstrationTurns(episodes, HISTORY)].flatMap(({ turn, prompt, response }) => [prompt, response ?? "", ...(turn.admissibleActions ?? [])]);
  return Vocabulary.build(texts);
}

describe("training the local policy", () => {
  let demos: EpisodeRecord[];
  let vocabulary: Vocabulary;

  beforeAll(async () => {
    await selectBackend({ backend: "wasm" });
    demos = await explorer(0, 3);
    vocabulary = vocabularyOf(demos);
  });

  it("overfits a handful of explorer trajectories, then replays them greedily and wins", async () => {
    const model = new PolicyModel({ vocabSize: vocabulary.size, contextLength: 192, modelDim: 48, heads: 4, layers: 2, activation: "relu", seed: 1 });
    const { sequences, skipped } = demonstrationSequences(demos, { vocabulary, contextLength: 192, decoding, historyLength: HISTORY });
    expect(skipped).toEqual({});
    expect(sequences.length).toBe(demos.reduce((sum, episode) => sum + episode.turns.length, 0));
    const report = await supervisedFineTune({
      model,
      optimizer: new AdamW({ learningRate: 3e-3, weightDecay: 0 }),
      sequences,
      padId: vocabulary.ids.pad,
      epochs: 40,
      batchSize: 32,
      random: new SeededRandom(2),
    });
    expect(report.epochLosses.at(-1)).toBeLessThan(0.15);
    expect(report.epochLosses.at(-1)).toBeLessThan((report.epochLosses[0] as number) / 10);

    const policy = new LocalPolicy({ model, vocabulary, decoding: { ...decoding, temperature: 0 } });
    const replayed = await play(policy, 0, 3, 50);
    expect(replayed.map((episode) => episode.won)).toEqual([true, true, true]);
    expect(replayed.map((episode) => episode.turns.map((turn) => turn.executedAction))).toEqual(demos.map((episode) => episode.turns.map((turn) => turn.executedAction)));
    expect(policy.stats.batches).toBeLessThan(policy.stats.responses);
    model.dispose();
  }, 120_000);

  /** Rollouts of `model` on generated games, scored (values from `critic` when given) and credited by `algo`. */
  async function updateRows(algo: "hiper" | "ppo" | "grpo" | "gigpo" | "rloo", model: PolicyModel, critic?: PolicyModel) {
    const policy = new LocalPolicy({ model, vocabulary, seed: 4, decoding });
    const episodes = await runRollouts({
      envId: "alfworld",
      createEnvironment: () => registration.create({}),
      policy,
      promptStyle: "alfworld",
      tasks: [{ seed: 0 }, { seed: 1 }],
      groupSize: 2,
      concurrency: 4,
      maxSteps: 6,
      historyLength: HISTORY,
    });
    const context = { vocabulary, contextLength: 192, decoding };
    const items = episodes.flatMap((episode) => episode.turns.map((turn) => ({ turn, sequence: recordedSequence(turn, context) })));
    const scored = scoreTurns(model, model, items, { batchSize: 64, padId: 0, ...(critic ? { critic } : {}) });
    scored.forEach((item, index) => {
      // Rollout log-probs (decoding) and the trainer's recomputation agree.
      const recorded = item.turn.tokens?.logprobs ?? [];
      item.oldLogProbs.forEach((logProb, j) => expect(Math.abs(logProb - (recorded[j] as number)), `turn ${index} token ${j}`).toBeLessThan(1e-3));
      item.turn.values = item.values;
    });
    // Rewards are sparse in six steps: give the estimators signal by crediting one rollout of each group.
    for (const episode of episodes.filter((_, index) => index % 2 === 0)) {
      const last = episode.turns.at(-1);
      if (last) last.reward = 1;
    }
    const advantages = computeAdvantages(algo, episodes, {});
    return scored.map((item, index) => ({ scored: item, advantage: advantages.turns[index] as (typeof advantages.turns)[number] }));
  }

  const settings = { actor: { clipRatio: 0.2, dualClip: 3, entropyCoef: 0, klCoef: 0 }, criticCoef: 0.5, valueClip: 0.5, miniBatchSize: 64, epochs: 1 };
  const inOrder = (count: number) => Array.from({ length: count }, (_, i) => i);
  const tinyModel = (seed: number) => new PolicyModel({ vocabSize: vocabulary.size, contextLength: 192, modelDim: 32, heads: 4, layers: 1, seed });

  it("lowers the PPO loss of its batch with one update, for every estimator", async () => {
    for (const algo of ["hiper", "ppo", "grpo", "gigpo", "rloo"] as const) {
      const model = tinyModel(3);
      const rows = await updateRows(algo, model);
      const lossOf = () => tf.tidy(() => miniBatchLoss(model, rows, settings, 0).loss.dataSync()[0] as number);
      const before = lossOf();
      await ppoUpdate(model, new AdamW({ learningRate: 1e-2 }), rows, settings, { padId: 0, order: inOrder });
      expect(lossOf(), algo).toBeLessThan(before);
      model.dispose();
    }
  }, 120_000);

  it("fits a separate critic beside the actor, leaving the policy's own value heads alone", async () => {
    for (const algo of ["hiper", "ppo"] as const) {
      const model = tinyModel(3);
      const critic = tinyModel(5);
      const rows = await updateRows(algo, model, critic);
      rows.forEach(({ scored }) => {
        const valueOf = (from: PolicyModel) =>
          tf.tidy(() => from.values({ tokens: Int32Array.from([...scored.sequence.prompt, ...scored.sequence.response]), batch: 1, length: scored.sequence.prompt.length + scored.sequence.response.length }).dataSync()[(scored.sequence.prompt.length - 1) * 3 + 1]);
        // V_H is read at the last prompt token, from the critic's heads.
        expect(scored.values.high).toBeCloseTo(valueOf(critic) as number, 4);
      });
      const lossesOf = () =>
        tf.tidy(() => ({
          critic: criticMiniBatchLoss(critic, rows, settings.valueClip, 0).loss.dataSync()[0] as number,
          actor: miniBatchLoss(model, rows, settings, 0, "none").loss.dataSync()[0] as number,
        }));
      const policyHeads = () => [model.weights.valueKernel, model.weights.valueBias].map((weight) => Array.from(weight.dataSync()));
      const before = { ...lossesOf(), heads: policyHeads() };
      const stats = await ppoUpdate(model, new AdamW({ learningRate: 1e-2 }), rows, settings, { padId: 0, order: inOrder, critic: { model: critic, optimizer: new AdamW({ learningRate: 1e-2 }) } });
      const after = lossesOf();
      expect(stats.criticGradNorm, algo).toBeGreaterThan(0);
      expect(after.critic, algo).toBeLessThan(before.critic);
      expect(after.actor, algo).toBeLessThan(before.actor);
      expect(policyHeads(), algo).toEqual(before.heads);
      model.dispose();
      critic.dispose();
    }
  }, 120_000);

  it("writes every WebShop expert turn in the local format: free search text, constrained clicks", async () => {
    const webshop = webshopEnvironmentRegistration;
    const expert = webshop.policies?.expert;
    if (!expert) throw new Error("webshop has no expert");
    const episodes = await runRollouts({
      envId: "webshop",
      createEnvironment: () => webshop.create({ products: 200 }),
      policy: (environment) => expert.create({ environment }),
      promptStyle: "webshop",
      tasks: [{ seed: 0 }, { seed: 1 }, { seed: 2 }],
      concurrency: 3,
      maxSteps: 15,
      historyLength: HISTORY,
    });
    const shopVocabulary = vocabularyOf(episodes);
    const { sequences, skipped } = demonstrationSequences(episodes, { vocabulary: shopVocabulary, contextLength: 320, decoding, historyLength: HISTORY });
    expect(skipped).toEqual({});
    expect(sequences).toHaveLength(episodes.reduce((sum, episode) => sum + episode.turns.length, 0));
    const searches = sequences.filter((sequence) => shopVocabulary.decode(sequence.response).includes("<action>search["));
    expect(searches.length).toBeGreaterThan(0);
  });

  it("leaks no tensors over 1,000 optimiser steps", async () => {
    const tiny = Vocabulary.build(["<switch>SWITCH</switch>\n<subgoal>go</subgoal>\n<action>look</action>"]);
    const model = new PolicyModel({ vocabSize: tiny.size, contextLength: 32, modelDim: 8, heads: 2, layers: 1, seed: 5 });
    const response = Int32Array.from([...tiny.encode("<switch>SWITCH</switch>\n<subgoal>go</subgoal>\n<action>look</action>"), tiny.ids.eos]);
    const sequence = { prompt: tiny.encode("look"), response, replayed: Array.from(response, () => ({ constraint: null, source: "sampled" as const })) };
    const optimizer = new AdamW({ learningRate: 1e-3 });
    const train = (epochs: number) => supervisedFineTune({ model, optimizer, sequences: [sequence], padId: tiny.ids.pad, epochs, batchSize: 1, random: new SeededRandom(0) });
    await train(1);
    const before = tf.memory().numTensors;
    await train(1000);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  }, 120_000);
});
