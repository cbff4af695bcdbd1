import { afterEach, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/index.js";
import { CountdownEnvironment } from "../../testing/countdown-environment.js";
import type { Environment, Step } from "../environment.js";
import { agentGymResetText, agentGymStepText, extractTask, formatAgentGymObservation } from "./agentgym-protocol.js";
import { type EnvironmentServer, serveEnvironment, type ServeEnvironmentOptions } from "./agentgym-server.js";

const servers: EnvironmentServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Partial<ServeEnvironmentOptions> = {}): Promise<{ server: EnvironmentServer; created: CountdownEnvironment[] }> {
  const created: CountdownEnvironment[] = [];
  const server = await serveEnvironment({
    envId: "countdown",
    create: () => {
      const environment = new CountdownEnvironment();
      created.push(environment);
      return environment;
    },
    ...options,
  });
  servers.push(server);
  return { server, created };
}

/** A raw request; returns the HTTP status and the parsed JSON answer. */
async function call(server: EnvironmentServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, json: await response.json() };
}

const post = async (server: EnvironmentServer, path: string, body?: unknown) => (await call(server, "POST", path, body)).json;
const get = async (server: EnvironmentServer, path: string) => (await call(server, "GET", path)).json;

describe("serveEnvironment: the AgentGym protocol", () => {
  it("greets, creates sequential ids and keeps /detail as upstream", async () => {
    const { server, created } = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await get(server, "/")).toBe("This is environment AlfWorld.");
    expect(await post(server, "/create")).toEqual({ id: 0 });
    expect(await post(server, "/create")).toEqual({ id: 1 });
    expect(created).toHaveLength(2);
    expect(await get(server, "/detail?id=1")).toEqual({ done: false, reward: 0, deleted: false });
    expect(await get(server, "/observation?id=1")).toEqual({ error: "The task with environment 1 has not been reset." });
  });

  it("resets, steps to a win and refuses a finished task until it is reset", async () => {
    const { server } = await serve();
    await post(server, "/create");
    const observation = "You stand at the start. 2 to go.\nYour task is to: advance 2 times";
    expect(await post(server, "/reset", { id: 0, game: 0, world_type: "Text" })).toEqual({
      id: 0,
      observation,
      available_actions: ["advance", "wait"],
      task_type: "countdown",
      task: "advance 2 times",
    });
    expect(await get(server, "/detail?id=0")).toEqual({
      world_type: "Text",
      game: 0,
      observation,
      available_actions: ["advance", "wait"],
      done: false,
      reward: 0,
      deleted: false,
    });
    expect(await post(server, "/step", { id: 0, action: "jump" })).toEqual({
      observation: "Nothing happens.",
      reward: 0,
      available_actions: ["advance", "wait"],
      done: false,
      truncated: false,
      info: { won: false, valid: false, taskType: "countdown" },
    });
    await post(server, "/step", { id: 0, action: "advance" });
    expect(await get(server, "/observation?id=0")).toBe("1 to go.");
    expect(await get(server, "/available_actions?id=0")).toEqual(["advance", "wait"]);
    const won = await post(server, "/step", { id: 0, action: "advance" });
    expect(won).toMatchObject({ observation: "You made it.", reward: 1, done: true, info: { won: true, valid: true } });
    for (const path of ["/detail?id=0", "/observation?id=0", "/available_actions?id=0"]) {
      expect(await get(server, path)).toEqual({ error: "The task with environment 0 has finished." });
    }
    expect(await post(server, "/step", { id: 0, action: "advance" })).toEqual({ error: "The task with environment 0 has finished." });
    expect(await post(server, "/reset", { id: 0, game: 1, world_type: "Text" })).toMatchObject({ observation: expect.stringContaining("3 to go.") });
  });

  it("checks ids in upstream order: unknown, then deleted, then finished", async () => {
    const { server, created } = await serve();
    for (const [method, path, body] of [
      ["POST", "/reset", { id: 7, game: 0, world_type: "Text" }],
      ["POST", "/step", { id: 7, action: "advance" }],
      ["POST", "/close", { id: 7 }],
      ["GET", "/observation?id=7", undefined],
      ["GET", "/available_actions?id=7", undefined],
      ["GET", "/detail?id=7", undefined],
    ] as const) {
      expect((await call(server, method, path, body)).json, `${method} ${path}`).toEqual({ error: "The id 7 is not valid." });
    }
    await post(server, "/create");
    await post(server, "/reset", { id: 0, game: 0, world_type: "Text" });
    await post(server, "/step", { id: 0, action: "advance" });
    await post(server, "/step", { id: 0, action: "advance" });
    expect(await post(server, "/close", { id: 0 })).toEqual({ closed: true }); // closing a finished task is allowed
    expect(created[0]?.closed).toBe(true);
    expect(await post(server, "/step", { id: 0, action: "advance" })).toEqual({ error: "The task with environment 0 has been deleted." });
    expect(await post(server, "/reset", { id: 0, game: 0, world_type: "Text" })).toEqual({ error: "The task with environment 0 has been deleted." });
    expect(await get(server, "/detail?id=0")).toEqual({ error: "The task with environment 0 has been deleted." });
    expect(await post(server, "/close", { id: 0 })).toEqual({ error: "The task with environment 0 has been deleted." });
  });

  it("rejects an unknown world_type before looking at the id, as upstream", async () => {
    const { server } = await serve();
    const message = 'world_type must be one of "Text", "Embody" and "Hybrid"';
    expect(await post(server, "/reset", { id: 99, game: 0, world_type: "text" })).toEqual({ error: message });
    await post(server, "/create");
    expect(await post(server, "/reset", { id: 0, game: 0, world_type: "Vision" })).toEqual({ error: message });
    expect(await post(server, "/reset", { id: 0, game: 0, world_type: "Embody" })).toHaveProperty("observation");
  });

  it("answers malformed, invalid and oversized bodies with an error and keeps serving", async () => {
    const { server } = await serve();
    await post(server, "/create");
    const malformed = await call(server, "POST", "/step", "{not json");
    expect(malformed.status).toBe(200);
    expect(malformed.json).toEqual({ error: expect.stringMatching(/^request body is not valid JSON: /) });
    expect(await post(server, "/step")).toEqual({ error: expect.stringMatching(/^request body is not valid JSON/) });
    expect(await post(server, "/step", { id: "0", action: "advance" })).toEqual({ error: expect.stringMatching(/^invalid request body: id: /) });
    expect(await post(server, "/reset", { id: 0, game: 1.5 })).toEqual({ error: expect.stringMatching(/^invalid request body: game: .*; world_type: /) });
    expect(await post(server, "/step", [1, 2])).toEqual({ error: expect.stringMatching(/^invalid request body: \(root\): /) });
    const huge = JSON.stringify({ id: 0, action: "x".repeat(1024 * 1024) });
    expect(await post(server, "/step", huge)).toEqual({ error: `request body too large: ${huge.length} bytes, the limit is 1048576` });
    expect(await get(server, "/detail?id=abc")).toEqual({ error: 'query parameter id must be an integer, got "abc"' });
    expect(await get(server, "/detail")).toEqual({ error: "query parameter id must be an integer, got none" });
    expect(await call(server, "GET", "/nowhere")).toEqual({ status: 404, json: { error: "no route GET /nowhere" } });
    expect(await call(server, "GET", "/step")).toEqual({ status: 405, json: { error: "method GET is not allowed on /step; use POST" } });
    expect(await get(server, "/")).toBe("This is environment AlfWorld.");
  });

  it("turns a throwing or misbehaving environment into error answers and keeps serving", async () => {
    const errors: string[] = [];
    let mode: "throw" | "garbage" | "ok" = "throw";
    const flaky: Environment = {
      id: "flaky",
      reset: async () => ({ text: "start", task: "t" }),
      step: async () => {
        if (mode === "throw") throw new Error("engine exploded");
        if (mode === "garbage") return { observation: { text: 3 } } as unknown as Step;
        return { observation: { text: "fine", task: "t" }, reward: 0, done: false, info: {} };
      },
    };
    let creates = 0;
    const server = await serveEnvironment({
      envId: "flaky",
      create: () => {
        creates += 1;
        if (creates === 1) throw new Error("no engine available");
        return flaky;
      },
      onError: (error, route) => errors.push(`${route}: ${(error as Error).message}`),
    });
    servers.push(server);
    expect(await post(server, "/create")).toEqual({ error: "Error: no engine available" });
    expect(await post(server, "/create")).toEqual({ id: 0 });
    expect(await post(server, "/reset", { id: 0, game: 0, world_type: "Text" })).toMatchObject({ observation: "start\nYour task is to: t", available_actions: [] });
    expect(await post(server, "/step", { id: 0, action: "go" })).toEqual({ error: "Error: engine exploded" });
    mode = "garbage";
    expect(await post(server, "/step", { id: 0, action: "go" })).toEqual({ error: expect.stringContaining('environment "flaky" returned an invalid step result') });
    mode = "ok";
    expect(await post(server, "/step", { id: 0, action: "go" })).toMatchObject({ observation: "fine", done: false });
    expect(errors).toEqual([
      "POST /create: no engine available",
      "POST /step: engine exploded",
      expect.stringContaining("POST /step: environment \"flaky\" returned an invalid step result"),
    ]);
  });

  it("maps games with gameToReset and names them with taskTypeOf; truncation is AgentGym's done", async () => {
    const truncating: Environment = {
      id: "limit",
      reset: async (options) => ({ text: `game ${options?.taskId}`, task: "wait", admissibleActions: ["wait"] }),
      step: async () => ({ observation: { text: "time is up", task: "wait" }, reward: 0, done: false, truncated: true, info: { won: false } }),
    };
    const server = await serveEnvironment({
      envId: "limit",
      create: () => truncating,
      gameToReset: (game) => ({ taskId: `task-${game}` }),
      taskTypeOf: ({ game, reset }) => `${reset.taskId}/${game}`,
    });
    servers.push(server);
    await post(server, "/create");
    expect(await post(server, "/reset", { id: 0, game: 4, world_type: "Text" })).toMatchObject({ observation: "game task-4\nYour task is to: wait", task_type: "task-4/4" });
    expect(await post(server, "/step", { id: 0, action: "wait" })).toMatchObject({ done: true, truncated: true, info: { won: false } });
    expect(await post(server, "/step", { id: 0, action: "wait" })).toEqual({ error: "The task with environment 0 has finished." });
  });

  it("closes every environment and stops listening", async () => {
    const { server, created } = await serve();
    await post(server, "/create");
    await post(server, "/create");
    await server.close();
    await server.close();
    expect(created.map((environment) => environment.closed)).toEqual([true, true]);
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });

  it("refuses bad options", async () => {
    await expect(serveEnvironment({ envId: "", create: () => new CountdownEnvironment() })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(serveEnvironment({ envId: "x", create: () => new CountdownEnvironment(), port: 70000 })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(serveEnvironment({ envId: "x", create: () => new CountdownEnvironment(), maxBodyBytes: 0 })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("AgentGym text conventions (§11.2)", () => {
  it("drops the banner of the reset intro and joins its paragraphs with one newline", () => {
    const intro = "-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room. Looking quickly around you, you see a safe 1.\n\nYour task is to: put a vase in safe.";
    expect(agentGymResetText({ text: intro, task: "put a vase in safe." })).toBe(
      "You are in the middle of a room. Looking quickly around you, you see a safe 1.\nYour task is to: put a vase in safe.",
    );
    expect(agentGymResetText({ text: "Hello.\n\nWorld.", task: "" })).toBe("Hello.\n\nWorld.");
    expect(agentGymResetText({ text: "", task: "win" })).toBe("Your task is to: win");
  });

  it("strips the old-text arrival prefix of step feedback only", () => {
    expect(agentGymStepText("You arrive at loc 15. On the countertop 1, you see a mug 1.")).toBe("On the countertop 1, you see a mug 1.");
    expect(agentGymStepText("You arrive at countertop 1. On the countertop 1, you see nothing.")).toBe("You arrive at countertop 1. On the countertop 1, you see nothing.");
  });

  it("extracts the task and renders the client view", () => {
    expect(extractTask("You see a safe.\nYour task is to: put a vase in safe. \nmore")).toBe("put a vase in safe.");
    expect(extractTask("no task here")).toBeUndefined();
    expect(formatAgentGymObservation({ text: "You see a safe.", admissibleActions: ["look", "help"] })).toBe("You see a safe.\nAVAILABLE ACTIONS: look,help");
  });
});
