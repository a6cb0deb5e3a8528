import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../../../ingest/load/index.js";
import { formatLongDate } from "../../../ingest/periods.js";
import { lineCoverage } from "../../../ingest/structure/coverage.js";
import { detectFurniture } from "../../../ingest/structure/furniture.js";
import { inspectStructure, type LineReport } from "../../../ingest/structure/index.js";
import { splitLines } from "../../../ingest/structure/lines.js";
import type { LoadedText, UnitDraft } from "../../../ingest/types.js";
import { councilReportPdfSpec, makePdf } from "../../fixtures/makePdf.js";

/**
 * Nothing with content is dropped: every line with letters or digits ends up in a unit's text, as
 * the heading or table label units carry, as page furniture, or in a document's header. The module
 * says where each line went; these tests check each claim against the units themselves.
 */

const CORPUS = join(import.meta.dirname, "../../../eval/corpus");
const FILES = [
  "000_95470afa8ae34474.txt",
  "001_bc9149fb7ac2f9bb.txt",
  "002_b5cb0ac0ef79e454.txt",
  "003_166717be0eb977d2.txt",
  "004_288bc0e4485ed917.txt",
];

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
/** The line's words, less a leading paragraph number or list label ("7.", "(a)", "ii)", "o"). */
function wordsOf(text: string): string[] {
  const ws = text.split(/\s+/).map(squash).filter(Boolean);
  return /^(\d{1,3}(\d{1,2}[a-z]?)?|[a-z]|[ivx]{1,5})$/.test(ws[0] ?? "") && ws.length > 1 ? ws.slice(1) : ws;
}

/** Whether `ws` occur in `haystack` in order (both squashed). */
function inOrder(ws: readonly string[], haystack: string): boolean {
  let at = 0;
  for (const w of ws) {
    const found = haystack.indexOf(w, at);
    if (found === -1) return false;
    at = found + w.length;
  }
  return true;
}

const labelsOf = (u: UnitDraft) =>
  squash([u.section ?? "", u.title, u.table?.title ?? "", ...(u.table?.header ?? [])].join(" "));

const FURNITURE_TEXT =
  /agenda item|intentionally left blank|^\[\d{1,2}\]$|^page \d{1,3}|^[-–]?\s*\d{1,3}\s*[-–]?$|^\d{1,3}\s+\S|\S\s+\d{1,3}$/i;
/** A line stopping on a comma or "the" runs on into the next: the next cannot be a heading. */
const RUNS_ON = /(,|&|\b(a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|with))$/i;

interface Case {
  name: string;
  loaded: LoadedText;
}

let work: string;
const cases: Case[] = FILES.map((f) => ({
  name: f,
  loaded: { source: f, format: "txt", text: readFileSync(join(CORPUS, f), "utf8"), pages: [] },
}));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-coverage-"));
  const path = join(work, "q3-report.pdf");
  await writeFile(path, await makePdf(councilReportPdfSpec()));
  cases.push({ name: "q3-report.pdf", loaded: await loadFile(path, { maxBytes: 10_000_000 }) });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("every line with content ends up somewhere", () => {
  it("covers the 5 demo files and the generated PDF", () => {
    expect(cases.map((c) => c.name)).toEqual([...FILES, "q3-report.pdf"]);
  });

  for (const name of [...FILES, "q3-report.pdf"]) {
    describe(name, () => {
      const run = () => {
        const c = cases.find((x) => x.name === name);
        if (!c) throw new Error(`${name} was not loaded`);
        return { loaded: c.loaded, ...inspectStructure(c.loaded) };
      };

      it("reports every line once, and drops none that has letters or digits", () => {
        const { loaded, lines } = run();
        expect(lines.map((l) => l.line)).toEqual(lines.map((_, i) => i));
        expect(lines.at(-1)?.end).toBe(loaded.text.length);
        const dropped = lines.filter((l) => l.role === "dropped").map((l) => `${l.line}: ${l.text}`);
        expect(dropped).toEqual([]);
        for (const l of lines) {
          if (/[\p{L}\p{N}]/u.test(l.text)) expect(["blank", "no-content"]).not.toContain(l.role);
        }
      });

      it("puts the words of a line reported in units into those units' text, in order", () => {
        const { lines, structured } = run();
        const bad = lines
          .filter((l) => l.role === "unit")
          .filter((l) => {
            const text = l.units.map((k) => squash(structured.units[k]?.text ?? "")).join("");
            return l.units.length === 0 || !inOrder(wordsOf(l.text), text);
          })
          .map((l) => `${l.line}: ${l.text}`);
        expect(bad).toEqual([]);
      });

      it("carries a heading, caption or header row in the labels of the units after it", () => {
        const { loaded, lines, structured } = run();
        const bad = lines
          .filter((l) => l.role === "label")
          .filter((l) => {
            const later = structured.units.filter((u) => u.end > l.start);
            const labels = later.map(labelsOf).join(" ");
            // "10." alone on its line: the number of the paragraph that follows, or the end of a title.
            const number = /^(\d{1,3})\.$/.exec(l.text)?.[1];
            if (number) return !later.some((u) => u.paragraph === number) && !labels.includes(number);
            // One- and two-letter cells of a header row are a label the extractor split ("Actio" | "n").
            const row = loaded.text.slice(l.start, l.end).includes("\t");
            const ws = wordsOf(l.text.replace(/:\s*$/, "")).filter((w) => !row || w.length > 2);
            return later.length === 0 || !ws.every((w) => labels.includes(w));
          })
          .map((l) => `${l.line}: ${l.text}`);
        expect(bad).toEqual([]);
      });

      it("takes no line that continues a sentence for a heading", () => {
        const { loaded, lines } = run();
        const content = lines.filter((l) => !["blank", "furniture", "no-content"].includes(l.role));
        const bad = content
          .filter((l, i) => {
            const prev = content[i - 1];
            return (
              l.role === "label" &&
              prev?.role === "unit" &&
              !loaded.text.slice(prev.start, prev.end).includes("\t") &&
              RUNS_ON.test(prev.text) &&
              !/^[A-Z][a-z]+ \d/.test(l.text)
            );
          })
          .map((l) => `${l.line}: ${l.text}`);
        expect(bad).toEqual([]);
      });

      it("reads header lines into document metadata and sets aside only page furniture", () => {
        const { lines, structured } = run();
        const meta = squash(
          structured.documents
            .map((d) =>
              [
                d.title,
                d.committee,
                d.author,
                d.meetingDate ? formatLongDate(d.meetingDate) : "",
                "report of the",
              ].join(" "),
            )
            .join(" "),
        );
        const headers = lines.filter((l) => l.role === "header");
        expect(headers.length).toBeLessThanOrEqual(12 * structured.documents.length);
        for (const l of headers) {
          const ws = wordsOf(l.text);
          // Committee names are normalised to the agenda's spelling ("FAMILY SERVICES" -> "Families").
          expect(ws.filter((w) => meta.includes(w)).length * 2, l.text).toBeGreaterThanOrEqual(ws.length);
        }
        for (const l of lines.filter((x) => x.role === "furniture")) {
          expect(l.furniture).not.toBeNull();
          expect(l.text).toMatch(FURNITURE_TEXT);
        }
      });
    });
  }
});

describe("lineCoverage", () => {
  // 002 paragraph 3 under its heading, verbatim, over a page footer.
  const text = [
    "Background",
    "3. The Children Act 2004 allocates duties to Local Authorities to ensure that ",
    "children are safeguarded, and their welfare is promoted. This underpins the ",
    "work of Children and Family Services with respect to Looked After Children, ",
    "Children in Need and Child Protection cases. ",
    "1 Agenda Item 7",
  ].join("\n");
  const lines = splitLines(text);
  const furniture = detectFurniture(lines, [0]);
  /** Paragraph 3 as a unit holding lines 1..upTo-1, number stripped, under `section`. */
  const roles = (upTo: number, section: string | null): LineReport["role"][] => {
    const held = lines.slice(1, upTo);
    const offsets = held.flatMap((l, i) => l.clean.offsets.slice(i === 0 ? 3 : 0));
    const unit: UnitDraft = {
      kind: "paragraph",
      text: held
        .map((l) => l.text)
        .join(" ")
        .slice(3),
      context: "",
      documentId: "t#0",
      source: "t",
      title: "Report",
      committee: null,
      meetingDate: null,
      agendaItem: null,
      section,
      paragraph: "3",
      part: 0,
      page: 1,
      start: offsets[0] ?? 0,
      end: (offsets.at(-1) ?? 0) + 1,
      table: null,
    };
    return lineCoverage({
      lines,
      furniture,
      tables: [],
      documents: [{ firstLine: 0, endLine: lines.length, headerEnd: 0 }],
      units: [{ unit, mapped: { text: unit.text, offsets }, document: 0 }],
    }).map((r) => r.role);
  };

  it("finds every line in the unit that holds it, paragraph number aside, and its heading in the section", () => {
    expect(roles(5, "Background")).toEqual(["label", "unit", "unit", "unit", "unit", "furniture"]);
  });

  it("reports a line no unit holds as dropped", () => {
    expect(roles(4, "Background")).toEqual(["label", "unit", "unit", "unit", "dropped", "furniture"]);
  });

  it("reports a heading no unit after it carries as dropped", () => {
    expect(roles(5, null)).toEqual(["dropped", "unit", "unit", "unit", "unit", "furniture"]);
  });
});
