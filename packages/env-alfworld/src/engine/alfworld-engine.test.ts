import { EpisodeFinishedError, HiperError } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { tinyGame } from "../test-support/tiny-game.js";
import { AlfworldEngine } from "./alfworld-engine.js";
import { HELP_TEXT } from "./text.js";

const play = (engine: AlfworldEngine, commands: string[]) => commands.map((command) => engine.step(command).observation);

describe("AlfworldEngine on a hand-made game", () => {
  it("prints the intro with every receptacle in id order and the start admissible list", () => {
    const engine = new AlfworldEngine(tinyGame());
    const reset = engine.reset();
    expect(reset.observation).toBe(
      "-= Welcome to TextWorld, ALFRED! =-\n\n" +
        "You are in the middle of a room. Looking quickly around you, you see a cabinet 1, a countertop 1, a desk 1, " +
        "a drawer 2, a drawer 1, a fridge 1, a microwave 1, a sinkbasin 1, and a toaster 1.\n\n" +
        "Your task is to: put a hot apple in countertop.",
    );
    expect(reset.admissible).toEqual([
      "go to cabinet 1",
      "go to countertop 1",
      "go to desk 1",
      "go to drawer 1",
      "go to drawer 2",
      "go to fridge 1",
      "go to microwave 1",
      "go to sinkbasin 1",
      "go to toaster 1",
      "help",
      "inventory",
      "look",
    ]);
    expect(reset).toMatchObject({ won: false, done: false, score: 0, valid: true, steps: 0 });
  });

  it("strips commands like Python's str.strip() and matches them exactly, case included", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    expect(engine.step("  go  to countertop 1").observation).toBe("Nothing happens.");
    expect(engine.step("Go To countertop 1").observation).toBe("Nothing happens.");
    expect(engine.step("GO TO COUNTERTOP 1").observation).toBe("Nothing happens.");
    expect(engine.step("go to countertop 1.").observation).toBe("Nothing happens.");
    expect(engine.step("\ufeffgo to countertop 1").observation).toBe("Nothing happens."); // U+FEFF is not Python whitespace
    const odd = engine.step("\u001c\t go to countertop 1 \n\u0085\u3000");
    expect(odd).toMatchObject({ valid: true, steps: 6 });
    expect(odd.observation).toBe("You arrive at countertop 1. On the countertop 1, you see a apple 1, and a knife 1.");
  });

  it("answers unknown, bare, old-text and non-admissible commands with Nothing happens. and no change", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    engine.step("go to countertop 1");
    const before = engine.admissibleCommands.slice();
    for (const command of ["jump", "take", "open", "", "   ", "go to moon 1", "put apple 1 in fridge 1", "go to toaster 1", "slice apple 1 with knife 1", "x".repeat(20_000), "\u0000🍎"]) {
      const result = engine.step(command);
      expect(result).toMatchObject({ observation: "Nothing happens.", valid: false, won: false });
      expect(result.admissible).toEqual(before);
    }
  });

  it("offers the actions of a shared location without go to, and lists take/examine per receptacle", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    const at = engine.step("go to countertop 1");
    expect(at.admissible).toEqual([
      "examine countertop 1",
      "examine toaster 1",
      "go to cabinet 1",
      "go to desk 1",
      "go to drawer 1",
      "go to drawer 2",
      "go to fridge 1",
      "go to microwave 1",
      "go to sinkbasin 1",
      "help",
      "inventory",
      "look",
      "take apple 1 from countertop 1",
      "take knife 1 from countertop 1",
    ]);
    expect(play(engine, ["examine toaster 1", "look", "inventory"])).toEqual([
      "On the toaster 1, you see nothing.",
      "You are facing the countertop 1, and toaster 1. Next to it, you see nothing.",
      "You are not carrying anything.",
    ]);
  });

  it("takes, slices, heats, cools and cleans with the spec's feedback and examine texts", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    expect(
      play(engine, [
        "go to countertop 1",
        "take knife 1 from countertop 1",
        "inventory",
        "examine knife 1",
        "slice apple 1 with knife 1",
        "move knife 1 to toaster 1", // toaster cannot contain a knife
        "move knife 1 to countertop 1",
        "take apple 1 from countertop 1",
        "examine apple 1",
        "go to microwave 1",
        "heat apple 1 with microwave 1", // a closed microwave still heats
        "examine apple 1",
        "go to fridge 1",
        "cool apple 1 with fridge 1",
        "examine apple 1",
        "go to sinkbasin 1",
        "clean apple 1 with sinkbasin 1",
        "examine apple 1",
        "look",
      ]),
    ).toEqual([
      "You arrive at countertop 1. On the countertop 1, you see a apple 1, and a knife 1.",
      "You pick up the knife 1 from the countertop 1.",
      "You are carrying: a knife 1.",
      "There's nothing special about knife 1.",
      "You sliced the apple 1 with the knife 1.",
      "Nothing happens.",
      "You move the knife 1 to the countertop 1.",
      "You pick up the apple 1 from the countertop 1.",
      "This is a sliced apple 1.",
      "You arrive at microwave 1. The microwave 1 is closed.",
      "You heat the apple 1 using the microwave 1.",
      "This is a hot sliced apple 1.",
      "You arrive at fridge 1. The fridge 1 is closed.",
      "You cool the apple 1 using the fridge 1.",
      "This is a cool sliced apple 1.",
      "You arrive at sinkbasin 1. On the sinkbasin 1, you see nothing.",
      "You clean the apple 1 using the sinkbasin 1.",
      "This is a cool and clean sliced apple 1.",
      "You are facing the sinkbasin 1. Next to it, you see nothing.",
    ]);
  });

  it("heat removes cold and cool removes hot; an initially cold object is cold", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    expect(
      play(engine, ["go to fridge 1", "open fridge 1", "take tomato 1 from fridge 1", "examine tomato 1", "go to microwave 1", "heat tomato 1 with microwave 1", "examine tomato 1"]),
    ).toEqual([
      "You arrive at fridge 1. The fridge 1 is closed.",
      "You open the fridge 1. The fridge 1 is open. In it, you see a tomato 1.",
      "You pick up the tomato 1 from the fridge 1.",
      "This is a cold tomato 1.",
      "You arrive at microwave 1. The microwave 1 is closed.",
      "You heat the tomato 1 using the microwave 1.",
      "This is a hot tomato 1.",
    ]);
  });

  it("picks up a receptacle object without its contents", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    engine.step("go to cabinet 1");
    const opened = engine.step("open cabinet 1");
    expect(opened.observation).toBe("You open the cabinet 1. The cabinet 1 is open. In it, you see a mug 1, and a pencil 1.");
    expect(opened.admissible).toContain("close cabinet 1");
    expect(play(engine, ["take mug 1 from cabinet 1", "examine mug 1", "examine cabinet 1", "close cabinet 1", "examine cabinet 1"])).toEqual([
      "You pick up the mug 1 from the cabinet 1.",
      "This is a normal mug 1. In it, you see a pencil 1.",
      "The cabinet 1 is open. In it, you see a pencil 1.",
      "You close the cabinet 1.",
      "The cabinet 1 is closed.",
    ]);
    // a closed cabinet: no move, but heat/examine of the held mug stay available elsewhere
    expect(engine.admissibleCommands).not.toContain("move mug 1 to cabinet 1");
    expect(engine.admissibleCommands).toContain("open cabinet 1");
  });

  it("lists an object taken from one receptacle and moved into another at the same spot as next to it", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    expect(
      play(engine, [
        "go to countertop 1",
        "take knife 1 from countertop 1",
        "go to drawer 2",
        "move knife 1 to drawer 2",
        "take knife 1 from drawer 2",
        "open drawer 1",
        "move knife 1 to drawer 1",
        "look",
        "take knife 1 from drawer 1",
        "move knife 1 to drawer 2",
        "look",
      ]),
    ).toEqual([
      "You arrive at countertop 1. On the countertop 1, you see a apple 1, and a knife 1.",
      "You pick up the knife 1 from the countertop 1.",
      "You arrive at drawer 2. On the drawer 2, you see nothing.",
      "You move the knife 1 to the drawer 2.",
      "You pick up the knife 1 from the drawer 2.",
      "You open the drawer 1. The drawer 1 is open. In it, you see nothing.",
      "You move the knife 1 to the drawer 1.",
      "You are facing the drawer 2, and drawer 1. Next to it, you see a knife 1.",
      "You pick up the knife 1 from the drawer 1.",
      "You move the knife 1 to the drawer 2.",
      "You are facing the drawer 2, and drawer 1. Next to it, you see a knife 1.",
    ]);
  });

  it("uses a lamp (always 'turn on'), wins the look goal on take, and prints help", () => {
    const engine = new AlfworldEngine(tinyGame({ type: "look_at_obj_in_light", objectType: "alarmclocktype", toggleType: "desklamptype" }));
    engine.reset();
    expect(engine.step("help").observation).toBe(HELP_TEXT);
    expect(HELP_TEXT.startsWith("\nAvailable commands:\n  look:")).toBe(true);
    const arrive = engine.step("go to desk 1");
    expect(arrive.admissible).toContain("use desklamp 1");
    expect(play(engine, ["use desklamp 1", "use desklamp 1"])).toEqual(["You turn on the desklamp 1.", "You turn on the desklamp 1."]);
    expect(engine.won).toBe(false);
    const take = engine.step("take alarmclock 1 from desk 1");
    expect(take).toMatchObject({ observation: "You pick up the alarmclock 1 from the desk 1.", won: true, done: true, score: 1 });
    expect(() => engine.step("look")).toThrow(EpisodeFinishedError);
  });

  it("wins pick-two only with two objects in one receptacle", () => {
    const game = tinyGame({ type: "pick_two_obj_and_place", objectType: "knifetype", receptacleType: "drawertype" });
    // a second knifetype object, with a base of its own so the other names stay as they are
    game.objects.push({ id: "butterknife_bar_1", type: "knifetype", pickupable: true, receptacles: ["desk_bar_1"], locations: ["loc_bar_f"] });
    const engine = new AlfworldEngine(game);
    engine.reset();
    const placed = play(engine, [
      "go to countertop 1",
      "take knife 1 from countertop 1",
      "go to drawer 2",
      "move knife 1 to drawer 2",
      "go to desk 1",
      "take butterknife 1 from desk 1",
      "go to drawer 1",
      "open drawer 1",
      "move butterknife 1 to drawer 1",
    ]);
    expect(placed.at(-1)).toBe("You move the butterknife 1 to the drawer 1.");
    expect(engine.won).toBe(false); // one knife in each drawer does not count
    engine.step("take butterknife 1 from drawer 1");
    expect(engine.step("move butterknife 1 to drawer 2")).toMatchObject({ won: true, done: true });
  });

  it("wins the heat goal on the placing step and then refuses further steps", () => {
    const engine = new AlfworldEngine(tinyGame());
    engine.reset();
    const steps = ["go to countertop 1", "take apple 1 from countertop 1", "go to microwave 1", "heat apple 1 with microwave 1", "go to countertop 1"];
    for (const command of steps) expect(engine.step(command).won).toBe(false);
    const win = engine.step("move apple 1 to countertop 1");
    expect(win).toMatchObject({ won: true, done: true, score: 1, steps: 6 });
    let thrown: unknown;
    try {
      engine.step("look");
    } catch (error) {
      thrown = error;
    }
    expect(HiperError.isInstance(thrown) && thrown.code).toBe("episode_finished");
  });

  it("ends at the step limit, counting invalid commands, and starts over on reset", () => {
    const engine = new AlfworldEngine(tinyGame(), { maxSteps: 3 });
    const first = engine.reset();
    expect(engine.step("jump").done).toBe(false);
    expect(engine.step("look").done).toBe(false);
    expect(engine.step("jump")).toMatchObject({ done: true, won: false, steps: 3 });
    expect(() => engine.step("look")).toThrow(EpisodeFinishedError);
    expect(engine.reset()).toEqual(first);
  });

  it("is deterministic and clones independently", () => {
    const commands = ["go to cabinet 1", "open cabinet 1", "take mug 1 from cabinet 1", "go to sinkbasin 1", "clean mug 1 with sinkbasin 1", "examine mug 1"];
    const a = new AlfworldEngine(tinyGame());
    const b = new AlfworldEngine(tinyGame());
    a.reset();
    b.reset();
    const outA = commands.map((command) => a.step(command));
    const outB = commands.map((command) => b.step(command));
    expect(outA).toEqual(outB);
    const copy = a.clone();
    copy.step("go to desk 1");
    expect(copy.state.agentLocation).not.toBe(a.state.agentLocation);
    expect(a.step("look").observation).toBe("You are facing the sinkbasin 1. Next to it, you see nothing.");
  });
});
