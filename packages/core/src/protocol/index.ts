export * from "./history.js";
export * from "./plan-execute-output.js";
export * from "./prompt-style.js";
