import { InvalidInputError, type Policy, type PolicyInput, type PolicyOutput } from "@hiper/core";
import { hasPhrase, type ReadInstruction, readInstruction, unquoted } from "./read-instruction.js";
import { type ListedProduct, type PageOptionGroup, readPage } from "./read-page.js";
import { planExecuteText, type WebshopSubgoal, WebshopSubgoals } from "./turn-text.js";

export interface WebshopExpertOptions {
  /** Steps per episode the expert plans for (the environment's limit; default 15). */
  maxSteps?: number;
  id?: string;
}

/** What the expert learnt about one opened item. */
interface Inspection {
  title: string;
  prices: number[];
  options: PageOptionGroup[];
  /** Text of the Features / Description pages read so far. */
  details: string[];
  seen: Set<"features" | "description">;
}

interface Decision {
  subgoal: WebshopSubgoal;
  action: string;
}

const lower = (text: string) => text.toLowerCase();
/** `containers` and `container` both match: compare words without a trailing s. */
const stem = (word: string) => word.replace(/(es|s)$/, "");

/**
 * The WebShop expert: reads the instruction text (product type, attributes, options, price limit;
 * `readInstruction` uses the catalogue's vocabulary of types and attributes, never the hidden goal),
 * searches for it, opens the most promising result (type in the title, attributes in the title,
 * price under the limit), checks the item (options on offer, attributes in the title or on the
 * Features / Description pages), goes back to the next candidate when the item falls short and
 * the step budget allows, then chooses the options and buys. Turns are Plan-Execute outputs with
 * the subgoals `search for the product` → `open a matching item` → `choose the options` → `buy`
 * (SWITCH when the subgoal changes, KEEP otherwise). One instance per environment.
 */
export class WebshopExpertPolicy implements Policy {
  readonly id: string;
  readonly maxSteps: number;
  private goal: ReadInstruction = readInstruction("");
  private searches = 0;
  private current: string | undefined;
  private readonly rejected = new Set<string>();
  private readonly inspections = new Map<string, Inspection>();
  private readonly clicked = new Set<string>();

  constructor(options: WebshopExpertOptions = {}) {
    this.id = options.id ?? "webshop-expert";
    this.maxSteps = options.maxSteps ?? 15;
    if (!Number.isInteger(this.maxSteps) || this.maxSteps < 3) throw new InvalidInputError(`maxSteps must be an integer ≥ 3, got ${this.maxSteps}`);
  }

  async act(input: PolicyInput): Promise<PolicyOutput> {
    if (input.step === 0) this.startEpisode(input.task);
    const clickables = new Set((input.observation.admissibleActions ?? []).filter((action) => action.startsWith("click[")).map((action) => action.slice(6, -1)));
    const decision = this.decide(input, clickables);
    const keep = input.step > 0 && decision.subgoal === input.currentSubgoal;
    return { text: planExecuteText(keep ? "KEEP" : "SWITCH", decision.subgoal, decision.action), prompt: "" };
  }

  private startEpisode(task: string): void {
    this.goal = readInstruction(task);
    this.searches = 0;
    this.current = undefined;
    this.rejected.clear();
    this.inspections.clear();
    this.clicked.clear();
  }

  private decide(input: PolicyInput, clickables: ReadonlySet<string>): Decision {
    const page = readPage(input.observation.text, clickables);
    const stepsLeft = this.maxSteps - input.step;
    switch (page.kind) {
      case "search":
        this.searches += 1;
        return { subgoal: WebshopSubgoals.search, action: `search[${this.goal.request}]` };
      case "results":
        return this.onResults(page.products, page.pageNum, page.total, stepsLeft);
      case "item":
        return this.onItem(page.title, page.prices, page.options, stepsLeft);
      case "sub": {
        const inspection = this.current ? this.inspections.get(this.current) : undefined;
        inspection?.details.push(page.text);
        return { subgoal: WebshopSubgoals.open, action: "click[< prev]" };
      }
      default:
        // The done page or an unreadable one: nothing sensible is left but to search again.
        return { subgoal: WebshopSubgoals.search, action: `search[${this.goal.request}]` };
    }
  }

  private onResults(products: ListedProduct[], pageNum: number, total: number, stepsLeft: number): Decision {
    const open = products.filter((product) => !this.rejected.has(product.asin));
    if (open.length === 0 && pageNum * 10 < total && stepsLeft > 3) return { subgoal: WebshopSubgoals.open, action: "click[next >]" };
    const pool = open.length > 0 ? open : products;
    if (pool.length === 0) {
      // Nothing found: search once more with the product type alone, else give up on this page.
      if (this.searches < 2 && this.goal.productType) {
        this.searches += 1;
        return { subgoal: WebshopSubgoals.search, action: `search[${this.goal.productType}]` };
      }
      return { subgoal: WebshopSubgoals.search, action: `search[${this.goal.request}]` };
    }
    const best = pool.reduce((a, b) => (this.listingScore(b) > this.listingScore(a) ? b : a));
    this.current = best.asin;
    this.clicked.clear();
    return { subgoal: WebshopSubgoals.open, action: `click[${best.asin.toLowerCase()}]` };
  }

  private onItem(title: string, prices: number[], options: PageOptionGroup[], stepsLeft: number): Decision {
    const asin = this.current ?? "";
    const inspection = this.inspections.get(asin) ?? { title, prices, options, details: [], seen: new Set() };
    this.inspections.set(asin, inspection);
    const wanted = this.wantedValues(options);
    const toClick = wanted.filter((value) => value !== undefined && !this.clicked.has(value)) as string[];
    const missingOptions = wanted.filter((value) => value === undefined).length;
    const missingAttributes = this.missingAttributes(inspection);
    const buySteps = toClick.length + 1;

    // A shortfall is worth another candidate only while there are steps for back, open and buy,
    // and only before any option was chosen here.
    const canMoveOn = this.clicked.size === 0 && stepsLeft >= buySteps + 4;
    const unfit = missingOptions > 0 || this.priceFits(prices) === 0;
    if (unfit && canMoveOn) return this.reject(asin);
    if (!unfit && missingAttributes.length > 0 && stepsLeft >= buySteps + 2) {
      for (const page of ["features", "description"] as const) {
        if (inspection.seen.has(page)) continue;
        inspection.seen.add(page);
        return { subgoal: WebshopSubgoals.open, action: `click[${page}]` };
      }
    }
    if (missingAttributes.length > 0 && canMoveOn) return this.reject(asin);
    const next = toClick[0];
    if (next !== undefined) {
      this.clicked.add(next);
      return { subgoal: WebshopSubgoals.options, action: `click[${next}]` };
    }
    return { subgoal: WebshopSubgoals.buy, action: "click[buy now]" };
  }

  private reject(asin: string): Decision {
    this.rejected.add(asin);
    return { subgoal: WebshopSubgoals.open, action: "click[< prev]" };
  }

  /**
   * For each wanted option, the matching value on offer (undefined when missing). A human request
   * names values in passing: per group, the longest value the request mentions.
   */
  private wantedValues(options: PageOptionGroup[]): Array<string | undefined> {
    if (this.goal.style === "human") {
      // A group the request names (`size …`, `flavor …`) needs one of its values mentioned.
      return options.flatMap((group) => {
        const mentioned = group.values.filter((value) => hasPhrase(this.goal.text, unquoted(lower(value))));
        if (mentioned.length > 0) return [mentioned.reduce((a, b) => (b.length > a.length ? b : a))];
        return hasPhrase(this.goal.text, lower(group.name).replace(/ name$/, "")) ? [undefined] : [];
      });
    }
    return this.goal.options.map(([name, value]) => {
      const wantedValue = lower(value);
      const groups = name === "" ? options : options.filter((group) => lower(group.name) === lower(name));
      return groups.flatMap((group) => group.values).find((candidate) => lower(candidate) === wantedValue);
    });
  }

  private missingAttributes(inspection: Inspection): string[] {
    const text = lower([inspection.title, ...inspection.details].join("\n"));
    // In a human request a phrase may name an option value (`brushed nickel`) rather than an attribute.
    const optionText = this.goal.style === "human" ? lower(inspection.options.flatMap((group) => group.values).join("\n")) : "";
    return this.goal.attributes.filter((attribute) => !text.includes(lower(attribute)) && !optionText.includes(lower(attribute)));
  }

  /** 2: the whole price tag is within the limit; 1: only its lower end; 0: over. */
  private priceFits(prices: number[]): number {
    const limit = this.goal.priceUpper ?? Infinity;
    if (prices.length === 0) return 1;
    if (Math.max(...prices) <= limit) return 2;
    return Math.min(...prices) <= limit ? 1 : 0;
  }

  /** How promising a results entry looks: its type, its attributes and its price. */
  private listingScore(product: ListedProduct): number {
    const title = lower(product.title);
    const titleWords = new Set(title.split(/[^a-z0-9']+/).map(stem));
    const type = this.goal.productType ?? "";
    const wearer = /^(men's|women's|children's) /.exec(type)?.[1];
    const typeParts = type
      .replace(/^(men's|women's|children's) /, "")
      .split(/, | & | and /)
      .map((part) => part.trim())
      .filter((part) => part !== "");
    // The type's own words score best; a singular form counts less (`short` may be `short sleeve`).
    const typeMatch = typeParts.some((part) => hasPhrase(title, part)) ? 2 : typeParts.some((part) => titleWords.has(stem(part.split(" ").pop() ?? ""))) ? 1 : 0;
    const wearerMatch = wearer === undefined || new RegExp(`\\b${wearer.replace("children's", "kids'")}`).test(title) ? 1 : 0;
    const attributeHits = this.goal.attributes.filter((attribute) => title.includes(lower(attribute))).length;
    return 3 * typeMatch + 2 * wearerMatch + 2 * attributeHits + 3 * this.priceFits(product.prices);
  }
}
