import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { figureStatedIn } from "../ingest/figures.js";
import { parseNumber } from "../ingest/numbers.js";
import type { GoldCase, GoldEvidence, GoldFigure } from "./gold.js";

/**
 * Gold lint: proves every gold case still matches the papers before a run scores anything against it.
 * A quote must stand verbatim in its file, the expected figure must be stated in that quote, ids must be
 * unique. Stale gold (a reissued paper, a typo in a hand-edited line) fails here, not as a mystery score.
 */

export const LINT_CODES = [
  "DUPLICATE_ID",
  "UNKNOWN_SOURCE",
  "QUOTE_NOT_IN_SOURCE",
  "PAGE_FURNITURE_IN_QUOTE",
  "UNKNOWN_DOCUMENT",
  "UNPARSEABLE_VALUE",
  "VALUE_NOT_IN_QUOTE",
  "QUOTE_STATES_NO_EXPECTED_FIGURE",
  "PHRASE_NOT_IN_QUOTE",
  "MISSING_EVIDENCE",
  "UNEXPECTED_EVIDENCE",
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export interface LintProblem {
  id: string;
  code: LintCode;
  message: string;
}

const SCALE_MULTIPLIER = { thousand: 1e3, million: 1e6, billion: 1e9 } as const;

// Footers the PDF extraction leaves in hard-wrapped files ("67 Agenda Item 11": page number, then item);
// a quote spanning one is not one sentence on one page, and no citable unit holds it once ingest strips
// them. Case-sensitive on purpose: minutes say "agenda item 9" and "marked 'Agenda Item 8'" in prose.
const PAGE_FURNITURE = [/\b\d+\s+Agenda Item \d+\b/, /This page is intentionally left blank/i, /\f/];

/** Tabs, line breaks and runs of spaces become one space; the comparison every quote check uses. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function shorten(text: string, max = 90): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function describeFigure(figure: GoldFigure): string {
  return `${figure.value}${figure.scale ? ` ${figure.scale}` : ""} ${figure.kind}`;
}

type StatedFigure = Parameters<typeof figureStatedIn>[0];

type CorpusReader = (source: string) => string | null;

function corpusReader(corpusDir: string): CorpusReader {
  const cache = new Map<string, string | null>();
  return (source) => {
    const cached = cache.get(source);
    if (cached !== undefined) return cached;
    const path = join(corpusDir, source);
    const text =
      existsSync(path) && statSync(path).isFile() ? collapseWhitespace(readFileSync(path, "utf8")) : null;
    cache.set(source, text);
    return text;
  };
}

/** Each printing of the figure (value, then alternatives) in the shape `figureStatedIn` takes, or null if unparseable. */
function printings(figure: GoldFigure): StatedFigure[] | null {
  const multiplier = figure.scale ? SCALE_MULTIPLIER[figure.scale] : 1;
  const out: StatedFigure[] = [];
  for (const raw of [figure.value, ...figure.alternatives]) {
    const parsed = parseNumber(raw);
    if (parsed === null) return null;
    // toFixed trims float noise such as 1.1 * 1e6 = 1100000.0000000002 before the tolerance check.
    out.push({
      amount: Number((parsed.amount * multiplier).toFixed(9)),
      unit: figure.kind,
      decimals: parsed.decimals,
      scale: multiplier,
    });
  }
  return out;
}

function statedIn(figure: GoldFigure, quote: string): boolean {
  const forms = printings(figure);
  return forms?.some((form) => figureStatedIn(form, quote)) ?? false;
}

function lintEvidence(
  gold: GoldCase,
  evidence: GoldEvidence,
  index: number,
  read: CorpusReader,
  corpusDir: string,
): LintProblem[] {
  const problems: LintProblem[] = [];
  const at = `gold "${gold.id}" evidence ${index + 1}`;
  const add = (code: LintCode, message: string) =>
    problems.push({ id: gold.id, code, message: `${at}: ${message}` });
  const quote = collapseWhitespace(evidence.quote);

  if (PAGE_FURNITURE.some((pattern) => pattern.test(evidence.quote))) {
    add(
      "PAGE_FURNITURE_IN_QUOTE",
      `quote contains page furniture (page footer or blank-page marker): "${shorten(quote)}"`,
    );
  }
  const source = read(evidence.source);
  if (source === null) {
    add("UNKNOWN_SOURCE", `unknown source file "${evidence.source}" (not in ${corpusDir})`);
  } else {
    if (!source.includes(quote)) {
      add(
        "QUOTE_NOT_IN_SOURCE",
        `quote is not verbatim in "${evidence.source}" (whitespace collapsed): "${shorten(quote)}"`,
      );
    }
    if (!source.toLowerCase().includes(collapseWhitespace(evidence.document).toLowerCase())) {
      add("UNKNOWN_DOCUMENT", `document "${evidence.document}" does not occur in "${evidence.source}"`);
    }
  }

  if (gold.kind === "figure" && !statedIn(gold.expected, quote)) {
    add(
      "VALUE_NOT_IN_QUOTE",
      `expected ${describeFigure(gold.expected)} is not stated in quote "${shorten(quote)}"`,
    );
  }
  if (gold.kind === "two_figures" && !gold.expected.some((figure) => statedIn(figure, quote))) {
    add("QUOTE_STATES_NO_EXPECTED_FIGURE", `quote states neither expected figure: "${shorten(quote)}"`);
  }
  if (gold.kind === "fact") {
    const lower = quote.toLowerCase();
    const found = gold.expected.any_of.some((phrase) =>
      lower.includes(collapseWhitespace(phrase).toLowerCase()),
    );
    if (!found) {
      add(
        "PHRASE_NOT_IN_QUOTE",
        `none of ${gold.expected.any_of.map((p) => `"${p}"`).join(", ")} occurs in quote "${shorten(quote)}"`,
      );
    }
  }
  return problems;
}

function lintCase(gold: GoldCase, read: CorpusReader, corpusDir: string): LintProblem[] {
  const problems: LintProblem[] = [];
  const add = (code: LintCode, message: string) =>
    problems.push({ id: gold.id, code, message: `gold "${gold.id}": ${message}` });

  if (gold.kind === "unanswerable") {
    if (gold.evidence.length > 0) {
      add(
        "UNEXPECTED_EVIDENCE",
        `unanswerable case lists ${gold.evidence.length} evidence quote(s); it must list none`,
      );
    }
    return problems;
  }
  if (gold.evidence.length === 0) add("MISSING_EVIDENCE", `${gold.kind} case has no evidence`);

  if (gold.kind === "figure" || gold.kind === "two_figures") {
    const figures = gold.kind === "figure" ? [gold.expected] : gold.expected;
    for (const figure of figures) {
      if (printings(figure) === null) {
        add(
          "UNPARSEABLE_VALUE",
          `expected value "${figure.value}" (or an alternative) is not a number the parser reads`,
        );
      }
    }
    if (gold.kind === "two_figures") {
      for (const figure of gold.expected) {
        if (
          gold.evidence.length > 0 &&
          !gold.evidence.some((e) => statedIn(figure, collapseWhitespace(e.quote)))
        ) {
          add("VALUE_NOT_IN_QUOTE", `expected ${describeFigure(figure)} is not stated in any evidence quote`);
        }
      }
    }
  }
  for (const [index, evidence] of gold.evidence.entries()) {
    problems.push(...lintEvidence(gold, evidence, index, read, corpusDir));
  }
  return problems;
}

/**
 * Every problem in the gold set against the corpus folder. An empty list means the gold is fit to score with.
 * For a figure case each quote must state the value (or an alternative) on its own, because each evidence
 * entry is an acceptable citation by itself; a two-figure case may split its figures across quotes.
 */
export function lintGold(cases: readonly GoldCase[], corpusDir: string): LintProblem[] {
  const read = corpusReader(corpusDir);
  const problems: LintProblem[] = [];
  const firstSeen = new Map<string, number>();
  for (const [index, gold] of cases.entries()) {
    const first = firstSeen.get(gold.id);
    if (first === undefined) {
      firstSeen.set(gold.id, index);
    } else {
      problems.push({
        id: gold.id,
        code: "DUPLICATE_ID",
        message: `gold "${gold.id}": duplicate id (cases #${first + 1} and #${index + 1} share it)`,
      });
    }
    problems.push(...lintCase(gold, read, corpusDir));
  }
  return problems;
}

export function formatLintProblems(problems: readonly LintProblem[]): string {
  return problems.map((problem) => `[${problem.code}] ${problem.message}`).join("\n");
}

export class GoldLintError extends Error {
  override readonly name = "GoldLintError";
  constructor(readonly problems: readonly LintProblem[]) {
    super(`gold lint: ${problems.length} problem(s)\n${formatLintProblems(problems)}`);
  }
}

/** For the runner: refuse to score against gold that does not match the papers. */
export function assertGoldClean(cases: readonly GoldCase[], corpusDir: string): void {
  const problems = lintGold(cases, corpusDir);
  if (problems.length > 0) throw new GoldLintError(problems);
}
