import { describe, expect, it } from "vitest";
import { abortableSleep } from "./abortable-sleep.js";
import { ConcurrencyLimiter } from "./concurrency-limiter.js";

describe("ConcurrencyLimiter", () => {
  it("runs at most `limit` tasks at once, in arrival order", async () => {
    const limiter = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (index: number) => async () => {
      started.push(index);
      running++;
      peak = Math.max(peak, running);
      await abortableSleep(10);
      running--;
      return index;
    };
    const results = await Promise.all([0, 1, 2, 3, 4].map((index) => limiter.run(task(index))));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(limiter.running).toBe(0);
  });

  it("frees the slot when a task throws, and drops a waiter whose signal aborts", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const blocker = limiter.run(() => abortableSleep(30));
    const controller = new AbortController();
    const waiting = limiter.run(async () => "never", controller.signal);
    expect(limiter.queued).toBe(1);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limiter.queued).toBe(0);
    await blocker;
    expect(await limiter.run(async () => "next")).toBe("next");
  });
});
