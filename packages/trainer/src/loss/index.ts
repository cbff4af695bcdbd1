export * from "./clipped-value-loss.js";
export * from "./ppo-actor-loss.js";
