import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GoldCase, GoldLoadError, loadGold, SMOKE_FILE } from "../../eval/gold.js";
import { assertGoldClean, collapseWhitespace, GoldLintError, lintGold } from "../../eval/lint.js";

const GOLD_DIR = "eval/gold";
const CORPUS_DIR = "eval/corpus";
const F001 = "001_bc9149fb7ac2f9bb.txt";

function byId(cases: readonly GoldCase[], id: string): GoldCase {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`test setup: no gold case "${id}"`);
  return structuredClone(found);
}

describe("the shipped gold set", () => {
  let all: GoldCase[];
  let smoke: GoldCase[];
  beforeAll(async () => {
    all = await loadGold(GOLD_DIR);
    smoke = await loadGold(join(GOLD_DIR, SMOKE_FILE));
  });

  it("loads and lints clean against the corpus", () => {
    expect(lintGold(all, CORPUS_DIR)).toEqual([]);
    expect(lintGold(smoke, CORPUS_DIR)).toEqual([]);
  });

  it("has the coverage the eval needs", () => {
    expect(all.length).toBeGreaterThanOrEqual(70);
    const kinds = new Set(all.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(["fact", "figure", "two_figures", "unanswerable"]);
    expect(all.filter((c) => c.kind === "unanswerable").length).toBeGreaterThanOrEqual(10);
    const sources = new Set(all.flatMap((c) => c.evidence.map((e) => e.source.slice(0, 3))));
    expect([...sources].sort()).toEqual(["000", "001", "002", "003", "004"]);
    const sameReport = all.filter((c) => c.tags.includes("same-report-two-files"));
    expect(sameReport.length).toBeGreaterThanOrEqual(4);
    for (const gold of sameReport) expect(new Set(gold.evidence.map((e) => e.source)).size, gold.id).toBe(2);
    for (const tag of ["prose", "table", "minutes", "trap", "target-vs-actual", "critical"]) {
      expect(
        all.some((c) => c.tags.includes(tag)),
        tag,
      ).toBe(true);
    }
  });

  it("smoke.jsonl is 12 exact copies of cases kept in the other files", () => {
    expect(smoke).toHaveLength(12);
    for (const gold of smoke) expect(gold).toEqual(byId(all, gold.id));
    expect(smoke.some((c) => c.kind === "unanswerable")).toBe(true);
  });
});

describe("lintGold", () => {
  let all: GoldCase[];
  beforeAll(async () => {
    all = await loadGold(GOLD_DIR);
  });

  it("catches a quote that is not verbatim in its file", () => {
    const gold = byId(all, "q3-2324-cp-reviews-in-timescale");
    const first = gold.evidence[0];
    if (!first) throw new Error("test setup: case has no evidence");
    first.quote = first.quote.replace("82.6%", "82.9%");
    const problems = lintGold([gold], CORPUS_DIR);
    expect(problems.map((p) => p.code)).toContain("QUOTE_NOT_IN_SOURCE");
    expect(problems.find((p) => p.code === "QUOTE_NOT_IN_SOURCE")?.message).toContain(
      `gold "q3-2324-cp-reviews-in-timescale" evidence 1: quote is not verbatim in "${F001}"`,
    );
  });

  it("accepts a quote whose line breaks and tabs differ from the file", () => {
    const gold = byId(all, "cin-2020-cp-plans-may");
    const first = gold.evidence[0];
    if (!first) throw new Error("test setup: case has no evidence");
    first.quote = first.quote.replace(/ /g, "\n\t ");
    expect(lintGold([gold], CORPUS_DIR)).toEqual([]);
  });

  it("catches an expected value its quote does not state", () => {
    const gold = byId(all, "q3-2324-cp-reviews-in-timescale");
    if (gold.kind !== "figure") throw new Error("test setup: expected a figure case");
    gold.expected.value = "82.7";
    const problems = lintGold([gold], CORPUS_DIR);
    expect(problems.map((p) => p.code)).toEqual(["VALUE_NOT_IN_QUOTE", "VALUE_NOT_IN_QUOTE"]);
    expect(problems[0]?.message).toBe(
      'gold "q3-2324-cp-reviews-in-timescale" evidence 1: expected 82.7 percent is not stated in quote ' +
        '"The percentage of Child Protection cases reviewed within timescales was 82.6% at the end …"',
    );
  });

  it("catches a figure whose scale is wrong for its quote", () => {
    const gold = byId(all, "overview-domestic-abuse-duty-spend");
    if (gold.kind !== "figure") throw new Error("test setup: expected a figure case");
    gold.expected.scale = "thousand";
    expect(lintGold([gold], CORPUS_DIR).map((p) => p.code)).toEqual([
      "VALUE_NOT_IN_QUOTE",
      "VALUE_NOT_IN_QUOTE",
    ]);
  });

  it("catches the second figure of a two-figure case missing from every quote", () => {
    const gold = byId(all, "q3-2324-cp-reviews-counts");
    if (gold.kind !== "two_figures") throw new Error("test setup: expected a two_figures case");
    gold.expected[1].value = "323";
    const problems = lintGold([gold], CORPUS_DIR);
    expect(problems).toEqual([
      {
        id: "q3-2324-cp-reviews-counts",
        code: "VALUE_NOT_IN_QUOTE",
        message: 'gold "q3-2324-cp-reviews-counts": expected 323 count is not stated in any evidence quote',
      },
    ]);
  });

  it("catches a duplicate id, naming both positions", () => {
    const gold = byId(all, "vrn-established");
    const problems = lintGold([gold, byId(all, "vrn-number-of-vrus"), gold], CORPUS_DIR);
    expect(problems).toEqual([
      {
        id: "vrn-established",
        code: "DUPLICATE_ID",
        message: 'gold "vrn-established": duplicate id (cases #1 and #3 share it)',
      },
    ]);
  });

  it("catches an unknown source file and a document title not in the file", () => {
    const gold = byId(all, "cip-first-home");
    const first = gold.evidence[0];
    if (!first) throw new Error("test setup: case has no evidence");
    const wrongDocument = { ...first, document: "Quarter 2 2023/24 Performance Report" };
    gold.evidence = [{ ...first, source: "009_missing.txt" }, wrongDocument];
    const codes = lintGold([gold], CORPUS_DIR).map((p) => p.code);
    expect(codes).toEqual(["UNKNOWN_SOURCE", "UNKNOWN_DOCUMENT"]);
  });

  it("catches a fact whose key phrase is not in its quote", () => {
    const gold = byId(all, "cip-partner-and-award");
    if (gold.kind !== "fact") throw new Error("test setup: expected a fact case");
    gold.expected.any_of = ["Action for Children"];
    expect(lintGold([gold], CORPUS_DIR).map((p) => p.code)).toEqual(["PHRASE_NOT_IN_QUOTE"]);
  });

  it("catches evidence on an unanswerable case and a figure case with none", () => {
    const none = byId(all, "none-cp-reviews-rutland");
    none.evidence = [...byId(all, "q3-2324-cp-reviews-in-timescale").evidence];
    const figure = byId(all, "q3-2324-neet");
    figure.evidence = [];
    expect(lintGold([none, figure], CORPUS_DIR)).toEqual([
      {
        id: "none-cp-reviews-rutland",
        code: "UNEXPECTED_EVIDENCE",
        message:
          'gold "none-cp-reviews-rutland": unanswerable case lists 2 evidence quote(s); it must list none',
      },
      {
        id: "q3-2324-neet",
        code: "MISSING_EVIDENCE",
        message: 'gold "q3-2324-neet": figure case has no evidence',
      },
    ]);
  });

  it("catches page furniture inside a quote from a hard-wrapped file", () => {
    const gold = byId(all, "cce-referrals-male");
    const first = gold.evidence[0];
    if (!first) throw new Error("test setup: case has no evidence");
    first.quote = "Due to the subsequent growth of the multi-agency team it 67 Agenda Item 11";
    const codes = lintGold([gold], CORPUS_DIR).map((p) => p.code);
    expect(codes).toContain("PAGE_FURNITURE_IN_QUOTE");
  });

  it("assertGoldClean throws a typed error listing every problem", () => {
    const gold = byId(all, "vrn-established");
    expect(() => assertGoldClean([gold, gold], CORPUS_DIR)).toThrow(GoldLintError);
    expect(() => assertGoldClean([gold], CORPUS_DIR)).not.toThrow();
  });

  it("collapses tabs, line breaks and runs of spaces the same way for file and quote", () => {
    expect(collapseWhitespace("  Care leavers EET\tPercent\n\nHigh = Good  ")).toBe(
      "Care leavers EET Percent High = Good",
    );
  });
});

describe("loadGold", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gold-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const good = {
    id: "staff-fte",
    question: "What's the FTE of the department?",
    kind: "figure",
    expected: { value: "1218", kind: "number" },
    evidence: [
      {
        source: "000_95470afa8ae34474.txt",
        document: "Children and Family Services Department",
        paragraph: "20",
        quote: "There are 1400 (1218 FTE) staff",
      },
    ],
  };

  it("fills defaults for optional fields and reads YAML lists", async () => {
    const file = join(dir, "staff.yaml");
    await writeFile(
      file,
      [
        "# governance staff may comment YAML files",
        "- id: staff-fte",
        "  question: What's the FTE of the department?",
        "  kind: figure",
        "  expected: { value: '1218', kind: number }",
        "  evidence:",
        "    - source: 000_95470afa8ae34474.txt",
        "      document: Children and Family Services Department",
        "      paragraph: '20'",
        "      quote: There are 1400 (1218 FTE) staff",
        "- id: none-fte-2019",
        "  question: What was the FTE in 2019?",
        "  kind: unanswerable",
        "  expected: null",
      ].join("\n"),
    );
    const cases = await loadGold(file);
    expect(cases).toHaveLength(2);
    expect(cases[0]).toMatchObject({
      period: null,
      tags: [],
      expected: { value: "1218", kind: "number", scale: null, tolerance: null, alternatives: [] },
    });
    expect(cases[1]).toMatchObject({ kind: "unanswerable", evidence: [] });
    expect(lintGold(cases, CORPUS_DIR)).toEqual([]);
  });

  it("names the file and line of a broken JSONL line", async () => {
    const file = join(dir, "broken.jsonl");
    await writeFile(file, `${JSON.stringify(good)}\n\n{"id": "oops",\n`);
    await expect(loadGold(file)).rejects.toThrow(new RegExp(`gold: "${file}" line 3: not valid JSON`));
  });

  it("rejects a misspelt field and a value written with a unit", async () => {
    const misspelt = join(dir, "misspelt.jsonl");
    await writeFile(misspelt, `${JSON.stringify({ ...good, tag: ["x"] })}\n`);
    await expect(loadGold(misspelt)).rejects.toThrow(/line 1 \(id "staff-fte"\): .*tag/);
    const withUnit = join(dir, "unit.jsonl");
    await writeFile(
      withUnit,
      `${JSON.stringify({ ...good, expected: { value: "82.6%", kind: "percent" } })}\n`,
    );
    await expect(loadGold(withUnit)).rejects.toBeInstanceOf(GoldLoadError);
    await expect(loadGold(withUnit)).rejects.toThrow(/expected\.value: must be a plain number/);
  });

  it("loads a folder in name order and skips smoke.jsonl", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gold-dir-"));
    try {
      await writeFile(join(folder, "b.jsonl"), `${JSON.stringify({ ...good, id: "b-case" })}\n`);
      await writeFile(join(folder, "a.jsonl"), `${JSON.stringify({ ...good, id: "a-case" })}\n`);
      await writeFile(join(folder, SMOKE_FILE), `${JSON.stringify({ ...good, id: "a-case" })}\n`);
      await writeFile(join(folder, "README.md"), "# not gold\n");
      expect((await loadGold(folder)).map((c) => c.id)).toEqual(["a-case", "b-case"]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
