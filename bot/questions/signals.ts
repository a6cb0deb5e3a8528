import { figureStatedIn } from "../../ingest/figures.js";
import { type NumberMention, parseNumber, parseNumberMentions } from "../../ingest/numbers.js";
import { tokenize } from "../../ingest/tokenize.js";
import type { FigureUnit, Unit } from "../../ingest/types.js";
import { splitSentences } from "../engine/sentences.js";

/**
 * What a scrutiny member would probe in a report: weak indicators on a performance dashboard (Red or Amber,
 * worse than last period given the polarity, short of target or of statistical neighbours, bottom quartile),
 * data the report cannot give, budget pressures, savings, money attached to programmes, dated commitments,
 * delays, rising demand and changes of service model. Pure: units in, ranked signals out.
 */

export type Polarity = "high" | "low";
export type Rag = "red" | "amber" | "green";
export type Trend = "worse" | "better" | "same";

/** A value as printed in a dashboard cell, with the number read from it. */
export interface Reading {
  raw: string;
  value: NumberMention;
  /** The period column beside it ("Q3 2023/24", "2022/23 Final"), as printed; null when the table has none. */
  period: string | null;
}

export interface Indicator {
  /** The indicator as the table names it. */
  name: string;
  valueType: string | null;
  polarity: Polarity | null;
  latest: Reading | null;
  previous: Reading | null;
  /** ">97.2%": above is good; "<20.8%": below is good. */
  target: { raw: string; value: NumberMention; direction: "above" | "below" } | null;
  rag: Rag | null;
  /** 1 = top, 4 = bottom; null when the table gives none. */
  quartile: number | null;
  neighbours: Reading | null;
  /** Latest against previous, read through the polarity; null when either is missing or polarity unknown. */
  trend: Trend | null;
  missedTarget: boolean;
  worseThanNeighbours: boolean;
}

export const SIGNAL_KINDS = [
  "indicator",
  "not_reported",
  "pressure",
  "savings",
  "money",
  "delay",
  "commitment",
  "demand",
  "benchmark",
  "service_change",
  "consultation",
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface Signal {
  /** Stable within one draft: kind and the primary unit. */
  key: string;
  kind: SignalKind;
  /** Units stating the facts, the most readable first (a prose paragraph before its dashboard row). */
  unitIds: string[];
  severity: number;
  /** For indicators: the row read as a whole. */
  indicator: Indicator | null;
  /** The paragraph that talks about the indicator, when one states its latest value. */
  prose: { unitId: string; subject: string | null; persistent: boolean } | null;
  /** For prose signals: the sentence (or clause) that triggered it, verbatim from the unit. */
  quote: string | null;
  /** Words that say what the signal is about, for finding the same subject in past minutes. */
  about: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Dashboard rows

const COLUMNS = {
  indicator: /^(?:indicator|measure|kpi|performance indicator|description)$/i,
  valueType: /value type/i,
  polarity: /polarity/i,
  previousPeriod: /previous period/i,
  previousValue: /^previous (?:value|year|figure)$/i,
  latestPeriod: /latest (?:period|update)|^period$/i,
  latestValue: /latest value|end of year figure|^(?:actual|outturn|value)$/i,
  trend: /^trend$|compared to previous/i,
  target: /target/i,
  rag: /\brag\b|^status/i,
  quartile: /quartile|national benchmark/i,
  neighbours: /statistical neighbour/i,
} as const;
type Column = keyof typeof COLUMNS;

function columnIndex(header: string[]): Partial<Record<Column, number>> {
  const at: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const name = h.trim();
    if (name === "") return;
    for (const col of Object.keys(COLUMNS) as Column[]) {
      if (at[col] !== undefined) continue;
      // "Previous Period" is a period column, not a value: test the period patterns first.
      if (col === "previousValue" && COLUMNS.previousPeriod.test(name)) continue;
      if (col === "latestValue" && COLUMNS.latestPeriod.test(name)) continue;
      if (COLUMNS[col].test(name)) {
        at[col] = i;
        break;
      }
    }
  });
  return at;
}

function cellAt(cells: string[], i: number | undefined): string | null {
  if (i === undefined) return null;
  const c = cells[i]?.trim() ?? "";
  return c === "" || /^n\/?a$/i.test(c) ? null : c;
}

/** The first figure of a cell: "2770 (100%)" gives 2770, ">97.2%" gives 97.2. */
function readCell(cell: string | null): NumberMention | null {
  if (cell === null) return null;
  const whole = parseNumber(cell);
  if (whole !== null && whole.role === "figure") return whole;
  return parseNumberMentions(cell).find((m) => m.role === "figure") ?? null;
}

/** "(low = good)", "(low is good)" dropped from an indicator's name. */
export function withoutPolarity(name: string): string {
  return name
    .replace(/\((?:[^)]*\b)?(?:low|high)\s*(?:=|is)\s*good\)/gi, "")
    .replace(/\s+/g, " ")
    .trim();
}

const POLARITY_IN_TEXT = /\((?:[^)]*\b)?(low|high)\s*(?:=|is)\s*good\b/i;

function polarityOf(...cells: (string | null)[]): Polarity | null {
  for (const c of cells) {
    if (c === null) continue;
    const direct = /^\s*(high|low)\s*=\s*good\s*$/i.exec(c);
    const m = direct ?? POLARITY_IN_TEXT.exec(c);
    if (m?.[1]) return m[1].toLowerCase() === "high" ? "high" : "low";
  }
  return null;
}

/** The indicator cell: the named column, else the wordiest of the first cells (performance tables leave it unnamed). */
function indicatorName(
  cells: string[],
  at: Partial<Record<Column, number>>,
  header: string[],
): string | null {
  const named = cellAt(cells, at.indicator);
  if (named !== null) return named;
  const used = new Set(Object.values(at));
  let best: string | null = null;
  cells.forEach((c, i) => {
    if (i > 3 || used.has(i) || ((header[i] ?? "").trim() !== "" && i !== 0)) return;
    const letters = (c.match(/[a-z]/gi) ?? []).length;
    if (letters > 8 && (best === null || letters > (best.match(/[a-z]/gi) ?? []).length)) best = c.trim();
  });
  return best;
}

function compare(a: number, b: number, polarity: Polarity): Trend {
  if (a === b) return "same";
  const better = polarity === "high" ? a > b : a < b;
  return better ? "better" : "worse";
}

/**
 * Reads a performance table row: a dashboard ("Polarity", "Latest Value", "Target", "Status RAG", quartile,
 * statistical neighbours) or an end-of-year table ("End of year figure", "Previous year", "Compared to previous
 * year"). Null for any other table.
 */
export function readIndicatorRow(unit: Unit): Indicator | null {
  const table = unit.table;
  if (!table) return null;
  const header = table.header;
  const cells = table.cells;
  const at = columnIndex(header);
  if (at.latestValue === undefined) return null;
  const name = indicatorName(cells, at, header);
  if (name === null) return null;
  const latestRaw = cellAt(cells, at.latestValue);
  const latestValue = readCell(latestRaw);
  if (latestRaw === null || latestValue === null) return null;
  const previousRaw = cellAt(cells, at.previousValue);
  const previousValue = readCell(previousRaw);
  const trendCell = cellAt(cells, at.trend);
  const polarity = polarityOf(cellAt(cells, at.polarity), name, trendCell);
  const targetRaw = cellAt(cells, at.target);
  const targetValue = readCell(targetRaw);
  const neighboursRaw = cellAt(cells, at.neighbours);
  const neighboursValue = readCell(neighboursRaw);
  const ragCell = cellAt(cells, at.rag)?.toLowerCase() ?? "";
  const rag: Rag | null = /\bred\b/.test(ragCell)
    ? "red"
    : /\bamber\b/.test(ragCell)
      ? "amber"
      : /\bgreen\b/.test(ragCell)
        ? "green"
        : null;
  const quartileCell = cellAt(cells, at.quartile);
  const quartile = quartileCell !== null && /^[1-4]$/.test(quartileCell) ? Number(quartileCell) : null;

  let target: Indicator["target"] = null;
  if (targetRaw !== null && targetValue !== null) {
    const direction = /^\s*[<≤]/.test(targetRaw)
      ? "below"
      : /^\s*[>≥]/.test(targetRaw)
        ? "above"
        : polarity === "low"
          ? "below"
          : polarity === "high"
            ? "above"
            : null;
    if (direction !== null) target = { raw: targetRaw, value: targetValue, direction };
  }
  const latestAmount = latestValue.amount;
  const trend =
    polarity !== null && previousValue !== null
      ? compare(latestAmount, previousValue.amount, polarity)
      : null;
  const missedTarget =
    target !== null &&
    (target.direction === "above" ? latestAmount < target.value.amount : latestAmount > target.value.amount);
  const worseThanNeighbours =
    polarity !== null &&
    neighboursValue !== null &&
    compare(latestAmount, neighboursValue.amount, polarity) === "worse";

  return {
    name,
    valueType: cellAt(cells, at.valueType),
    polarity,
    latest: { raw: latestRaw, value: latestValue, period: cellAt(cells, at.latestPeriod) },
    previous:
      previousRaw !== null && previousValue !== null
        ? { raw: previousRaw, value: previousValue, period: cellAt(cells, at.previousPeriod) }
        : null,
    target,
    rag,
    quartile,
    neighbours:
      neighboursRaw !== null && neighboursValue !== null
        ? { raw: neighboursRaw, value: neighboursValue, period: null }
        : null,
    trend,
    missedTarget,
    worseThanNeighbours,
  };
}

/** How much a scrutiny member would want to ask about an indicator; 0 when nothing is wrong with it. */
export function indicatorSeverity(ind: Indicator): number {
  let s = 0;
  if (ind.rag === "red") s += 50;
  else if (ind.rag === "amber") s += 20;
  if (ind.quartile === 4) s += 25;
  else if (ind.quartile === 3) s += 5;
  if (ind.trend === "worse") {
    s += 20;
    const prev = ind.previous?.value.amount;
    const latest = ind.latest?.value.amount;
    if (prev !== undefined && latest !== undefined && ind.latest?.value.percent) {
      // Bigger falls first: a five-point fall counts as much as being Red and bottom quartile.
      s += Math.min(15, Math.abs(latest - prev) * 3);
    }
  }
  if (ind.missedTarget && ind.target && ind.latest) {
    s += 5 + Math.min(20, Math.abs(ind.latest.value.amount - ind.target.value.amount));
  }
  if (ind.worseThanNeighbours) s += 5;
  const troubled =
    ind.rag === "red" ||
    ind.rag === "amber" ||
    ind.quartile === 4 ||
    ind.missedTarget ||
    ind.trend === "worse";
  return troubled ? Math.round(s * 10) / 10 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Prose

/** Words that name no subject: left out when comparing an indicator with a paragraph. */
const GENERIC = new Set(
  tokenize(
    "children child young people pupils percentage percent number proportion rate end quarter year leicestershire " +
      "council county local authorities national average previous latest period value good",
  ),
);

function contentTokens(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => !GENERIC.has(t) && !/^\d/.test(t)));
}

const SUBJECT_RE =
  /\b(?:the\s+)?(percentage|proportion|number|rate)\s+of\s+(.+?)\s+(?:was|were|is|are|has\s+been|increased\s+to|decreased\s+to|rose\s+to|fell\s+to|remained)\s+(?:at\s+)?/i;

/** "The percentage of X was 82.6%": X, when the value follows the verb directly. */
export function proseSubject(sentence: string, valueRaw: string): string | null {
  const m = SUBJECT_RE.exec(sentence);
  if (!m || m[2] === undefined) return null;
  const after = sentence.slice(m.index + m[0].length);
  const at = after.indexOf(valueRaw.replace(/^[<>]/, ""));
  if (at < 0 || at > 30) return null;
  return `the ${m[1]?.toLowerCase()} of ${m[2]}`;
}

const PERSISTENT = /\bcontinues? to (?:be )?(?:placed )?in the (?:fourth|bottom) quartile\b/i;

function figureUnitOf(m: NumberMention): FigureUnit {
  if (m.pp) return "pp";
  if (m.percent) return "percent";
  if (m.currency === "gbp") return "gbp";
  return "number";
}

function linkProse(
  row: Unit,
  ind: Indicator,
  prose: readonly Unit[],
): { unitId: string; subject: string | null; persistent: boolean } | null {
  const latest = ind.latest;
  if (!latest) return null;
  const nameTokens = contentTokens(ind.name);
  const probe = {
    amount: latest.value.amount,
    unit: figureUnitOf(latest.value),
    decimals: latest.value.decimals,
  };
  // The digits must be in the text before the (slower) figure reading is worth doing.
  const digits = /\d[\d.]*/.exec(latest.value.raw.replace(/,/g, ""))?.[0] ?? "";
  let best: { unit: Unit; overlap: number } | null = null;
  for (const u of prose) {
    if (u.id === row.id) continue;
    if (!u.text.replace(/,/g, "").includes(digits)) continue;
    if (!figureStatedIn(probe, u.text)) continue;
    const tokens = contentTokens(u.text);
    let overlap = 0;
    for (const t of nameTokens) if (tokens.has(t)) overlap++;
    if (overlap === 0) continue;
    if (!best || overlap > best.overlap) best = { unit: u, overlap };
  }
  if (!best) return null;
  const text = best.unit.text;
  const bare = latest.value.raw;
  const sentence = splitSentences(text)
    .map((s) => text.slice(s.start, s.end))
    .find((s) => s.includes(bare));
  return {
    unitId: best.unit.id,
    subject: sentence ? proseSubject(sentence, bare) : null,
    persistent: PERSISTENT.test(text),
  };
}

interface ProseRule {
  kind: Exclude<SignalKind, "indicator">;
  /** Where in a long sentence the quote should centre. */
  focus: RegExp;
  /** `meeting`: the paper's meeting date (ISO) or null. */
  test: (sentence: string, meeting: string | null) => boolean;
  severity: (sentence: string) => number;
}

/** A change is news when the sentence names no year, or a year no more than one before the meeting. */
function recent(sentence: string, meeting: string | null): boolean {
  if (meeting === null) return true;
  const years = [...sentence.matchAll(/\b(?:19|20)\d\d\b/g)].map((m) => Number(m[0]));
  return years.length === 0 || Math.max(...years) >= Number(meeting.slice(0, 4)) - 1;
}

const MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";

function moneyWeight(sentence: string): number {
  const amounts = parseNumberMentions(sentence)
    .filter((m) => m.role === "figure" && m.currency === "gbp")
    .map((m) => Math.abs(m.amount));
  const top = Math.max(0, ...amounts);
  return top > 0 ? Math.min(25, Math.log10(top) * 3) : 0;
}

function hasMoney(sentence: string): boolean {
  return parseNumberMentions(sentence).some((m) => m.role === "figure" && m.currency === "gbp");
}

function hasPercent(sentence: string): boolean {
  return parseNumberMentions(sentence).some((m) => m.role === "figure" && m.percent);
}

const NOT_REPORTED =
  /\bnot (?:possible|able) to report\b|\bcannot (?:be )?report(?:ed)?\b|\bunable to report\b|\bonly national indicators could be reported\b|\b(?:data|figures?|information) (?:is|are) not (?:yet )?available\b|\bnot available\b/i;
const PRESSURE =
  /\b(?:financial|budget|cost|growth) pressures?\b|\b(?:do|does) not have (?:the )?capacity\b|\bno capacity\b|\black of capacity\b|\boverspen[dt]\b|\bfunding gap\b|\bshortfall\b|\bdeficit\b|\bnot fully funded\b|\bspent more than\b|\bfinancial burden\b/i;
/** Rising costs: a pressure when the paper puts a figure on it, otherwise one reason among others. */
const COST_RISE =
  /\bcosts?\b[^.]{0,60}\b(?:increased|increases?|risen|rising|rise)\b|\bincreases? in (?:the )?cost\b/i;
const SAVINGS = /\bsavings?\b/i;
const MONEY =
  /\b(?:capital (?:allocation|investment)|invest(?:ed|ment)?|grant|funding|spend|budget(?:ed)?|contract|allocation|matched[- ]funding)\b/i;
/** "There have been delays", not "to avoid drift and delay" or "without delay". */
const DELAY =
  /(?<!\b(?:avoid|avoiding|without|prevent|preventing|reduce|reducing|minimise)\s(?:[a-z]+\s(?:and|or)\s)?)\bdelay(?:s|ed)?\b|\bbehind schedule\b|\bslipp(?:ed|age)\b/i;
const COMMITMENT = new RegExp(
  `\\b(?:will|should|aims? to|expected to|anticipated|planned to|plans to|intends? to)\\b[^.]*\\bby\\s+(?:the end of\\s+)?(?:${MONTH}\\s+)?(?:19|20)\\d\\d\\b`,
  "i",
);
const DEMAND_VERB = /\b(?:increase[sd]?|rise|rose|risen|grow(?:n|th)?|doubled|rapid increase)\b/i;
const RECORD_HIGH = /\bhighest (?:recorded|ever|level|number)\b|\brecord (?:high|level|number)\b/i;
const DEMAND_NOUN =
  /\b(?:demand|UASC|asylum|children in care|care leavers|referrals?|requests?|arrivals?|placements?|home educated|EHE|EHCPs?|accommodated|caseloads?)\b/i;
const BENCHMARK =
  /\b(?:fourth|bottom) quartile\b|\b(?:below|lower than) the (?:England|national) average\b|\bbelow the average for statistical neighbours\b/i;
const SERVICE_CHANGE =
  /\b(?:was|were|has been|have been) (?:established|launched|introduced|created|redesigned|restructured)\b|\bnew (?:service|operating) models?\b|\bredesign(?:ed|ing)?\b/i;
const CONSULTATION =
  /\b(?:were|was|been|being) consulted\b|\bconsultation (?:was|were|has been|took place|exercise)\b|\bco-?produc(?:ed|tion)\b|\binterviews? with\b|\bfeedback from (?:children|young people|parents|carers|families)\b/i;

const PROSE_RULES: ProseRule[] = [
  {
    kind: "not_reported",
    focus: NOT_REPORTED,
    test: (s) => NOT_REPORTED.test(s),
    severity: (s) => (/\bnot (?:possible|able) to report\b|\bonly national indicators\b/i.test(s) ? 40 : 20),
  },
  { kind: "pressure", focus: PRESSURE, test: (s) => PRESSURE.test(s), severity: (s) => 30 + moneyWeight(s) },
  {
    kind: "pressure",
    focus: COST_RISE,
    test: (s) => COST_RISE.test(s),
    severity: (s) => (hasMoney(s) || hasPercent(s) ? 30 + moneyWeight(s) : 18),
  },
  {
    kind: "savings",
    focus: SAVINGS,
    test: (s) => SAVINGS.test(s) && hasMoney(s),
    severity: (s) => 28 + moneyWeight(s),
  },
  { kind: "benchmark", focus: BENCHMARK, test: (s) => BENCHMARK.test(s) && /\d/.test(s), severity: () => 30 },
  { kind: "delay", focus: DELAY, test: (s) => DELAY.test(s), severity: () => 26 },
  {
    kind: "money",
    focus: MONEY,
    test: (s) => MONEY.test(s) && hasMoney(s),
    severity: (s) => 12 + moneyWeight(s),
  },
  { kind: "commitment", focus: COMMITMENT, test: (s) => COMMITMENT.test(s), severity: () => 24 },
  {
    kind: "demand",
    focus: DEMAND_VERB,
    test: (s) => DEMAND_NOUN.test(s) && ((DEMAND_VERB.test(s) && hasPercent(s)) || RECORD_HIGH.test(s)),
    severity: (s) => {
      if (RECORD_HIGH.test(s) && !hasPercent(s)) return 28;
      const pcts = parseNumberMentions(s)
        .filter((m) => m.role === "figure" && m.percent)
        .map((m) => m.amount);
      return 18 + Math.min(15, Math.max(0, ...pcts) / 10);
    },
  },
  {
    kind: "service_change",
    focus: SERVICE_CHANGE,
    test: (s, meeting) => SERVICE_CHANGE.test(s) && recent(s, meeting),
    severity: () => 16,
  },
  { kind: "consultation", focus: CONSULTATION, test: (s) => CONSULTATION.test(s), severity: () => 8 },
];

/** The sentence shortened to the clause around the match when it runs long; never cut inside a number. */
export function quoteAround(sentence: string, match: RegExp, max = 280): string {
  const s = sentence.trim().replace(/^[-–•*·]\s+/, "");
  if (s.length <= max) return s;
  const at = match.exec(s)?.index ?? 0;
  const breaks = [...s.matchAll(/[;,]\s|\s[–-]\s/g)].map((b) => b.index);
  // Start at the sentence, or at the clause break nearest before the match when the match sits late.
  let start = 0;
  if (at > max * 0.5) {
    const before = breaks.filter((b) => b < at && at - b < max * 0.6);
    const b = before[before.length - 1];
    start = b !== undefined ? b + 2 : Math.max(0, s.lastIndexOf(" ", at - Math.floor(max * 0.3)) + 1);
  }
  // End at the last clause break in reach after the match, else at the last space in reach.
  const after = breaks.filter((b) => b > at && b - start <= max && b - start >= max / 2);
  let end = after[after.length - 1] ?? -1;
  if (end < 0) {
    const space = s.lastIndexOf(" ", start + max);
    end = space > at ? space : s.length;
  }
  while (end < s.length && /[\d.,£%]/.test(s[end] ?? "")) end++;
  // A number keeps the word that says what it counts ("12 placements", not "12…").
  if (end < s.length && /\d[\d.,%]*$/.test(s.slice(start, end).trimEnd())) {
    const next = s.indexOf(" ", end + 1);
    end = next < 0 ? s.length : next;
  }
  const body = s.slice(start, end).trim().replace(/[,;]$/, "");
  return `${start > 0 ? "…" : ""}${body}${end < s.length ? "…" : ""}`;
}

/** "These homes should be open by July 2024" needs the sentence before it to say which homes. */
function withAntecedent(previous: string | undefined, quote: string): string {
  if (previous === undefined || !/^(?:These|This|They|It|Those|Both|Such)\b/.test(quote)) return quote;
  const lead = quoteAround(previous, /\S/, 200);
  return lead.endsWith("…") ? quote : `${lead} ${quote}`;
}

function proseSignals(unit: Unit): Signal[] {
  const text = unit.text;
  const sentences = splitSentences(text).map((span) => text.slice(span.start, span.end));
  // The first sentence of a paragraph names its subject; the trigger may be a later aside about it.
  const subject = sentences[0] ?? text;
  const found: Signal[] = [];
  for (const rule of PROSE_RULES) {
    for (const [i, sentence] of sentences.entries()) {
      // A question printed in the paper (a form's "Have the target groups been consulted?") states nothing.
      if (sentence.trimEnd().endsWith("?") || !rule.test(sentence, unit.meetingDate)) continue;
      found.push({
        key: `${rule.kind}:${unit.id}`,
        kind: rule.kind,
        unitIds: [unit.id],
        severity: rule.severity(sentence),
        indicator: null,
        prose: null,
        quote: withAntecedent(sentences[i - 1], quoteAround(sentence, rule.focus)),
        about: subject,
      });
      break;
    }
  }
  // One question per paragraph: the strongest reading of it.
  found.sort((a, b) => b.severity - a.severity);
  return found.slice(0, 1);
}

// ---------------------------------------------------------------------------------------------------------------

/** At most this many prose signals of one kind: three "is this on track?" questions read as one. */
const PER_KIND = 3;

/**
 * Signals in `units` (one report, in reading order), strongest first. Dashboard rows become indicator signals and
 * take the paragraph that states the same latest value with them; other paragraphs give prose signals. Units of
 * kind "minute" are never drafting material.
 */
export function detectSignals(units: readonly Unit[]): Signal[] {
  const prose = units.filter((u) => u.table === null && u.kind !== "minute");
  const used = new Set<string>();
  const signals: Signal[] = [];

  for (const row of units) {
    if (row.table === null) continue;
    const ind = readIndicatorRow(row);
    if (!ind) continue;
    const severity = indicatorSeverity(ind);
    if (severity <= 0) continue;
    const link = linkProse(row, ind, prose);
    if (link) used.add(link.unitId);
    const unitIds = link ? [link.unitId, row.id] : [row.id];
    signals.push({
      key: `indicator:${row.id}`,
      kind: "indicator",
      unitIds,
      severity: severity + (link?.persistent ? 5 : 0),
      indicator: ind,
      prose: link,
      quote: null,
      about: [withoutPolarity(ind.name), link?.subject ?? ""].join(" "),
    });
  }

  const perKind = new Map<SignalKind, number>();
  const proseFound = prose
    .filter((u) => !used.has(u.id))
    .flatMap(proseSignals)
    .sort((a, b) => b.severity - a.severity);
  for (const s of proseFound) {
    const n = perKind.get(s.kind) ?? 0;
    if (n >= PER_KIND) continue;
    perKind.set(s.kind, n + 1);
    signals.push(s);
  }

  const order = new Map(units.map((u, i) => [u.id, i]));
  return signals.sort(
    (a, b) =>
      b.severity - a.severity || (order.get(a.unitIds[0] ?? "") ?? 0) - (order.get(b.unitIds[0] ?? "") ?? 0),
  );
}
