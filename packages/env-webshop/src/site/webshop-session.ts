import { InvalidInputError } from "@hiper/core";
import type { Goal, Product } from "../model/index.js";
import type { AvailableActions, ButtonLabel, ClickTarget, PageState, SearchPosition, SubPageName } from "./page-state.js";
import { donePageText, itemPageText, pageHits, resultsPageText, searchPageText, subPageText } from "./page-text.js";
import { parseAction } from "./parse-action.js";

/** What a purchase scored: the 0–1 WebShop reward and, when the scorer gives them, its parts. */
export interface PurchaseScore {
  reward: number;
  details?: Record<string, unknown>;
}

/** The shop behind a session: products, the search engine and the reward. */
export interface ShopBackend {
  /** The product with this (upper-case) ASIN. */
  product(asin: string): Product | undefined;
  /** Ranked hits for the keywords: at most 50 ASINs, all of them in the catalogue (§10). */
  search(keywords: readonly string[]): readonly string[];
  /** Scores buying `product` with `options` (name → value, in click order) for `goal` (§11). */
  purchase(goal: Goal, product: Product, options: ReadonlyMap<string, string>): PurchaseScore;
}

export interface WebshopSessionOptions {
  /** Show the `Attributes` button and sub-page (upstream `show_attrs`, default false). */
  showAttributes?: boolean;
}

/** The result of one session step. `valid` is false for a no-op (spec §9). */
export interface SessionStep {
  observation: string;
  valid: boolean;
  done: boolean;
  /** The 0–1 reward; non-zero only on the `buy now` step. */
  reward: number;
  /** The scorer's details on the `buy now` step. */
  rewardDetails?: Record<string, unknown>;
}

const SUB_PAGES: Partial<Record<ButtonLabel, SubPageName>> = {
  description: "Description",
  features: "Features",
  reviews: "Reviews",
  attributes: "Attributes",
};

/**
 * One WebShop session in text mode (spec webshop.md §5–§9): the page state machine, its page
 * strings, its clickables and the purchase. Invalid actions are no-ops (`valid: false`). A step
 * after the purchase throws: upstream would accept it (§6 quirk), the SDK refuses.
 */
export class WebshopSession {
  readonly goal: Goal;
  readonly showAttributes: boolean;
  private readonly backend: ShopBackend;
  private page: PageState = { kind: "search" };
  /** Chosen options, name → value in insertion order (a Map keeps integer-like names in place). */
  private readonly chosen = new Map<string, string>();
  private readonly seen = new Set<string>();
  private clickCache: Map<string, ClickTarget> | undefined;

  constructor(backend: ShopBackend, goal: Goal, options: WebshopSessionOptions = {}) {
    this.backend = backend;
    this.goal = goal;
    this.showAttributes = options.showAttributes ?? false;
  }

  /** The current page. */
  get state(): Readonly<PageState> {
    return this.page;
  }

  /** The options chosen on the current item, in click order. */
  get options(): ReadonlyMap<string, string> {
    return this.chosen;
  }

  /** ASINs opened since the last `back to search`. */
  get visited(): ReadonlySet<string> {
    return this.seen;
  }

  get done(): boolean {
    return this.page.kind === "done";
  }

  /** The current page as text (spec §7.3). */
  observation(): string {
    const instruction = this.goal.instruction_text;
    const page = this.page;
    switch (page.kind) {
      case "search":
        return searchPageText(instruction);
      case "results":
        return resultsPageText(instruction, page.pageNum, page.hits, (asin) => this.productOf(asin));
      case "item":
        return itemPageText(instruction, this.productOf(page.asin), this.showAttributes);
      case "sub":
        return subPageText(instruction, this.productOf(page.asin), page.sub);
      case "done":
        return donePageText(page.asin, this.chosen, page.reward);
    }
  }

  /** `get_available_actions()` (spec §8). */
  availableActions(): AvailableActions {
    return { hasSearchBar: this.page.kind === "search", clickables: [...this.clickables().keys()] };
  }

  /**
   * The `#instruction-text` heading of the page (spec §5): `Instruction: <I>` on the search page,
   * `Instruction:<I>` elsewhere; undefined on the done page, which has none.
   */
  instructionText(): string | undefined {
    if (this.page.kind === "done") return undefined;
    return this.page.kind === "search" ? `Instruction: ${this.goal.instruction_text}` : `Instruction:${this.goal.instruction_text}`;
  }

  /** Runs one action (spec §9). Throws InvalidInputError once the purchase is made. */
  step(action: string): SessionStep {
    if (this.page.kind === "done") throw new InvalidInputError("the session is over: the product was bought");
    const { name, argument } = parseAction(action);
    if (name === "search" && argument !== null) return this.moved(this.search(argument));
    const target = name === "click" && argument !== null && argument !== "search" ? this.clickables().get(argument) : undefined;
    if (!target) return { observation: this.observation(), valid: false, done: false, reward: 0 };
    if (target.kind === "asin") {
      const position = this.page as SearchPosition;
      this.seen.add(target.asin);
      return this.moved({ kind: "item", asin: target.asin, keywords: position.keywords, pageNum: position.pageNum, hits: position.hits });
    }
    if (target.kind === "option") {
      this.chosen.set(target.group, target.value);
      return this.moved(this.page);
    }
    return this.button(target.label);
  }

  private button(label: ButtonLabel): SessionStep {
    const page = this.page;
    if (label === "back to search") {
      this.chosen.clear();
      this.seen.clear();
      return this.moved({ kind: "search" });
    }
    if (page.kind === "results") {
      // `< prev` is only clickable from page 2 on; `next >` has no upper bound.
      return this.moved({ ...page, pageNum: page.pageNum + (label === "next >" ? 1 : -1) });
    }
    if (page.kind === "sub") return this.moved({ kind: "item", asin: page.asin, keywords: page.keywords, pageNum: page.pageNum, hits: page.hits });
    if (page.kind !== "item") throw new InvalidInputError(`button "${label}" is not on the ${page.kind} page`);
    if (label === "< prev") {
      this.chosen.clear();
      return this.moved({ kind: "results", keywords: page.keywords, pageNum: page.pageNum, hits: page.hits });
    }
    const sub = SUB_PAGES[label];
    if (sub) return this.moved({ kind: "sub", asin: page.asin, sub, keywords: page.keywords, pageNum: page.pageNum, hits: page.hits });
    const score = this.backend.purchase(this.goal, this.productOf(page.asin), this.chosen);
    this.page = { kind: "done", asin: page.asin, reward: score.reward };
    this.clickCache = undefined;
    return { observation: this.observation(), valid: true, done: true, reward: score.reward, ...(score.details ? { rewardDetails: score.details } : {}) };
  }

  /** `search[q]` from any page: keywords are the argument split on single spaces (§6). */
  private search(argument: string): PageState {
    const keywords = argument.split(" ");
    this.chosen.clear();
    return { kind: "results", keywords, pageNum: 1, hits: this.backend.search(keywords) };
  }

  private moved(page: PageState): SessionStep {
    if (page !== this.page) this.clickCache = undefined;
    this.page = page;
    return { observation: this.observation(), valid: true, done: false, reward: 0 };
  }

  /**
   * Clickable text → target, in page order (§8): buttons, then ASINs, then option values. A key
   * met twice keeps its first position and its last target (upstream builds a dict), so a value
   * shared by two groups selects the later group and a value equal to a button label shadows it.
   */
  private clickables(): Map<string, ClickTarget> {
    if (this.clickCache) return this.clickCache;
    const map = new Map<string, ClickTarget>();
    const button = (label: ButtonLabel) => map.set(label, { kind: "button", label });
    const page = this.page;
    switch (page.kind) {
      case "search":
        button("search");
        break;
      case "results":
        button("back to search");
        if (page.pageNum > 1) button("< prev");
        button("next >");
        for (const asin of pageHits(page.hits, page.pageNum)) map.set(asin.toLowerCase(), { kind: "asin", asin });
        break;
      case "item": {
        for (const label of ["back to search", "< prev", "description", "features", "reviews"] as const) button(label);
        if (this.showAttributes) button("attributes");
        button("buy now");
        for (const group of this.productOf(page.asin).options) {
          for (const value of group.values) map.set(value, { kind: "option", group: group.name, value });
        }
        break;
      }
      case "sub":
        button("back to search");
        button("< prev");
        break;
      case "done":
        break;
    }
    this.clickCache = map;
    return map;
  }

  private productOf(asin: string): Product {
    const product = this.backend.product(asin);
    if (!product) throw new InvalidInputError(`product ${asin} is not in the catalogue`);
    return product;
  }
}
