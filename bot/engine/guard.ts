import { extractFigures, figureStatedIn } from "../../ingest/figures.js";
import { parseNumber } from "../../ingest/numbers.js";
import type { AnswerFigure } from "./types.js";

/**
 * The numeric guard: a figure never leaves the product unless a cited paragraph states it. Every figure in the
 * answer text, and every figure the answer declares, must be stated in at least one of the cited units' texts.
 */

export interface GuardResult {
  ok: boolean;
  /** Figures as written in the answer that no cited unit states. */
  unsourced: string[];
}

export const GUARD_NOTE =
  "The drafted answer quoted a figure the papers do not state; showing the papers' own words instead.";

function decimalsOf(n: number): number {
  const s = String(n);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function checkFigures(
  answerText: string,
  declared: AnswerFigure[],
  citedTexts: string[],
): GuardResult {
  const unsourced: string[] = [];
  const stated = (f: { amount: number; unit: string; decimals: number; scale: number }) =>
    citedTexts.some((text) => figureStatedIn(f, text));

  for (const f of extractFigures(answerText)) {
    if (!stated({ amount: f.amount, unit: f.unit, decimals: f.decimals, scale: f.scale }))
      unsourced.push(f.raw);
  }
  for (const d of declared) {
    const parsed = parseNumber(d.text);
    const probe =
      parsed !== null && parsed.role === "figure"
        ? { amount: parsed.amount, unit: d.unit, decimals: parsed.decimals, scale: parsed.scale }
        : { amount: d.value, unit: d.unit, decimals: decimalsOf(d.value), scale: 1 };
    if (!stated(probe) && !unsourced.includes(d.text)) unsourced.push(d.text);
  }
  return { ok: unsourced.length === 0, unsourced };
}
