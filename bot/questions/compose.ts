import { type Indicator, type Reading, type Signal, type SignalKind, withoutPolarity } from "./signals.js";

/**
 * Signals into plain-English questions, in the committee's own questioning framework (printed in every agenda
 * pack: who was consulted, what does success look like, what is the history and what will be different this time,
 * what happens once the money is spent, has the previous model been evaluated, what evaluation arrangements are in
 * place). Pure. Every figure a question names is copied from a cell or sentence of the signal's units, never
 * computed: a gap to target is described in words, not subtracted.
 */

export interface ComposedQuestion {
  question: string;
  why: string;
  unitIds: string[];
}

export interface ComposeContext {
  /** Paragraph number of a unit, for "Para 16 says ..."; null when un-numbered. */
  paragraphOf: (unitId: string) => string | null;
  /** Long form of an acronym from the glossary ("CPP" -> "child protection plan"); null when unknown. */
  expand: (acronym: string) => string | null;
}

const SHORTHAND: [RegExp, string][] = [
  [/\bmths\b/gi, "months"],
  [/\byrs\b/gi, "years"],
  [/\bQtr\b/g, "quarter"],
  [/\s&\s/g, " and "],
];

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lowercases a leading ordinary word ("Children ...") but never an acronym ("EHCP ..."). */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function expandAcronyms(text: string, ctx: ComposeContext): string {
  const seen = new Set<string>();
  return text.replace(/\b[A-Z]{2,5}\b/g, (acr, at: number, whole: string) => {
    if (seen.has(acr)) return acr;
    seen.add(acr);
    // "Free School Meals (FSM)": already spelt out beside it.
    if (whole.slice(at - 1, at) === "(") return acr;
    const long = ctx.expand(acr);
    if (long === null || /\d/.test(long) || long.length > 60) return acr;
    return `${long} (${acr})`;
  });
}

/**
 * The indicator as the subject of a sentence: "the percentage of children becoming subject to a child protection
 * plan (CPP) for second or subsequent time". Polarity notes and table shorthand are dropped.
 */
export function indicatorPhrase(ind: Indicator, ctx: ComposeContext): string {
  let n = withoutPolarity(ind.name)
    .replace(/\((?:year to date|end of (?:year|quarter))\)/gi, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.:;,]+$/, "");
  for (const [re, to] of SHORTHAND) n = n.replace(re, to);
  const ks = /^KS\s?(\d)\s*-\s*(.+?)(?:\s+-\s+(.+))?$/i.exec(n);
  if (ks) {
    const rest = ks[2] ?? "";
    n = `Key Stage ${ks[1]} ${rest}${ks[3] ? ` (${ks[3]})` : ""}`;
    return expandAcronyms(n, ctx);
  }
  n = n
    .replace(/^(?:the\s+)?%\s*(?:of\s+)?/i, "the percentage of ")
    .replace(/\s+-\s+%\s*(?:of\s+)?/, ": the percentage of ")
    .replace(/^no\.\s*(?:of\s+)?/i, "the number of ");
  if (/^(?:the\s+)?(?:percentage|proportion|number|rate|average)\b/i.test(n)) {
    n = n.replace(/^(?:the\s+)?/i, "the ").replace(/^the (\w)/, (_m, c: string) => `the ${c.toLowerCase()}`);
  } else if (/:\s*the percentage of/.test(n)) {
    // "Placement stability: the percentage of ..." reads as it is.
  } else if ((ind.valueType ?? "").toLowerCase().startsWith("percent") || ind.latest?.value.percent) {
    n = `the percentage of ${lowerFirst(n)}`;
  } else if (/^(?:children|pupils|young people|families|individuals|care leavers)\b/i.test(n)) {
    n = `the number of ${lowerFirst(n)}`;
  }
  return expandAcronyms(n, ctx);
}

/** "Q3 2023/24" stays; "2022/23 Final" loses the status word. */
function periodText(r: Reading): string | null {
  if (r.period === null) return null;
  const p = r.period.replace(/\s+(?:final|provisional|revised)$/i, "").trim();
  return p === "" ? null : p;
}

function atPeriod(r: Reading): string {
  const p = periodText(r);
  if (p === null) return "";
  return /^(?:end of|as at)\b/i.test(p) ? ` at the ${p}` : ` in ${p}`;
}

const ORDINAL = ["", "first", "second", "third", "fourth"];

function movement(ind: Indicator): string {
  const latest = ind.latest;
  if (!latest) return "";
  const prev = ind.previous;
  if (!prev) return `was ${latest.raw}${atPeriod(latest)}`;
  const a = latest.value.amount;
  const b = prev.value.amount;
  const verb = a > b ? "rose to" : a < b ? "fell to" : "stayed at";
  // A year-end table gives no period for its "previous year" column.
  const before =
    atPeriod(prev) || (/^\d{4}\/\d{2}$/.test(periodText(latest) ?? "") ? " the year before" : "");
  const from = a === b ? `, the same as${before || " the previous period"}` : ` from ${prev.raw}${before}`;
  return `${verb} ${latest.raw}${atPeriod(latest)}${from}`;
}

function targetText(ind: Indicator): string {
  const t = ind.target;
  if (!t) return "";
  const bare = t.raw.replace(/^\s*[<>≤≥]\s*/, "");
  return `, against a target of ${t.direction} ${bare}`;
}

function statusText(ind: Indicator): string {
  const parts: string[] = [];
  if (ind.rag) parts.push(upperFirst(ind.rag));
  if (ind.quartile !== null) parts.push(`${ORDINAL[ind.quartile]} quartile nationally`);
  if (ind.neighbours) parts.push(`statistical neighbours ${ind.neighbours.raw}`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function previousWord(ind: Indicator): string {
  const p = ind.previous?.period ?? ind.latest?.period ?? "";
  if (/\bQ[1-4]\b|quarter/i.test(p)) return "the previous quarter";
  if (/\b(?:spring|summer|autumn)\b/i.test(p)) return "the previous term";
  if (/\d{4}\/\d{2}|\b\d{4}\b/.test(p)) return "the previous year";
  return "the previous period";
}

function indicatorProbe(signal: Signal, ind: Indicator): string {
  const persistent = signal.prose?.persistent === true;
  if (persistent && ind.trend !== "worse") {
    return "What is the history here, and what will be different this time?";
  }
  if (ind.trend === "worse" && (ind.rag === "red" || ind.missedTarget)) {
    const when = /\bQ[1-4]\b|quarter/i.test(ind.latest?.period ?? "") ? "by year end" : "next time";
    return `What is driving this, and what does success look like ${when}?`;
  }
  if (ind.missedTarget && ind.trend === "better") {
    return "What will it take to reach the target, and by when?";
  }
  if (ind.trend === "worse") {
    return "What is behind the deterioration, and what evaluation arrangements are in place to track it?";
  }
  if (ind.quartile === 4) return "What is the history here, and what will be different this time?";
  if (ind.worseThanNeighbours) {
    return "What would success look like against statistical neighbours, and how will progress be reviewed?";
  }
  return "What does success look like for this measure, and how will the committee see progress?";
}

function indicatorWhy(signal: Signal, ind: Indicator): string {
  const parts: string[] = [];
  if (ind.rag === "red" || ind.rag === "amber") parts.push(`rated ${upperFirst(ind.rag)}`);
  if (ind.missedTarget) parts.push("short of its target");
  if (ind.quartile === 4)
    parts.push(signal.prose?.persistent ? "still in the bottom quartile" : "bottom quartile");
  else if (ind.quartile === 3) parts.push("third quartile");
  if (ind.trend === "worse") parts.push(`worse than ${previousWord(ind)}`);
  if (ind.worseThanNeighbours) parts.push("behind statistical neighbours");
  if (parts.length === 0) parts.push("flagged on the performance dashboard");
  return `${upperFirst(parts.join(", "))}.`;
}

function composeIndicator(signal: Signal, ind: Indicator, ctx: ComposeContext): ComposedQuestion {
  const subject = signal.prose?.subject
    ? expandAcronyms(signal.prose.subject, ctx)
    : indicatorPhrase(ind, ctx);
  const fact = `${upperFirst(subject)} ${movement(ind)}${targetText(ind)}${statusText(ind)}.`;
  return {
    question: `${fact} ${indicatorProbe(signal, ind)}`,
    why: indicatorWhy(signal, ind),
    unitIds: signal.unitIds,
  };
}

/** The shortest honest form: the latest value alone, cited from the row. Used when the full form fails the guard. */
export function composeMinimal(signal: Signal, ctx: ComposeContext): ComposedQuestion | null {
  const ind = signal.indicator;
  if (!ind?.latest) return null;
  const subject = indicatorPhrase(ind, ctx);
  const status = ind.rag ? ` (${upperFirst(ind.rag)})` : "";
  return {
    question: `${upperFirst(subject)} was ${ind.latest.raw}${atPeriod(ind.latest)}${status}. ${indicatorProbe(signal, ind)}`,
    why: indicatorWhy(signal, ind),
    unitIds: signal.unitIds.slice(-1),
  };
}

const PROBES: Record<Exclude<SignalKind, "indicator">, { probe: string; why: string }> = {
  not_reported: {
    probe:
      "When will this be reported to the committee, and how is performance being tracked in the meantime?",
    why: "The committee cannot scrutinise a figure the report does not give.",
  },
  pressure: {
    probe: "What is being done to contain this pressure, and what happens if it keeps growing?",
    why: "A pressure on budgets or capacity named in the report.",
  },
  savings: {
    probe:
      "How confident is the department that these savings will be delivered, and what happens if they are not?",
    why: "Savings the budget depends on.",
  },
  money: {
    probe: "What happens once the money is spent, and what evaluation arrangements are in place?",
    why: "Money attached to a programme: what it buys and how it will be evaluated.",
  },
  delay: {
    probe: "What is the history of these delays, and what will be different this time?",
    why: "Delays against earlier plans.",
  },
  commitment: {
    probe: "Is this on track, and how will the committee be told if it slips?",
    why: "A dated commitment the committee can hold the department to.",
  },
  demand: {
    probe: "What does this rise mean for capacity and budgets, and what is the plan if it continues?",
    why: "Rising demand with cost and capacity consequences.",
  },
  benchmark: {
    probe: "Which measures are behind, what is driving it, and what does success look like?",
    why: "Performance behind comparable authorities.",
  },
  service_change: {
    probe: "Has the previous service model been evaluated, and what does success look like for the new one?",
    why: "A change of service model.",
  },
  consultation: {
    probe: "Who was consulted, and how have the voices of local people and frontline staff been heard?",
    why: "How the design was informed.",
  },
};

function composeProse(signal: Signal, kind: Exclude<SignalKind, "indicator">, ctx: ComposeContext) {
  const { probe, why } = PROBES[kind];
  const unitId = signal.unitIds[0] ?? "";
  const para = ctx.paragraphOf(unitId);
  const lead = para ? `Para ${para} says` : "The report says";
  const quote = (signal.quote ?? "")
    .replace(/[.\s]+$/, "")
    .replace(/^(?:However|In addition|Furthermore|Additionally|Also|Therefore),\s+(\w)/, (_m, c: string) =>
      c.toUpperCase(),
    );
  return { question: `${lead} “${quote}”. ${probe}`, why, unitIds: signal.unitIds };
}

export function composeQuestion(signal: Signal, ctx: ComposeContext): ComposedQuestion {
  if (signal.kind === "indicator" && signal.indicator) return composeIndicator(signal, signal.indicator, ctx);
  if (signal.kind === "indicator")
    throw new Error(`questions: indicator signal ${signal.key} has no indicator`);
  return composeProse(signal, signal.kind, ctx);
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^a-z0-9%.\s]/g, " ")
      .split(/\s+/)
      .filter((w) => w.length > 2),
  );
}

/** Share of words two questions have in common (Jaccard). */
export function similarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  let both = 0;
  for (const w of wa) if (wb.has(w)) both++;
  const union = wa.size + wb.size - both;
  return union === 0 ? 0 : both / union;
}

/** Above this, two drafted questions are the same question. */
export const NEAR_DUPLICATE = 0.7;

/** Keeps the first of any near-identical questions (input is ranked, so the stronger one stays). */
export function dedupeQuestions<T extends { question: string; unitIds: string[] }>(items: T[]): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const dup = kept.some(
      (k) =>
        similarity(k.question, item.question) >= NEAR_DUPLICATE ||
        k.unitIds.join(" ") === item.unitIds.join(" "),
    );
    if (!dup) kept.push(item);
  }
  return kept;
}
