export * from "./scripted-policy.js";
export * from "./countdown-environment.js";
