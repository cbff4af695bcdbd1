import type { Vocabulary } from "./vocabulary.js";

interface TrieNode {
  children: Map<number, TrieNode>;
  /** The admissible action that ends here, if one does. */
  action: string | undefined;
}

/**
 * The admissible actions as a trie over their token ids (each action encoded on its own, as it
 * appears between `<action>` and `</action>`). Constrained decoding walks it: the allowed next
 * tokens are the children of the current node, plus `</action>` where an action ends.
 */
export class ActionTrie {
  private readonly root: TrieNode = { children: new Map(), action: undefined };

  constructor(
    actions: readonly string[],
    private readonly vocabulary: Vocabulary,
  ) {
    for (const action of actions) {
      let node = this.root;
      for (const id of vocabulary.encode(action)) {
        let child = node.children.get(id);
        if (child === undefined) {
          child = { children: new Map(), action: undefined };
          node.children.set(id, child);
        }
        node = child;
      }
      if (node !== this.root) node.action ??= action;
    }
  }

  get isEmpty(): boolean {
    return this.root.children.size === 0;
  }

  /** The node after `prefix`, or undefined when no admissible action starts with it. */
  private walk(prefix: readonly number[]): TrieNode | undefined {
    let node: TrieNode | undefined = this.root;
    for (const id of prefix) {
      node = node.children.get(id);
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** Tokens allowed after the action tokens `prefix`: its continuations, and `</action>` if it is a whole action. */
  allowedAfter(prefix: readonly number[]): number[] {
    const node = this.walk(prefix);
    if (node === undefined) return [];
    const allowed = [...node.children.keys()];
    if (node.action !== undefined) allowed.push(this.vocabulary.ids.actionClose);
    return allowed;
  }

  /** The admissible action spelled by `tokens`, if they spell one exactly. */
  actionOf(tokens: readonly number[]): string | undefined {
    return this.walk(tokens)?.action;
  }
}
