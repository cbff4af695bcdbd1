export * from "./attribute-file.js";
export * from "./goal.js";
export * from "./product.js";
