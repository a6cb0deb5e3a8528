import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { structureText } from "../../../ingest/structure/index.js";
import type { UnitDraft } from "../../../ingest/types.js";
import { DocumentMetaSchema } from "../../../ingest/types.js";

const CORPUS = join(import.meta.dirname, "../../../eval/corpus");
const FILES = {
  overview: "000_95470afa8ae34474.txt",
  pack2024: "001_bc9149fb7ac2f9bb.txt",
  dcfsf: "002_b5cb0ac0ef79e454.txt",
  pack2020: "003_166717be0eb977d2.txt",
  plan: "004_288bc0e4485ed917.txt",
} as const;

function load(file: string) {
  const text = readFileSync(join(CORPUS, file), "utf8");
  return { text, result: structureText({ source: file, format: "txt", text, pages: [] }) };
}

const loaded = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, load(f)])) as Record<
  keyof typeof FILES,
  ReturnType<typeof load>
>;

const unitsOf = (key: keyof typeof FILES, title: string) => {
  const r = loaded[key].result;
  const doc = r.documents.find((d) => d.title === title);
  if (!doc)
    throw new Error(`no document "${title}" in ${key}: ${r.documents.map((d) => d.title).join(" | ")}`);
  return r.units.filter((u) => u.documentId === doc.id);
};

const paragraph = (units: UnitDraft[], n: string) => units.filter((u) => u.paragraph === n);

describe("demo corpus: documents", () => {
  it("000 is one report with its header read into metadata", () => {
    const [doc, ...rest] = loaded.overview.result.documents;
    expect(rest).toHaveLength(0);
    expect(doc).toMatchObject({
      kind: "report",
      title: "Children and Family Services Department",
      committee: "Children and Families Overview and Scrutiny Committee",
      meetingDate: "2024-03-05",
      author: "Director of Children and Family Services",
    });
  });

  it("001 splits into agenda, minutes, each report and its appendices, with agenda items and pages", () => {
    const docs = loaded.pack2024.result.documents;
    expect(docs.map((d) => [d.kind, d.title, d.agendaItem])).toEqual([
      ["agenda", "Agenda for the meeting on 5 March 2024", null],
      ["minutes", "Minutes of the meeting held on 23 January 2024", "1"],
      ["report", "Violence Reduction Network Strategy and Updates", "8"],
      ["report", "Children and Family Services Department", "9"],
      ["appendix", "Appendix A: Children and Family Services Department Structure", "9"],
      ["appendix", "Appendix B: Children and Family Services Department Plan 2023-2026 Summary", "9"],
      ["report", "Unaccompanied Asylum-Seeking Children", "10"],
      ["report", "Children's Innovation Partnership", "11"],
      [
        "appendix",
        "Appendix: Children and Family Services Continuous Improvement Plan 2024-2027 'Achieving Excellence through purposeful practice'",
        "11",
      ],
      ["report", "Quarter 3 2023/24 Performance Report", "12"],
      [
        "appendix",
        "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
        "12",
      ],
    ]);
    const minutes = docs[1];
    expect(minutes?.meetingDate).toBe("2024-01-23");
    expect([minutes?.pageStart, minutes?.pageEnd]).toEqual([5, 14]);
    const q3 = docs[9];
    expect(q3).toMatchObject({
      meetingDate: "2024-03-05",
      author: "Chief Executive and Director of Children and Family Services",
      pageStart: 69,
      pageEnd: 76,
    });
    // "CHILDREN AND FAMILY SERVICES OVERVIEW..." in the Q3 header is the same committee as the agenda's.
    expect(new Set(docs.map((d) => d.committee))).toEqual(
      new Set(["Children and Families Overview and Scrutiny Committee"]),
    );
  });

  it("002 is a report whose truncated author line is completed, plus its appendix", () => {
    expect(loaded.dcfsf.result.documents.map((d) => [d.kind, d.title, d.author, d.meetingDate])).toEqual([
      [
        "report",
        "Defining Children and Family Services for the Future",
        "Director of Children and Family Services",
        "2021-11-02",
      ],
      [
        "appendix",
        "Appendix 1: Project line descriptions",
        "Director of Children and Family Services",
        "2021-11-02",
      ],
    ]);
  });

  it("003 splits into the minutes of 3 March 2020 and the four reports of 2 June 2020", () => {
    const docs = loaded.pack2020.result.documents;
    expect(docs.map((d) => [d.kind, d.title])).toEqual([
      ["other", "Questioning by Members of Overview and Scrutiny"],
      ["minutes", "Minutes of the meeting held on 3 March 2020"],
      ["report", "Draft Children and Family Service Departmental Plan 2020/23"],
      ["appendix", "Equality & Human Rights Impact Assessment (EHRIA)"],
      ["report", "Leicestershire Children and Families Partnership Plan 2018/21: Progress Update"],
      ["report", "Children in Need of Help and Protection"],
      ["report", "Leicestershire’s Response to Tackling Child Criminal Exploitation"],
    ]);
    expect(docs[1]?.meetingDate).toBe("2020-03-03");
    for (const d of docs.slice(2)) expect(d.meetingDate).toBe("2020-06-02");
    // The child exploitation report carries the "67 Agenda Item 11" stamp.
    expect(docs[6]).toMatchObject({ agendaItem: "11", pageStart: 67 });
  });

  it("004, a plan with no printed title page, is titled by the name it gives itself", () => {
    const docs = loaded.plan.result.documents;
    expect(docs).toHaveLength(1);
    expect(docs[0]?.title).toBe("Children and Family Services Departmental Plan");
  });

  it("every document validates against the shared schema and its id matches its units", () => {
    for (const { result } of Object.values(loaded)) {
      for (const [i, d] of result.documents.entries()) {
        expect(DocumentMetaSchema.parse(d).id).toBe(`${d.source}#${i}`);
        expect(result.units.some((u) => u.documentId === d.id) || d.title.startsWith("Appendix A")).toBe(
          true,
        );
      }
    }
  });
});

describe("demo corpus: units", () => {
  it("paragraph 7 of the Q3 report, split by a page break, is one unit with both its halves", () => {
    const p7 = paragraph(unitsOf("pack2024", "Quarter 3 2023/24 Performance Report"), "7");
    expect(p7).toHaveLength(1);
    expect(p7[0]?.kind).toBe("paragraph");
    expect(p7[0]?.text).toContain("82.6%");
    expect(p7[0]?.text).toContain("authorities by published benchmarks");
    expect(p7[0]?.text.startsWith("The percentage of Child Protection cases")).toBe(true);
    expect(p7[0]?.section).toBe(
      "Helping children in Leicestershire live in safe, stable environments and have secure attachments",
    );
    expect(p7[0]?.context).toBe(
      "Quarter 3 2023/24 Performance Report > Helping children in Leicestershire live in safe, stable environments and have secure attachments > para 7",
    );
  });

  it("paragraph numbering restarts in each report of a pack", () => {
    for (const title of [
      "Children and Family Services Department",
      "Unaccompanied Asylum-Seeking Children",
      "Children's Innovation Partnership",
      "Quarter 3 2023/24 Performance Report",
    ]) {
      const units = unitsOf("pack2024", title).filter((u) => u.kind === "paragraph");
      expect(units[0]?.paragraph).toBe("1");
      expect(units[0]?.section).toMatch(/^Purpose of/);
    }
    const cin = unitsOf("pack2020", "Children in Need of Help and Protection").filter(
      (u) => u.kind === "paragraph",
    );
    expect(cin.map((u) => u.paragraph).slice(0, 5)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("a paragraph's list stays with it: 003 CIN paragraph 3 lists the Acts (a)-(h)", () => {
    const p3 = paragraph(unitsOf("pack2020", "Children in Need of Help and Protection"), "3");
    expect(p3).toHaveLength(1);
    expect(p3[0]?.text).toContain("(a) Children Act 1989;");
    expect(p3[0]?.text).toContain("(h) Children and Social Work Act 2017.");
  });

  it("a dashboard row carries its header and its filled-down Topic and Theme", () => {
    const rows = unitsOf(
      "pack2024",
      "Appendix: Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
    ).filter((u) => u.kind === "table_row");
    expect(rows).toHaveLength(30);
    const cp = rows.find((u) =>
      u.text.includes("Child protection cases which were reviewed within timescales"),
    );
    expect(cp?.table?.header.slice(0, 3)).toEqual(["Topic", "Theme", "Indicator"]);
    expect(cp?.table?.cells.slice(0, 2)).toEqual([
      "Help children in Leicestershire to live in safe, stable environments and have secure attachments",
      "Social Care",
    ]);
    expect(cp?.text).toContain("Theme: Social Care; Indicator: Child protection cases which were reviewed");
    expect(cp?.text).toContain("Previous Value: 75.71%; Latest Period: Q3 2023/24; Latest Value: 82.6%");
    expect(cp?.text).toContain("Target: >97.2%; Status RAG: Red");
    expect(cp?.paragraph).toBeNull();
    expect(cp?.section).toBe(
      "Children and Family Services Department Performance Dashboard for quarter 3, 2023/24",
    );
    // Every figure of the row is in its text.
    for (const cell of cp?.table?.cells ?? []) expect(cp?.text).toContain(cell);
  });

  it("a TOTAL row is not filled down from the row above it", () => {
    const total = unitsOf("pack2024", "Children's Innovation Partnership").find((u) =>
      u.text.includes("TOTAL"),
    );
    expect(total?.text).toBe(
      "Properties: TOTAL; DfE Grant: 1,991,422; Forecast LCC Contribution: 3,960,579; Total Forecast Cost: 5,952,001",
    );
  });

  it("a minute sub-point is its own unit under the minute's title", () => {
    const minutes = unitsOf("pack2020", "Minutes of the meeting held on 3 March 2020");
    const [ii] = paragraph(minutes, "70(ii)");
    expect(ii?.kind).toBe("subpoint");
    expect(ii?.section).toBe("Children's Social Care Investment Plan");
    expect(ii?.text).toContain("£411,840");
    expect(ii?.text.startsWith("It was noted that the ART")).toBe(true);
    const intro = paragraph(minutes, "70")[0];
    expect(intro?.kind).toBe("minute");
    expect(intro?.text).toContain("Children’s Social Care Investment Plan to procure four properties");
    expect(paragraph(minutes, "70(a)")[0]).toMatchObject({
      kind: "subpoint",
      text: "That the report be noted;",
      section: "Children's Social Care Investment Plan – RESOLVED",
    });
  });

  it("question time answers in 001 are sub-points that say whose words they are", () => {
    const minutes = unitsOf("pack2024", "Minutes of the meeting held on 23 January 2024");
    const answers = paragraph(minutes, "46(a)").filter(
      (u) => u.section === "Question Time – Response by the Chairman",
    );
    expect(answers.map((u) => u.text.slice(0, 30))).toEqual([
      "There are 428 Year 6 children ",
      "The High Needs Grant allocated",
    ]);
  });

  it("pages are read from 003's printed numbers", () => {
    const ce = unitsOf("pack2020", "Leicestershire’s Response to Tackling Child Criminal Exploitation");
    // Paragraph 5 runs over the "67 Agenda Item 11" footer: it starts on page 67 and keeps no furniture.
    const p5 = paragraph(ce, "5")[0];
    expect(p5?.page).toBe(67);
    expect(p5?.text).toContain(
      "Due to the subsequent growth of the multi-agency team it relocated to South Wigston",
    );
    expect(paragraph(ce, "6")[0]?.page).toBe(68);
    // Paragraph 23 runs over the bare "71" at the foot of page 71.
    const p23 = paragraph(ce, "23")[0];
    expect(p23?.page).toBe(71);
    expect(p23?.text).toContain("In Q3 the number of LAC missing was 57 children");
    expect(paragraph(ce, "24")[0]?.page).toBe(72);
    // Minute 74's points straddle the "9" at the foot of page 9.
    const minutes = unitsOf("pack2020", "Minutes of the meeting held on 3 March 2020");
    expect(paragraph(minutes, "74(i)")[0]?.page).toBe(10);
    expect(paragraph(minutes, "63")[0]?.page).toBe(5);
  });

  it("files without printed page numbers give no page rather than a guess", () => {
    for (const key of ["overview", "dcfsf", "plan"] as const) {
      expect(loaded[key].result.units.every((u) => u.page === null)).toBe(true);
    }
  });

  it("takes 001's lone '23' for a page number because the agenda lists the VRN slides as pages 15-32", () => {
    const vrn = unitsOf("pack2024", "Violence Reduction Network Strategy and Updates");
    const paged = loaded.pack2024.result.units.filter((u) => u.page !== null);
    expect(paged).toHaveLength(1);
    expect(paged[0]?.page).toBe(23);
    expect(paged[0]?.text.startsWith("Social Network Analysis\nOur Work: Data Sharing and Use")).toBe(true);
    expect(vrn.some((u) => /^23$/m.test(u.text))).toBe(false);
    // The slides' own step numbers 1-4 are not pages.
    expect(vrn.map((u) => u.section)).toContain("1. Defining Serious Violence");
  });
});

describe("demo corpus: invariants on every file", () => {
  const FURNITURE = [/intentionally left blank/i, /^\s*\d{1,3}\s*$/m, /\d+ Agenda Item \d+/, /^Page \d+$/m];

  for (const [key, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
    describe(file, () => {
      const { text, result } = loaded[key];

      it("every unit's span lies in the text and holds the unit's words", () => {
        const squash = (s: string) => s.replace(/\*\*|<[^>]+>|\s+/g, "").toLowerCase();
        for (const u of result.units) {
          expect(u.start).toBeGreaterThanOrEqual(0);
          expect(u.end).toBeLessThanOrEqual(text.length);
          expect(u.start).toBeLessThan(u.end);
          if (u.kind === "table_row" || u.text.includes("; ")) continue;
          const span = squash(text.slice(u.start, u.end));
          // Re-joined text minus the bullets it normalised is a subsequence of the span's characters.
          const words = u.text.replace(/^- /gm, "").split(/\s+/).filter(Boolean);
          let at = 0;
          for (const w of words) {
            const found = span.indexOf(squash(w), at);
            expect(found, `"${w}" of ${u.documentId} para ${u.paragraph}`).toBeGreaterThanOrEqual(0);
            at = found;
          }
        }
      });

      it("keeps page furniture out of unit text", () => {
        for (const u of result.units) {
          if (key === "plan" || key === "pack2020") {
            // Infographic figures ("647", "1814") stand on lines of their own in these files; they are content.
            expect(u.text).not.toMatch(FURNITURE[0] as RegExp);
            expect(u.text).not.toMatch(FURNITURE[2] as RegExp);
            continue;
          }
          for (const re of FURNITURE) expect(u.text, u.text.slice(0, 80)).not.toMatch(re);
        }
      });

      it("never cuts a sentence between two units", () => {
        result.units.forEach((u, i) => {
          const next = result.units[i + 1];
          if (!next || next.documentId !== u.documentId) return;
          const cut = /[a-z,]$/.test(u.text) && /^[a-z]/.test(next.text);
          expect(cut, `${u.text.slice(-50)} | ${next.text.slice(0, 50)}`).toBe(false);
        });
      });

      it("splits only long units, into numbered parts that end where a sentence or list item ends", () => {
        for (const u of result.units) {
          expect(u.text.trim()).toBe(u.text);
          expect(u.text.length).toBeGreaterThan(0);
          if (u.part > 0) expect(u.part).toBeGreaterThanOrEqual(1);
        }
        result.units.forEach((u, i) => {
          const next = result.units[i + 1];
          if (u.part === 0 || next?.part !== u.part + 1) return;
          const atSentence = /[.!?:;”"')]$/.test(u.text);
          const atItem = /^(- |[A-Z(“"‘]|\d)/.test(next.text);
          expect(atSentence || atItem, `${u.text.slice(-40)} | ${next.text.slice(0, 40)}`).toBe(true);
        });
      });

      it("carries its document's metadata on every unit", () => {
        const byId = new Map(result.documents.map((d) => [d.id, d]));
        for (const u of result.units) {
          const d = byId.get(u.documentId);
          expect(d).toBeDefined();
          expect(u).toMatchObject({
            source: file,
            title: d?.title,
            committee: d?.committee,
            meetingDate: d?.meetingDate,
            agendaItem: d?.agendaItem,
          });
          expect(u.context.startsWith(d?.title ?? "?")).toBe(true);
        }
      });
    });
  }
});

describe("the same report in two files", () => {
  it("reads 000 and the copy inside 001 into the same units", () => {
    const strip = (u: UnitDraft) => [u.kind, u.paragraph, u.section, u.part, u.text];
    const alone = loaded.overview.result.units.map(strip);
    const inPack = unitsOf("pack2024", "Children and Family Services Department").map(strip);
    const differ = alone.filter((a, i) => JSON.stringify(a) !== JSON.stringify(inPack[i]));
    // Only paragraph 80 differs between the files ("amending/ceasing" vs "amending\ceasing").
    expect(differ.map((d) => d[1])).toEqual(["80"]);
    expect(alone).toHaveLength(inPack.length);
  });
});
