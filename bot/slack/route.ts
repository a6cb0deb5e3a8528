import { NUMBER_WORD_PATTERN, parseNumber } from "../../ingest/numbers.js";
/**
 * Whether a message asks the papers a question or asks for scrutiny questions to be drafted. Pure.
 * Only a request that opens with the ask for questions goes to the drafter, so "What questions did
 * members ask about placements?" (a question about the minutes) still goes to the engine.
 */

export type Routed =
  | { kind: "ask"; question: string }
  /** `max` only when the request names a number ("draft 3 questions on …"). */
  | { kind: "draft"; topic: string; max?: number };

const POLITE = String.raw`(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?(?:help\s+(?:me|us)\s+(?:to\s+)?)?`;
const VERB = String.raw`(?:draft|suggest|write|prepare|propose|generate|give\s+(?:me|us)|come\s+up\s+with|i\s+need|we\s+need)`;
const COUNT = String.raw`(?:some|a\s+few|a\s+couple\s+of|more|\d{1,2}|a|an|${NUMBER_WORD_PATTERN})`;
const KIND = String.raw`(?:(?:good|possible|key|probing|challenging|follow-up|scrutiny|committee)\s+)*`;
/** What joins the request to its topic: "on", "about", "for", or a colon or dash. */
const JOIN = String.raw`(?:\s*[:\u2013\u2014-]\s*|\s+(?:on|about|for|regarding|re|around|concerning|covering|to\s+ask\s+(?:on|about|at))\s+|\s*$)`;

/** "draft 5 scrutiny questions on X", "questions: X", "suggest a question about X". */
const REQUEST = new RegExp(
  String.raw`^${POLITE}(?<verb>${VERB}\s+)?(?:(?<count>${COUNT})\s+)?${KIND}(?<noun>questions?)${JOIN}(?<topic>.*)$`,
  "is",
);

/** "What questions should I ask about X?", "Which questions could the committee ask on X?" */
const WHAT_TO_ASK = new RegExp(
  String.raw`^(?:what|which)\s+${KIND}questions\s+(?:should|could|might|can|would)\s+(?:i|we|members|councillors|the\s+committee)\s+ask(?:\s+(?:about|on|at|regarding|for)\s+|\s*[?.!]?\s*$)(?<topic>.*)$`,
  "is",
);

/** Tidies the topic: no closing "?" or "please", no surrounding quotes. */
export function cleanTopic(raw: string): string {
  return raw
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s?.!]+$/, "")
    .replace(/[\s,]+please$/i, "")
    .replace(/[\s?.!]+$/, "")
    .replace(/^["'“‘](.*)["'”’]$/, "$1")
    .trim();
}

export function routeMessage(text: string): Routed {
  const trimmed = text.trim();
  const asked = WHAT_TO_ASK.exec(trimmed);
  if (asked?.groups) return { kind: "draft", topic: cleanTopic(asked.groups.topic ?? "") };
  const m = REQUEST.exec(trimmed);
  if (!m?.groups) return { kind: "ask", question: trimmed };
  const { verb, count = "", noun = "", topic = "" } = m.groups;
  const plural = noun.toLowerCase() === "questions";
  // A bare "question: ..." or "question on ..." is someone labelling their own question.
  if (verb === undefined && !plural) return { kind: "ask", question: trimmed };
  // "Questions" alone, with no verb and no topic, is not a request for anything.
  if (verb === undefined && cleanTopic(topic) === "" && !/[:\u2013\u2014-]/.test(trimmed)) {
    return { kind: "ask", question: trimmed };
  }
  const max = /^an?$/i.test(count) ? 1 : parseNumber(count)?.value;
  return { kind: "draft", topic: cleanTopic(topic), ...(max !== undefined && max > 0 ? { max } : {}) };
}

export function isDraftRequest(text: string): boolean {
  return routeMessage(text).kind === "draft";
}
