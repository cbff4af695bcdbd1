export * from "./rollout-events.js";
export * from "./run-episode.js";
export * from "./run-rollouts.js";
export * from "./summarize-episodes.js";
