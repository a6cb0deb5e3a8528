import type { Pick } from "../../bot/engine/extractive.js";
import { FIGURE_FEATURES } from "../../bot/engine/figureScore.js";
import { citationOf } from "../../bot/engine/format.js";
import type { Answer } from "../../bot/engine/types.js";
import type { GoldCase } from "../gold.js";
import { type ScoreContext, scoreCase, toScoringCase } from "../score.js";
import type { Candidate, Group } from "./fit.js";

/**
 * The training data: for each figure question of the gold, every candidate figure of the units the engine
 * examined, with its features and whether citing it would pass the eval (the figure check and the evidence
 * check, by the eval's own scorer, so training and eval agree on "right").
 */

/** Asks one question and hands back the engine's scored picks (the engine's `debug` hook). */
export type PicksOf = (question: string) => Promise<Pick[]>;

export interface CollectOptions {
  corpusFiles: readonly string[];
  /** Gold set name of each case (its file): the unit of cross-validation. */
  setOf: (gold: GoldCase) => string;
  onProgress?: (done: number, total: number) => void;
}

function candidateAnswer(question: string, pick: Pick, raw: string, amount: number, unit: string): Answer {
  return {
    question,
    answer: `${raw}.`,
    answered: true,
    mode: "extractive",
    citations: [citationOf(pick.ranked.profile.unit, pick.ranked.score)],
    figures: [{ value: amount, unit, text: raw }],
    notes: [],
    suggestions: [],
  };
}

export async function collectGroups(
  cases: readonly GoldCase[],
  picksOf: PicksOf,
  ctx: ScoreContext,
  options: CollectOptions,
): Promise<Group[]> {
  const figureCases = cases.filter((c) => c.kind === "figure");
  const groups: Group[] = [];
  for (const [i, gold] of figureCases.entries()) {
    const scoring = toScoringCase(gold, options.corpusFiles);
    const picks = await picksOf(gold.question);
    const candidates: Candidate[] = [];
    for (const pick of picks) {
      for (const c of pick.candidates) {
        const f = c.f.figure;
        const score = scoreCase(
          scoring,
          candidateAnswer(gold.question, pick, f.raw.trim(), f.amount, f.unit),
          [],
          ctx,
        );
        candidates.push({
          features: c.features ? FIGURE_FEATURES.map((name) => c.features?.[name] ?? 0) : [],
          right: score.citations[0]?.evidence === true && score.checks.figure === true,
          veto: c.veto,
        });
      }
    }
    groups.push({ id: gold.id, set: options.setOf(gold), candidates });
    options.onProgress?.(i + 1, figureCases.length);
  }
  return groups;
}
