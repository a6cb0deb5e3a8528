import { parseQueryPeriods } from "../../ingest/periods.js";
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
  /^(?:the\s+)?(?:target|national average|england average|statistical neighbours?|previous (?:quarter|year|period)|trend|rag(?: rating| status)?|status|quartile|benchmark|change)s?$/i;

/** Words that only point back at the previous figure ("and the quarter 2 figure?"). */
const POINTERS =
  /^(?:the\s+|that\s+|this\s+)?(?:figure|number|value|one|rate|percentage|result|total|level|amount)s?$/i;

const QUARTER_IN_TEXT = /\b(?:Q[1-4]|quarter\s+(?:[1-4]|one|two|three|four))\b/i;

/** Does this look like it leans on the previous turn rather than standing alone? */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  if (LEAD.test(q)) return true;
  const words = q.split(/\s+/).filter(Boolean);
  if (words.length <= 4 && /\b(it|that|this|those|them|then|same)\b/i.test(q)) return true;
  // A bare period or subject: "Q2?", "2019/20?", "secondary?"
  if (words.length <= 3 && parseQueryPeriods(q).length > 0) return true;
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

function stripEnd(s: string): string {
  return s.replace(/[\s?.!]+$/, "").trim();
}

/** Rewrites one follow-up against the (already standalone) previous question. */
export function rewriteFollowUp(question: string, previous: string, now: Date = new Date()): string {
  if (!isFollowUp(question)) return question;
  const rest = stripEnd(question.replace(LEAD, ""));
  const prev = stripEnd(previous);
  if (rest === "") return question;

  const newPeriods = parseQueryPeriods(rest, now);
  const prevPeriods = parseQueryPeriods(prev, now);
  const restWithoutPeriods = stripEnd(withoutPeriods(rest, now));

  let rewritten = prev;
  if (newPeriods.length > 0) {
    const fresh = newPeriods[0];
    const old = prevPeriods[0];
    if (fresh && old && !fresh.yearKnown && fresh.kind === "quarter" && QUARTER_IN_TEXT.test(old.raw)) {
      // "and Q2?" after "Q3 2023/24": same year, other quarter.
      rewritten = prev.replace(old.raw, old.raw.replace(QUARTER_IN_TEXT, fresh.raw));
    } else if (old) {
      rewritten = `${prev.slice(0, old.index)}${fresh?.raw ?? ""}${prev.slice(old.index + old.raw.length)}`;
    } else {
      rewritten = `${prev} in ${newPeriods.map((p) => p.raw).join(" and ")}`;
    }
  }
  if (restWithoutPeriods !== "" && !POINTERS.test(restWithoutPeriods)) {
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
