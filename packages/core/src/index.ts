export * from "./advantage/index.js";
export * from "./env/index.js";
export * from "./errors/index.js";
export * from "./policy/index.js";
export * from "./protocol/index.js";
export * from "./rollout/index.js";
export * from "./trajectory/index.js";
export * from "./util/index.js";
