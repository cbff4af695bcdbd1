// @hiper/trainer: a local TensorFlow.js Plan-Execute policy (backends, model, decoding) trained with HAE.

export * from "./backend/backend-choice.js";
export * from "./backend/backend-unavailable-error.js";
export * from "./backend/select-backend.js";
export * from "./model/action-trie.js";
export * from "./model/decoding-grammar.js";
export * from "./model/generate.js";
export * from "./model/model-flops.js";
export * from "./model/plan-execute-grammar.js";
export * from "./model/policy-model-config.js";
export * from "./model/policy-model.js";
export * from "./model/score-tokens.js";
export * from "./model/token-constraint.js";
export * from "./model/vocabulary.js";
