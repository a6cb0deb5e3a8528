import { describe, expect, it } from "vitest";
import { readingDate } from "../../../bot/engine/readingDate.js";

describe("readingDate", () => {
  const today = new Date("2026-11-22T10:00:00Z");

  it("is the newest meeting's date when the papers are older than today", () => {
    expect(readingDate(today, "2024-03-05").toISOString().slice(0, 10)).toBe("2024-03-05");
  });

  it("is today when the newest meeting is today or later, or unknown", () => {
    expect(readingDate(today, "2026-12-01")).toBe(today);
    expect(readingDate(today, null)).toBe(today);
    expect(readingDate(today, "not a date")).toBe(today);
  });
});
