export * from "./expert-policy.js";
export * from "./read-instruction.js";
export * from "./read-page.js";
export * from "./turn-text.js";
export * from "./webshop-policies.js";
