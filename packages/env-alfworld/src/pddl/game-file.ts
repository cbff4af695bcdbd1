import { InvalidInputError } from "@hiper/core";
import { z } from "zod";
import type { AlfworldGame } from "../model/game-model.js";
import { parsePddlProblem, PddlSyntaxError } from "./parse-problem.js";
import { problemToGame } from "./problem-to-game.js";
import { SExpressionSyntaxError } from "./s-expression.js";

/** The JSON of a `game.tw-pddl` file (spec alfworld.md §3). Unknown keys are allowed. */
export const GameFile = z.looseObject({
  pddl_domain: z.string().optional(),
  grammar: z.string(),
  pddl_problem: z.string(),
  solvable: z.boolean().optional(),
  walkthrough: z.array(z.string()).optional(),
});
export type GameFile = z.infer<typeof GameFile>;

export interface ParseGameOptions {
  /** Where the text came from, for error messages (a path or an archive member). */
  source?: string;
}

const taskRule = /"task"\s*:\s*\[\s*\{\s*"rhs"\s*:\s*("(?:[^"\\]|\\.)*")/;

/**
 * The task line of a grammar: the `rhs` of the first alternative of its `"task"` rule (spec
 * §3.1), e.g. `Your task is to: put two cd in safe.`
 */
export function readTaskLine(grammar: string): string | undefined {
  const match = taskRule.exec(grammar);
  if (!match?.[1]) return undefined;
  try {
    const line: unknown = JSON.parse(match[1]);
    return typeof line === "string" ? line : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a `game.tw-pddl` file (its text, or the already-parsed JSON) into the game model.
 * Throws `InvalidInputError` for text that is not JSON, a file without `grammar` or
 * `pddl_problem`, a grammar without a task line, a problem that does not parse, or a file marked
 * `"solvable": false`.
 */
export function parseGameFile(input: string | unknown, options: ParseGameOptions = {}): AlfworldGame {
  const where = options.source ? `${options.source}: ` : "";
  let json: unknown = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch (cause) {
      throw new InvalidInputError(`${where}a game.tw-pddl file must be JSON (${(cause as Error).message})`, { cause });
    }
  }
  const parsed = GameFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new InvalidInputError(`${where}not a game.tw-pddl file (${problems})`, { cause: parsed.error });
  }
  const file = parsed.data;
  if (file.solvable === false) throw new InvalidInputError(`${where}the game is marked unsolvable ("solvable": false)`);
  const taskLine = readTaskLine(file.grammar);
  if (taskLine === undefined || !taskLine.startsWith("Your task is to: ")) {
    throw new InvalidInputError(`${where}the grammar has no "task" rule starting with "Your task is to: "`);
  }
  try {
    const problem = parsePddlProblem(file.pddl_problem);
    return problemToGame(problem, { taskLine, ...(file.walkthrough ? { walkthrough: file.walkthrough } : {}) });
  } catch (cause) {
    if (cause instanceof PddlSyntaxError || cause instanceof SExpressionSyntaxError) {
      throw new InvalidInputError(`${where}the PDDL problem does not parse: ${cause.message}`, { cause });
    }
    throw cause;
  }
}
