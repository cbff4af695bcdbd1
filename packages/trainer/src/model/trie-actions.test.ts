import { describe, expect, it } from "vitest";
import { trieActions } from "./trie-actions.js";

describe("trieActions", () => {
  it("constrains to concrete admissible actions", () => {
    expect(trieActions(["go to desk 1", "look"])).toEqual(["go to desk 1", "look"]);
  });

  it("leaves the action free when none are given or one is a template (WebShop's search)", () => {
    expect(trieActions(undefined)).toBeUndefined();
    expect(trieActions([])).toBeUndefined();
    expect(trieActions(["search[<your query>]"])).toBeUndefined();
    expect(trieActions(["click[back to search]", "search[<your query>]"])).toBeUndefined();
  });
});
