/**
 * Benchmark aggregates (spec webshop.md §11.6): an episode that never buys has reward 0.
 * Score = 100 × mean reward; success rate = percentage of rewards exactly 1.
 */
export interface WebshopScore {
  episodes: number;
  score: number;
  successRate: number;
}

export function webshopScore(rewards: readonly number[]): WebshopScore {
  if (rewards.length === 0) return { episodes: 0, score: 0, successRate: 0 };
  const sum = rewards.reduce((total, reward) => total + reward, 0);
  const successes = rewards.filter((reward) => reward === 1).length;
  return {
    episodes: rewards.length,
    score: (100 * sum) / rewards.length,
    successRate: (100 * successes) / rewards.length,
  };
}

/** verl-agent / HiPER step reward on the buy step: 10 for a perfect purchase, else 0. */
export function verlStepReward(done: boolean, reward: number): number {
  return done && reward === 1 ? 10.0 : 0;
}
