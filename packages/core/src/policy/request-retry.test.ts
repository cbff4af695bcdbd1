import { describe, expect, it } from "vitest";
import { backoffDelayMs, readRetryAfterMs } from "./request-retry.js";

describe("retry timing", () => {
  it("backs off with full jitter under an exponential ceiling", () => {
    const options = { initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect(backoffDelayMs(1, options, () => 0.999)).toBeCloseTo(99.9);
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, options, () => 0.5)).toBe(500);
    expect(backoffDelayMs(2, options, () => 0)).toBe(0);
  });

  it("reads Retry-After in milliseconds, seconds or as a date", () => {
    expect(readRetryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(readRetryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const date = readRetryAfterMs(new Headers({ "retry-after": new Date(Date.now() + 5000).toUTCString() }));
    expect(date).toBeGreaterThan(3000);
    expect(date).toBeLessThanOrEqual(5000);
    expect(readRetryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(readRetryAfterMs(new Headers())).toBeUndefined();
  });
});
