import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Config } from "../../ingest/config.js";
import type { Logger } from "../../ingest/logger.js";
import { formatLongDate } from "../../ingest/periods.js";
import type { IndexStore } from "../../ingest/store/index.js";
import type { GlossaryEntry, Unit } from "../../ingest/types.js";
import { citationOf } from "../engine/format.js";
import { checkFigures } from "../engine/guard.js";
import { createChatModel } from "../engine/llm.js";
import { buildAliases } from "../engine/query.js";
import { describeError, type RetryOptions } from "../engine/retry.js";
import {
  type ComposeContext,
  type ComposedQuestion,
  composeMinimal,
  composeQuestion,
  dedupeQuestions,
} from "./compose.js";
import { buildMatcher, findPastMinutes, minuteUnits, previouslyAsked } from "./history.js";
import { buildLibrary, type Library } from "./library.js";
import {
  draftWithModel,
  type FactGroup,
  type LlmQuestions,
  labelGroups,
  loadQuestionPrompts,
  type QuestionPrompts,
} from "./llm.js";
import { detectSignals, type Signal } from "./signals.js";
import { resolveTopic } from "./topic.js";
import type { DraftOptions, DraftQuestion, DraftResult, QuestionDrafter } from "./types.js";

export { formatDraftsForTerminal } from "./format.js";
export type { DraftOptions, DraftQuestion, DraftResult, PreviouslyAsked, QuestionDrafter } from "./types.js";
export { DraftResultSchema } from "./types.js";

export interface QuestionDrafterDeps {
  store: IndexStore;
  config: Config;
  logger?: Logger;
  /** A chat model for drafted wording; built from `config.openai` when absent. None: offline drafts only. */
  chatModel?: BaseChatModel;
  now?: () => Date;
  promptsDir?: string;
  retry?: Partial<Omit<RetryOptions, "onRetry">>;
}

const DEFAULT_COLLECTIONS = ["public"];
export const DEFAULT_MAX_QUESTIONS = 8;
/** A report with less material than this gets a note saying so. */
const ENOUGH = 5;
const MAX_TOPIC_CHARS = 300;
/** Past minutes shown per question. */
const PAST_PER_QUESTION = 2;

/** Acronym -> long form, the papers' own definitions before the shipped glossary. */
function acronyms(glossary: readonly GlossaryEntry[]): (acr: string) => string | null {
  const map = new Map<string, string>();
  const ordered = [...glossary].sort(
    (a, b) => Number(a.origin === "builtin") - Number(b.origin === "builtin"),
  );
  for (const g of ordered) {
    if (!/^[A-Z]{2,6}$/.test(g.term) || map.has(g.term)) continue;
    map.set(g.term, g.expansion.trim());
  }
  return (acr) => {
    const long = map.get(acr);
    if (!long) return null;
    // "Children's Social Care" stays capitalised; "Child Protection Plan" reads better lower-case mid-sentence.
    return /^(?:[A-Z][a-z]+\s?)+$/.test(long) && !/'/.test(long) ? long.toLowerCase() : long;
  };
}

function dateWords(iso: string | null): string {
  return iso ? ` (${formatLongDate(iso)})` : "";
}

interface Draft {
  signal: Signal;
  composed: ComposedQuestion;
}

export function createQuestionDrafter(deps: QuestionDrafterDeps): QuestionDrafter {
  const { store, config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const aliases = buildAliases(store.glossary);
  const expand = acronyms(store.glossary);
  const model = deps.chatModel ?? (config.openai ? createChatModel(config.openai, 0.2) : undefined);
  const prompts: QuestionPrompts | null = model ? loadQuestionPrompts(deps.promptsDir) : null;
  const retry: RetryOptions = { tries: 3, baseDelayMs: 500, ...deps.retry };

  // The store never changes under a drafter, so each set of collections is read once.
  const libraries = new Map<string, Library>();
  const libraryFor = (collections: string[]): Library => {
    const key = [...new Set(collections)].sort().join("\u0000");
    let lib = libraries.get(key);
    if (!lib) {
      lib = buildLibrary(store, collections);
      libraries.set(key, lib);
    }
    return lib;
  };
  const textsOf = (ids: string[]) => ids.map((id) => store.units.get(id)?.text ?? "");
  const grounded = (q: ComposedQuestion) => checkFigures(`${q.question}\n${q.why}`, [], textsOf(q.unitIds));

  /** Each signal's question, in full or else in its minimal form, kept only when the guard passes. */
  function composeGrounded(signals: Signal[], ctx: ComposeContext): { drafts: Draft[]; unmatched: string[] } {
    const drafts: Draft[] = [];
    const unmatched = new Set<string>();
    for (const signal of signals) {
      const full = composeQuestion(signal, ctx);
      const guard = grounded(full);
      if (guard.ok) {
        drafts.push({ signal, composed: full });
        continue;
      }
      logger?.debug(
        { signal: signal.key, unsourced: guard.unsourced },
        "questions: draft failed the numeric guard",
      );
      const minimal = composeMinimal(signal, ctx);
      if (minimal && grounded(minimal).ok) drafts.push({ signal, composed: minimal });
      else for (const f of guard.unsourced) unmatched.add(f);
    }
    return { drafts, unmatched: [...unmatched] };
  }

  async function withModel(
    topic: string,
    drafts: Draft[],
    notes: string[],
  ): Promise<{ draft: Draft; composed: ComposedQuestion }[]> {
    const offline = drafts.map((d) => ({ draft: d, composed: d.composed }));
    if (!model || !prompts || drafts.length === 0) return offline;
    const { groups, passages } = labelGroups(
      drafts.map((d) => ({ signal: d.signal, offline: d.composed })),
      (id) => store.units.get(id),
    );
    let reply: LlmQuestions;
    try {
      reply = await draftWithModel({
        model,
        method: config.openai?.structuredMethod,
        prompts,
        topic,
        groups,
        passages,
        retry: {
          ...retry,
          onRetry: (attempt, error) =>
            logger?.warn({ attempt, error: describeError(error) }, "questions: retrying the chat model"),
        },
      });
    } catch (error) {
      logger?.warn(
        { error: describeError(error) },
        "questions: chat model drafting failed; offline drafts used",
      );
      notes.push(
        `The wording model could not be used (${describeError(error)}); these are the offline drafts.`,
      );
      return offline;
    }
    const byLabel = new Map(passages.map((p) => [p.label, p]));
    const groupByLabel = new Map<string, FactGroup>(groups.map((g) => [g.label, g]));
    const chosen = new Map<string, ComposedQuestion>();
    for (const q of reply.questions) {
      const label = q.signal?.trim() ?? "";
      const group = groupByLabel.get(label);
      if (!group) {
        notes.push(
          `A drafted question named no fact group that was sent (${label || "none"}) and was left out.`,
        );
        continue;
      }
      if (chosen.has(label)) continue;
      const cited = q.citations.map((c) => c.trim());
      const unknown = cited.filter((c) => !byLabel.has(c));
      if (cited.length === 0 || unknown.length > 0) {
        notes.push(
          `${label}: the drafted question cited ${unknown.length > 0 ? `passages that were not given (${unknown.join(", ")})` : "no passage"}; the offline draft is used.`,
        );
        continue;
      }
      const unitIds = [...new Set(cited.map((c) => byLabel.get(c)?.unit.id ?? ""))];
      const candidate: ComposedQuestion = { question: q.question.trim(), why: q.why.trim(), unitIds };
      const guard = grounded(candidate);
      if (!guard.ok) {
        notes.push(
          `${label}: the drafted question quoted ${guard.unsourced.join(", ")}, which no cited paragraph states; the offline draft is used.`,
        );
        continue;
      }
      chosen.set(label, candidate);
    }
    return groups.map((g, i) => {
      const draft = drafts[i] as Draft;
      return { draft, composed: chosen.get(g.label) ?? draft.composed };
    });
  }

  return {
    async draft(rawTopic: string, options: DraftOptions = {}): Promise<DraftResult> {
      const topic = rawTopic.replace(/\s+/g, " ").trim().slice(0, MAX_TOPIC_CHARS);
      const collections = options.collections ?? DEFAULT_COLLECTIONS;
      const max = Math.max(1, options.max ?? DEFAULT_MAX_QUESTIONS);
      const notes: string[] = [];
      if (topic === "")
        return {
          topic,
          report: null,
          questions: [],
          notes: ["No topic given: name a report, an agenda item or a subject."],
        };

      const lib = libraryFor(collections);
      const match = resolveTopic(topic, lib, aliases, now());
      if (!match || match.units.length === 0) {
        return {
          topic,
          report: null,
          questions: [],
          notes: [`Nothing to draft from: no paper in the index covers “${topic}”.`],
        };
      }
      const report = match.documents[0];
      if (report === undefined) throw new Error(`questions: topic "${topic}" matched units but no document`);
      notes.push(
        match.how === "search"
          ? `Read as the paragraphs about “${topic}” (${match.units.length} in ${match.documents.length} paper${match.documents.length === 1 ? "" : "s"}).`
          : `Read as “${report.title}”${dateWords(report.meetingDate)}, found by its ${match.how}.`,
      );

      const ctx: ComposeContext = {
        paragraphOf: (id) => store.units.get(id)?.paragraph ?? null,
        expand,
      };
      const { drafts, unmatched } = composeGrounded(detectSignals(match.units), ctx);
      if (unmatched.length > 0) {
        notes.push(
          `Questions were left out because a figure in them (${unmatched.join(", ")}) could not be matched to the paragraph cited.`,
        );
      }
      const kept = dedupeQuestions(
        drafts.map((d) => ({ ...d, question: d.composed.question, unitIds: d.composed.unitIds })),
      )
        .slice(0, max)
        .map(({ signal, composed }) => ({ signal, composed }));

      const worded = await withModel(topic, kept, notes);
      const minutes = minuteUnits(lib);
      const matcher = buildMatcher(aliases, now());
      const questions: DraftQuestion[] = worded.map(({ draft, composed }) => {
        const score = Math.min(1, draft.signal.severity / 100);
        const citations = composed.unitIds
          .map((id) => store.units.get(id))
          .filter((u): u is Unit => u !== undefined)
          .map((u) => citationOf(u, score));
        // Only minutes of meetings before the paper the question comes from were "previously" asked.
        const paperDate = store.units.get(draft.composed.unitIds[0] ?? "")?.meetingDate ?? report.meetingDate;
        const past = findPastMinutes(draft.signal.about, minutes, lib, matcher, {
          before: paperDate,
          max: PAST_PER_QUESTION,
        });
        return {
          question: composed.question,
          why: composed.why,
          citations,
          previously_asked: past.map((m) => previouslyAsked(m, citationOf(m.unit, m.score))),
        };
      });
      if (questions.length === 0) {
        notes.push(
          `Nothing in ${match.how === "search" ? "these papers" : "this paper"} stood out to probe: no weak indicator, missing data, money or dated commitment.`,
        );
      } else if (questions.length < Math.min(ENOUGH, max)) {
        const papers = match.how === "search" ? "The papers give" : "The paper gives";
        notes.push(
          `${papers} material for ${questions.length} question${questions.length === 1 ? "" : "s"} only.`,
        );
      }
      // A searched theme spans papers: name the one the strongest question comes from.
      const lead = match.how === "search" ? worded[0]?.composed.unitIds[0] : undefined;
      const leadDoc = lead ? lib.documentById.get(store.units.get(lead)?.documentId ?? "") : undefined;
      const shown = leadDoc ?? report;
      return { topic, report: { title: shown.title, meetingDate: shown.meetingDate }, questions, notes };
    },
  };
}
