import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkEnvironmentConformance, EnvironmentError, EpisodeFinishedError, formatConformanceReport, parsePlanExecute } from "@hiper/core";
import { afterEach, describe, expect, it } from "vitest";
import { WebshopEnvironment } from "../environment/webshop-environment.js";
import { WebshopExpertPolicy } from "../experts/expert-policy.js";
import { embeddedWorld } from "../test-support/embedded-world.js";
import { RemoteWebshopEnvironment } from "./remote-webshop-environment.js";
import { serveWebshop, type WebshopServer } from "./serve-webshop.js";
import type { WebshopServable } from "./webshop-protocol.js";

const world = embeddedWorld();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serve(create: () => WebshopServable = () => new WebshopEnvironment({ world })): Promise<WebshopServer> {
  const server = await serveWebshop({ create });
  cleanups.push(() => server.close());
  return server;
}

async function call(server: { url: string }, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: JSON.parse(await response.text()) };
}

/** A hand-written server answering every request with `answer`; records the requests. */
async function fakeServer(answer: (method: string, path: string, body: string) => { status?: number; body: unknown }): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += String(chunk);
    requests.push(`${request.method} ${request.url}`);
    const chosen = answer(request.method ?? "", request.url ?? "", text);
    response.writeHead(chosen.status ?? 200, { "content-type": "application/json" });
    response.end(JSON.stringify(chosen.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe("serveWebshop + RemoteWebshopEnvironment over HTTP", () => {
  it("the client passes the conformance kit against the server", async () => {
    const server = await serve();
    const experts = new Map<object, { expert: WebshopExpertPolicy; subgoal: string }>();
    const report = await checkEnvironmentConformance({
      create: () => new RemoteWebshopEnvironment({ baseUrl: server.url }),
      seeds: [0, 1],
      taskIds: ["42"],
      maxSteps: 15,
      solve: async ({ environment, observation, step }) => {
        if (step === 0) experts.set(environment, { expert: new WebshopExpertPolicy(), subgoal: "None" });
        const state = experts.get(environment) as { expert: WebshopExpertPolicy; subgoal: string };
        const output = await state.expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: state.subgoal });
        const parsed = parsePlanExecute(output.text, { style: "webshop" });
        state.subgoal = parsed.subgoal;
        return parsed.action;
      },
    });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
    expect(report.checks.filter((check) => check.skipped)).toEqual([]);
  });

  it("plays the same episode remotely as locally", async () => {
    const server = await serve();
    const local = new WebshopEnvironment({ world });
    const remote = new RemoteWebshopEnvironment({ baseUrl: server.url });
    expect(await remote.reset({ taskId: "7" })).toEqual(await local.reset({ taskId: "7" }));
    for (const action of ["search[easy clean]", "click[next >]", "click[nothing]", "click[< prev]"]) {
      const [a, b] = [await local.step(action), await remote.step(action)];
      expect(b.observation).toEqual(a.observation);
      expect([b.reward, b.done, b.truncated, b.info.valid, b.info.won, b.info.taskType]).toEqual([a.reward, a.done, a.truncated, a.info.valid, a.info.won, a.info.taskType]);
    }
    expect(await remote.pageState()).toEqual(await local.pageState());
    expect(await remote.instructionText()).toBe(await local.instructionText());
  });

  it("answers every route in upstream's shapes", async () => {
    const server = await serve();
    expect(await call(server, "GET", "/")).toEqual({ status: 200, json: "ok" });
    expect(await call(server, "POST", "/create")).toEqual({ status: 200, json: 0 });
    expect(await call(server, "POST", "/create")).toEqual({ status: 200, json: 1 });
    expect(await call(server, "GET", "/list_envs")).toEqual({ status: 200, json: [0, 1] });
    const reset = await call(server, "POST", "/reset", { env_idx: 0, session_id: 3 });
    expect(reset.json).toEqual([`WebShop [SEP] Instruction: [SEP] ${world.goals[3]?.instruction_text} [SEP] Search`, null]);
    expect((await call(server, "POST", "/reset", { env_idx: 1, session_id: null })).status).toBe(200);
    expect(await call(server, "GET", "/available_actions?env_idx=0")).toEqual({ status: 200, json: { has_search_bar: true, clickables: ["search"] } });
    expect(await call(server, "GET", "/instruction_text?env_idx=0")).toEqual({ status: 200, json: `Instruction: ${world.goals[3]?.instruction_text}` });
    expect(await call(server, "GET", "/observation?env_idx=0")).toEqual({ status: 200, json: (reset.json as string[])[0] });
    expect((await call(server, "GET", "/state?env_idx=0")).json).toEqual({ url: "http://127.0.0.1:3000/fixed_3", html: "", instruction_text: `Instruction: ${world.goals[3]?.instruction_text}` });
    const step = await call(server, "POST", "/step", { env_idx: 0, action: "click[search]" });
    expect(step).toMatchObject({ status: 200, json: { state: (reset.json as string[])[0], reward: 0, done: false, info: { valid: false, won: false, truncated: false } } });
    expect(await call(server, "POST", "/close", { env_idx: 1 })).toEqual({ status: 200, json: { closed: true } });
    expect(await call(server, "POST", "/close", { env_idx: 1 })).toEqual({ status: 200, json: { closed: false } });
    expect(await call(server, "GET", "/list_envs")).toEqual({ status: 200, json: [0] });
  });

  it("reports the purchase with the raw reward whatever the reward mode, then answers 409", async () => {
    const server = await serve(() => new WebshopEnvironment({ world, rewardMode: "won", winReward: 10 }));
    const client = new RemoteWebshopEnvironment({ baseUrl: server.url });
    let observation = await client.reset({ seed: 0 });
    const expert = new WebshopExpertPolicy();
    let subgoal = "None";
    let last;
    for (let step = 0; step < 15; step += 1) {
      const parsed = parsePlanExecute((await expert.act({ envId: "webshop", promptStyle: "webshop", task: observation.task, observation, step, history: [], currentSubgoal: subgoal })).text, { style: "webshop" });
      subgoal = parsed.subgoal;
      last = await client.step(parsed.action);
      if (last.done) break;
      observation = last.observation;
    }
    expect(last).toMatchObject({ done: true, truncated: false, info: { won: true, score: 1 }, reward: 1 });
    await expect(client.step("search[x]")).rejects.toBeInstanceOf(EpisodeFinishedError);
    const id = client.serverId as number;
    expect(await call(server, "POST", "/step", { env_idx: id, action: "search[x]" })).toEqual({ status: 409, json: { error: `the episode of environment ${id} is over; reset it first` } });
    expect(await call(server, "GET", `/instruction_text?env_idx=${id}`)).toMatchObject({ status: 409 });
  });

  it("reports the step limit as done with info.truncated; the client turns it into truncated", async () => {
    const server = await serve(() => new WebshopEnvironment({ world, maxSteps: 2 }));
    const client = new RemoteWebshopEnvironment({ baseUrl: server.url });
    await client.reset({ seed: 1 });
    await client.step("search[a]");
    const last = await client.step("click[next >]");
    expect([last.done, last.truncated, last.reward, last.observation.admissibleActions]).toEqual([false, true, 0, []]);
  });

  it("answers bad requests with FastAPI-like 422/404/405 and unknown ids with 404, and keeps serving", async () => {
    const server = await serve();
    await call(server, "POST", "/create");
    expect(await call(server, "POST", "/step", "{not json")).toMatchObject({ status: 422, json: { detail: [{ loc: ["body"] }] } });
    expect(await call(server, "POST", "/step", { env_idx: "0", action: "x" })).toMatchObject({ status: 422, json: { detail: [{ loc: ["body", "env_idx"] }] } });
    expect(await call(server, "POST", "/reset", { env_idx: 0, session_id: 1.5 })).toMatchObject({ status: 422 });
    expect(await call(server, "GET", "/observation?env_idx=x")).toMatchObject({ status: 422, json: { detail: [{ loc: ["query", "env_idx"] }] } });
    expect(await call(server, "POST", "/step", { env_idx: 9, action: "x" })).toEqual({ status: 404, json: { error: "no environment with env_idx 9" } });
    expect(await call(server, "GET", "/observation?env_idx=9")).toEqual({ status: 404, json: { error: "no environment with env_idx 9" } });
    expect(await call(server, "POST", "/step", { env_idx: 0, action: "x" })).toEqual({ status: 409, json: { error: "environment 0 has not been reset" } });
    expect(await call(server, "POST", "/reset", { env_idx: 0, session_id: 999999 })).toMatchObject({ status: 500, json: { error: expect.stringMatching(/not a goal index/) } });
    expect(await call(server, "GET", "/nowhere")).toEqual({ status: 404, json: { detail: "Not Found" } });
    expect(await call(server, "GET", "/step")).toEqual({ status: 405, json: { detail: "Method Not Allowed" } });
    expect(await call(server, "POST", "/reset", { env_idx: 0, session_id: 0 })).toMatchObject({ status: 200 });
  });

  it("can front another WebShop server: serveWebshop over a RemoteWebshopEnvironment", async () => {
    const inner = await serve();
    const outer = await serve(() => new RemoteWebshopEnvironment({ baseUrl: inner.url }));
    const client = new RemoteWebshopEnvironment({ baseUrl: outer.url });
    const local = new WebshopEnvironment({ world });
    expect(await client.reset({ taskId: "5" })).toEqual(await local.reset({ taskId: "5" }));
    expect((await client.step("search[shoes]")).observation).toEqual((await local.step("search[shoes]")).observation);
  });
});

describe("RemoteWebshopEnvironment against other servers", () => {
  const page = "WebShop [SEP] Instruction: [SEP] i need shoes, and price lower than 50.00 dollars [SEP] Search";

  it("speaks to an upstream-like server (info null): won and score from the reward; retries POSTs answered 503", async () => {
    let unavailable = 2;
    const server = await fakeServer((method, path) => {
      if (method === "POST" && unavailable > 0) {
        unavailable -= 1;
        return { status: 503, body: { detail: "busy" } };
      }
      if (path === "/create") return { body: 48950076 };
      if (path === "/reset") return { body: [page, null] };
      if (path.startsWith("/observation")) return { body: page };
      if (path.startsWith("/available_actions")) return { body: { has_search_bar: true, clickables: ["search"] } };
      if (path === "/step") return { body: { state: "Thank you for shopping with us! [SEP] …", reward: 1.0, done: true, info: null } };
      return { status: 404, body: { detail: "Not Found" } };
    });
    const client = new RemoteWebshopEnvironment({ baseUrl: server.url });
    expect(await client.reset({ taskId: "fixed_12" })).toEqual({ text: page, task: "i need shoes, and price lower than 50.00 dollars", admissibleActions: ["search[<your query>]"] });
    expect(client.serverId).toBe(48950076);
    const step = await client.step("click[buy now]");
    expect(step).toMatchObject({ reward: 1, done: true, truncated: false, info: { won: true, score: 1 } });
    expect(server.requests.slice(0, 3)).toEqual(["POST /create", "POST /create", "POST /create"]);
  });

  it("turns dead servers, error statuses and malformed answers into EnvironmentErrors", async () => {
    const dead = new RemoteWebshopEnvironment({ baseUrl: "http://127.0.0.1:9", timeoutMs: 2000 });
    await expect(dead.reset()).rejects.toBeInstanceOf(EnvironmentError);
    const failing = await fakeServer((_method, path) => (path === "/create" ? { body: 0 } : { status: 500, body: { detail: "boom" } }));
    await expect(new RemoteWebshopEnvironment({ baseUrl: failing.url }).reset()).rejects.toThrow(/HTTP 500/);
    const odd = await fakeServer((_method, path) => (path === "/create" ? { body: "zero" } : { body: null }));
    await expect(new RemoteWebshopEnvironment({ baseUrl: odd.url }).reset()).rejects.toThrow(/expected an integer id/);
    expect(() => new RemoteWebshopEnvironment({ baseUrl: "ftp://x" })).toThrow(/http or https/);
    await expect(new RemoteWebshopEnvironment({ baseUrl: failing.url }).reset({ taskId: "shoes" })).rejects.toThrow(/not a goal index/);
  });
});
