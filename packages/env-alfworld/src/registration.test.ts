import { checkEnvironmentConformance, formatConformanceReport, RemoteEnvironment, serveEnvironment } from "@hiper/core";
import { describe, expect, it } from "vitest";
import { AlfworldEnvironment } from "./environment/alfworld-environment.js";
import { alfworldEnvironmentRegistration as alfworld } from "./registration.js";
import { hasSharedAlfworld, sharedFile } from "./test-support/shared-data.js";

/** Each game's own walkthrough solves it (the kit checks that episodes end). */
const walkthrough = ({ environment, step }: { environment: unknown; step: number }) =>
  (environment as AlfworldEnvironment).currentGame?.load().walkthrough?.[step] ?? "look";

describe("the registered alfworld environment", () => {
  it("passes the conformance kit on generated games (the embedded default)", async () => {
    const report = await checkEnvironmentConformance({ create: () => alfworld.create(), seeds: [0, 1, 2], solve: walkthrough });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
  });

  it.skipIf(!hasSharedAlfworld)("passes the conformance kit on real valid_seen games", async () => {
    const report = await checkEnvironmentConformance({ create: () => alfworld.create({ games: sharedFile("valid_seen.tgz") }), seeds: [0, 70], solve: walkthrough });
    expect(report.passed, formatConformanceReport(report)).toBe(true);
  });

  it("passes the conformance kit through the AgentGym client talking to `hiper env serve`'s server over HTTP", async () => {
    const server = await serveEnvironment({ envId: alfworld.id, create: () => alfworld.create(), ...alfworld.agentGym });
    try {
      const report = await checkEnvironmentConformance({
        create: () => new RemoteEnvironment({ baseUrl: server.url, envId: "alfworld-remote", timeoutMs: 10_000 }),
        seeds: [0, 1],
        timeoutMs: 10_000,
      });
      expect(report.passed, formatConformanceReport(report)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
