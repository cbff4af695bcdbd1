import { describe, expect, it } from "vitest";
import { readFeedback, readIntroReceptacles, readList, readReceptacleView } from "./read-observation.js";
import { RoomMemory } from "./room-memory.js";

const INTRO =
  "-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room. Looking quickly around you, you see a bed 2, a bed 1, a desk 1, a drawer 3, a drawer 2, a drawer 1, a garbagecan 1, a laundryhamper 1, and a shelf 1.\n\nYour task is to: put two cd in drawer.";

describe("reading observations", () => {
  it("reads lists and receptacle descriptions (spec §5.2, §5.4)", () => {
    expect(readList("nothing")).toEqual([]);
    expect(readList("a cd 3")).toEqual(["cd 3"]);
    expect(readList("a candle 1, and a spraybottle 2")).toEqual(["candle 1", "spraybottle 2"]);
    expect(readReceptacleView("The fridge 1 is closed.")).toEqual({ receptacle: "fridge 1", contents: undefined, openable: true });
    expect(readReceptacleView("The safe 1 is open. In it, you see a cd 3, and a cellphone 2.")).toEqual({
      receptacle: "safe 1",
      contents: ["cd 3", "cellphone 2"],
      openable: true,
    });
    expect(readReceptacleView("On the cabinet 4, you see nothing.")).toEqual({ receptacle: "cabinet 4", contents: [], openable: false });
    expect(readIntroReceptacles(INTRO)).toEqual(["bed 2", "bed 1", "desk 1", "drawer 3", "drawer 2", "drawer 1", "garbagecan 1", "laundryhamper 1", "shelf 1"]);
  });

  it("classifies command feedback", () => {
    expect(readFeedback("You arrive at drawer 5. On the drawer 5, you see a cd 3, and a pen 2.")).toEqual({
      kind: "arrive",
      receptacle: "drawer 5",
      view: { receptacle: "drawer 5", contents: ["cd 3", "pen 2"], openable: false },
    });
    expect(readFeedback("You open the safe 1. The safe 1 is open. In it, you see nothing.")).toMatchObject({ kind: "open", receptacle: "safe 1" });
    expect(readFeedback("You pick up the cd 3 from the drawer 5.")).toEqual({ kind: "take", object: "cd 3", receptacle: "drawer 5" });
    expect(readFeedback("You move the cd 3 to the safe 1.")).toEqual({ kind: "move", object: "cd 3", receptacle: "safe 1" });
    expect(readFeedback("You heat the apple 2 using the microwave 1.")).toEqual({ kind: "treat", verb: "heat", object: "apple 2", appliance: "microwave 1" });
    expect(readFeedback("You turn on the desklamp 1.")).toEqual({ kind: "use", object: "desklamp 1" });
    expect(readFeedback("You are carrying: a creditcard 1.")).toEqual({ kind: "inventory", held: "creditcard 1" });
    expect(readFeedback("Nothing happens.")).toEqual({ kind: "nothing" });
    expect(readFeedback("You are facing the desk 1, drawer 3, drawer 2, and drawer 1. Next to it, you see nothing.")).toEqual({ kind: "other" });
  });
});

describe("RoomMemory", () => {
  it("learns the spot, the contents and the held object from the admissible commands", () => {
    const memory = new RoomMemory(INTRO);
    expect(memory.receptacles.size).toBe(9);
    memory.observe("go to desk 1", "You arrive at desk 1. On the desk 1, you see a cd 2, a cd 1, and a mug 1.", 1);
    memory.observeAdmissible([
      "examine desk 1",
      "examine drawer 1",
      "examine drawer 2",
      "examine drawer 3",
      "go to bed 1",
      "go to bed 2",
      "go to garbagecan 1",
      "go to laundryhamper 1",
      "go to shelf 1",
      "help",
      "inventory",
      "look",
      "open drawer 2",
      "take cd 1 from desk 1",
      "take cd 2 from desk 1",
      "take mug 1 from desk 1",
      "take pen 3 from drawer 1",
      "use desklamp 1",
    ]);
    expect([...memory.here].sort()).toEqual(["desk 1", "drawer 1", "drawer 2", "drawer 3"]);
    expect(memory.receptacles.get("drawer 1")?.contents).toEqual(["pen 3"]);
    expect(memory.receptacles.get("drawer 3")?.contents).toEqual([]);
    expect(memory.receptacles.get("drawer 2")).toMatchObject({ contents: undefined, openable: true, open: false });
    expect(memory.known("cd").map((found) => found.object)).toEqual(["cd 1", "cd 2"]);
    expect(memory.lamps.get("desklamp 1")).toBeDefined();
    memory.observe("take cd 1 from desk 1", "You pick up the cd 1 from the desk 1.", 2);
    memory.observeAdmissible(["examine cd 1", "examine desk 1", "go to bed 1", "move cd 1 to desk 1"]);
    expect(memory.held).toBe("cd 1");
    expect(memory.known("cd").map((found) => found.object)).toEqual(["cd 2"]);
    memory.observe("jump", "Nothing happens.", 3);
    expect(memory.avoid("jump", 5)).toBe(true);
    expect(memory.avoid("jump", 9)).toBe(false);
  });
});
