import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every code sample in the README is the text of a tested file, marked
// `<!-- snippet: path -->` right above its code block. This keeps them from drifting apart.
const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(`${root}README.md`, "utf8");
const snippets = [...readme.matchAll(/<!-- snippet: (\S+) -->\n```\w*\n([\s\S]*?)```/g)].map((m) => ({ path: m[1] ?? "", code: m[2] ?? "" }));

describe("README code samples", () => {
  it("has samples for a custom agent, a new environment and fine-tuning", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
  });

  it.each(snippets)("$path matches the tested file", ({ path, code }) => {
    expect(code).toBe(readFileSync(`${root}${path}`, "utf8"));
  });
});
