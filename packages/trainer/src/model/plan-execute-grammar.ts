import { ActionTrie } from "./action-trie.js";
import type { DecodingGrammar, GrammarStep } from "./decoding-grammar.js";
import type { Vocabulary } from "./vocabulary.js";

export interface PlanExecuteGrammarOptions {
  vocabulary: Vocabulary;
  /** The subgoal in force (the previous turn's; "None" on turn 0): copied, not sampled, on KEEP. */
  currentSubgoal: string;
  /** When non-empty, the action is one of these, decoded through a token trie. */
  admissibleActions?: readonly string[];
  /** A new subgoal longer than this is closed by force. Default 32. */
  maxSubgoalTokens?: number;
  /** An unconstrained action longer than this is closed by force. Default 32. */
  maxActionTokens?: number;
  /**
   * The decoder's budget for the whole reply: an unconstrained action is also closed by force
   * when only `</action>` and `<eos>` still fit, so the reply ends well formed rather than cut.
   */
  maxReplyTokens?: number;
}

type Phase = "switch" | "subgoal" | "action" | "done";

/**
 * The three blocks of a turn (spec §1.1), always well formed:
 *
 *   <switch> (KEEP|SWITCH) </switch> \n <subgoal> … </subgoal> \n <action> … </action> <eos>
 *
 * Tags and separators are forced. The switch is a choice between KEEP and SWITCH. On KEEP the
 * current subgoal is copied (source "copied", not sampled; DESIGN §4); on SWITCH a new one is
 * sampled until `</subgoal>`. The action is sampled through the trie of admissible actions when
 * given, else freely until `</action>`.
 */
export class PlanExecuteGrammar implements DecodingGrammar {
  private readonly ids: Vocabulary["ids"];
  private readonly newline: readonly number[];
  private readonly copiedSubgoal: readonly number[];
  private readonly trie: ActionTrie | undefined;
  private readonly maxSubgoalTokens: number;
  private readonly maxActionTokens: number;
  private readonly maxReplyTokens: number;
  /** Tokens of the reply so far. */
  private written = 0;
  private readonly queue: Array<{ token: number; source: "forced" | "copied" }> = [];
  private phase: Phase = "switch";
  private readonly subgoalTokens: number[] = [];
  private readonly actionTokens: number[] = [];
  private switchChoice: "KEEP" | "SWITCH" | undefined;

  constructor(options: PlanExecuteGrammarOptions) {
    const { vocabulary } = options;
    this.ids = vocabulary.ids;
    this.newline = [...vocabulary.encode("\n")];
    this.copiedSubgoal = [...vocabulary.encode(options.currentSubgoal)];
    const actions = options.admissibleActions ?? [];
    this.trie = actions.length > 0 ? new ActionTrie(actions, vocabulary) : undefined;
    this.maxSubgoalTokens = options.maxSubgoalTokens ?? 32;
    this.maxActionTokens = options.maxActionTokens ?? 32;
    this.maxReplyTokens = options.maxReplyTokens ?? Infinity;
    this.force([this.ids.switchOpen]);
  }

  /** KEEP or SWITCH, once chosen. */
  get decision(): "KEEP" | "SWITCH" | undefined {
    return this.switchChoice;
  }

  /** The admissible action chosen through the trie, once complete (undefined without a trie). */
  get action(): string | undefined {
    return this.phase === "done" ? this.trie?.actionOf(this.actionTokens) : undefined;
  }

  next(): GrammarStep {
    const queued = this.queue[0];
    if (queued !== undefined) return { kind: "force", token: queued.token, source: queued.source };
    const { ids } = this;
    switch (this.phase) {
      case "switch":
        return { kind: "sample", constraint: { kind: "allow", ids: [ids.keep, ids.switch] } };
      case "subgoal":
        if (this.subgoalTokens.length >= this.maxSubgoalTokens) return { kind: "force", token: ids.subgoalClose, source: "forced" };
        return {
          kind: "sample",
          constraint: { kind: "deny", ids: [ids.pad, ids.eos, ids.unk, ids.switchOpen, ids.switchClose, ids.subgoalOpen, ids.actionOpen, ids.actionClose] },
        };
      case "action":
        if (this.trie !== undefined) return { kind: "sample", constraint: { kind: "allow", ids: this.trie.allowedAfter(this.actionTokens) } };
        if (this.actionTokens.length >= this.maxActionTokens || this.written + 2 >= this.maxReplyTokens) return { kind: "force", token: ids.actionClose, source: "forced" };
        return {
          kind: "sample",
          constraint: { kind: "deny", ids: [ids.pad, ids.eos, ids.unk, ids.switchOpen, ids.switchClose, ids.subgoalOpen, ids.subgoalClose, ids.actionOpen] },
        };
      case "done":
        return { kind: "done" };
    }
  }

  advance(token: number): void {
    this.written += 1;
    if (this.queue.shift() !== undefined) return;
    const { ids } = this;
    switch (this.phase) {
      case "switch":
        this.switchChoice = token === ids.keep ? "KEEP" : "SWITCH";
        this.force([ids.switchClose, ...this.newline, ids.subgoalOpen]);
        if (this.switchChoice === "KEEP") {
          this.queue.push(...this.copiedSubgoal.map((id) => ({ token: id, source: "copied" as const })));
          this.force([ids.subgoalClose, ...this.newline, ids.actionOpen]);
          this.phase = "action";
        } else {
          this.phase = "subgoal";
        }
        return;
      case "subgoal":
        if (token !== ids.subgoalClose) {
          this.subgoalTokens.push(token);
          return;
        }
        this.force([...this.newline, ids.actionOpen]);
        this.phase = "action";
        return;
      case "action":
        if (token !== ids.actionClose) {
          this.actionTokens.push(token);
          return;
        }
        this.force([ids.eos]);
        this.phase = "done";
        return;
      case "done":
        return;
    }
  }

  private force(tokens: readonly number[]): void {
    this.queue.push(...tokens.map((token) => ({ token, source: "forced" as const })));
  }
}
