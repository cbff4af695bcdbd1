import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EnvironmentError, EpisodeFinishedError, InvalidInputError } from "../../errors/index.js";
import { CountdownEnvironment } from "../../testing/countdown-environment.js";
import { checkEnvironmentConformance, formatConformanceReport } from "../conformance.js";
import type { Environment } from "../environment.js";
import { RemoteEnvironment } from "./agentgym-client.js";
import { type EnvironmentServer, serveEnvironment } from "./agentgym-server.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serveCountdown(create: () => Environment = () => new CountdownEnvironment()): Promise<EnvironmentServer> {
  const server = await serveEnvironment({ envId: "countdown", create });
  cleanups.push(() => server.close());
  return server;
}

/** What a fake server answers: a status and a raw body, or nothing at all. */
type Answer = { status?: number; body: unknown; raw?: boolean } | "stall";

/** A hand-written server; records every request as `METHOD /path body`. */
async function fakeServer(answer: (path: string, body: Record<string, unknown>) => Answer): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += String(chunk);
    const path = request.url ?? "/";
    requests.push(`${request.method} ${path}${text ? ` ${text}` : ""}`);
    const chosen = answer(path, text ? (JSON.parse(text) as Record<string, unknown>) : {});
    if (chosen === "stall") return;
    response.writeHead(chosen.status ?? 200, { "content-type": "application/json" });
    response.end(chosen.raw ? String(chosen.body) : JSON.stringify(chosen.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** An upstream-like ALFWorld server: no `task`, `truncated` or `info` keys, no /close. */
function upstreamAnswers(path: string): Answer {
  if (path === "/create") return { body: { id: 0 } };
  if (path === "/reset") {
    return {
      body: {
        id: 0,
        observation: "You are in the middle of a room. Looking quickly around you, you see a safe 1.\nYour task is to: put a vase in safe.",
        available_actions: ["go to safe 1", "help"],
        task_type: "pick_and_place_simple-Vase-None-Safe-219/trial_T20190909_020530_531474",
      },
    };
  }
  if (path === "/step") return { body: { observation: "You move the vase 1 to the safe 1.", reward: 1.0, available_actions: ["help"], done: true } };
  return { status: 404, body: { detail: "Not Found" } };
}

/** Runs `run` and returns the EnvironmentError it must throw. */
async function environmentError(run: () => Promise<unknown>): Promise<EnvironmentError> {
  const error = await run().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EnvironmentError);
  return error as EnvironmentError;
}

describe("RemoteEnvironment against serveEnvironment", () => {
  it("passes the conformance kit", async () => {
    const server = await serveCountdown();
    const report = await checkEnvironmentConformance({
      create: () => new RemoteEnvironment({ baseUrl: server.url, envId: "countdown-remote", timeoutMs: 5_000 }),
      timeoutMs: 5_000,
    });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
    expect(report.checks.find((check) => check.name === "step-after-done-throws")?.skipped).toBe(false);
    expect(report.checks.find((check) => check.name === "close")?.detail).toContain("rejects with EnvironmentError");
  });

  it("recovers the task, won, valid and taskType through the protocol's extensions", async () => {
    const server = await serveCountdown();
    const environment = new RemoteEnvironment({ baseUrl: `${server.url}/`, envId: "remote" });
    cleanups.push(() => environment.close());
    const start = await environment.reset({ seed: 0 });
    expect(start).toEqual({
      text: "You stand at the start. 2 to go.\nYour task is to: advance 2 times",
      task: "advance 2 times",
      admissibleActions: ["advance", "wait"],
    });
    expect(environment.serverId).toBe(0);
    expect(environment.taskType).toBe("countdown");
    const invalid = await environment.step("dance");
    expect(invalid).toEqual({
      observation: { text: "Nothing happens.", task: "advance 2 times", admissibleActions: ["advance", "wait"] },
      reward: 0,
      done: false,
      truncated: false,
      info: { won: false, valid: false, taskType: "countdown" },
    });
    await environment.step("advance");
    const won = await environment.step("advance");
    expect(won).toMatchObject({ reward: 1, done: true, info: { won: true, valid: true } });
    await expect(environment.step("advance")).rejects.toBeInstanceOf(EpisodeFinishedError);
    expect((await environment.reset({ taskId: "1" })).text).toContain("3 to go.");
  });

  it("keeps a step-limit end as truncated, not done", async () => {
    const server = await serveCountdown(() => ({
      id: "limit",
      reset: async () => ({ text: "start", task: "wait", admissibleActions: ["wait"] }),
      step: async () => ({ observation: { text: "time is up", task: "wait" }, reward: 0, done: false, truncated: true, info: { won: false } }),
    }));
    const environment = new RemoteEnvironment({ baseUrl: server.url });
    cleanups.push(() => environment.close());
    await environment.reset();
    expect(await environment.step("wait")).toMatchObject({ done: false, truncated: true, info: { won: false } });
    await expect(environment.step("wait")).rejects.toBeInstanceOf(EpisodeFinishedError);
  });

  it("reports an environment that throws on the server as an EnvironmentError with envId and step", async () => {
    const server = await serveCountdown(() => ({
      id: "broken",
      reset: async () => ({ text: "start", task: "t" }),
      step: async () => {
        throw new Error("engine exploded");
      },
    }));
    const environment = new RemoteEnvironment({ baseUrl: server.url, envId: "broken-remote" });
    cleanups.push(() => environment.close());
    await environment.reset();
    const error = await environmentError(() => environment.step("go"));
    expect(error.envId).toBe("broken-remote");
    expect(error.step).toBe(0);
    expect(error.message).toContain("POST /step: Error: engine exploded");
  });
});

describe("RemoteEnvironment against an upstream-like server", () => {
  it("creates once, extracts the task, infers won and ignores the missing /close", async () => {
    const fake = await fakeServer(upstreamAnswers);
    const environment = new RemoteEnvironment({ baseUrl: fake.url });
    const start = await environment.reset({ seed: 12 });
    expect(start.task).toBe("put a vase in safe.");
    expect(start.admissibleActions).toEqual(["go to safe 1", "help"]);
    expect(environment.taskType).toBe("pick_and_place_simple-Vase-None-Safe-219/trial_T20190909_020530_531474");
    const step = await environment.step("move vase 1 to safe 1");
    expect(step).toMatchObject({ reward: 1, done: true, truncated: false, info: { won: true, taskType: environment.taskType } });
    await environment.reset();
    await environment.reset({ taskId: "7" });
    await environment.close();
    await environment.close();
    expect(fake.requests).toEqual([
      "POST /create",
      'POST /reset {"id":0,"game":12,"world_type":"Text"}',
      'POST /step {"id":0,"action":"move vase 1 to safe 1"}',
      'POST /reset {"id":0,"game":0,"world_type":"Text"}',
      'POST /reset {"id":0,"game":7,"world_type":"Text"}',
      'POST /close {"id":0}',
    ]);
    await expect(environment.reset()).rejects.toBeInstanceOf(EnvironmentError);
  });

  it("retries reset up to 3 times while the answer lacks an observation", async () => {
    let resets = 0;
    const fake = await fakeServer((path) => {
      if (path === "/reset") return ++resets < 3 ? { body: { error: "busy" } } : upstreamAnswers(path);
      return upstreamAnswers(path);
    });
    const environment = new RemoteEnvironment({ baseUrl: fake.url });
    expect((await environment.reset()).task).toBe("put a vase in safe.");
    expect(resets).toBe(3);

    const failing = await fakeServer((path) => (path === "/reset" ? { body: { error: "The id 0 is not valid." } } : upstreamAnswers(path)));
    const error = await environmentError(() => new RemoteEnvironment({ baseUrl: failing.url }).reset());
    expect(error.message).toContain("POST /reset of game 0 failed 3 times: The id 0 is not valid.");
    expect(failing.requests.filter((request) => request.startsWith("POST /reset"))).toHaveLength(3);
  });

  it("turns a step answer without observation, a 500, garbage and a non-object into EnvironmentErrors", async () => {
    const cases: Array<[Answer, RegExp]> = [
      [{ body: { error: "The task with environment 0 has finished." } }, /POST \/step: The task with environment 0 has finished\.$/],
      [{ body: { reward: 1, done: true } }, /POST \/step: the answer has no observation/],
      [{ status: 500, body: "Internal Server Error", raw: true }, /POST \/step: HTTP 500 Internal Server Error/],
      [{ body: "<html>oops", raw: true }, /POST \/step: the answer is not JSON: <html>oops/],
      [{ body: "just a string" }, /POST \/step: unexpected answer "just a string"/],
      [{ body: { observation: "ok", available_actions: [1, 2] } }, /POST \/step: unexpected answer/],
    ];
    for (const [answer, message] of cases) {
      const fake = await fakeServer((path) => (path === "/step" ? answer : upstreamAnswers(path)));
      const environment = new RemoteEnvironment({ baseUrl: fake.url, envId: "alfworld-remote" });
      await environment.reset();
      const error = await environmentError(() => environment.step("look"));
      expect(error.message).toMatch(message);
      expect(error.envId).toBe("alfworld-remote");
      expect(error.step).toBe(0);
    }
  });

  it("reports a failed create", async () => {
    const fake = await fakeServer((path) => (path === "/create" ? { status: 404, body: { detail: "Not Found" } } : upstreamAnswers(path)));
    const error = await environmentError(() => new RemoteEnvironment({ baseUrl: fake.url }).reset());
    expect(error.message).toContain('POST /create: HTTP 404 {"detail":"Not Found"}');
    const erroring = await fakeServer((path) => (path === "/create" ? { body: { error: "out of memory" } } : upstreamAnswers(path)));
    expect((await environmentError(() => new RemoteEnvironment({ baseUrl: erroring.url }).reset())).message).toContain("POST /create: out of memory");
  });
});

describe("RemoteEnvironment transport failures", () => {
  it("reports a dead server (connection refused) as an EnvironmentError", async () => {
    const server = await serveEnvironment({ envId: "gone", create: () => new CountdownEnvironment() });
    await server.close();
    const environment = new RemoteEnvironment({ baseUrl: server.url, envId: "gone" });
    const error = await environmentError(() => environment.reset());
    expect(error.envId).toBe("gone");
    expect(error.message).toMatch(/POST \/create: fetch failed \(ECONNREFUSED\)/);
    await environment.close();
  });

  it("reports a server that stalls as an EnvironmentError after timeoutMs", async () => {
    const fake = await fakeServer((path) => (path === "/step" ? "stall" : upstreamAnswers(path)));
    const environment = new RemoteEnvironment({ baseUrl: fake.url, timeoutMs: 150 });
    await environment.reset();
    const started = Date.now();
    const error = await environmentError(() => environment.step("look"));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toContain("POST /step: no answer within 150 ms");
    expect(error.step).toBe(0);
  });

  it("uses the fetch it is given", async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      seen.push(String(input));
      throw new TypeError("network down");
    };
    const error = await environmentError(() => new RemoteEnvironment({ baseUrl: "http://example.invalid:1", fetch }).reset());
    expect(error.message).toContain("POST /create: network down");
    expect(seen).toEqual(["http://example.invalid:1/create"]);
  });
});

describe("RemoteEnvironment options and local checks", () => {
  it("refuses bad options and unmappable task ids", async () => {
    expect(() => new RemoteEnvironment({ baseUrl: "not a url" })).toThrow(InvalidInputError);
    expect(() => new RemoteEnvironment({ baseUrl: "ftp://host" })).toThrow(InvalidInputError);
    expect(() => new RemoteEnvironment({ baseUrl: "http://host", timeoutMs: 0 })).toThrow(InvalidInputError);
    expect(() => new RemoteEnvironment({ baseUrl: "http://host", worldType: "Vision" as "Text" })).toThrow(InvalidInputError);
    const environment = new RemoteEnvironment({ baseUrl: "http://127.0.0.1:1" });
    await expect(environment.reset({ taskId: "valid_seen/some-game" })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(environment.step("look")).rejects.toBeInstanceOf(EpisodeFinishedError);
  });

  it("maps reset options with gameOf", async () => {
    const fake = await fakeServer(upstreamAnswers);
    const environment = new RemoteEnvironment({ baseUrl: fake.url, gameOf: (options) => (options.taskId === "vase" ? 2420 : 0) });
    await environment.reset({ taskId: "vase" });
    expect(fake.requests).toContain('POST /reset {"id":0,"game":2420,"world_type":"Text"}');
  });
});
