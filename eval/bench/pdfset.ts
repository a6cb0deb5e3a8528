import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { councilReportPdfSpec, makePdf, type PdfSpec } from "../../tests/fixtures/makePdf.js";
import { perturbationFor, perturbText, seedFor } from "./synth.js";

/**
 * The PDF set the ingest's pages/s is measured on: multi-page council reports written with the test
 * fixtures' PDF generator. Each one is the fixture report (headings, sub-points, a paragraph running over
 * a page break, a ruled table, running footers) followed by real numbered paragraphs from a demo paper,
 * with its figures, dates and names perturbed per file.
 */

/** Conservative page geometry for makePdf's A4 pages, 10.5pt Helvetica: rows wrap at fewer characters than fit. */
const CHARS_PER_ROW = 78;
const ROW_PT = 12.2;
const GAP_PT = 6.1;
const PAGE_BUDGET_PT = 560;

function linePt(line: string): number {
  return Math.max(1, Math.ceil(line.length / CHARS_PER_ROW)) * ROW_PT + GAP_PT;
}

/** Lines packed into pages by estimated height; a line never straddles two pages. */
export function packPages(lines: readonly string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let used = 0;
  for (const line of lines) {
    const h = linePt(line);
    if (page.length > 0 && used + h > PAGE_BUDGET_PT) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(line);
    used += h;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The numbered paragraphs of a Markdown-like paper ("12. The service ..."), without their numbers. */
export function numberedParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\*\*/g, "").trim())
    .flatMap((l) => {
      const m = /^\d+\.\s+(.{40,})$/.exec(l);
      return m?.[1] ? [m[1]] : [];
    });
}

/**
 * Spec of the i-th PDF: the fixture report perturbed with this file's seed, then `extra` paragraphs of the
 * source paper (a different window per file) numbered on from the fixture's last paragraph.
 */
export function benchPdfSpec(index: number, paragraphs: readonly string[], extra: number, seed = 1): PdfSpec {
  const p = perturbationFor(seedFor(`${seed}:pdf:${index}`));
  const base = councilReportPdfSpec();
  const pages = base.pages.map((page) => ({
    ...page,
    lines: page.lines.map((l) => perturbText(l, p)),
    ...(page.table
      ? {
          table: {
            header: page.table.header.map((c) => perturbText(c, p)),
            rows: page.table.rows.map((r) => r.map((c) => perturbText(c, p))),
          },
        }
      : {}),
  }));
  if (paragraphs.length > 0 && extra > 0) {
    const lines = ["Further Information"];
    for (let k = 0; k < extra; k++) {
      const para = paragraphs[(index * 7 + k) % paragraphs.length] ?? "";
      lines.push(`${9 + k}. ${perturbText(para, p)}`);
    }
    for (const page of packPages(lines)) pages.push({ lines: page });
  }
  return { footer: (n) => `${n} Agenda Item ${5 + (index % 9)}`, pages };
}

export interface PdfSet {
  dir: string;
  files: number;
  pages: number;
  bytes: number;
}

/** Writes `count` PDFs into `dir` (created if needed); 8 to 16 extra paragraphs each. */
export async function writePdfSet(dir: string, sourceText: string, count: number, seed = 1): Promise<PdfSet> {
  await mkdir(dir, { recursive: true });
  const paragraphs = numberedParagraphs(sourceText);
  let pages = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const spec = benchPdfSpec(i, paragraphs, 8 + (i % 9), seed);
    let pdf: Buffer;
    try {
      pdf = await makePdf(spec);
    } catch (cause) {
      throw new Error(`bench: PDF ${i + 1} of ${count}: cannot lay it out (${(cause as Error).message})`, {
        cause,
      });
    }
    await writeFile(join(dir, `report-${String(i + 1).padStart(3, "0")}.pdf`), pdf);
    pages += spec.pages.length;
    bytes += pdf.length;
  }
  return { dir, files: count, pages, bytes };
}
