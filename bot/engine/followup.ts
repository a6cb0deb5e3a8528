import { type Period, parseQueryPeriods } from "../../ingest/periods.js";
import type { Turn } from "./types.js";

/**
 * Follow-up questions ("and for Q2?", "what about secondary?") rewritten into standalone ones from the previous
 * turn: keep its topic, swap in the period or subject the follow-up names. Pure.
 */

const LEAD =
  /^\s*(?:and|but|also|ok(?:ay)?|so|then)?[\s,]*(?:what|how)\s+about\s+(?:for\s+|in\s+|the\s+)?|^\s*(?:and|but|also)\s+(?:for\s+|in\s+|at\s+|the\s+)?|^\s*(?:same|ditto)\s+(?:for|in)\s+|^\s*(?:for|in)\s+(?=\S)/i;

/** Subjects that stand in for each other: a follow-up naming one replaces another from the previous question. */
const SUBJECT_GROUPS: string[][] = [
  ["primary", "secondary", "special"],
  ["boys", "girls"],
  ["two year olds", "2 year olds", "three year olds", "3 year olds", "four year olds", "4 year olds"],
  ["two-year-olds", "three-year-olds", "four-year-olds"],
  ["fsm", "free school meals", "sen support", "ehcp", "disadvantaged", "all pupils"],
  ["ks2", "key stage 2", "ks4", "key stage 4", "eyfs"],
  ["care leavers", "children in care", "looked after children", "cla", "lac"],
  ["dental checks", "dental check", "health assessments", "health assessment"],
  ["cin", "child in need", "children in need", "cp", "child protection", "cpp", "child protection plans"],
  ["suitable accommodation", "eet", "education, employment or training", "education employment or training"],
];

/** Words that refine the previous question rather than change its topic ("and the target?"). */
const MODIFIERS =
  /^(?:the\s+)?(?:target|(?:(?:national|england|regional|statistical neighbours?|sn)(?:\s+(?:average|figure|rate|benchmark|quartile|performance))?)|previous (?:quarter|year|period)|trend|rag(?: rating| status)?|status|quartile|benchmark|change)s?$/i;

/** Words that only point back at the previous figure ("and the quarter 2 figure?"). */
const POINTERS =
  /^(?:the\s+|that\s+|this\s+)?(?:figure|number|value|one|rate|percentage|result|total|level|amount)s?$/i;

const QUARTER_IN_TEXT = /\b(?:Q[1-4]|quarter\s+(?:[1-4]|one|two|three|four))\b/i;

/**
 * The asking words of a follow-up, which say nothing once it is read against its thread: "what was", "what's",
 * "tell me", and a pronoun for the previous figure ("what was it in Q2?").
 */
const ASKING =
  /^\s*(?:(?:can|could) you\s+)?(?:(?:tell|give|show) me\s+|(?:what|which|how)(?:'s|’s|\s+(?:was|is|were|are|did|does|do|has|had))?\s+)(?:(?:it|that|this|they|those|there)\s+)?(?:(?:was|is|were|are)\s+)?/i;

function withoutAsking(text: string): string {
  return text.replace(ASKING, "").trim();
}

/** Does this look like it leans on the previous turn rather than standing alone? */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  if (LEAD.test(q)) return true;
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length <= 4 && /\b(it|that|this|those|them|then|same)\b/i.test(q)) return true;
  // A bare period or subject: "Q2?", "2019/20?", "secondary?"
  if (words.length <= 3 && parseQueryPeriods(q).length > 0) return true;
  // "What was it in Q2?", "what's the quarter 4 figure?": only a period and a pointer once the asking is gone.
  const core = stripEnd(withoutAsking(q));
  if (core !== q.replace(/[\s?.!]+$/, "") && parseQueryPeriods(core).length > 0) {
    const rest = stripEnd(withoutPeriods(core, new Date()));
    if (rest === "" || POINTERS.test(rest)) return true;
  }
  return false;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function replaceSubject(previous: string, follow: string): string | null {
  const f = follow.toLowerCase();
  for (const group of SUBJECT_GROUPS) {
    const named = group.find((g) => new RegExp(`\\b${escapeRe(g)}\\b`, "i").test(f));
    if (!named) continue;
    const old = group
      .filter((g) => g !== named)
      .sort((a, b) => b.length - a.length)
      .find((g) => new RegExp(`\\b${escapeRe(g)}\\b`, "i").test(previous));
    if (old) return previous.replace(new RegExp(`\\b${escapeRe(old)}\\b`, "i"), named);
  }
  return null;
}

function withoutPeriods(text: string, now: Date): string {
  let out = text;
  for (const p of [...parseQueryPeriods(text, now)].sort((a, b) => b.index - a.index)) {
    out = `${out.slice(0, p.index)}${out.slice(p.index + p.raw.length)}`;
  }
  return out
    .replace(/\b(at the end of|end of|in|for|at|during|as at|as of)\s*(?=[?.!,]|$)/gi, "")
    .replace(/\s{2,}/g, " ")
    .replace(/\s+([?.!,])/g, "$1")
    .trim();
}

const STEP_BACK =
  /^(?:the\s+)?(?:(?:last|previous|prior|preceding)\s+(quarter|year)(?:'s|’s)?|(quarter|year)\s+(?:before|earlier))(?:\s+(?:figure|number|value|one))?$/i;

/**
 * "and the previous quarter?" in a thread about Q3 2023/24 means Q2 2023/24, not the quarter before today: the
 * period one step before the thread's, written as the papers write it. Null when the follow-up is not such a step.
 */
function stepBack(rest: string, old: Period): string | null {
  const m = STEP_BACK.exec(rest.trim());
  const unit = (m?.[1] ?? m?.[2])?.toLowerCase();
  if (!unit) return null;
  const fy = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
  // The financial year (April to March) a dated period starts in.
  const startFy = Number(old.start.slice(0, 4)) - (Number(old.start.slice(5, 7)) < 4 ? 1 : 0);
  if (unit === "quarter" && old.kind === "quarter" && old.quarter !== undefined) {
    const q = old.quarter === 1 ? 4 : old.quarter - 1;
    if (!old.yearKnown) return `Q${q}`;
    return `Q${q} ${fy(old.quarter === 1 ? startFy - 1 : startFy)}`;
  }
  if (unit === "year" && old.yearKnown) {
    if (old.kind === "fiscal_year") return fy(startFy - 1);
    if (old.kind === "quarter" && old.quarter !== undefined) return `Q${old.quarter} ${fy(startFy - 1)}`;
    if (old.kind === "year") return String(Number(old.start.slice(0, 4)) - 1);
  }
  return null;
}

function stripEnd(s: string): string {
  return s.replace(/[\s?.!]+$/, "").trim();
}

/** Rewrites one follow-up against the (already standalone) previous question. */
export function rewriteFollowUp(question: string, previous: string, now: Date = new Date()): string {
  if (!isFollowUp(question)) return question;
  const rest = stripEnd(withoutAsking(question.replace(LEAD, "")));
  const prev = stripEnd(previous);
  if (rest === "") return question;

  const newPeriods = parseQueryPeriods(rest, now);
  const prevPeriods = parseQueryPeriods(prev, now);
  const restWithoutPeriods = stripEnd(withoutPeriods(rest, now));

  let rewritten = prev;
  const stepped = prevPeriods[0] ? stepBack(rest, prevPeriods[0]) : null;
  if (stepped && prevPeriods[0]) {
    const old = prevPeriods[0];
    rewritten = `${prev.slice(0, old.index)}${stepped}${prev.slice(old.index + old.raw.length)}`;
  } else if (newPeriods.length > 0) {
    const fresh = newPeriods[0];
    const old = prevPeriods[0];
    if (fresh && old && !fresh.yearKnown && fresh.kind === "quarter" && QUARTER_IN_TEXT.test(old.raw)) {
      // "and Q2?" after "Q3 2023/24": same year, other quarter.
      rewritten = prev.replace(old.raw, old.raw.replace(QUARTER_IN_TEXT, fresh.raw));
    } else if (fresh && old && !fresh.yearKnown && fresh.kind === "quarter" && old.kind === "fiscal_year") {
      // "and for Q2?" after "in 2019/20": Q2 of that year, never the latest Q2 the papers happen to give.
      rewritten = `${prev.slice(0, old.index)}${fresh.raw} ${old.raw}${prev.slice(old.index + old.raw.length)}`;
    } else if (old) {
      rewritten = `${prev.slice(0, old.index)}${fresh?.raw ?? ""}${prev.slice(old.index + old.raw.length)}`;
    } else {
      rewritten = `${prev} in ${newPeriods.map((p) => p.raw).join(" and ")}`;
    }
  }
  if (restWithoutPeriods !== "" && !POINTERS.test(restWithoutPeriods) && !stepped) {
    if (MODIFIERS.test(restWithoutPeriods)) {
      rewritten = `${rewritten}: ${restWithoutPeriods}`;
    } else {
      const swapped = replaceSubject(rewritten, restWithoutPeriods);
      if (swapped !== null) rewritten = swapped;
      else {
        // A new topic: keep only the previous question's period.
        const periods = newPeriods.length > 0 ? newPeriods : prevPeriods;
        const period = periods.map((p) => p.raw).join(" and ");
        rewritten = period
          ? `${restWithoutPeriods} ${/^(?:Q|quarter)/i.test(period) ? "at the end of " : "in "}${period}`
          : restWithoutPeriods;
      }
    }
  }
  return `${rewritten.trim()}?`;
}

/** The question as it would be asked alone, given the earlier turns (oldest first). */
export function standaloneQuestion(
  question: string,
  history: Turn[] | undefined,
  now: Date = new Date(),
): string {
  if (!history || history.length === 0) return question;
  let previous: string | null = null;
  for (const turn of history)
    previous = previous === null ? turn.question : rewriteFollowUp(turn.question, previous, now);
  return previous === null ? question : rewriteFollowUp(question, previous, now);
}
