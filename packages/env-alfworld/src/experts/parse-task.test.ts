import { describe, expect, it } from "vitest";
import { GOAL_TEMPLATES, taskText } from "../generator/task-text.js";
import { TASK_TYPES } from "../model/task-type.js";
import { parseTask } from "./parse-task.js";

describe("parseTask", () => {
  it("reads both templates of every task type", () => {
    for (const type of TASK_TYPES) {
      for (const template of [0, 1] as const) {
        const receptacle = type === "look_at_obj_in_light" ? "desklamp" : "countertop";
        expect(parseTask(taskText(type, template, "soapbottle", receptacle))).toEqual({ type, objectClass: "soapbottle", receptacleClass: receptacle });
      }
    }
    expect(Object.keys(GOAL_TEMPLATES)).toHaveLength(6);
  });

  it("accepts the task line prefix and the genuine artefacts, and rejects other text", () => {
    expect(parseTask("Your task is to: put a toiletpaper in toiletpaperhanger.")).toEqual({
      type: "pick_and_place_simple",
      objectClass: "toiletpaper",
      receptacleClass: "toiletpaperhanger",
    });
    expect(parseTask("put a clean lettuce in diningtable.")?.type).toBe("pick_clean_then_place_in_recep");
    expect(parseTask("examine the alarmclock with the desklamp.")?.type).toBe("look_at_obj_in_light");
    expect(parseTask("find two cd and put them in safe.")).toEqual({ type: "pick_two_obj_and_place", objectClass: "cd", receptacleClass: "safe" });
    expect(parseTask("make me a sandwich")).toBeUndefined();
  });
});
