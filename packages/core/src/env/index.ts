export * from "./environment.js";
export * from "./registry.js";
