import { describe, expect, it } from "vitest";
import { createRecentKeys } from "../../../bot/slack/dedupe.js";

describe("createRecentKeys", () => {
  it("reports a key seen within the TTL, and forgets it after", () => {
    let t = 1_000;
    const keys = createRecentKeys({ ttlMs: 100, now: () => t });
    expect(keys.seen("event:Ev1")).toBe(false);
    expect(keys.seen("event:Ev1")).toBe(true);
    t += 99;
    expect(keys.has("event:Ev1")).toBe(true);
    t += 2;
    expect(keys.has("event:Ev1")).toBe(false);
    expect(keys.seen("event:Ev1")).toBe(false);
  });

  it("keeps at most `max` keys, dropping the oldest", () => {
    const keys = createRecentKeys({ max: 3, now: () => 0 });
    for (const k of ["a", "b", "c", "d"]) keys.add(k);
    expect(keys.size).toBe(3);
    expect(keys.has("a")).toBe(false);
    expect(keys.has("d")).toBe(true);
  });

  it("prunes expired keys as it goes, so memory stays bounded without timers", () => {
    let t = 0;
    const keys = createRecentKeys({ ttlMs: 10, now: () => t });
    for (let i = 0; i < 1000; i++) {
      keys.add(`k${i}`);
      t += 1;
    }
    expect(keys.size).toBeLessThanOrEqual(11);
  });
});
