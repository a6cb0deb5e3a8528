import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Config } from "../../ingest/config.js";
import { extractFigures } from "../../ingest/figures.js";
import type { Logger } from "../../ingest/logger.js";
import { numbersMatch, TIME_UNIT_AFTER } from "../../ingest/numbers.js";
import { parseQueryPeriods } from "../../ingest/periods.js";
import type { IndexStore } from "../../ingest/store/index.js";
import { tokenize } from "../../ingest/tokenize.js";
import type { Figure, Unit } from "../../ingest/types.js";
import { findConflict, formatDate } from "./conflicts.js";
import { type Pick, pickAnswers, quoteText, SPECIFIC_SHARE } from "./extractive.js";
import { FIGURE_WEIGHTS, type FigureWeights } from "./figureScore.js";
import { standaloneQuestion } from "./followup.js";
import { citationOf } from "./format.js";
import { checkFigures, GUARD_NOTE } from "./guard.js";
import { looksMeaningless, screenQuestion } from "./input.js";
import {
  createChatModel,
  DEFAULT_PROMPTS_DIR,
  draftAnswer,
  LlmAnswerRejected,
  loadPrompts,
  type Passage,
  type Prompts,
} from "./llm.js";
import { conceptWeight, prepareIndex } from "./prepare.js";
import { kindOfFigure } from "./profile.js";
import { type QueryInfo, understandQuestion } from "./query.js";
import { readingDate } from "./readingDate.js";
import { fitOf, type Ranked, type RerankWeights } from "./rerank.js";
import { type RetrievalMode, rankUnits } from "./retrieve.js";
import { describeError, RetriesExhaustedError, type RetryOptions } from "./retry.js";
import {
  type Answer,
  type AnswerFigure,
  AnswerSchema,
  type AskOptions,
  type Citation,
  type Engine,
} from "./types.js";

export { formatAnswer } from "./format.js";
export { MAX_QUESTION_CHARS } from "./input.js";
export type { RetrievalMode } from "./retrieve.js";
export type { Answer, AnswerFigure, AskOptions, Citation, Engine, Turn } from "./types.js";

export interface EngineDeps {
  store: IndexStore;
  config: Config;
  logger?: Logger;
  /** A chat model for drafted answers; built from `config.openai` when absent. None: extractive answers only. */
  chatModel?: BaseChatModel;
  now?: () => Date;
  /** For ablations in the eval: which searches feed the fusion, and whether the rerank runs. */
  retrieval?: RetrievalMode;
  rerank?: boolean;
  rerankWeights?: RerankWeights;
  /** How candidate figures are scored; FIGURE_WEIGHTS when absent (training tries others). */
  figureWeights?: FigureWeights;
  promptsDir?: string;
  retry?: Partial<Omit<RetryOptions, "onRetry">>;
  /** Sees each question's reading and candidate picks, best first (tuning and tests). */
  debug?: (query: QueryInfo, picks: Pick[]) => void;
}

export interface RetrievedUnit {
  unit: Unit;
  score: number;
}

/** The engine plus a retrieval-only call, for the eval's recall and MRR. */
export interface ScrutinyEngine extends Engine {
  retrieve(question: string, options?: { k?: number; collections?: string[] }): Promise<RetrievedUnit[]>;
}

const DEFAULT_COLLECTIONS = ["public"];
/** Passages sent to the chat model. */
const LLM_PASSAGES = 6;
const SUGGESTIONS = 3;

export const NOT_FOUND = "I could not find this in the papers.";

function figuresOf(pick: Pick): AnswerFigure[] {
  return [pick.figure, pick.second]
    .flatMap((info) => (info ? [info.figure] : []))
    .map((f) => ({ value: f.amount, unit: f.unit, text: f.raw.trim() }));
}

/**
 * The figure as the headline prints it: a bare "42" reads as a count, so a duration carries the word the paper
 * prints after it. Only that word: the unit of a table column is not added, so the headline never says more
 * than its quote.
 */
export function headlineFigure(figure: Figure, text: string): string {
  const raw = figure.raw.trim();
  if (kindOfFigure(figure) !== "duration" || /[a-z]/i.test(raw)) return raw;
  // The number parser's own reading of the unit after a number, spaced as a word ("42 weeks", not "ten-week").
  const word = TIME_UNIT_AFTER.exec(text.slice(figure.end))?.[0];
  return word && /^\s?[a-z]/i.test(word) ? `${raw} ${word.trim()}` : raw;
}

function refusal(question: string, notes: string[], suggestions: Citation[], mode: Answer["mode"]): Answer {
  return {
    question,
    answer: NOT_FOUND,
    answered: false,
    mode,
    citations: [],
    figures: [],
    notes,
    suggestions,
  };
}

/** Share of the question a unit must cover to back an answer up by stating its figure too. */
const BACKING_COVERAGE = 0.4;

/**
 * Another candidate that states the answer's figure for the question's subject: an answering pick whose figure is
 * the same, else the report's paragraph that prints the dashboard's value ("...was 69.1% (of 7,746 children)").
 * Small counts are left out: a "2" in another paragraph is a coincidence, not a second source.
 */
function backingPick(q: QueryInfo, best: Pick, picks: Pick[], citations: Citation[]): Pick | undefined {
  const f = best.figure?.figure;
  if (!f) return undefined;
  const fresh = (p: Pick) =>
    p !== best &&
    p.ranked.profile.unit.id !== best.ranked.profile.unit.id &&
    !citations.some((c) => c.id === p.ranked.profile.unit.id);
  const same = picks.find(
    (p) =>
      fresh(p) &&
      p.answers &&
      p.figure &&
      p.figure.figure.unit === f.unit &&
      numbersMatch(p.figure.figure, f),
  );
  if (same) return same;
  const distinctive = f.unit === "percent" || f.unit === "gbp" || f.decimals > 0 || f.amount >= 100;
  if (!distinctive) return undefined;
  return picks.find(
    (p) =>
      fresh(p) &&
      p.unitCoverage >= BACKING_COVERAGE &&
      p.fit !== "conflict" &&
      p.ranked.profile.figures.some(
        (g) =>
          g.figure.unit === f.unit &&
          numbersMatch(g.figure, f) &&
          g.role === best.figure?.role &&
          (g.period === null || fitOf(q.periods, [g.period]) !== "conflict"),
      ),
  );
}

export function createEngine(deps: EngineDeps): ScrutinyEngine {
  const { store, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const mode = deps.retrieval ?? "hybrid";
  const useRerank = deps.rerank ?? true;
  const retry: RetryOptions = { tries: 3, baseDelayMs: 300, ...deps.retry };
  const chatModel = deps.chatModel ?? (config.openai ? createChatModel(config.openai, 0) : undefined);
  const prompts: Prompts | null = chatModel ? loadPrompts(deps.promptsDir ?? DEFAULT_PROMPTS_DIR) : null;
  const prep = prepareIndex(store, now());
  const weight = conceptWeight(prep);
  const known = (word: string) => tokenize(word).some((t) => prep.vocabulary.has(t));

  /** The question read, with a note when its "last year" is read from the newest papers' date, not today's. */
  function read(question: string): { q: QueryInfo; note: string | null } {
    const today = now();
    const newest = prep.dateRange?.max ?? null;
    const asOf = readingDate(today, newest);
    const q = understandQuestion(question, prep.aliases, asOf);
    if (asOf === today || newest === null) return { q, note: null };
    // Only the relative periods can differ: the period scan alone tells which, without reading the question twice.
    const todays = new Set(parseQueryPeriods(question, today).map((p) => p.label));
    const relative = new Set(
      parseQueryPeriods(question, asOf)
        .filter((p) => !todays.has(p.label))
        .map((p) => p.label),
    );
    const moved = q.periods.filter((p) => relative.has(p.label));
    if (moved.length === 0) return { q, note: null };
    const readings = moved.map((p) => `“${p.raw.trim()}” as ${p.label}`).join(", ");
    return { q, note: `Read ${readings}: the newest papers I hold are from ${formatDate(newest)}.` };
  }

  const rank = (q: QueryInfo, collections: string[]) =>
    rankUnits(store, prep, q, collections, {
      mode,
      rerank: useRerank,
      weight,
      ...(deps.rerankWeights ? { weights: deps.rerankWeights } : {}),
    });

  function extractiveAnswer(question: string, q: QueryInfo, picks: Pick[], notes: string[]): Answer {
    const suggestions = picks
      .slice(0, SUGGESTIONS)
      .map((p) => citationOf(p.ranked.profile.unit, p.ranked.score));
    const best = picks[0];
    if (!best?.answers) {
      const near = picks.find((p) => p.reason === "states a different period" && p.unitCoverage >= 0.85);
      const asked = q.periods.map((p) => p.label).join(", ");
      if (near && asked) {
        notes.push(`The papers state this measure for other periods, not for ${asked}.`);
      }
      return refusal(question, notes, suggestions, "extractive");
    }
    const citations: Citation[] = [citationOf(best.ranked.profile.unit, best.ranked.score)];
    const figures = figuresOf(best);
    const conflict = findConflict(best, picks.slice(1));
    if (conflict) {
      notes.push(conflict.note);
      citations.push(citationOf(conflict.other.ranked.profile.unit, conflict.other.ranked.score));
    }
    // A second paper or row stating the same figure backs the answer up.
    const backing = best.figure ? backingPick(q, best, picks, citations) : undefined;
    if (backing && citations.length < 3)
      citations.push(citationOf(backing.ranked.profile.unit, backing.ranked.score));
    const quote = quoteText(best);
    const text = best.ranked.profile.unit.text;
    const printed = [best.figure, best.second].flatMap((info) =>
      info ? [headlineFigure(info.figure, text)] : [],
    );
    const headline = printed[0]
      ? `${printed[0]}${best.detail ? ` (${best.detail})` : ""}${printed[1] ? ` and ${printed[1]}` : ""}. `
      : "";
    return {
      question,
      answer: `${headline}“${quote}”`,
      answered: true,
      mode: "extractive",
      citations,
      figures,
      notes,
      suggestions: [],
    };
  }

  async function llmAnswer(
    question: string,
    picks: Pick[],
    ranked: Ranked[],
    fallback: Answer,
    notes: string[],
  ): Promise<Answer> {
    if (!chatModel || !prompts) return fallback;
    const units: Unit[] = [];
    const best = picks[0];
    if (best?.answers) units.push(best.ranked.profile.unit);
    for (const r of ranked) {
      if (units.length >= LLM_PASSAGES) break;
      if (!units.some((u) => u.id === r.profile.unit.id)) units.push(r.profile.unit);
    }
    const passages: Passage[] = units.map((unit, i) => ({ label: `P${i + 1}`, unit }));
    const withNote = (note: string): Answer => ({ ...fallback, notes: [...fallback.notes, note] });
    let draft: Awaited<ReturnType<typeof draftAnswer>>;
    try {
      draft = await draftAnswer({
        model: chatModel,
        method: config.openai?.structuredMethod,
        prompts,
        question,
        passages,
        retry: {
          ...retry,
          onRetry: (attempt, error, delayMs) =>
            logger?.warn(
              { attempt, delayMs, error: describeError(error) },
              "engine: retrying the chat model",
            ),
        },
      });
    } catch (error) {
      if (error instanceof RetriesExhaustedError) {
        logger?.warn(
          { error: describeError(error.cause) },
          "engine: chat model unavailable, extractive answer",
        );
        return withNote(
          `The drafting service could not be reached (gave up after ${error.attempts} attempt(s)); showing the papers' own words instead.`,
        );
      }
      if (error instanceof LlmAnswerRejected) {
        logger?.warn({ error: error.message }, "engine: drafted answer rejected");
        return withNote(
          "The drafted answer was not usable (it cited passages I had not given it); showing the papers' own words instead.",
        );
      }
      throw error;
    }
    if (!draft.answered) {
      return refusal(
        question,
        notes,
        fallback.suggestions.length > 0 ? fallback.suggestions : suggestionsOf(ranked),
        "llm",
      );
    }
    const citedTexts = draft.citations.map((p) => p.unit.text);
    const guard = checkFigures(draft.answer, draft.figures, citedTexts);
    if (!guard.ok) {
      logger?.warn({ unsourced: guard.unsourced }, "engine: drafted answer failed the numeric guard");
      return withNote(GUARD_NOTE);
    }
    const figures =
      draft.figures.length > 0
        ? draft.figures
        : extractFigures(draft.answer).map((f) => ({ value: f.amount, unit: f.unit, text: f.raw.trim() }));
    const scoreOf = (id: string) => ranked.find((r) => r.profile.unit.id === id)?.score ?? 0;
    return {
      question,
      answer: draft.answer,
      answered: true,
      mode: "llm",
      citations: draft.citations.slice(0, 3).map((p) => citationOf(p.unit, scoreOf(p.unit.id))),
      figures,
      notes,
      suggestions: [],
    };
  }

  function suggestionsOf(ranked: Ranked[]): Citation[] {
    return ranked.slice(0, SUGGESTIONS).map((r) => citationOf(r.profile.unit, r.score));
  }

  async function ask(rawQuestion: string, options: AskOptions = {}): Promise<Answer> {
    const started = Date.now();
    const collections = options.collections ?? DEFAULT_COLLECTIONS;
    const screened = screenQuestion(rawQuestion);
    if (!screened.ok) {
      return { ...refusal(screened.question, screened.notes, [], "extractive"), answer: screened.message };
    }
    const notes = [...screened.notes];
    const question = standaloneQuestion(screened.question, options.history, now());
    if (question !== screened.question) notes.push(`Read as: “${question}”`);
    if (looksMeaningless(question, known)) {
      return {
        ...refusal(screened.question, notes, [], "extractive"),
        answer:
          "I could not make out a question about the papers there. Try asking about a figure, a service or a report, for example: How many children were electively home educated at the end of Q3 2023/24?",
      };
    }
    const { q, note } = read(question);
    if (note) notes.push(note);
    const ranked = await rank(q, collections);
    const picks = pickAnswers(q, ranked, {
      weight,
      aliases: prep.aliases,
      specific: SPECIFIC_SHARE * prep.maxIdf,
      figureWeights: deps.figureWeights ?? FIGURE_WEIGHTS,
    });
    deps.debug?.(q, picks);
    const extractive = extractiveAnswer(screened.question, q, picks, notes);
    // The extractive answer quotes the papers, but the guard runs on it too: nothing unchecked leaves.
    if (extractive.answered) {
      const guard = checkFigures(
        extractive.answer,
        extractive.figures,
        extractive.citations.map((c) => c.text),
      );
      if (!guard.ok) {
        logger?.error({ unsourced: guard.unsourced }, "engine: extractive answer failed the numeric guard");
        return refusal(screened.question, notes, suggestionsOf(ranked), "extractive");
      }
    }
    const answer = chatModel
      ? await llmAnswer(screened.question, picks, ranked, extractive, [...notes])
      : extractive;
    logger?.debug(
      {
        ms: Date.now() - started,
        answered: answer.answered,
        mode: answer.mode,
        citations: answer.citations.length,
      },
      "engine: answered",
    );
    return AnswerSchema.parse(answer);
  }

  async function retrieve(
    question: string,
    options: { k?: number; collections?: string[] } = {},
  ): Promise<RetrievedUnit[]> {
    const screened = screenQuestion(question);
    if (!screened.ok) return [];
    const { q } = read(screened.question);
    const ranked = await rank(q, options.collections ?? DEFAULT_COLLECTIONS);
    return ranked.slice(0, options.k ?? 10).map((r) => ({ unit: r.profile.unit, score: r.score }));
  }

  return { ask, retrieve };
}
