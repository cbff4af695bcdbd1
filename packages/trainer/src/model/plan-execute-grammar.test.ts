import { InvalidInputError, parseTrainingResponse } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { ActionTrie } from "./action-trie.js";
import { FreeGrammar, replayConstraints } from "./decoding-grammar.js";
import { PlanExecuteGrammar } from "./plan-execute-grammar.js";
import { Vocabulary } from "./vocabulary.js";

const actions = ["go to countertop 1", "go to cabinet 1", "go to cabinet 10", "take mug 1 from countertop 1"];
const vocabulary = Vocabulary.build(["<switch>SWITCH</switch>\n<subgoal>find a mug</subgoal>\n<action>look</action>", ...actions]);
const keepResponse = "<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>go to countertop 1</action>";

function grammar(options: { admissibleActions?: string[]; maxSubgoalTokens?: number } = {}) {
  return new PlanExecuteGrammar({ vocabulary, currentSubgoal: "find a mug", ...options });
}

describe("PlanExecuteGrammar", () => {
  it("replays a KEEP turn: tags forced, switch chosen, subgoal copied, action sampled", () => {
    const tokens = [...vocabulary.encode(keepResponse), vocabulary.ids.eos];
    const replayed = replayConstraints(grammar(), tokens);
    expect(replayed.map((token) => token.source).join(" ")).toBe(
      "forced sampled forced forced forced copied copied copied forced forced forced sampled sampled sampled sampled sampled sampled forced",
    );
    expect(replayed[1]?.constraint).toEqual({ kind: "allow", ids: [vocabulary.ids.keep, vocabulary.ids.switch] });
    expect(replayed[0]?.constraint).toEqual({ kind: "allow", ids: [vocabulary.ids.switchOpen] });
    // The spans the training-side parser finds (spec §2.3): the separators stay outside.
    const parse = parseTrainingResponse(vocabulary.pieces(tokens), { eosIndex: tokens.length - 1 });
    expect(parse.spans).toEqual({ switch: [0, 2], subgoal: [4, 8], action: [10, 16] });
    expect(parse.valueIndex.low).toBe(9);
  });

  it("constrains the action to the admissible ones through the trie", () => {
    const tokens = [...vocabulary.encode(keepResponse), vocabulary.ids.eos];
    const constrained = grammar({ admissibleActions: actions });
    const replayed = replayConstraints(constrained, tokens);
    expect(constrained.decision).toBe("KEEP");
    expect(constrained.action).toBe("go to countertop 1");
    const first = replayed[11]?.constraint;
    expect(first?.kind).toBe("allow");
    // Actions start with "go" or "take".
    expect(first?.ids.map((id) => vocabulary.piece(id)).sort()).toEqual(["go", "take"]);
    const bad = [...vocabulary.encode("<switch>KEEP</switch>\n<subgoal>find a mug</subgoal>\n<action>look</action>"), vocabulary.ids.eos];
    expect(() => replayConstraints(grammar({ admissibleActions: actions }), bad)).toThrow(InvalidInputError);
  });

  it("samples a new subgoal on SWITCH and closes it by force at the length limit", () => {
    const g = grammar({ maxSubgoalTokens: 2 });
    const tokens = [...vocabulary.encode("<switch>SWITCH</switch>\n<subgoal>find a</subgoal>\n<action>look</action>"), vocabulary.ids.eos];
    const replayed = replayConstraints(g, tokens);
    expect(g.decision).toBe("SWITCH");
    expect(replayed.slice(5, 8).map((token) => token.source)).toEqual(["sampled", "sampled", "forced"]);
    expect(replayed[5]?.constraint?.kind).toBe("deny");
    expect(g.next()).toEqual({ kind: "done" });
  });

  it("rejects tokens the grammar forbids or that come after the end", () => {
    expect(() => replayConstraints(grammar(), vocabulary.encode("<subgoal>"))).toThrow(/forces/);
    expect(() => replayConstraints(grammar(), vocabulary.encode("<switch>look"))).toThrow(/constraint/);
    const tokens = [...vocabulary.encode(keepResponse), vocabulary.ids.eos, vocabulary.ids.eos];
    expect(() => replayConstraints(grammar(), tokens)).toThrow(/after the grammar finished/);
  });
});

describe("ActionTrie", () => {
  const trie = new ActionTrie(actions, vocabulary);

  it("allows </action> exactly where an admissible action ends", () => {
    const whole = [...vocabulary.encode("go to cabinet 1")];
    expect(trie.allowedAfter(whole)).toContain(vocabulary.ids.actionClose);
    expect(trie.actionOf(whole)).toBe("go to cabinet 1");
    expect(trie.allowedAfter(whole.slice(0, -1))).not.toContain(vocabulary.ids.actionClose);
    expect(trie.allowedAfter([...vocabulary.encode("look")])).toEqual([]);
  });
});

describe("FreeGrammar", () => {
  it("denies padding and forces <eos> at the length limit", () => {
    const { eos, pad } = vocabulary.ids;
    const free = new FreeGrammar({ eos, pad, maxTokens: 3 });
    const replayed = replayConstraints(free, [5, 6, eos]);
    expect(replayed.map((token) => token.source)).toEqual(["sampled", "sampled", "forced"]);
    expect(replayed[0]?.constraint).toEqual({ kind: "deny", ids: [pad] });
    expect(free.next()).toEqual({ kind: "done" });
  });
});
