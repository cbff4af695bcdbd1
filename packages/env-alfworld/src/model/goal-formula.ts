import { z } from "zod";

/** A typed variable of an `exists`/`forall`: `?o - object`. Names keep their `?`. */
export const GoalVariable = z.object({ name: z.string(), type: z.string() });
export type GoalVariable = z.infer<typeof GoalVariable>;

/**
 * A PDDL goal formula (lower-case). Terms starting with `?` are variables, anything else is a
 * constant (an entity id or a type constant such as `appletype`).
 */
export type GoalFormula =
  | { op: "and"; args: GoalFormula[] }
  | { op: "or"; args: GoalFormula[] }
  | { op: "not"; arg: GoalFormula }
  | { op: "exists"; variables: GoalVariable[]; body: GoalFormula }
  | { op: "forall"; variables: GoalVariable[]; body: GoalFormula }
  | { op: "equal"; left: string; right: string }
  | { op: "atom"; predicate: string; args: string[] };

export const GoalFormula: z.ZodType<GoalFormula> = z.lazy(() =>
  z.union([
    z.object({ op: z.literal("and"), args: z.array(GoalFormula) }),
    z.object({ op: z.literal("or"), args: z.array(GoalFormula) }),
    z.object({ op: z.literal("not"), arg: GoalFormula }),
    z.object({ op: z.literal("exists"), variables: z.array(GoalVariable), body: GoalFormula }),
    z.object({ op: z.literal("forall"), variables: z.array(GoalVariable), body: GoalFormula }),
    z.object({ op: z.literal("equal"), left: z.string(), right: z.string() }),
    z.object({ op: z.literal("atom"), predicate: z.string(), args: z.array(z.string()) }),
  ]),
);

/** Renders a formula as PDDL text (one line). */
export function formatGoalFormula(formula: GoalFormula): string {
  switch (formula.op) {
    case "and":
    case "or":
      return `(${formula.op} ${formula.args.map(formatGoalFormula).join(" ")})`;
    case "not":
      return `(not ${formatGoalFormula(formula.arg)})`;
    case "exists":
    case "forall": {
      const variables = formula.variables.map((v) => `${v.name} - ${v.type}`).join(" ");
      return `(${formula.op} (${variables}) ${formatGoalFormula(formula.body)})`;
    }
    case "equal":
      return `(= ${formula.left} ${formula.right})`;
    case "atom":
      return `(${[formula.predicate, ...formula.args].join(" ")})`;
  }
}
