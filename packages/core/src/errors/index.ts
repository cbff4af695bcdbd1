export * from "./hiper-error.js";
