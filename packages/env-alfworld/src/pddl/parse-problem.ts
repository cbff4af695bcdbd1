import type { GoalFormula, GoalVariable } from "../model/goal-formula.js";
import { parseSExpressions, type SExpression } from "./s-expression.js";

/** A PDDL problem as read: declared constants, ground `:init` atoms and the goal formula. */
export interface PddlProblem {
  name: string;
  /** `:objects` declarations, id → type (`agent`, `location`, `receptacle`, `object`, `otype`, `rtype`). */
  objects: Map<string, string>;
  /** Ground atoms of `:init`, each `[predicate, ...args]`, duplicates removed, in file order. */
  init: string[][];
  goal: GoalFormula;
}

/** A problem text that does not have the shape of spec alfworld.md §3.2. */
export class PddlSyntaxError extends Error {}

function isList(expression: SExpression | undefined): expression is SExpression[] {
  return Array.isArray(expression);
}

function describe(expression: SExpression | undefined): string {
  if (expression === undefined) return "nothing";
  const text = isList(expression) ? `(${expression.map(describe).join(" ")})` : expression;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `a b - t1 c - t2 d` → [[a,t1],[b,t1],[c,t2],[d,object]]; commas between groups are ignored. */
function parseTypedList(items: SExpression[], defaultType: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let pending: string[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as SExpression;
    if (isList(item)) throw new PddlSyntaxError(`unexpected list ${describe(item)} in a typed list`);
    const token = item.replace(/,+$/, "");
    if (token === "") continue;
    if (token === "-") {
      const type = items[i + 1];
      if (type === undefined || isList(type)) throw new PddlSyntaxError("'-' without a type in a typed list");
      for (const name of pending) out.push([name, type.replace(/,+$/, "")]);
      pending = [];
      i += 1;
    } else {
      pending.push(token);
    }
  }
  for (const name of pending) out.push([name, defaultType]);
  return out;
}

function parseVariables(expression: SExpression | undefined): GoalVariable[] {
  if (!isList(expression)) throw new PddlSyntaxError(`expected a variable list, got ${describe(expression)}`);
  return parseTypedList(expression, "object").map(([name, type]) => ({ name, type }));
}

function expectTerm(expression: SExpression | undefined, context: string): string {
  if (expression === undefined || isList(expression)) throw new PddlSyntaxError(`expected a term in ${context}, got ${describe(expression)}`);
  return expression;
}

/** Parses a goal formula: `and`, `or`, `not`, `exists`, `forall`, `=` and atoms. */
export function parseGoalFormula(expression: SExpression | undefined): GoalFormula {
  if (!isList(expression)) throw new PddlSyntaxError(`expected a formula, got ${describe(expression)}`);
  const [head, ...rest] = expression;
  if (head === undefined) return { op: "and", args: [] }; // `()` is the empty conjunction
  if (isList(head)) throw new PddlSyntaxError(`a formula cannot start with a list: ${describe(expression)}`);
  switch (head) {
    case "and":
    case "or":
      return { op: head, args: rest.map(parseGoalFormula) };
    case "not":
      if (rest.length !== 1) throw new PddlSyntaxError(`'not' takes one formula: ${describe(expression)}`);
      return { op: "not", arg: parseGoalFormula(rest[0]) };
    case "exists":
    case "forall":
      if (rest.length !== 2) throw new PddlSyntaxError(`'${head}' takes variables and one formula: ${describe(expression)}`);
      return { op: head, variables: parseVariables(rest[0]), body: parseGoalFormula(rest[1]) };
    case "=":
      if (rest.length !== 2) throw new PddlSyntaxError(`'=' takes two terms: ${describe(expression)}`);
      return { op: "equal", left: expectTerm(rest[0], "'='"), right: expectTerm(rest[1], "'='") };
    default:
      return { op: "atom", predicate: head, args: rest.map((arg) => expectTerm(arg, `(${head} …)`)) };
  }
}

/** Parses the text of a PDDL problem (`(define (problem …) (:domain …) (:objects …) (:init …) (:goal …))`). */
export function parsePddlProblem(text: string): PddlProblem {
  const top = parseSExpressions(text);
  const define = top.find((expression) => isList(expression) && expression[0] === "define");
  if (!isList(define)) throw new PddlSyntaxError("no (define …) form");
  let name = "";
  let objects: Map<string, string> | undefined;
  let init: string[][] | undefined;
  let goal: GoalFormula | undefined;
  for (const section of define.slice(1)) {
    if (!isList(section)) throw new PddlSyntaxError(`unexpected ${describe(section)} in (define …)`);
    const [key, ...body] = section;
    switch (key) {
      case "problem":
        name = typeof body[0] === "string" ? body[0] : "";
        break;
      case ":objects":
        objects = new Map(parseTypedList(body, "object"));
        break;
      case ":init":
        init = parseInit(body);
        break;
      case ":goal":
        if (body.length !== 1) throw new PddlSyntaxError("(:goal …) must hold one formula");
        goal = parseGoalFormula(body[0]);
        break;
      default:
        break; // :domain, :requirements, :metric … play no part in the engine
    }
  }
  if (!init) throw new PddlSyntaxError("no (:init …) section");
  if (!goal) throw new PddlSyntaxError("no (:goal …) section");
  return { name, objects: objects ?? new Map(), init, goal };
}

function parseInit(body: SExpression[]): string[][] {
  const seen = new Set<string>();
  const facts: string[][] = [];
  for (const fact of body) {
    if (!isList(fact) || fact.length === 0) throw new PddlSyntaxError(`expected a ground atom in (:init …), got ${describe(fact)}`);
    if (fact[0] === "=") continue; // function assignments play no part (spec §3.2)
    if (!fact.every((term): term is string => typeof term === "string")) {
      throw new PddlSyntaxError(`expected a ground atom in (:init …), got ${describe(fact)}`);
    }
    const key = fact.join(" ");
    if (seen.has(key)) continue;
    seen.add(key);
    facts.push(fact);
  }
  return facts;
}
