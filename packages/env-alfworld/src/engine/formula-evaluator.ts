import type { GoalFormula } from "../model/goal-formula.js";

/** What a generic goal evaluation needs from a state. */
export interface FactOracle {
  /** Whether the ground atom holds (`predicate` and `args` lower case, args are entity ids). */
  holds(predicate: string, args: readonly string[]): boolean;
  /** Every constant of a PDDL type (`object`, `receptacle`, `location`, `agent`, `otype`, `rtype`). */
  domain(type: string): readonly string[];
}

type Bindings = Map<string, string>;

const resolve = (term: string, bindings: Bindings): string => (term.startsWith("?") ? (bindings.get(term) ?? term) : term);

function freeVariables(formula: GoalFormula, out: Set<string> = new Set()): Set<string> {
  switch (formula.op) {
    case "and":
    case "or":
      for (const arg of formula.args) freeVariables(arg, out);
      break;
    case "not":
      freeVariables(formula.arg, out);
      break;
    case "exists":
    case "forall": {
      const inner = freeVariables(formula.body);
      for (const v of formula.variables) inner.delete(v.name);
      for (const v of inner) out.add(v);
      break;
    }
    case "equal":
      for (const term of [formula.left, formula.right]) if (term.startsWith("?")) out.add(term);
      break;
    case "atom":
      for (const term of formula.args) if (term.startsWith("?")) out.add(term);
      break;
  }
  return out;
}

/**
 * Evaluates a goal formula by search over the oracle's facts (spec alfworld.md §8: `and`,
 * `exists`, `not`, `=` and atoms; `or` and `forall` too). Inside `exists`, each conjunct is tested
 * as soon as its variables are bound, so the search prunes early.
 */
export function evaluateFormula(formula: GoalFormula, oracle: FactOracle, bindings: Bindings = new Map()): boolean {
  switch (formula.op) {
    case "and":
      return formula.args.every((arg) => evaluateFormula(arg, oracle, bindings));
    case "or":
      return formula.args.some((arg) => evaluateFormula(arg, oracle, bindings));
    case "not":
      return !evaluateFormula(formula.arg, oracle, bindings);
    case "equal":
      return resolve(formula.left, bindings) === resolve(formula.right, bindings);
    case "atom":
      return oracle.holds(
        formula.predicate,
        formula.args.map((term) => resolve(term, bindings)),
      );
    case "forall":
      return !searchExists(formula.variables, [{ op: "not", arg: formula.body }], oracle, bindings);
    case "exists":
      return searchExists(formula.variables, formula.body.op === "and" ? formula.body.args : [formula.body], oracle, bindings);
  }
}

function searchExists(
  variables: ReadonlyArray<{ name: string; type: string }>,
  conjuncts: readonly GoalFormula[],
  oracle: FactOracle,
  outer: Bindings,
): boolean {
  // stage[k] = conjuncts that become fully bound once variables[0..k-1] are bound
  const stages: GoalFormula[][] = variables.map(() => []);
  stages.push([]);
  const names = variables.map((v) => v.name);
  for (const conjunct of conjuncts) {
    let stage = 0;
    for (const free of freeVariables(conjunct)) {
      const k = names.lastIndexOf(free);
      if (k + 1 > stage) stage = k + 1;
    }
    (stages[stage] as GoalFormula[]).push(conjunct);
  }
  const bindings = new Map(outer);
  const satisfied = (stage: number) => (stages[stage] as GoalFormula[]).every((c) => evaluateFormula(c, oracle, bindings));
  const bind = (k: number): boolean => {
    if (k === variables.length) return true;
    const variable = variables[k] as { name: string; type: string };
    for (const value of oracle.domain(variable.type)) {
      bindings.set(variable.name, value);
      if (satisfied(k + 1) && bind(k + 1)) return true;
    }
    bindings.delete(variable.name);
    return false;
  };
  return satisfied(0) && bind(0);
}
