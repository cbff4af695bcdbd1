export * from "./attribute-reward.js";
export * from "./color.js";
export * from "./fuzzy-match.js";
export * from "./get-reward.js";
export * from "./option-reward.js";
export * from "./score.js";
export * from "./title-nouns.js";
export * from "./type-reward.js";
