import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { type ZodError, z } from "zod";
import { FigureUnitSchema } from "../ingest/types.js";

/**
 * The gold set: questions a councillor would ask, with the answer the papers give and the paragraphs that
 * state it. Governance staff edit these files by hand (see eval/gold/README.md), so every object is strict:
 * a misspelt field name is an error, not a silently ignored key.
 */

export const GOLD_KINDS = ["figure", "two_figures", "fact", "unanswerable"] as const;
export type GoldKind = (typeof GOLD_KINDS)[number];

export const GOLD_SCALES = ["thousand", "million", "billion"] as const;

/** Digits as printed, no thousands separators, no unit: "82.6", "105082000", "-0.09", "54.0". */
export const GoldValueSchema = z
  .string()
  .regex(
    /^-?\d+(\.\d+)?$/,
    'must be a plain number as printed, e.g. "82.6" or "105082000" (no £, %, commas)',
  );

export const GoldFigureSchema = z.strictObject({
  value: GoldValueSchema,
  kind: FigureUnitSchema,
  /** "£1.1million" is value "1.1" with scale "million"; "£105,082,000" is value "105082000", scale null. */
  scale: z.enum(GOLD_SCALES).nullable().default(null),
  /** Absolute tolerance in the figure's own unit and scale; null means half a unit of the last printed decimal. */
  tolerance: z.number().nonnegative().nullable().default(null),
  /** Other printings of the same figure that also count as correct, e.g. "75.71" beside "75.7". */
  alternatives: z.array(GoldValueSchema).default([]),
});
export type GoldFigure = z.output<typeof GoldFigureSchema>;

export const GoldEvidenceSchema = z.strictObject({
  /** A file name in the corpus folder, e.g. "001_bc9149fb7ac2f9bb.txt". */
  source: z.string().regex(/^[^/\\]+$/, "must be a bare file name in the corpus folder, without a path"),
  /** Part of the title of the report inside the file (case does not matter), to tell apart reports that share a pack. */
  document: z.string().min(1),
  /** "7", "3.2", "53(i)", "70(ii)"; null for table rows, slides and other un-numbered text. */
  paragraph: z
    .string()
    .regex(/^\d+(\.\d+)*(\([a-z]+\))*$/, 'must look like "7", "3.2", "53(i)" or "70(ii)"')
    .nullable(),
  /** A verbatim span of the file: runs of spaces, tabs and line breaks may differ, nothing else. */
  quote: z.string().min(1),
});
export type GoldEvidence = z.output<typeof GoldEvidenceSchema>;

const common = {
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. "q3-2324-cp-reviews"'),
  question: z.string().min(5),
  /** "Q3 2023/24", "2019/20", "2023-12-31", "Autumn 2023", or null when the question has no period. */
  period: z.string().min(1).nullable().default(null),
  tags: z
    .array(z.string().regex(/^[a-z0-9]+([-:][a-z0-9]+)*$/, 'must be lower-case words joined by "-" or ":"'))
    .default([]),
};

const FigureCaseSchema = z.strictObject({
  ...common,
  kind: z.literal("figure"),
  expected: GoldFigureSchema,
  evidence: z.array(GoldEvidenceSchema),
});

const TwoFiguresCaseSchema = z.strictObject({
  ...common,
  kind: z.literal("two_figures"),
  expected: z.tuple([GoldFigureSchema, GoldFigureSchema]),
  evidence: z.array(GoldEvidenceSchema),
});

const FactCaseSchema = z.strictObject({
  ...common,
  kind: z.literal("fact"),
  /** The answer is right when it contains one of these key phrases (case-insensitive). */
  expected: z.strictObject({ any_of: z.array(z.string().min(1)).min(1) }),
  evidence: z.array(GoldEvidenceSchema),
});

const UnanswerableCaseSchema = z.strictObject({
  ...common,
  kind: z.literal("unanswerable"),
  expected: z.null(),
  // Kept as a list (not forbidden) so the lint can report evidence on an unanswerable case by name.
  evidence: z.array(GoldEvidenceSchema).default([]),
});

export const GoldCaseSchema = z.discriminatedUnion("kind", [
  FigureCaseSchema,
  TwoFiguresCaseSchema,
  FactCaseSchema,
  UnanswerableCaseSchema,
]);
export type GoldCase = z.output<typeof GoldCaseSchema>;

/** The 12-case subset run by `npm test`; a copy of cases that also live in the other files. */
export const SMOKE_FILE = "smoke.jsonl";

export class GoldLoadError extends Error {
  override readonly name = "GoldLoadError";
}

function describeIssues(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`)
    .join("; ");
}

function parseCase(raw: unknown, where: string): GoldCase {
  const result = GoldCaseSchema.safeParse(raw);
  if (result.success) return result.data;
  const id =
    typeof raw === "object" && raw !== null && "id" in raw && typeof raw.id === "string"
      ? ` (id "${raw.id}")`
      : "";
  throw new GoldLoadError(`gold: ${where}${id}: ${describeIssues(result.error)}`, { cause: result.error });
}

function parseJsonl(text: string, file: string): GoldCase[] {
  const cases: GoldCase[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const where = `"${file}" line ${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (cause) {
      throw new GoldLoadError(`gold: ${where}: not valid JSON (${(cause as Error).message})`, { cause });
    }
    cases.push(parseCase(raw, where));
  }
  return cases;
}

function parseYamlCases(text: string, file: string): GoldCase[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new GoldLoadError(`gold: "${file}": not valid YAML (${(cause as Error).message})`, { cause });
  }
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new GoldLoadError(`gold: "${file}": expected a YAML list of cases ("- id: ...")`);
  }
  return raw.map((item, index) => parseCase(item, `"${file}" item ${index + 1}`));
}

function isGoldFile(name: string): boolean {
  return /\.(jsonl|ya?ml)$/i.test(name);
}

async function loadFile(file: string): Promise<GoldCase[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new GoldLoadError(`gold: "${file}": cannot read (${(cause as Error).message})`, { cause });
  }
  if (/\.jsonl$/i.test(file)) return parseJsonl(text, file);
  if (/\.ya?ml$/i.test(file)) return parseYamlCases(text, file);
  throw new GoldLoadError(`gold: "${file}": unknown format (use .jsonl, .yaml or .yml)`);
}

/**
 * Loads one gold file (.jsonl, .yaml, .yml) or every gold file in a folder, in name order.
 * A folder load skips smoke.jsonl, which repeats cases from the other files.
 * Ids are not checked for uniqueness here: that is the lint's job, so it can name both places.
 */
export async function loadGold(pathOrDir: string): Promise<GoldCase[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(pathOrDir)).isDirectory();
  } catch (cause) {
    throw new GoldLoadError(`gold: "${pathOrDir}": not found`, { cause });
  }
  if (!isDir) return loadFile(pathOrDir);
  const names = (await readdir(pathOrDir)).filter((name) => isGoldFile(name) && name !== SMOKE_FILE).sort();
  if (names.length === 0) throw new GoldLoadError(`gold: "${pathOrDir}": no .jsonl or .yaml gold files`);
  const cases: GoldCase[] = [];
  for (const name of names) cases.push(...(await loadFile(join(pathOrDir, name))));
  return cases;
}

/** The figures a case expects, whatever its kind: one, two or none. */
export function expectedFigures(gold: GoldCase): GoldFigure[] {
  if (gold.kind === "figure") return [gold.expected];
  if (gold.kind === "two_figures") return [...gold.expected];
  return [];
}
