export * from "./adamw-hyper-params.js";
export * from "./adamw-state.js";
export * from "./adamw.js";
export * from "./global-norm.js";
