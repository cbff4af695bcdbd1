// @hiper/env-alfworld: the exact ALFWorld text engine, its game model, loaders and golden replay.

export * from "./model/task-type.js";
export * from "./model/goal-formula.js";
export * from "./model/game-model.js";
export * from "./model/goal-shapes.js";
export * from "./pddl/game-file.js";
export { parsePddlProblem, parseGoalFormula, PddlSyntaxError, type PddlProblem } from "./pddl/parse-problem.js";
export { problemToGame } from "./pddl/problem-to-game.js";
export { entityNames } from "./engine/entity-names.js";
export { formatList, HELP_TEXT, NOTHING_HAPPENS, INTRO_BANNER } from "./engine/text.js";
export * from "./engine/compiled-game.js";
export type { EngineState } from "./engine/engine-state.js";
export { evaluateFormula, type FactOracle } from "./engine/formula-evaluator.js";
export { compileGoalCheck, gameGoalCheck, stateOracle, type GoalCheck } from "./engine/goal-check.js";
export * from "./engine/alfworld-engine.js";
export * from "./loader/game-set.js";
export * from "./loader/load-games.js";
export * from "./replay/golden-replay.js";
export { formatPddlProblem } from "./pddl/format-problem.js";
export * from "./environment/alfworld-environment.js";
export * from "./generator/index.js";
export * from "./experts/index.js";
export * from "./registration.js";
