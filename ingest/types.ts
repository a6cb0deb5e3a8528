import { z } from "zod";

/**
 * The shared vocabulary of the project. ingest/ produces these, bot/ and eval/ consume them;
 * the index folder stores them as JSON, so each has a zod schema that `loadIndex` validates.
 */

export const FIGURE_UNITS = [
  "percent",
  "pp",
  "count",
  "gbp",
  "weeks",
  "days",
  "months",
  "years",
  "hours",
  "ratio",
  "number",
] as const;
export const FigureUnitSchema = z.enum(FIGURE_UNITS);
export type FigureUnit = z.infer<typeof FigureUnitSchema>;

/** One number stated in a piece of text. */
export const FigureSchema = z.object({
  /** The number as printed, before scale: £1.1million -> 1.1, 82.6% -> 82.6, (5) -> -5, "nine" -> 9. */
  value: z.number(),
  /** Multiplier the text applies: £1.1million -> 1e6, £5.8k -> 1e3, otherwise 1. */
  scale: z.number(),
  /** value * scale: the amount in base units (pounds, people, percent points...). */
  amount: z.number(),
  /** Decimal places as printed (82.6 -> 1); drives the match tolerance. */
  decimals: z.number().int(),
  unit: FigureUnitSchema,
  /** Exact characters of the mention in the unit text. */
  raw: z.string(),
  /** Offsets of `raw` in the text it was extracted from. */
  start: z.number().int(),
  end: z.number().int(),
  /** Normalised period the sentence ties this figure to, e.g. "Q3 2023/24", "2019/20", "2023-12-31", "Autumn 2023". */
  period: z.string().nullable(),
  /** "266 of 322": the part and the whole, on the figure for the part. */
  of: z.object({ part: z.number(), whole: z.number() }).nullable(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const DOCUMENT_KINDS = ["agenda", "minutes", "report", "appendix", "other"] as const;

/** One document inside a file: an agenda pack holds many. */
export const DocumentMetaSchema = z.object({
  /** `${fileId}#${index}` */
  id: z.string(),
  source: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string(),
  committee: z.string().nullable(),
  /** ISO date (YYYY-MM-DD) of the meeting the paper went to. */
  meetingDate: z.string().nullable(),
  author: z.string().nullable(),
  agendaItem: z.string().nullable(),
  pageStart: z.number().int().nullable(),
  pageEnd: z.number().int().nullable(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

export const UNIT_KINDS = ["paragraph", "subpoint", "minute", "table_row", "text"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Where a unit's text stands in one file. A unit printed in two files has two. */
export const UnitSourceSchema = z.object({
  source: z.string(),
  documentId: z.string(),
  page: z.number().int().nullable(),
  start: z.number().int(),
  end: z.number().int(),
});
export type UnitSource = z.infer<typeof UnitSourceSchema>;

/** The citable chunk. */
export const UnitSchema = z.object({
  /** Content hash of the normalised text plus its paragraph number: equal paragraphs in two files share it. */
  id: z.string(),
  kind: z.enum(UNIT_KINDS),
  /** The quotable text, exactly as in the extract but re-joined (no running headers, no hard wraps). */
  text: z.string(),
  /** "Report title > Section > para 7", prepended to the text for search only. */
  context: z.string(),
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  committee: z.string().nullable(),
  meetingDate: z.string().nullable(),
  agendaItem: z.string().nullable(),
  section: z.string().nullable(),
  /** "7", "3.2", "53(i)", "70(ii)"; null for un-numbered text. */
  paragraph: z.string().nullable(),
  /** 0 for a unit that is whole; 1..n for the parts of a very long paragraph split at sentences. */
  part: z.number().int(),
  page: z.number().int().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  collection: z.string(),
  /** Every place the same text stands (first one equals source/page/start/end above). */
  sources: z.array(UnitSourceSchema),
  /** For table rows: the table's title, its header cells and this row's cells (merged cells filled down). */
  table: z
    .object({ title: z.string().nullable(), header: z.array(z.string()), cells: z.array(z.string()) })
    .nullable(),
  figures: z.array(FigureSchema),
});
export type Unit = z.infer<typeof UnitSchema>;

/** A unit before the pipeline gives it an id, a collection and its figures. */
export type UnitDraft = Omit<Unit, "id" | "collection" | "sources" | "figures">;

export const GlossaryEntrySchema = z.object({
  term: z.string(),
  expansion: z.string(),
  /** "papers" when learnt from "Long Name (ACR)", "builtin" from the shipped glossary. */
  origin: z.enum(["papers", "builtin"]),
  sources: z.array(z.string()),
  /**
   * Other ways people say the same thing, for query expansion: other long forms, other acronyms
   * ("LAC" for "CLA"), colloquial forms ("kids in care").
   */
  synonyms: z.array(z.string()).optional(),
});
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;

/** Text of one file as loaded, with page boundaries when the format knows them. */
export interface LoadedText {
  source: string;
  format: "pdf" | "txt" | "md" | "html";
  /** The extracted text; all offsets point into it. PDF pages are joined with "\n\f\n". */
  text: string;
  /** Start offset and number of each page in `text`; empty when the format has no pages. */
  pages: { num: number; start: number }[];
}

/** A file the ingest could not read, with a reason a person can act on. */
export interface SkippedFile {
  file: string;
  reason: string;
}
