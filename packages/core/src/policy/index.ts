export * from "./openai-policy.js";
export * from "./openai-policy-options.js";
export * from "./policy.js";
export * from "./random-policy.js";
