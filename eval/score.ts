import type { Answer, AnswerFigure, Citation } from "../bot/engine/types.js";
import { extractFigures, figureStatedIn, normaliseUnit, unstatedFigures } from "../ingest/figures.js";
import { type NumberMention, numbersMatch, parseNumber, parseNumberMentions } from "../ingest/numbers.js";
import type { Unit } from "../ingest/types.js";
import { expectedFigures, type GoldCase } from "./gold.js";

/**
 * The deterministic scorer: one gold case and one answer in, every check of eval-rules (d) out.
 * No LLM judge; numbers go through the project's one number parser (ingest/numbers.ts) and the same
 * `figureStatedIn` the answer guard uses, so the eval and the product agree on what "stated" means.
 */

export const FAILURE_CODES = [
  "NO_FIGURE",
  "VALUE_MISMATCH",
  "SCALE_MISMATCH",
  "UNIT_MISMATCH",
  "FACT_NOT_FOUND",
  "NO_CITATION",
  "CITATION_INVALID",
  "WRONG_PARAGRAPH",
  "FIGURE_NOT_IN_CITED_TEXT",
  "FALSE_ABSTAIN",
  "FALSE_ANSWER",
  "UNGROUNDED_NUMBER",
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export type CaseKind = "figure" | "two_figures" | "fact" | "unanswerable";

/** A figure the gold expects, already resolved from the gold file's strings. */
export interface ExpectedFigure {
  /** As printed in the paper ("82.6"), which fixes the precision. */
  value: string;
  /** Figure unit of ingest/types.ts: percent, pp, count, gbp, weeks... */
  unit: string;
  /** Multiplier the gold declares on top of `value` (million -> 1e6); 1 when none. */
  scale: number;
  /** Overrides the default tolerance of half a unit in the last printed decimal place. */
  toleranceAbs: number | null;
  /** Other printed values that are equally right (same unit and scale). */
  alternatives: string[];
}

export interface ExpectedEvidence {
  /** File name of the paper (no folder). */
  source: string;
  /** Substring of the document title, to tell apart the many "para 7"s of an agenda pack. */
  document: string | null;
  paragraph: string | null;
  quote: string;
}

/** The scorer's view of a gold case: the gold schema is adapted to this in run.ts. */
export interface ScoringCase {
  id: string;
  question: string;
  kind: CaseKind;
  figures: ExpectedFigure[];
  anyOf: string[];
  evidence: ExpectedEvidence[];
  tags: string[];
  /** Papers (file names) the case is about: its evidence's, or for unanswerable cases its paper tags'. */
  papers: string[];
}

/** Something a citation id can resolve to: an index unit, or a chunk of the baseline. */
export interface ScoringUnit {
  id: string;
  text: string;
  title: string;
  paragraph: string | null;
  /** Every place the text stands: file name (no folder) and character span in that file. */
  sources: { file: string; start: number; end: number }[];
}

export interface ScoreContext {
  lookup(id: string): ScoringUnit | undefined;
  /** Where a gold quote stands in its paper, or null when it cannot be found. Memoised by the caller. */
  locateQuote(file: string, quote: string): { start: number; end: number } | null;
}

export interface CitationCheck {
  id: string;
  valid: boolean;
  evidence: boolean;
}

export interface CaseChecks {
  /** Strict numeric accuracy on the structured figure (figure and two_figures cases). */
  figure: boolean | null;
  /** Any figure mention in the answer text matches (figure and two_figures cases). */
  figureLenient: boolean | null;
  scaleUnit: boolean | null;
  relaxed5: boolean | null;
  fact: boolean | null;
  /** Unanswerable cases: refused and stated no figure. */
  refusedCorrectly: boolean | null;
  /** Answerable cases: refused. */
  falseAbstain: boolean | null;
  evidenceHit: boolean | null;
  figureInCited: boolean | null;
  citationPrecision: number | null;
  /** 1-based rank of the first acceptable evidence unit among the retrieved units; null when absent. */
  evidenceRank: number | null;
  citationsValid: number;
  citationsTotal: number;
  ungrounded: string[];
}

export interface CaseScore {
  id: string;
  kind: CaseKind;
  /** Papers (file names) the case is about; empty for unanswerable cases. */
  papers: string[];
  tags: string[];
  pass: boolean;
  failures: FailureCode[];
  /** Human-readable detail behind the codes, and format warnings that do not fail the case. */
  details: string[];
  warnings: string[];
  checks: CaseChecks;
  citations: CitationCheck[];
  retrieved: { id: string; evidence: boolean }[];
}

export const SCALE_WORDS: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** SQuAD-style answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswerText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Finds a quote in raw paper text, whatever whitespace the extraction put between its words. */
export function findQuote(text: string, quote: string): { start: number; end: number } | null {
  const words = collapse(quote).split(" ").filter(Boolean);
  if (words.length === 0) return null;
  const pattern = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+");
  const m = new RegExp(pattern, "i").exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

interface GoldNumber {
  amount: number;
  /** Decimal places as printed, at `scale`. */
  decimals: number;
  scale: number;
  unit: string;
  /** The gold's own tolerance in base units; null: half a unit of the last printed place (N8). */
  tolerance: number | null;
}

interface PredNumber {
  amount: number;
  unit: string;
  /** Decimal places and magnitude as printed; null/1 when the text did not parse. */
  decimals: number | null;
  scale: number;
  raw: string;
}

function goldNumbers(expected: ExpectedFigure): GoldNumber[] {
  const out: GoldNumber[] = [];
  for (const value of [expected.value, ...expected.alternatives]) {
    const parsed = parseNumber(value);
    if (!parsed) continue;
    // A value printed with its own magnitude ("1.1m") carries it; otherwise the gold's scale applies.
    const scale = parsed.scale !== 1 ? parsed.scale : expected.scale;
    // toFixed trims float noise such as 1.1 * 1e6 = 1100000.0000000002.
    const amount = parsed.scale !== 1 ? parsed.amount : Number((parsed.amount * expected.scale).toFixed(9));
    const tolerance = expected.toleranceAbs === null ? null : expected.toleranceAbs * scale;
    out.push({ amount, decimals: parsed.decimals, scale, unit: expected.unit, tolerance });
  }
  return out;
}

function unitOfMention(m: NumberMention): string | null {
  if (m.pp) return "pp";
  if (m.percent) return "percent";
  if (m.currency === "gbp") return "gbp";
  return null;
}

/** The structured figure as a number in base units; its printed text wins over `value` when it parses. */
export function predictedNumber(figure: AnswerFigure): PredNumber {
  const parsed =
    parseNumber(figure.text) ?? parseNumberMentions(figure.text).find((m) => m.role === "figure") ?? null;
  const declared = normaliseUnit(figure.unit);
  if (!parsed) return { amount: figure.value, unit: declared, decimals: null, scale: 1, raw: figure.text };
  const fromText = unitOfMention(parsed);
  const unit = declared !== "number" ? declared : (fromText ?? declared);
  return { amount: parsed.amount, unit, decimals: parsed.decimals, scale: parsed.scale, raw: figure.text };
}

const COUNTLIKE = new Set(["count", "number"]);

/**
 * Can a structured figure labelled `pred` answer a gold figure of unit `gold`? Stricter than the guard's
 * `figureStatedIn` (where "number" means undeclared and matches anything): a bare 82.6 does not answer
 * a percentage question. `warning` marks a tolerated format gap (N5).
 */
export function unitsCompatible(goldUnit: string, predUnit: string): { ok: boolean; warning: string | null } {
  const gold = normaliseUnit(goldUnit);
  const pred = normaliseUnit(predUnit);
  if (gold === pred) return { ok: true, warning: null };
  if (COUNTLIKE.has(gold) && COUNTLIKE.has(pred)) return { ok: true, warning: null };
  if (gold === "ratio" && pred === "number") return { ok: true, warning: null };
  if (gold === "gbp" && COUNTLIKE.has(pred)) {
    return { ok: true, warning: "FORMAT_WARNING: money figure given without £" };
  }
  if (gold === "pp" && pred === "percent") {
    return { ok: true, warning: "FORMAT_WARNING: percentage-point change given as %" };
  }
  return { ok: false, warning: null };
}

/** N8 with the gold's precision only: is the gold a correct rounding of the predicted amount? */
function matches(gold: GoldNumber, amount: number): boolean {
  const g = { amount: gold.amount, decimals: gold.decimals, scale: gold.scale };
  return numbersMatch(g, { amount }, gold.tolerance ?? undefined);
}

const MAGNITUDE_SHIFTS = [1e-9, 1e-6, 1e-3, 1e3, 1e6, 1e9];

interface FigureVerdict {
  value: boolean;
  scaleMismatch: boolean;
  unit: boolean;
  scaleUnit: boolean;
  relaxed5: boolean;
  warning: string | null;
}

function judgeFigure(expected: GoldNumber[], pred: PredNumber): FigureVerdict {
  const first = expected[0];
  if (!first) {
    return {
      value: false,
      scaleMismatch: false,
      unit: false,
      scaleUnit: false,
      relaxed5: false,
      warning: null,
    };
  }
  const compat = unitsCompatible(first.unit, pred.unit);
  const value = expected.some((g) => matches(g, pred.amount));
  const scaleMismatch =
    !value && expected.some((g) => MAGNITUDE_SHIFTS.some((f) => matches(g, pred.amount * f)));
  const ratio =
    first.amount === 0 ? (pred.amount === 0 ? 1 : Number.POSITIVE_INFINITY) : pred.amount / first.amount;
  // Same order of magnitude (within a factor of ~30) counts as the same scale, whatever the value.
  const sameMagnitude = Math.abs(Math.log10(Math.abs(ratio))) < 1.5;
  const relaxed5 = expected.some((g) =>
    g.amount === 0 ? pred.amount === 0 : Math.abs(pred.amount - g.amount) <= 0.05 * Math.abs(g.amount),
  );
  return {
    value,
    scaleMismatch,
    unit: compat.ok,
    scaleUnit: compat.ok && sameMagnitude && !scaleMismatch,
    relaxed5,
    warning: compat.warning,
  };
}

function statedIn(expected: GoldNumber[], text: string): boolean {
  return expected.some((g) =>
    figureStatedIn({ amount: g.amount, unit: g.unit, decimals: g.decimals, scale: g.scale }, text),
  );
}

/** Figures in `text` (and structured figures) that no cited text states: numbers a reader could not check. */
export function ungroundedFigures(
  text: string,
  extra: readonly AnswerFigure[],
  citedTexts: readonly string[],
): string[] {
  const out = new Set<string>(unstatedFigures(text, [...citedTexts]).map((f) => f.raw.trim()));
  for (const fig of extra) {
    const p = predictedNumber(fig);
    const claim = { amount: p.amount, unit: p.unit, decimals: p.decimals ?? 0, scale: p.scale };
    if (!citedTexts.some((t) => figureStatedIn(claim, t))) out.add(fig.text);
  }
  return [...out];
}

function citationAcceptable(
  citation: Citation,
  unit: ScoringUnit | undefined,
  evidence: readonly ExpectedEvidence[],
  ctx: ScoreContext,
): boolean {
  const text = collapse(unit?.text ?? citation.text).toLowerCase();
  const places = unit?.sources ?? [{ file: fileName(citation.source), start: -1, end: -1 }];
  for (const e of evidence) {
    const file = fileName(e.source);
    const here = places.filter((p) => p.file === file);
    if (here.length === 0) continue;
    if (e.quote && text.includes(collapse(e.quote).toLowerCase())) return true;
    const title = (unit?.title ?? citation.title).toLowerCase();
    const paragraph = unit?.paragraph ?? citation.paragraph;
    if (
      e.paragraph !== null &&
      paragraph === e.paragraph &&
      (e.document === null || title.includes(e.document.toLowerCase()))
    ) {
      return true;
    }
    // The unit's text may be re-joined or trimmed of page furniture: fall back to where it stands.
    const span = e.quote ? ctx.locateQuote(file, e.quote) : null;
    if (span) {
      const length = span.end - span.start;
      for (const p of here) {
        const overlap = Math.min(p.end, span.end) - Math.max(p.start, span.start);
        if (p.start >= 0 && overlap > 0 && overlap * 2 >= length) return true;
      }
    }
  }
  return false;
}

function citationValid(citation: Citation, unit: ScoringUnit | undefined): boolean {
  if (!unit) return false;
  const cited = collapse(citation.text);
  return cited === "" || collapse(unit.text).includes(cited);
}

function answerMentionsFigure(answer: Answer): boolean {
  return answer.figures.length > 0 || extractFigures(answer.answer).length > 0;
}

/**
 * Scores one answer against one gold case. `retrieved` is the engine's ranked unit ids (best first),
 * or its citations when it exposes no retrieval call.
 */
export function scoreCase(
  gold: ScoringCase,
  answer: Answer,
  retrieved: readonly string[],
  ctx: ScoreContext,
): CaseScore {
  const failures = new Set<FailureCode>();
  const details: string[] = [];
  const warnings: string[] = [];
  const answerable = gold.kind !== "unanswerable";

  const resolved = answer.citations.map((c) => ({ citation: c, unit: ctx.lookup(c.id) }));
  const citations: CitationCheck[] = resolved.map(({ citation, unit }) => ({
    id: citation.id,
    valid: citationValid(citation, unit),
    evidence: answerable && citationAcceptable(citation, unit, gold.evidence, ctx),
  }));
  const citedTexts = resolved.map(({ citation, unit }) => unit?.text ?? citation.text);
  const citationsValid = citations.filter((c) => c.valid).length;

  const ungrounded = ungroundedFigures(answer.answer, answer.figures, citedTexts);
  if (ungrounded.length > 0) {
    failures.add("UNGROUNDED_NUMBER");
    details.push(`figures no cited paragraph states: ${ungrounded.join(", ")}`);
  }
  if (citationsValid < citations.length) {
    failures.add("CITATION_INVALID");
    const bad = citations.filter((c) => !c.valid).map((c) => c.id);
    details.push(`citations not matching the index: ${bad.join(", ")}`);
  }

  const checks: CaseChecks = {
    figure: null,
    figureLenient: null,
    scaleUnit: null,
    relaxed5: null,
    fact: null,
    refusedCorrectly: null,
    falseAbstain: null,
    evidenceHit: null,
    figureInCited: null,
    citationPrecision: null,
    evidenceRank: null,
    citationsValid,
    citationsTotal: citations.length,
    ungrounded,
  };

  const retrievedChecks = retrieved.map((id) => {
    if (!answerable) return { id, evidence: false };
    const unit = ctx.lookup(id);
    const asCitation: Citation = {
      id,
      source: unit?.sources[0]?.file ?? "",
      title: unit?.title ?? "",
      section: null,
      paragraph: unit?.paragraph ?? null,
      page: null,
      date: null,
      text: unit?.text ?? "",
      score: 0,
      collection: "",
    };
    return { id, evidence: unit !== undefined && citationAcceptable(asCitation, unit, gold.evidence, ctx) };
  });

  let pass: boolean;
  if (!answerable) {
    const refused = !answer.answered && !answerMentionsFigure(answer);
    checks.refusedCorrectly = refused;
    if (!refused) {
      failures.add("FALSE_ANSWER");
      details.push(
        answer.answered
          ? "answered a question the papers do not answer"
          : "refused but still stated a figure",
      );
    }
    pass = refused && ungrounded.length === 0;
  } else {
    checks.falseAbstain = !answer.answered;
    if (!answer.answered) {
      failures.add("FALSE_ABSTAIN");
      details.push("refused a question the papers answer");
    }
    if (answer.citations.length === 0) failures.add("NO_CITATION");
    const evidenceHit = citations.some((c) => c.evidence);
    checks.evidenceHit = evidenceHit;
    checks.citationPrecision =
      citations.length === 0 ? 0 : citations.filter((c) => c.evidence).length / citations.length;
    const rank = retrievedChecks.findIndex((r) => r.evidence);
    checks.evidenceRank = rank >= 0 ? rank + 1 : null;
    if (answer.citations.length > 0 && !evidenceHit) {
      failures.add("WRONG_PARAGRAPH");
      const wanted = gold.evidence.map((e) => `${e.source}${e.paragraph ? ` para ${e.paragraph}` : ""}`);
      details.push(`no citation is the expected evidence (${wanted.join(" or ")})`);
    }

    let contentOk: boolean;
    if (gold.kind === "fact") {
      const haystacks = [answer.answer, ...citedTexts].map(normaliseAnswerText);
      const found = gold.anyOf.some((phrase) => {
        const p = normaliseAnswerText(phrase);
        return p.length > 0 && haystacks.some((h) => h.includes(p));
      });
      checks.fact = answer.answered && found;
      if (answer.answered && !found) {
        failures.add("FACT_NOT_FOUND");
        details.push(`none of ${gold.anyOf.map((p) => `"${p}"`).join(", ")} in the answer or its citations`);
      }
      contentOk = checks.fact;
    } else {
      const expected = gold.figures.map(goldNumbers);
      const preds = answer.figures.map(predictedNumber);
      const lenient = expected.map((g) => answer.answered && statedIn(g, answer.answer));
      checks.figureLenient = lenient.every(Boolean);
      const inCited = expected.map((g) => citedTexts.some((t) => statedIn(g, t)));
      checks.figureInCited = inCited.every(Boolean);

      if (gold.kind === "figure") {
        const g = expected[0] ?? [];
        const first = preds[0];
        if (!first) {
          checks.figure = false;
          checks.scaleUnit = false;
          checks.relaxed5 = false;
          if (answer.answered) {
            failures.add("NO_FIGURE");
            details.push("the answer gives no structured figure");
          }
        } else {
          const v = judgeFigure(g, first);
          checks.figure = answer.answered && v.value && v.unit;
          checks.scaleUnit = v.scaleUnit;
          checks.relaxed5 = v.relaxed5;
          if (v.warning) warnings.push(v.warning);
          if (answer.answered) {
            const want = gold.figures[0];
            const wantText = want
              ? `${want.value} ${want.unit}${want.scale !== 1 ? ` x${want.scale}` : ""}`
              : "";
            if (v.scaleMismatch) failures.add("SCALE_MISMATCH");
            else if (!v.value) failures.add("VALUE_MISMATCH");
            if (!v.unit) failures.add("UNIT_MISMATCH");
            if (!v.value || !v.unit) details.push(`expected ${wantText}, got "${first.raw}" (${first.unit})`);
          }
        }
      } else {
        // Two figures: the contract's structured `figures[0]` is the one asked for, so each value may
        // come from a structured figure or from the answer's own words.
        const each = expected.map(
          (g, i) =>
            answer.answered &&
            (preds.some((p) => judgeFigure(g, p).value && judgeFigure(g, p).unit) || (lenient[i] ?? false)),
        );
        checks.figure = each.every(Boolean);
        checks.scaleUnit = checks.figure;
        checks.relaxed5 =
          expected.every((g) => preds.some((p) => judgeFigure(g, p).relaxed5)) || checks.figure;
        if (answer.answered && !checks.figure) {
          failures.add("VALUE_MISMATCH");
          const missing = gold.figures.filter((_, i) => !each[i]).map((f) => f.value);
          details.push(`not stated in the answer: ${missing.join(", ")}`);
        }
      }
      if (answer.answered && answer.citations.length > 0 && !checks.figureInCited) {
        failures.add("FIGURE_NOT_IN_CITED_TEXT");
      }
      contentOk = (checks.figure ?? false) && checks.figureInCited;
    }
    pass =
      answer.answered &&
      contentOk &&
      evidenceHit &&
      citationsValid === citations.length &&
      ungrounded.length === 0;
  }

  return {
    id: gold.id,
    kind: gold.kind,
    papers: gold.papers,
    tags: gold.tags,
    pass,
    failures: FAILURE_CODES.filter((c) => failures.has(c)),
    details,
    warnings,
    checks,
    citations,
    retrieved: retrievedChecks,
  };
}

// ---- gold and index adapters ----

const PAPER_TAG = /^paper:(.+)$/;

/** Adapts a gold case to the scorer; `corpusFiles` resolves "paper:001" tags of unanswerable cases to files. */
export function toScoringCase(gold: GoldCase, corpusFiles: readonly string[]): ScoringCase {
  const figures: ExpectedFigure[] = expectedFigures(gold).map((f) => ({
    value: f.value,
    unit: f.kind,
    scale: f.scale ? (SCALE_WORDS[f.scale] ?? 1) : 1,
    toleranceAbs: f.tolerance,
    alternatives: f.alternatives,
  }));
  const evidence: ExpectedEvidence[] = gold.evidence.map((e) => ({
    source: e.source,
    document: e.document,
    paragraph: e.paragraph,
    quote: e.quote,
  }));
  let papers = [...new Set(evidence.map((e) => e.source))].sort();
  if (papers.length === 0) {
    const prefixes = gold.tags.flatMap((t) => PAPER_TAG.exec(t)?.[1] ?? []);
    papers = corpusFiles.filter((f) => prefixes.some((p) => f.startsWith(`${p}_`) || f === p));
  }
  return {
    id: gold.id,
    question: gold.question,
    kind: gold.kind as CaseKind,
    figures,
    anyOf: gold.kind === "fact" ? gold.expected.any_of : [],
    evidence,
    tags: gold.tags,
    papers,
  };
}

// ---- corpus and lookups ----

function quoteLocator(corpus: ReadonlyMap<string, string>): ScoreContext["locateQuote"] {
  const memo = new Map<string, { start: number; end: number } | null>();
  return (file, quote) => {
    const key = `${file}\u0000${quote}`;
    if (!memo.has(key)) {
      const text = corpus.get(file);
      memo.set(key, text === undefined ? null : findQuote(text, quote));
    }
    return memo.get(key) ?? null;
  };
}

export function unitToScoring(unit: Unit): ScoringUnit {
  return {
    id: unit.id,
    text: unit.text,
    title: unit.title,
    paragraph: unit.paragraph,
    sources: unit.sources.map((s) => ({ file: fileName(s.source), start: s.start, end: s.end })),
  };
}

export function indexScoreContext(
  units: ReadonlyMap<string, Unit>,
  corpus: ReadonlyMap<string, string>,
): ScoreContext {
  return {
    lookup: (id) => {
      const u = units.get(id);
      return u ? unitToScoring(u) : undefined;
    },
    locateQuote: quoteLocator(corpus),
  };
}

export function chunkScoreContext(
  chunks: readonly { id: string; source: string; start: number; end: number; text: string }[],
  corpus: ReadonlyMap<string, string>,
): ScoreContext {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  return {
    lookup: (id) => {
      const c = byId.get(id);
      return c
        ? { id: c.id, text: c.text, title: c.source, paragraph: null, sources: [{ file: c.source, ...c }] }
        : undefined;
    },
    locateQuote: quoteLocator(corpus),
  };
}
