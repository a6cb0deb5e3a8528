import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { growthExponent, MeasureError, rate, summariseLatencies } from "../../eval/bench/measure.js";
import { benchPdfSpec, numberedParagraphs, packPages } from "../../eval/bench/pdfset.js";
import { type CpuProfile, shortenUrl, summariseCpuProfile } from "../../eval/bench/profile.js";
import {
  MIN_QUESTIONS,
  movePeriodFirst,
  paraphrases,
  QuestionMixError,
  questionMix,
  sampleEvery,
} from "../../eval/bench/questions.js";
import { evaluateTargets, growthOf, type ScaleRow, table } from "../../eval/bench/report.js";
import {
  type CorpusFile,
  copyName,
  mulberry32,
  type Perturbation,
  perturbationFor,
  perturbText,
  seedFor,
  shiftNumber,
  synthCorpus,
} from "../../eval/bench/synth.js";
import { type GoldCase, loadGold } from "../../eval/gold.js";
import { makePdf } from "../fixtures/makePdf.js";

const CORPUS_DIR = "eval/corpus";
const F000 = "000_95470afa8ae34474.txt";

function readCorpus(): CorpusFile[] {
  return readdirSync(CORPUS_DIR)
    .filter((n) => n.endsWith(".txt"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(CORPUS_DIR, name), "utf8") }));
}

/** A fixed perturbation whose rng always returns `r`: 0.9 never rewords and moves numbers up 13.8%. */
function fixed(r: number): Perturbation {
  return {
    yearShift: 2,
    dayShift: 3,
    committee: "Health",
    county: "Derbyshire",
    city: "Derby",
    towns: new Map([["Glenfield", "Matlock"]]),
    rng: () => r,
  };
}

describe("synth: the PRNG", () => {
  it("repeats a sequence for a seed and differs between seeds", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c())).not.toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(seedFor("1:3:000.txt")).toBe(seedFor("1:3:000.txt"));
    expect(seedFor("1:3:000.txt")).not.toBe(seedFor("1:4:000.txt"));
  });
});

describe("synth: shiftNumber keeps the printed format", () => {
  const cases: { raw: string; decimals: number; commas: boolean; cap?: number }[] = [
    { raw: "82.6", decimals: 1, commas: false, cap: 100 },
    { raw: "75.71", decimals: 2, commas: false, cap: 100 },
    { raw: "100", decimals: 0, commas: false, cap: 100 },
    { raw: "1,023", decimals: 0, commas: true },
    { raw: "105,082,000", decimals: 0, commas: true },
    { raw: "1.1", decimals: 1, commas: false },
    { raw: "0.6", decimals: 1, commas: false },
    { raw: "45", decimals: 0, commas: false },
    { raw: "5,800", decimals: 0, commas: true },
  ];
  for (const c of cases) {
    it(`"${c.raw}" moves by a few percent and keeps ${c.decimals} decimals`, () => {
      const rng = mulberry32(seedFor(c.raw));
      const value = Number(c.raw.replace(/,/g, ""));
      const step = 10 ** -c.decimals;
      for (let i = 0; i < 40; i++) {
        const out = shiftNumber(c.raw, rng, c.cap === undefined ? {} : { cap: c.cap });
        const next = Number(out.replace(/,/g, ""));
        expect(out).not.toBe(c.raw);
        expect(out.split(".")[1]?.length ?? 0).toBe(c.decimals);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(Math.abs(next - value)).toBeLessThanOrEqual(value * 0.15 + step + 1e-9);
        if (c.cap !== undefined) expect(next).toBeLessThanOrEqual(c.cap);
        if (c.commas && next >= 1000) expect(out).toMatch(/^\d{1,3}(,\d{3})+$/);
        if (!c.commas) expect(out).not.toContain(",");
      }
    });
  }
});

describe("synth: perturbText on real lines of the demo papers", () => {
  const cases: { name: string; text: string; up: string; down: string }[] = [
    {
      name: "001 Q3 performance report, para 7: figures move, references stay",
      text: "7. The percentage of Child Protection cases reviewed within timescales was 82.6% at the end of quarter 3, with 266 of 322 children having all reviews on time within the last 12 months. This is an improvement on the quarter 4 figure of 75.7% (293 of 387). Leicestershire continues",
      up: "7. The percentage of Child Protection cases reviewed within timescales was 94.0% at the end of quarter 3, with 303 of 366 children having all reviews on time within the last 14 months. This is an improvement on the quarter 4 figure of 86.1% (333 of 387). Derbyshire continues",
      down: "7. The percentage of Child Protection cases reviewed within timescales was 79.1% at the end of quarter 3, with 255 of 308 young children having all check-ins on time within the last 11 months. This is an improvement on the quarter 4 figure of 72.5% (281 of 387). Derbyshire continues",
    },
    {
      name: "001 minutes: money with separators and a financial year",
      text: "- a) The High Needs Grant allocated to Leicestershire for 2023/24 totals £105,082,000. The cost of placements",
      up: "- a) The High Needs Grant allocated to Derbyshire for 2025/26 totals £119,583,316. The cost of placements",
      down: "- a) The High Needs Grant allocated to Derbyshire for 2025/26 totals £100,668,556. The cost of placements",
    },
    {
      name: "000 heading: committee and meeting date, line break kept",
      text: "**CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY\nCOMMITTEE – 5 MARCH 2024**",
      up: "**HEALTH OVERVIEW AND SCRUTINY\nCOMMITTEE – 8 MARCH 2026**",
      down: "**HEALTH OVERVIEW AND SCRUTINY\nCOMMITTEE – 8 MARCH 2026**",
    },
    {
      name: "000 para 25: £1.1million",
      text: "the co-ordinating the plan around the £1.1million spend to support the duty",
      up: "the co-ordinating the plan around the £1.3million spend to support the duty",
      down: "the co-ordinating the programme around the £1.0million spend to help the duty",
    },
    {
      name: "003 minutes: place and a date split over lines",
      text: " Minutes of a meeting of the Children and Families Overview and Scrutiny Committee held \nat County Hall, Glenfield on Tuesday, 3 March 2020.  ",
      up: " Minutes of a meeting of the Health Overview and Scrutiny Committee held \nat County Hall, Matlock on Tuesday, 6 March 2022.  ",
      down: " Minutes of a meeting of this Health Overview and Scrutiny Committee held \nat County Hall, Matlock on Tuesday, 6 March 2022.  ",
    },
    {
      name: "002: a date whose year wraps onto the next line",
      text: "(DCFSF) programme since the decision made at the Cabinet on 20 November \n2020 to proceed",
      up: "(DCFSF) programme since the decision made at the Cabinet on 23 November \n2022 to proceed",
      down: "(DCFSF) programme since the decision made at the Cabinet on 23 November \n2022 to proceed",
    },
    {
      name: "periods in every printing, and £5.8k",
      text: "Quarter 3 2023/24 Performance Report, 23/24 and 2020-23, average cost £5.8k a week",
      up: "Quarter 3 2025/26 Performance Report, 25/26 and 2022-25, average cost £6.6k a week",
      down: "Quarter 3 2025/26 Performance Report, 25/26 and 2022-25, average cost £5.6k a week",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(perturbText(c.text, fixed(0.9))).toBe(c.up);
      expect(perturbText(c.text, fixed(0.1))).toBe(c.down);
    });
  }

  it("never touches minute numbers, standing orders or agenda items", () => {
    const lines = [
      "Mr. L. Phillimore CC declared a personal interest in Minute Number 72 as his wife was ",
      "The Chief Executive reported that no questions had been received under Standing Order \n34. ",
      "report marked ‘Agenda Item 8’ is filed with these minutes. ",
      "63. Minutes.  ",
    ];
    for (let seed = 1; seed <= 30; seed++) {
      const p = perturbationFor(seed);
      for (const line of lines) {
        const words = (s: string) => s.match(/\d+/g) ?? [];
        expect(words(perturbText(line, p)), `seed ${seed}: ${line}`).toEqual(words(line));
      }
    }
  });
});

describe("synth: synthCorpus over the demo corpus", () => {
  let corpus: CorpusFile[];
  let copies: CorpusFile[];
  beforeAll(() => {
    corpus = readCorpus();
    copies = synthCorpus(corpus, 3);
  });

  it("keeps copy 0 as the original and names the others apart", () => {
    expect(copies).toHaveLength(corpus.length * 3);
    expect(copies.slice(0, corpus.length)).toEqual(corpus);
    expect(copies[corpus.length]?.name).toBe(copyName(corpus[0]?.name ?? "", 1));
    expect(copyName(F000, 12)).toBe(`c012_${F000}`);
    expect(new Set(copies.map((f) => f.name)).size).toBe(copies.length);
  });

  it("is deterministic and differs between copies and seeds", () => {
    expect(synthCorpus(corpus, 3)).toEqual(copies);
    const n = corpus.length;
    for (let i = 0; i < n; i++) {
      const original = copies[i]?.text;
      expect(copies[n + i]?.text).not.toBe(original);
      expect(copies[2 * n + i]?.text).not.toBe(copies[n + i]?.text);
    }
    expect(synthCorpus(corpus, 2, 7)[n]?.text).not.toBe(copies[n]?.text);
  });

  it("keeps every line and paragraph number, so the structure detector sees the same paper", () => {
    const n = corpus.length;
    const numbers = (t: string) => t.split("\n").flatMap((l) => /^\s*(\d{1,3})\.\s/.exec(l)?.[1] ?? []);
    for (let i = 0; i < n; i++) {
      const original = corpus[i]?.text ?? "";
      for (const copy of [copies[n + i]?.text ?? "", copies[2 * n + i]?.text ?? ""]) {
        expect(copy.split("\n").length).toBe(original.split("\n").length);
        expect(numbers(copy)).toEqual(numbers(original));
      }
    }
  });

  it("changes most numbered paragraphs, so the content-hash dedupe keeps the copies apart", () => {
    const original = corpus.find((f) => f.name === F000)?.text ?? "";
    const copy = copies.find((f) => f.name === copyName(F000, 1))?.text ?? "";
    const a = numberedParagraphs(original);
    const b = numberedParagraphs(copy);
    expect(b).toHaveLength(a.length);
    const changed = a.filter((p, i) => p !== b[i]).length;
    expect(changed / a.length).toBeGreaterThan(0.8);
    expect(copy).not.toMatch(/Leicestershire/);
  });

  it("refuses a factor that is not a whole number of at least 1", () => {
    expect(() => synthCorpus(corpus, 0)).toThrow(RangeError);
    expect(() => synthCorpus(corpus, 1.5)).toThrow(/whole number/);
  });
});

describe("questions: paraphrases of real gold questions", () => {
  const cases: { question: string; expected: { text: string; transforms: string[] }[] }[] = [
    {
      question: "What % of CP cases were reviewed in timescale at end of Q3 23/24?",
      expected: [
        {
          text: "By the end of quarter 3 2023-24, what proportion of child protection cases were reviewed in timescale?",
          transforms: [
            "expand:CP",
            "expand:Q",
            "expand:%",
            "period:long",
            "syn:share",
            "syn:by-end",
            "reorder:period-first",
          ],
        },
      ],
    },
    {
      question: "What's the High Needs Grant for Leicestershire in 23/24?",
      expected: [
        { text: "What's the High Needs Grant for Leics in 23/24?", transforms: ["abbrev:Leics"] },
        {
          text: "In 2023-24, what is the High Needs Grant for Leicestershire?",
          transforms: ["period:long", "syn:what-is", "reorder:period-first"],
        },
      ],
    },
    {
      question: "How many first time entrants to the youth justice system were there in 2023/24?",
      expected: [
        {
          text: "How many first time entrants to the youth justice system were there in 23/24?",
          transforms: ["period:short"],
        },
        {
          text: "In 2023/24, what number of first time entrants to the youth justice system were there?",
          transforms: ["syn:how-many", "reorder:period-first"],
        },
      ],
    },
    {
      question: "What was the repeat CPP rate (second or subsequent plan) at end of Q2 23/24?",
      expected: [
        {
          text: "By the end of quarter 2 2023-24, what's the repeat child protection plan rate (second or subsequent plan)?",
          transforms: [
            "expand:CPP",
            "expand:Q",
            "period:long",
            "syn:whats",
            "syn:by-end",
            "reorder:period-first",
          ],
        },
      ],
    },
    // An age range is not a period, and nothing else here has another wording.
    {
      question: "When was the multi-agency housing protocol for homeless 16/17 year olds approved?",
      expected: [],
    },
  ];
  for (const c of cases) {
    it(c.question, () => {
      expect(paraphrases(c.question)).toEqual(c.expected);
    });
  }

  it("does not move a period that the sentence still needs", () => {
    expect(movePeriodFirst("What tribunal savings has TSIL identified in 25/26 and by 27/28?")).toBeNull();
    expect(movePeriodFirst("And what was the CP reviews-in-timescale figure back at Q4 22/23?")).toBeNull();
    expect(movePeriodFirst("How many permanent exclusions were there in 2019/20?")).toBe(
      "In 2019/20, how many permanent exclusions were there?",
    );
  });
});

describe("questions: the benchmark mix", () => {
  let gold: GoldCase[];
  beforeAll(async () => {
    gold = await loadGold("eval/gold");
  });

  it("holds every gold question once and at least 200 questions in all", () => {
    const mix = questionMix(gold);
    expect(mix.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
    const golds = mix.filter((q) => q.variant === "gold");
    expect(golds.map((q) => q.question)).toEqual(gold.map((g) => g.question));
    expect(new Set(mix.map((q) => q.id)).size).toBe(mix.length);
    for (const q of mix.filter((x) => x.variant === "paraphrase")) {
      expect(q.id.startsWith(`${q.gold.id}~`)).toBe(true);
      expect(q.question).not.toBe(q.gold.question);
      expect(q.transforms.length).toBeGreaterThan(0);
    }
    expect(questionMix(gold)).toEqual(mix);
  });

  it("refuses a mix below the minimum", () => {
    expect(() => questionMix(gold.slice(0, 3))).toThrow(QuestionMixError);
  });

  it("samples every n-th question from the first", () => {
    expect(sampleEvery([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 3, 6]);
    expect(sampleEvery([0, 1], 1)).toEqual([0, 1]);
    expect(() => sampleEvery([1], 0)).toThrow(RangeError);
  });
});

describe("measure: latency percentiles and growth", () => {
  it("gives nearest-rank percentiles whatever the order of the timings", () => {
    const ms = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summariseLatencies(ms)).toEqual({
      n: 100,
      p50_ms: 50,
      p95_ms: 95,
      p99_ms: 99,
      mean_ms: 50.5,
      max_ms: 100,
    });
    const small = summariseLatencies([12.345, 3.2, 7.1]);
    expect(small.p50_ms).toBe(7.1);
    expect(small.p95_ms).toBe(12.35);
    expect(small.p99_ms).toBe(12.35);
  });

  it("refuses an empty run and a misread clock", () => {
    expect(() => summariseLatencies([])).toThrow(MeasureError);
    expect(() => summariseLatencies([1, -2])).toThrow(/negative/);
    expect(() => summariseLatencies([1, Number.NaN])).toThrow(MeasureError);
  });

  it("reads growth as an exponent of the scale factor", () => {
    expect(growthExponent(1, 10, 100, 1000)).toBe(1);
    expect(growthExponent(1, 10, 100, 10)).toBe(0);
    expect(growthExponent(1, 10, 100, 100)).toBe(0.5);
    expect(growthExponent(10, 5, 100, 500)).toBe(2);
    expect(growthExponent(1, 0, 100, 10)).toBeNull();
    expect(growthExponent(5, 1, 5, 2)).toBeNull();
    expect(rate(10, 4)).toBe(2.5);
    expect(rate(10, 0)).toBeNull();
  });
});

describe("profile: self time from a .cpuprofile", () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 }, children: [2, 4, 5, 6] },
      {
        id: 2,
        callFrame: { functionName: "addVectors", url: "file:///repo/ingest/store/vectors.ts", lineNumber: 0 },
        children: [3],
      },
      { id: 3, callFrame: { functionName: "", url: "file:///repo/ingest/store/vectors.ts", lineNumber: 0 } },
      { id: 4, callFrame: { functionName: "(garbage collector)", url: "", lineNumber: -1 } },
      { id: 5, callFrame: { functionName: "(idle)", url: "", lineNumber: -1 } },
      {
        id: 6,
        callFrame: {
          functionName: "termResults",
          url: "file:///repo/node_modules/minisearch/dist/es/index.js",
          lineNumber: 1705,
        },
      },
    ],
    startTime: 0,
    endTime: 16_000,
    samples: [2, 3, 3, 4, 5, 6],
    timeDeltas: [1000, 2000, 2000, 500, 9000, 1500],
  };

  it("charges each sample to its function and file, and project callers with their callees' time", () => {
    expect(summariseCpuProfile(profile, "/repo")).toEqual({
      total_ms: 7,
      functions: [
        { name: "(anonymous in addVectors)", where: "ingest/store/vectors.ts", self_ms: 4, self_pct: 57.1 },
        { name: "termResults", where: "minisearch (package):1706", self_ms: 1.5, self_pct: 21.4 },
        { name: "addVectors", where: "ingest/store/vectors.ts", self_ms: 1, self_pct: 14.3 },
        { name: "(garbage collector)", where: "(garbage collector)", self_ms: 0.5, self_pct: 7.1 },
      ],
      files: [
        { file: "ingest/store/vectors.ts", self_ms: 5, self_pct: 71.4 },
        { file: "minisearch (package)", self_ms: 1.5, self_pct: 21.4 },
        { file: "(garbage collector)", self_ms: 0.5, self_pct: 7.1 },
      ],
      inclusive: [
        { name: "addVectors", where: "ingest/store/vectors.ts", total_ms: 5, total_pct: 71.4 },
        { name: "(anonymous in addVectors)", where: "ingest/store/vectors.ts", total_ms: 4, total_pct: 57.1 },
      ],
    });
  });

  it("names files by repository path or package", () => {
    expect(shortenUrl("file:///repo/bot/engine/index.ts", "/repo")).toBe("bot/engine/index.ts");
    expect(shortenUrl("file:///repo/node_modules/@langchain/core/dist/a.js", "/repo")).toBe(
      "@langchain/core (package)",
    );
    expect(shortenUrl("node:internal/modules/esm/utils", "/repo")).toBe("node:internal/modules/esm/utils");
    expect(shortenUrl("", "/repo")).toBe("(native)");
  });
});

describe("report: targets and growth", () => {
  function row(factor: number, over: Partial<ScaleRow> = {}): ScaleRow {
    return {
      factor,
      files: 5 * factor,
      text_mb: 0.36 * factor,
      units: 866 * factor,
      ingest_s: 3 * factor,
      mb_per_s: 0.12,
      units_per_s: 290,
      p50_ms: 9,
      p95_ms: 25,
      p99_ms: 40,
      load_ms: 130,
      ready_ms: 600,
      rss_mb: 300,
      ingest_rss_mb: 220,
      disk_mb: 5 * factor,
      hit_at_5: 0.9,
      hits_n: 264,
      baseline_p95_ms: 5,
      baseline_n: 299,
      memory: {
        after_open: { rss_mb: 200, heap_used_mb: 100, external_mb: 5 },
        after_engine: { rss_mb: 250, heap_used_mb: 150, external_mb: 5 },
        after_questions: { rss_mb: 300, heap_used_mb: 160, external_mb: 5 },
      },
      ...over,
    };
  }

  it("passes, misses, and reports 100x targets as not measured without a 100x run", () => {
    const only1 = evaluateTargets([row(1)], 0.12, 90);
    expect(only1.find((t) => t.name === "query p95 at 1x")?.pass).toBe(true);
    expect(only1.find((t) => t.name === "ingest throughput")?.pass).toBe(false);
    for (const t of only1.filter((x) => x.name.includes("100x"))) expect(t.pass, t.name).toBeNull();

    const both = evaluateTargets(
      [row(1, { p95_ms: 31 }), row(100, { p95_ms: 59, load_ms: 2500, rss_mb: 1400, ingest_rss_mb: 1600 })],
      2.5,
      700,
    );
    const pass = Object.fromEntries(both.map((t) => [t.name, t.pass]));
    expect(pass).toEqual({
      "query p95 at 1x": false,
      "query p95 at 100x": true,
      "ingest throughput": true,
      "index load at 100x (openIndex)": false,
      "ready at 100x (openIndex + createEngine)": true,
      "RSS at 100x (serving)": true,
      "RSS at 100x (ingest)": false,
      "whole bench at 100x": false,
    });
  });

  it("computes growth between the smallest and the largest scale", () => {
    const g = growthOf([row(100), row(1)]);
    expect(g.units).toBe(1);
    expect(g.p95_ms).toBe(0);
    expect(g.disk_mb).toBe(1);
  });

  it("aligns numbers right and text left", () => {
    expect(
      table(
        ["name", "ms"],
        [
          ["a", 1.5],
          ["bb", 12],
        ],
      ),
    ).toBe("name   ms\n----  ---\na     1.5\nbb     12");
  });
});

describe("pdfset: council report PDFs for pages/s", () => {
  it("packs lines into pages in order without overfilling one", () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${i + 1}. ${"word ".repeat(10 + (i % 7) * 30)}`);
    const pages = packPages(lines);
    expect(pages.flat()).toEqual(lines);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeGreaterThan(0);
  });

  it("takes the numbered paragraphs of a Markdown-like paper without their numbers", () => {
    const text = readFileSync(join(CORPUS_DIR, F000), "utf8");
    const paras = numberedParagraphs(text);
    expect(paras.length).toBeGreaterThan(50);
    expect(paras[0]).toBe(
      "The purpose of this report is to provide the Committee with an overview of the work of the Children and Family Services Department.",
    );
  });

  it("lays out every PDF of the default set on real pages", async () => {
    const paras = numberedParagraphs(readFileSync(join(CORPUS_DIR, F000), "utf8"));
    for (let i = 0; i < 30; i++) {
      const spec = benchPdfSpec(i, paras, 8 + (i % 9));
      expect(spec.pages.length).toBeGreaterThan(4);
      const pdf = await makePdf(spec);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    expect(benchPdfSpec(3, paras, 8).footer?.(2)).toBe("2 Agenda Item 8");
  });
});
