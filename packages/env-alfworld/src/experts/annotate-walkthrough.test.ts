import { describe, expect, it } from "vitest";
import { annotateWalkthrough } from "./annotate-walkthrough.js";

const table = (commands: string[]) => annotateWalkthrough(commands).map((s) => `${s.starts ? "SWITCH" : "KEEP"} ${s.subgoal} | ${s.action}`);

describe("annotateWalkthrough", () => {
  it("splits a clean task into find-and-take, clean and put (spec §16.3)", () => {
    expect(
      table([
        "go to countertop 3",
        "take bowl 1 from countertop 3",
        "go to sinkbasin 1",
        "clean bowl 1 with sinkbasin 1",
        "go to cabinet 4",
        "move bowl 1 to cabinet 4",
      ]),
    ).toEqual([
      "SWITCH find and take a bowl | go to countertop 3",
      "KEEP find and take a bowl | take bowl 1 from countertop 3",
      "SWITCH clean bowl 1 with sinkbasin 1 | go to sinkbasin 1",
      "KEEP clean bowl 1 with sinkbasin 1 | clean bowl 1 with sinkbasin 1",
      "SWITCH put bowl 1 in cabinet 4 | go to cabinet 4",
      "KEEP put bowl 1 in cabinet 4 | move bowl 1 to cabinet 4",
    ]);
  });

  it("keeps opening inside the segment and says 'another' for the second object (spec §16.6)", () => {
    expect(
      table([
        "go to drawer 5",
        "take cd 3 from drawer 5",
        "go to safe 1",
        "open safe 1",
        "move cd 3 to safe 1",
        "go to desk 2",
        "take cd 2 from desk 2",
        "go to safe 1",
        "move cd 2 to safe 1",
      ]),
    ).toEqual([
      "SWITCH find and take a cd | go to drawer 5",
      "KEEP find and take a cd | take cd 3 from drawer 5",
      "SWITCH put cd 3 in safe 1 | go to safe 1",
      "KEEP put cd 3 in safe 1 | open safe 1",
      "KEEP put cd 3 in safe 1 | move cd 3 to safe 1",
      "SWITCH find and take another cd | go to desk 2",
      "KEEP find and take another cd | take cd 2 from desk 2",
      "SWITCH put cd 2 in safe 1 | go to safe 1",
      "KEEP put cd 2 in safe 1 | move cd 2 to safe 1",
    ]);
  });

  it("words the lamp by whether something is held, and takes from a shared spot in a one-command segment", () => {
    expect(table(["go to desk 2", "take alarmclock 1 from desk 2", "go to desk 1", "use desklamp 1"])).toEqual([
      "SWITCH find and take an alarmclock | go to desk 2",
      "KEEP find and take an alarmclock | take alarmclock 1 from desk 2",
      "SWITCH look at alarmclock 1 under desklamp 1 | go to desk 1",
      "KEEP look at alarmclock 1 under desklamp 1 | use desklamp 1",
    ]);
    expect(table(["go to desk 1", "use desklamp 1", "take alarmclock 2 from desk 1"])).toEqual([
      "SWITCH turn on desklamp 1 | go to desk 1",
      "KEEP turn on desklamp 1 | use desklamp 1",
      "SWITCH find and take an alarmclock | take alarmclock 2 from desk 1",
    ]);
    expect(table(["look", "go to bed 1"])).toEqual(["SWITCH explore the room | look", "KEEP explore the room | go to bed 1"]);
  });
});
