export * from "./history.js";
export * from "./plan-execute-output.js";
export * from "./prompt-style.js";
export * from "./parse-plan-execute.js";
export * from "./render-prompt.js";
export * from "./subgoal-in-force.js";
export * from "./training-parse.js";
export { pythonStrip } from "./python-string.js";
export * from "./read-rendered-prompt.js";
