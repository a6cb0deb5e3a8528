import { describe, expect, it } from "vitest";
import { isTransient, RetriesExhaustedError, withRetry } from "../../../bot/engine/retry.js";

const status = (n: number) => Object.assign(new Error(`status ${n}`), { status: n });

describe("isTransient", () => {
  it.each([
    [status(429), true],
    [status(500), true],
    [status(503), true],
    [Object.assign(new Error("Request timed out."), { name: "TimeoutError" }), true],
    [new Error("socket hang up"), true],
    [status(400), false],
    [status(401), false],
    [new Error("invalid JSON in the reply"), false],
  ])("%s -> %s", (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});

describe("withRetry", () => {
  it("retries transient failures with growing delays, then succeeds", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      "test",
      async () => {
        calls++;
        if (calls < 3) throw status(429);
        return "ok";
      },
      { tries: 3, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThanOrEqual(150);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThanOrEqual(300);
  });

  it("gives up after the last try with the cause attached", async () => {
    let calls = 0;
    const run = withRetry(
      "drafting",
      async () => {
        calls++;
        throw status(503);
      },
      { tries: 3, baseDelayMs: 1, sleep: async () => {} },
    );
    await expect(run).rejects.toBeInstanceOf(RetriesExhaustedError);
    await run.catch((e: RetriesExhaustedError) => {
      expect(e.attempts).toBe(3);
      expect(e.message).toMatch(/drafting: gave up after 3 attempt\(s\)/);
      expect((e.cause as { status: number }).status).toBe(503);
    });
    expect(calls).toBe(3);
  });

  it("does not retry a client error", async () => {
    let calls = 0;
    const run = withRetry(
      "drafting",
      async () => {
        calls++;
        throw status(400);
      },
      { tries: 3, baseDelayMs: 1, sleep: async () => {} },
    );
    await expect(run).rejects.toMatchObject({ attempts: 1 });
    expect(calls).toBe(1);
  });
});
