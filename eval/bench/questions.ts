import { z } from "zod";
import { type GoldCase, GoldCaseSchema } from "../gold.js";

/**
 * The benchmark's question mix: every gold question plus deterministic paraphrases of it, the way
 * councillors actually type (abbreviations both ways, loose periods, synonyms, the period moved to the
 * front). A paraphrase keeps its gold case, so its evidence still scores hit@k.
 */

export interface Rewrite {
  name: string;
  pattern: RegExp;
  to: string | ((match: string, ...groups: string[]) => string);
}

function keepCase(model: string, replacement: string): string {
  const first = model.charAt(0);
  if (first !== first.toUpperCase() || first === first.toLowerCase()) return replacement;
  return replacement.charAt(0).toUpperCase() + replacement.slice(1);
}

/** Long forms the papers use -> what councillors type. */
export const ABBREVIATIONS: readonly Rewrite[] = [
  {
    name: "abbrev:CPP",
    pattern: /\bchild protection plans?\b/gi,
    to: (m) => (/s$/i.test(m) ? "CPPs" : "CPP"),
  },
  { name: "abbrev:CP", pattern: /\bchild protection\b/gi, to: "CP" },
  {
    name: "abbrev:EHCP",
    pattern: /\beducation,? health and care plans?\b/gi,
    to: (m) => (/s$/i.test(m) ? "EHCPs" : "EHCP"),
  },
  { name: "abbrev:UASC", pattern: /\bunaccompanied asylum[- ]seeking children\b/gi, to: "UASC" },
  { name: "abbrev:CLA", pattern: /\b(?:children looked after|looked after children)\b/gi, to: "CLA" },
  { name: "abbrev:Q", pattern: /\bquarter ([1-4])\b/gi, to: (_m, n) => `Q${n}` },
  { name: "abbrev:Leics", pattern: /\bLeicestershire\b/g, to: "Leics" },
  { name: "abbrev:%", pattern: /\b(?:percentage|proportion)\b/gi, to: "%" },
  { name: "abbrev:CSC", pattern: /\bchildren's social care\b/gi, to: "CSC" },
  { name: "abbrev:kids", pattern: /\bchildren\b(?!')/g, to: "kids" },
];

/** What councillors type -> the papers' long forms. */
export const EXPANSIONS: readonly Rewrite[] = [
  {
    name: "expand:CPP",
    pattern: /\bCPPs?\b/g,
    to: (m) => (m.endsWith("s") ? "child protection plans" : "child protection plan"),
  },
  { name: "expand:CP", pattern: /\bCP\b/g, to: "child protection" },
  {
    name: "expand:EHCP",
    pattern: /\bEHCPs?\b/g,
    to: (m) => (m.endsWith("s") ? "education, health and care plans" : "education, health and care plan"),
  },
  { name: "expand:UASC", pattern: /\bUASC\b/g, to: "unaccompanied asylum-seeking children" },
  { name: "expand:CLA", pattern: /\bCLA\b/g, to: "children looked after" },
  { name: "expand:Q", pattern: /\bQ([1-4])\b/g, to: (_m, n) => `quarter ${n}` },
  { name: "expand:Leics", pattern: /\bLeics\b/g, to: "Leicestershire" },
  { name: "expand:%", pattern: /\bWhat %/g, to: "What percentage" },
  { name: "expand:CSC", pattern: /\bCSC\b/g, to: "children's social care" },
  { name: "expand:kids", pattern: /\bkids\b/g, to: "children" },
  { name: "expand:CFS", pattern: /\bCFS\b/g, to: "Children and Family Services" },
  { name: "expand:KS", pattern: /\bKS([1-5])\b/g, to: (_m, n) => `Key Stage ${n}` },
  { name: "expand:MTFS", pattern: /\bMTFS\b/g, to: "Medium Term Financial Strategy" },
  { name: "expand:DfE", pattern: /\bDfE\b/g, to: "Department for Education" },
  { name: "expand:FTE", pattern: /\bFTE\b/g, to: "full-time equivalent" },
];

/** "2023/24" -> "23/24"; a councillor rarely types the century. */
export const LOOSE_PERIODS: readonly Rewrite[] = [
  { name: "period:short", pattern: /\b(?:19|20)(\d{2})\/(\d{2})\b/g, to: (_m, a, b) => `${a}/${b}` },
  {
    name: "period:long",
    pattern: /(?<![\d/])(\d{2})\/(\d{2})\b(?!\s+years?)/g,
    // Only consecutive years are a period: "16/17 year olds" is an age range.
    to: (m, a, b) => (Number(b) === (Number(a) + 1) % 100 ? `20${a}-${b}` : m),
  },
];

export const SYNONYMS: readonly Rewrite[] = [
  { name: "syn:what-is", pattern: /\bWhat's\b/g, to: "What is" },
  { name: "syn:whats", pattern: /\bWhat was\b/g, to: "What's" },
  { name: "syn:how-many", pattern: /\bHow many\b/g, to: "What number of" },
  { name: "syn:share", pattern: /\bpercentage\b/gi, to: (m) => keepCase(m, "proportion") },
  { name: "syn:by-end", pattern: /\bat (?:the )?end of\b/gi, to: (m) => keepCase(m, "by the end of") },
  { name: "syn:vs", pattern: /\bcompared with\b/gi, to: "versus" },
  { name: "syn:roughly", pattern: /\bRoughly\b/g, to: "Approximately" },
  { name: "syn:council", pattern: /\bthe council\b/g, to: "the local authority" },
];

function applyRewrites(question: string, rewrites: readonly Rewrite[]): { text: string; applied: string[] } {
  let text = question;
  const applied: string[] = [];
  for (const r of rewrites) {
    const next = text.replace(r.pattern, r.to as (m: string, ...g: string[]) => string);
    if (next !== text) {
      applied.push(r.name);
      text = next;
    }
  }
  return { text, applied };
}

/** A trailing "at the end of Q3 2023/24" / "in 2019/20" moved to the front. */
const TRAILING_PERIOD =
  /^(?<rest>.+?),?\s+(?<period>(?:at|by|in|for|to|during|over)\s+(?:the\s+)?(?:end\s+of\s+)?(?:(?:Q|quarter\s+)[1-4]\s+(?:of\s+)?)?(?:year\s+)?(?:(?:19|20)?\d{2}[/-]\d{2}|(?:19|20)\d{2}))\?$/i;

export function movePeriodFirst(question: string): string | null {
  const m = TRAILING_PERIOD.exec(question);
  const rest = m?.groups?.rest;
  const period = m?.groups?.period;
  if (!rest || !period) return null;
  // "... in 25/26 and by 27/28?" or "And what was it back at Q4?" do not survive the move.
  if (/^and\b/i.test(rest) || /\b(?:and|or|vs|versus|between|from|back|than)$/i.test(rest)) return null;
  const lowered = /^(?:What|How|Which|Who|When|Where|Is|Are|Was|Were|Did|Do|Does|Has|Have)\b/.test(rest)
    ? rest.charAt(0).toLowerCase() + rest.slice(1)
    : rest;
  return `${period.charAt(0).toUpperCase()}${period.slice(1)}, ${lowered}?`;
}

export interface Paraphrase {
  text: string;
  transforms: string[];
}

/** At most two paraphrases: the short way (abbreviations, loose periods) and the long way (expansions, synonyms, reordering). */
export function paraphrases(question: string): Paraphrase[] {
  const out: Paraphrase[] = [];
  const short = applyRewrites(question, [...ABBREVIATIONS, LOOSE_PERIODS[0] as Rewrite]);
  if (short.text !== question) out.push({ text: short.text, transforms: short.applied });

  const expanded = applyRewrites(question, [...EXPANSIONS, LOOSE_PERIODS[1] as Rewrite, ...SYNONYMS]);
  let long = expanded.text;
  const transforms = [...expanded.applied];
  const moved = movePeriodFirst(long);
  if (moved) {
    long = moved;
    transforms.push("reorder:period-first");
  }
  if (long !== question && !out.some((p) => p.text === long)) out.push({ text: long, transforms });
  return out;
}

export const BenchQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  variant: z.enum(["gold", "paraphrase"]),
  transforms: z.array(z.string()),
  gold: GoldCaseSchema,
});
export type BenchQuestion = z.output<typeof BenchQuestionSchema>;

export const MIN_QUESTIONS = 200;

export class QuestionMixError extends Error {
  override readonly name = "QuestionMixError";
}

/** Every gold question, then its paraphrases; throws when the mix falls short of `min`. */
export function questionMix(gold: readonly GoldCase[], min = MIN_QUESTIONS): BenchQuestion[] {
  const out: BenchQuestion[] = [];
  for (const g of gold)
    out.push({ id: g.id, question: g.question, variant: "gold", transforms: [], gold: g });
  for (const g of gold) {
    for (const [i, p] of paraphrases(g.question).entries()) {
      out.push({
        id: `${g.id}~${i + 1}`,
        question: p.text,
        variant: "paraphrase",
        transforms: p.transforms,
        gold: g,
      });
    }
  }
  if (out.length < min) {
    throw new QuestionMixError(
      `bench: ${gold.length} gold questions gave only ${out.length} questions with paraphrases; need at least ${min}`,
    );
  }
  return out;
}

/** Every n-th item, starting with the first: a sample that keeps the gold/paraphrase mix in order. */
export function sampleEvery<T>(items: readonly T[], n: number): T[] {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`bench: sample every ${n}: use a whole number >= 1`);
  return items.filter((_, i) => i % n === 0);
}
