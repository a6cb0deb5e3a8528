import type { types } from "@slack/bolt";
import { z } from "zod";
import { formatLongDate } from "../../ingest/periods.js";
import type { Answer, Citation } from "../engine/types.js";
import type { DraftResult } from "../questions/types.js";
import { BUTTON_VALUE_MAX, encodeFeedbackValue } from "./feedback.js";
import { ELLIPSIS, escapeMrkdwn, shrinkBudget, truncate, urlRanges } from "./text.js";

/**
 * Block Kit for every message the bot sends. Pure: same input, same blocks. Slack's limits are
 * enforced here by shortening, never by throwing, so an answer always gets posted.
 */

type KnownBlock = types.KnownBlock;
type Button = types.Button;

export const LIMITS = {
  sectionText: 3000,
  contextText: 3000,
  messageBlocks: 50,
  viewBlocks: 100,
  buttonValue: BUTTON_VALUE_MAX,
  buttonText: 75,
  messageText: 40_000,
  contextElements: 10,
  modalTitle: 24,
} as const;

export const FRIENDLY_ERROR =
  "Sorry — something went wrong answering that. The team has been told; please try again in a minute.";

export const ACTION_QUOTE_PREFIX = "show_quote:";
export const ACTION_QUOTE = /^show_quote:\d+$/;
export const ACTION_FEEDBACK_UP = "feedback_up";
export const ACTION_FEEDBACK_DOWN = "feedback_down";

const MAX_CITATIONS = 5;
const MAX_SUGGESTIONS = 3;
const MAX_NOTE = 500;

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

export interface PaperInfo {
  title: string;
  source: string;
  meetingDate: string | null;
  collection: string;
}

/** Renders raw text, shortening the raw text (never the rendered mrkdwn) until it fits `max`. */
function fitRendered(raw: string, render: (s: string) => string, max: number): string {
  let out = render(raw);
  let budget = raw.length;
  while (out.length > max && budget > 0) {
    budget = shrinkBudget(budget, out.length, max);
    out = render(truncate(raw, budget));
  }
  return out.length <= max ? out : truncate(out, max);
}

const BEFORE_BOLD = /[\s([{"'“‘/\-–—:;,]/;
const CURRENCY = /[£$€]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Where each figure stands in the answer, as whole tokens only: "82.6%" is not found inside
 * "182.6%", and a leading £ joins the span so Slack sees the bold markers at word edges.
 */
export function figureSpans(text: string, figures: string[]): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // A figure inside a URL stays part of the link.
  const urls = urlRanges(text);
  const distinct = [...new Set(figures.filter((f) => f.trim() !== ""))].sort((a, b) => b.length - a.length);
  for (const fig of distinct) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(fig, from);
      if (at < 0) break;
      from = at + 1;
      let start = at;
      const end = at + fig.length;
      if (start > 0 && CURRENCY.test(text[start - 1] ?? "")) start--;
      const before = start > 0 ? text[start - 1] : undefined;
      const after = text[end];
      if (before !== undefined && !BEFORE_BOLD.test(before)) continue;
      if (after !== undefined && WORD_CHAR.test(after)) continue;
      if (spans.some((s) => start < s.end && end > s.start)) continue;
      if (urls.some((u) => start < u.end && end > u.start)) continue;
      spans.push({ start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Escaped mrkdwn with each figure in bold. */
export function mrkdwnWithFigures(text: string, figures: string[]): string {
  let out = "";
  let at = 0;
  for (const span of figureSpans(text, figures)) {
    out += escapeMrkdwn(text.slice(at, span.start));
    out += `*${escapeMrkdwn(text.slice(span.start, span.end))}*`;
    at = span.end;
  }
  return out + escapeMrkdwn(text.slice(at));
}

export interface CitationRef {
  title: string;
  date: string | null;
  paragraph: string | null;
  page: number | null;
}

/** "[1] *Quarter 3 2023/24 Performance Report* · 5 March 2024 · para 7 · p. 12" */
export function citationLine(c: CitationRef, n?: number): string {
  const parts = [`*${escapeMrkdwn(truncate(c.title.trim() || "Untitled paper", 200))}*`];
  if (c.date) parts.push(escapeMrkdwn(formatLongDate(c.date)));
  if (c.paragraph) parts.push(`para ${escapeMrkdwn(c.paragraph)}`);
  if (c.page !== null) parts.push(`p. ${c.page}`);
  const line = parts.join(" · ");
  return n === undefined ? line : `[${n}] ${line}`;
}

const QuoteValueSchema = z.object({
  id: z.string(),
  k: z.string(),
  s: z.string(),
  t: z.string(),
  d: z.string().nullable(),
  p: z.string().nullable(),
  g: z.number().int().nullable(),
  x: z.string(),
  cut: z.literal(1).optional(),
});

export interface QuoteRef extends CitationRef {
  id: string;
  collection: string;
  source: string;
  text: string;
  /** The text was shortened to fit Slack's button value limit. */
  cut: boolean;
}

/** The quote button carries the paragraph itself (shortened if need be) and its collection. */
export function encodeQuoteValue(c: Citation, max = LIMITS.buttonValue): string {
  const build = (text: string): string =>
    JSON.stringify({
      id: c.id,
      k: c.collection,
      s: truncate(c.source, 200),
      t: truncate(c.title, 200),
      d: c.date,
      p: c.paragraph,
      g: c.page,
      x: text,
      ...(text !== c.text ? { cut: 1 } : {}),
    });
  let budget = c.text.length;
  let out = build(c.text);
  while (out.length > max && budget > 0) {
    budget = shrinkBudget(budget, out.length, max);
    out = build(truncate(c.text, budget));
  }
  return out;
}

export function decodeQuoteValue(value: string): QuoteRef | null {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = QuoteValueSchema.safeParse(raw);
  if (!parsed.success) return null;
  const v = parsed.data;
  return {
    id: v.id,
    collection: v.k,
    source: v.s,
    title: v.t,
    date: v.d,
    paragraph: v.p,
    page: v.g,
    text: v.x,
    cut: v.cut === 1,
  };
}

function plain(text: string, max: number = LIMITS.buttonText): types.PlainTextElement {
  return { type: "plain_text", text: truncate(text, max), emoji: true };
}

function section(mrkdwn: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(mrkdwn, LIMITS.sectionText) } };
}

function context(lines: string[]): KnownBlock {
  return {
    type: "context",
    elements: lines
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: "mrkdwn" as const, text: truncate(text, LIMITS.contextText) })),
  };
}

function citationBlocks(cited: Citation[], max: number): KnownBlock[] {
  const shown = cited.slice(0, max);
  if (shown.length === 0) return [];
  const blocks: KnownBlock[] = shown.map((c, i) => context([citationLine(c, i + 1)]));
  if (cited.length > shown.length) blocks.push(context([`and ${cited.length - shown.length} more`]));
  const buttons: Button[] = shown.map((c, i) => ({
    type: "button",
    action_id: `${ACTION_QUOTE_PREFIX}${i + 1}`,
    text: plain(`Quote [${i + 1}]`),
    value: encodeQuoteValue(c),
  }));
  blocks.push({ type: "actions", block_id: "quotes", elements: buttons });
  return blocks;
}

function feedbackBlock(answer: Answer): KnownBlock {
  const value = encodeFeedbackValue(answer);
  return {
    type: "actions",
    block_id: "feedback",
    elements: [
      { type: "button", action_id: ACTION_FEEDBACK_UP, text: plain("👍 Helpful"), value },
      { type: "button", action_id: ACTION_FEEDBACK_DOWN, text: plain("👎 Not right"), value },
    ],
  };
}

/** Keeps the first blocks and the last one (the feedback row) when over Slack's count. */
export function fitBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const last = blocks[blocks.length - 1];
  const head = blocks.slice(0, max - 2);
  const note = context([`${ELLIPSIS} some sources were left out to fit Slack`]);
  return last === undefined ? head : [...head, note, last];
}

/** What the engine said beyond "not found", if anything: "I could not find this in the papers." adds nothing. */
function unansweredDetail(answer: Answer): string {
  const text = answer.answer.trim();
  return /\b(not|n't)\b[^.]*\bin the papers\b/i.test(text) ? "" : text;
}

/** Notification and fallback text: the answer alone, so a thread's history reads back cleanly. */
export function answerText(answer: Answer): string {
  const detail = answer.answered ? "" : unansweredDetail(answer);
  const raw = answer.answered
    ? answer.answer
    : detail === ""
      ? "Not in the papers."
      : `Not in the papers. ${detail}`;
  return fitRendered(raw, escapeMrkdwn, LIMITS.messageText);
}

export function answerMessage(answer: Answer): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (answer.answered) {
    const figures = answer.figures.map((f) => f.text);
    blocks.push(
      section(fitRendered(answer.answer, (s) => mrkdwnWithFigures(s, figures), LIMITS.sectionText)),
    );
  } else {
    const extra = unansweredDetail(answer);
    const lead = "*Not in the papers.*";
    blocks.push(
      section(
        extra === ""
          ? lead
          : `${lead} ${fitRendered(extra, escapeMrkdwn, LIMITS.sectionText - lead.length - 1)}`,
      ),
    );
  }
  if (answer.notes.length > 0) {
    blocks.push(
      context(answer.notes.map((n) => `:information_source: ${escapeMrkdwn(truncate(n, MAX_NOTE))}`)),
    );
  }
  if (answer.answered) {
    blocks.push(...citationBlocks(answer.citations, MAX_CITATIONS));
  } else if (answer.suggestions.length > 0) {
    blocks.push(section("You may mean:"));
    blocks.push(...citationBlocks(answer.suggestions, MAX_SUGGESTIONS));
  }
  blocks.push(feedbackBlock(answer));
  return { text: answerText(answer), blocks: fitBlocks(blocks, LIMITS.messageBlocks) };
}

export function quoteModal(q: QuoteRef): types.ModalView {
  const blocks: KnownBlock[] = [
    context([citationLine(q)]),
    // plain_text: the paragraph shows exactly as printed, with no mrkdwn parsing at all.
    { type: "section", text: { type: "plain_text", text: truncate(q.text, LIMITS.sectionText) } },
  ];
  if (q.cut || q.text.length > LIMITS.sectionText) {
    blocks.push(context(["Shortened to fit Slack; the full paragraph is in the paper."]));
  }
  return {
    type: "modal",
    title: plain("Quoted paragraph", LIMITS.modalTitle),
    close: plain("Close", LIMITS.modalTitle),
    blocks,
  };
}

export function notVisibleModal(): types.ModalView {
  return {
    type: "modal",
    title: plain("Not available here", LIMITS.modalTitle),
    close: plain("Close", LIMITS.modalTitle),
    blocks: [section("That paper is not available in this conversation, so its text cannot be shown here.")],
  };
}

export function errorMessage(): SlackMessage {
  return { text: FRIENDLY_ERROR };
}

const HELP_LINES = [
  "*Ask the committee papers.* Every answer cites the paragraph it comes from, and every figure is quoted from a cited paragraph. If the papers don't say, I'll tell you.",
  "• *Mention me* in a channel with your question: I answer in the thread. Reply in that thread to follow up.",
  "• *Message me directly*, or open me in the assistant panel.",
  "• *Draft questions on <topic>* (in a mention, a DM or the panel): scrutiny questions for the committee, each tied to its paragraphs",
  "• `/scrutiny ask <question>`: a private answer, only you see it",
  "• `/scrutiny questions <topic>`: draft scrutiny questions on a topic, tied to paragraphs",
  "• `/scrutiny sources`: the papers this channel can see",
  "• `/scrutiny help`: this message",
];

export function helpMessage(): SlackMessage {
  return {
    text: "Ask the committee papers: mention me, message me, or use /scrutiny ask <question>.",
    blocks: [section(HELP_LINES.join("\n"))],
  };
}

export function sortPapers(papers: PaperInfo[]): PaperInfo[] {
  return [...papers].sort((a, b) => {
    if (a.meetingDate !== b.meetingDate) {
      if (a.meetingDate === null) return 1;
      if (b.meetingDate === null) return -1;
      return a.meetingDate < b.meetingDate ? 1 : -1;
    }
    return a.title.localeCompare(b.title);
  });
}

export function paperLine(p: PaperInfo): string {
  const date = p.meetingDate ? ` · ${escapeMrkdwn(formatLongDate(p.meetingDate))}` : "";
  return `• *${escapeMrkdwn(truncate(p.title, 200))}*${date} · ${escapeMrkdwn(truncate(p.source, 200))}`;
}

/** Packs lines into sections of at most 3000 characters, within `maxBlocks`. */
function packLines(lines: string[], maxBlocks: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = "";
  let used = 0;
  for (const line of lines) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length <= LIMITS.sectionText) {
      current = next;
      used++;
      continue;
    }
    // Room must remain for this section, the next one and the "and N more" line.
    if (blocks.length + 3 > maxBlocks) break;
    blocks.push(section(current));
    current = line;
    used++;
  }
  if (current !== "") blocks.push(section(current));
  if (used < lines.length) blocks.push(context([`and ${lines.length - used} more`]));
  return blocks;
}

function paperBlocks(papers: PaperInfo[], maxBlocks: number): KnownBlock[] {
  if (papers.length === 0) return [section("No papers are indexed that this conversation can see.")];
  return packLines(sortPapers(papers).map(paperLine), maxBlocks);
}

export function sourcesMessage(papers: PaperInfo[]): SlackMessage {
  const count = papers.length;
  const head = section(
    count === 0 ? "*Papers indexed for this channel*" : `*Papers indexed for this channel* (${count})`,
  );
  return {
    text: `${count} paper${count === 1 ? "" : "s"} indexed for this channel.`,
    blocks: [head, ...paperBlocks(papers, LIMITS.messageBlocks - 1)],
  };
}

export function homeView(papers: PaperInfo[]): types.HomeView {
  const intro: KnownBlock[] = [
    { type: "header", text: plain("Scrutiny assistant", 150) },
    section(HELP_LINES.join("\n")),
    { type: "divider" },
    section(`*Indexed papers you can see here* (${papers.length})`),
  ];
  return { type: "home", blocks: [...intro, ...paperBlocks(papers, LIMITS.viewBlocks - intro.length)] };
}

const MAX_DRAFTED = 10;
const MAX_DRAFT_CITATIONS = 3;

/** Drafted scrutiny questions, each with why it is worth asking, its cited paragraphs and past answers. */
export function draftMessage(result: DraftResult): SlackMessage {
  const from = result.report
    ? ` (from *${escapeMrkdwn(truncate(result.report.title, 200))}*${
        result.report.meetingDate ? `, ${escapeMrkdwn(formatLongDate(result.report.meetingDate))}` : ""
      })`
    : "";
  const blocks: KnownBlock[] = [
    section(`*Draft questions on:* ${escapeMrkdwn(truncate(result.topic, 300))}${from}`),
  ];
  if (result.notes.length > 0) {
    blocks.push(
      context(result.notes.map((n) => `:information_source: ${escapeMrkdwn(truncate(n, MAX_NOTE))}`)),
    );
  }
  if (result.questions.length === 0) {
    blocks.push(section("No questions could be drafted from the papers on this topic."));
  }
  const shown = result.questions.slice(0, MAX_DRAFTED);
  shown.forEach((q, i) => {
    blocks.push(
      section(
        fitRendered(
          q.question,
          (s) => `*${i + 1}.* ${escapeMrkdwn(s)}\n${escapeMrkdwn(truncate(q.why, 500))}`,
          LIMITS.sectionText,
        ),
      ),
    );
    const lines = q.citations.slice(0, MAX_DRAFT_CITATIONS).map((c) => citationLine(c));
    for (const p of q.previously_asked.slice(0, 2)) {
      const when = [p.date ? formatLongDate(p.date) : null, p.minute ? `minute ${p.minute}` : null]
        .filter((x): x is string => x !== null)
        .join(", ");
      lines.push(
        `Asked before${when ? ` (${escapeMrkdwn(when)})` : ""}: ${escapeMrkdwn(truncate(p.text, 300))}`,
      );
    }
    if (lines.length > 0) blocks.push(context(lines));
  });
  if (result.questions.length > shown.length) {
    blocks.push(context([`and ${result.questions.length - shown.length} more`]));
  }
  const text = shown.map((q, i) => `${i + 1}. ${q.question}`).join("\n") || "No questions could be drafted.";
  return {
    text: fitRendered(text, escapeMrkdwn, LIMITS.messageText),
    blocks: fitBlocks(blocks, LIMITS.messageBlocks),
  };
}

/** Slack shows at most four. Each is answered from the demo papers (tested on the real index). */
export const SUGGESTED_PROMPTS = [
  {
    title: "Child protection reviews",
    message:
      "What percentage of child protection cases were reviewed within timescales at the end of quarter 3 2023/24?",
  },
  {
    title: "Residential placement costs",
    message: "By what percentage has the average weekly cost of a residential placement increased?",
  },
  {
    title: "Domestic abuse duty",
    message: "How much is being spent to support the domestic abuse duty?",
  },
  {
    title: "Draft scrutiny questions",
    message: "Draft questions on the Quarter 3 2023/24 performance report",
  },
];
