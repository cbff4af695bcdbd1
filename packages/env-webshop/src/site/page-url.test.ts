import { describe, expect, it } from "vitest";
import { pageUrl } from "./page-url.js";

describe("pageUrl (spec §15)", () => {
  it("builds the Flask routes with Python literals, quoted as in the MTurk logs", () => {
    const base = "http://3.83.245.205:3000";
    const keywords = ["teen", "girl", "pink", "loafers", "size", "eight"];
    const position = { keywords, pageNum: 1, hits: [] };
    expect(pageUrl(base, "20220427_1_15", { kind: "search" }, [])).toBe("http://3.83.245.205:3000/20220427_1_15");
    expect(pageUrl(base, "20220427_1_15", { kind: "results", ...position }, [])).toBe(
      "http://3.83.245.205:3000/search_results/20220427_1_15/%5B%27teen%27%2C%20%27girl%27%2C%20%27pink%27%2C%20%27loafers%27%2C%20%27size%27%2C%20%27eight%27%5D/1",
    );
    expect(pageUrl(base, "20220427_1_15", { kind: "item", asin: "B0868KF3ZB", ...position }, [["size", "8"]])).toBe(
      "http://3.83.245.205:3000/item_page/20220427_1_15/B0868KF3ZB/%5B%27teen%27%2C%20%27girl%27%2C%20%27pink%27%2C%20%27loafers%27%2C%20%27size%27%2C%20%27eight%27%5D/1/%7B%27size%27:%20%278%27%7D",
    );
    expect(pageUrl(base, "20220427_1_15", { kind: "done", asin: "B0868KF3ZB", reward: 0.75 }, [["size", "8"], ["color", "z2-pink"]])).toBe(
      "http://3.83.245.205:3000/done/20220427_1_15/B0868KF3ZB/%7B%27size%27:%20%278%27%2C%20%27color%27:%20%27z2-pink%27%7D",
    );
  });
});
