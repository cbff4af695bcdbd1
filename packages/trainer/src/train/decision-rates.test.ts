import { runEpisode } from "@hiper/core";
import { CountdownEnvironment, ScriptedPolicy } from "@hiper/core/testing";
import { describe, expect, it } from "vitest";
import { decisionRates } from "./decision-rates.js";

const turn = (switchTo: string, action: string) => `<switch>${switchTo}</switch>\n<subgoal>reach the end</subgoal>\n<action>${action}</action>`;

async function play(outputs: string[], seed: number) {
  return runEpisode({
    environment: new CountdownEnvironment(),
    policy: new ScriptedPolicy({ outputs }),
    promptStyle: "generic",
    reset: { seed },
    trajectoryId: `countdown/${seed}`,
    groupId: `countdown/${seed}`,
    maxSteps: 10,
    historyLength: 2,
  });
}

describe("decisionRates", () => {
  it("counts SWITCH after the first turn and invalid outputs over all turns", async () => {
    // Seed 0 needs two "advance": SWITCH, a reply without its switch (invalid), KEEP, then a re-plan that wins.
    const first = await play([turn("SWITCH", "wait"), "<action>wait</action>", turn("KEEP", "advance"), turn("SWITCH", "advance")], 0);
    // Seed 1 needs three: the policy keeps its subgoal throughout.
    const second = await play([turn("SWITCH", "advance"), turn("KEEP", "advance"), turn("KEEP", "advance")], 1);
    expect(first.turns).toHaveLength(4);
    expect(second.turns).toHaveLength(3);
    const rates = decisionRates([first, second]);
    // Turns after the first: 3 + 2 = 5, of which one SWITCH (the invalid reply has none).
    expect(rates.switchRate).toBeCloseTo(1 / 5, 12);
    expect(rates.invalidRate).toBeCloseTo(1 / 7, 12);
  });

  it("is 0 on an empty batch rather than NaN", () => {
    expect(decisionRates([])).toEqual({ switchRate: 0, invalidRate: 0 });
  });
});
