import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../ingest/config.js";
import { HashedEmbeddings } from "../../ingest/embeddings/index.js";
import {
  buildIndexInMemory,
  CONTEXT_BOOST,
  collectionFilter,
  INDEX_FILES,
  INDEX_FORMAT_VERSION,
  type IndexContents,
  IndexIncompatibleError,
  IndexLockedError,
  IndexMissingError,
  IndexWriteError,
  LexicalIndex,
  lockFileOf,
  openIndex,
  searchText,
  writeIndex,
} from "../../ingest/store/index.js";
import { LexicalIndexError } from "../../ingest/store/lexical.js";
import { tokenize, tokenizeQuery } from "../../ingest/tokenize.js";
import type { Unit } from "../../ingest/types.js";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/openaiServer.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const offline = loadConfig({});

function unit(id: string, text: string, over: Partial<Unit> = {}): Unit {
  const source = over.source ?? "001_bc9149fb7ac2f9bb.txt";
  return {
    id,
    kind: "paragraph",
    text,
    context: "Performance Report > Performance",
    documentId: `${source}#6`,
    source,
    title: "Quarter 3 2023/24 Performance Report",
    committee: "Children and Families Overview and Scrutiny Committee",
    meetingDate: "2024-03-05",
    agendaItem: "12",
    section: "Performance",
    paragraph: id,
    part: 0,
    page: null,
    start: 0,
    end: text.length,
    collection: "public",
    sources: [{ source, documentId: `${source}#6`, page: null, start: 0, end: text.length }],
    table: null,
    figures: [],
    ...over,
  };
}

function contents(units: Unit[], chunkerVersion = "chunker-test-1"): IndexContents {
  return {
    documents: [
      {
        id: "001_bc9149fb7ac2f9bb.txt#6",
        source: "001_bc9149fb7ac2f9bb.txt",
        kind: "report",
        title: "Quarter 3 2023/24 Performance Report",
        committee: "Children and Families Overview and Scrutiny Committee",
        meetingDate: "2024-03-05",
        author: "Director of Children and Family Services",
        agendaItem: "12",
        pageStart: null,
        pageEnd: null,
      },
    ],
    units,
    glossary: [
      { term: "UASC", expansion: "unaccompanied asylum-seeking children", origin: "papers", sources: [] },
    ],
    files: [
      {
        source: "001_bc9149fb7ac2f9bb.txt",
        sha256: "ab".repeat(32),
        bytes: 141518,
        collection: "public",
        documents: 1,
        units: units.length,
        figures: 0,
        ingestedAt: "2024-03-06T10:00:00.000Z",
      },
    ],
    chunkerVersion,
  };
}

/** Paragraphs in the style of the demo papers; each has one clear topic. */
const CORPUS: Unit[] = [
  unit(
    "p1",
    "Officers are co-ordinating the plan around the £1,100,000 spend to support the new domestic abuse duty.",
  ),
  unit("p2", "Child protection cases reviewed within timescales rose to 82.6% in Q3 2023/24."),
  unit("p3", "Child protection cases reviewed within timescales were 75.71% in Q4 2022/23."),
  unit("p4", "The average weekly cost per residential placement increased to 12,500 in the year."),
  unit("p5", "The vulnerability hub is co-located with the police at Wigston Police Station."),
  unit("p6", "The Families Together team was established in November 2023 to keep families together."),
  unit(
    "p7",
    "Foster carers were recruited through a new marketing campaign to provide more local placements.",
  ),
  unit("p8", "The Virtual School promotes the educational attainment of children in care."),
  unit("p9", "Restricted: the cost of the legal settlement was £250,000.", { collection: "confidential" }),
  unit("p10", "The network's annual strategy was agreed by the board.", {
    context: "Violence Reduction Network Update > Strategy",
  }),
];

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), "scrutiny-store-"));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function siblingNames(dir: string): Promise<string[]> {
  const base = dir.split("/").at(-1) ?? "";
  return (await readdir(join(dir, ".."))).filter((n) => n.startsWith(`${base}.`));
}

describe("writeIndex + openIndex", () => {
  it("round-trips units, documents, glossary and the manifest", async () => {
    const dir = join(tmp, "index");
    const phases = new Set<string>();
    const manifest = await writeIndex(dir, contents(CORPUS), {
      config: offline,
      onProgress: (_d, _t, phase) => phases.add(phase),
    });
    expect(manifest).toMatchObject({
      formatVersion: INDEX_FORMAT_VERSION,
      chunkerVersion: "chunker-test-1",
      embedding: { kind: "hashed", dimensions: 1024 },
      counts: { files: 1, documents: 1, units: CORPUS.length, figures: 0, glossary: 1 },
    });
    expect([...phases]).toEqual(["embed", "vectors", "lexical", "write", "swap"]);
    expect((await readdir(dir)).sort()).toEqual(Object.values(INDEX_FILES).sort());

    const store = await openIndex(dir, { config: offline, expectedChunkerVersion: "chunker-test-1" });
    expect(store.dir).toBe(dir);
    expect(store.manifest).toEqual(manifest);
    expect([...store.units.values()]).toEqual(CORPUS);
    expect(store.documents).toEqual(contents(CORPUS).documents);
    expect(store.glossary).toEqual(contents(CORPUS).glossary);
    expect(store.vectorOf("p1")).toHaveLength(1024);
    expect(store.vectorOf("nope")).toBeUndefined();
    expect(await siblingNames(dir)).toEqual([]);
  });

  it("replaces an existing index and leaves nothing beside it", async () => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS.slice(0, 3)), { config: offline });
    await writeIndex(dir, contents(CORPUS), { config: offline });
    const store = await openIndex(dir, { config: offline });
    expect(store.units.size).toBe(CORPUS.length);
    expect(await siblingNames(dir)).toEqual([]);
  });

  it("refuses to replace a folder that is not an index", async () => {
    const dir = join(tmp, "papers");
    await mkdir(dir);
    await writeFile(join(dir, "minutes.txt"), "keep me");
    await expect(writeIndex(dir, contents(CORPUS), { config: offline })).rejects.toThrow(IndexWriteError);
    expect(await readFile(join(dir, "minutes.txt"), "utf8")).toBe("keep me");
  });

  it("refuses two units with one id, naming both places", async () => {
    const twice = [...CORPUS, unit("p1", "Another paragraph", { source: "004_288bc0e4485ed917.txt" })];
    await expect(writeIndex(join(tmp, "index"), contents(twice), { config: offline })).rejects.toThrow(
      /p1 appears twice.*004_288bc0e4485ed917.txt/,
    );
  });

  it("writes and opens an index with no units", async () => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents([]), { config: offline });
    const store = await openIndex(dir, { config: offline });
    expect(store.units.size).toBe(0);
    expect(store.lexicalSearch("anything", 5)).toEqual([]);
    expect(await store.vectorSearch("anything", 5)).toEqual([]);
  });

  it("builds the same store in memory through the same code", async () => {
    const store = await buildIndexInMemory(contents(CORPUS), offline);
    expect(store.dir).toBe(":memory:");
    expect(store.lexicalSearch("Wigston police", 1)[0]?.id).toBe("p5");
    expect((await store.vectorSearch("Wigston police station hub", 1))[0]?.id).toBe("p5");
  });
});

describe("lexical search", () => {
  let store: Awaited<ReturnType<typeof openIndex>>;
  beforeEach(async () => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS), { config: offline });
    store = await openIndex(dir, { config: offline });
  });

  it.each([
    ["£1.1m domestic abuse", "p1"],
    ["1.1 million", "p1"],
    ["12500", "p4"],
    ["12,500 a week", "p4"],
    ["cases reviewed within timescales 2023/24", "p2"],
    ["cases reviewed within timescales 23/24", "p2"],
    ["cases reviewed within timescales 2022-23", "p3"],
    ["Violence Reduction Network strategy", "p10"],
  ])("%s -> %s first", (query, id) => {
    expect(store.lexicalSearch(query, 3)[0]?.id).toBe(id);
  });

  it("finds an amount only by its normalised form, not by its digits", () => {
    expect(store.lexicalSearch("1100000", 5).map((h) => h.id)).toEqual(["p1"]);
    expect(store.lexicalSearch("1.1", 5)).toEqual([]);
  });

  it("keeps a financial year whole: 2023/24 does not match the 2022/23 paragraph", () => {
    expect(store.lexicalSearch("2023/24", 10).map((h) => h.id)).toEqual(["p2"]);
  });

  it("filters by unit and honours k", () => {
    expect(store.lexicalSearch("£250,000 legal settlement", 5).map((h) => h.id)).toContain("p9");
    const filtered = store.lexicalSearch(
      "£250,000 legal settlement cost",
      5,
      (u) => u.collection === "public",
    );
    expect(filtered.map((h) => h.id)).not.toContain("p9");
    expect(store.lexicalSearch("cases", 1)).toHaveLength(1);
    expect(store.lexicalSearch("cases", 0)).toEqual([]);
  });
});

/** Numbered paragraphs of two demo papers, each under its nearest heading, as units. */
const PAPER_UNITS: Unit[] = ["000_95470afa8ae34474.txt", "001_bc9149fb7ac2f9bb.txt"].flatMap((file) => {
  let heading = "";
  return readFileSync(join(REPO, "eval/corpus", file), "utf8")
    .split("\n")
    .flatMap((line, i) => {
      // Headings stand alone on a short line: "Department Overview", "Safeguarding".
      if (/^[A-Z][^.\t]{2,60}$/.test(line)) heading = line;
      if (!/^\d+\. /.test(line)) return [];
      return [
        unit(`${file.slice(0, 3)}-${i}`, line, {
          source: file,
          context: heading,
          collection: i % 5 === 0 ? "restricted" : "public",
        }),
      ];
    });
});

const PAPER_QUERIES = [
  "What percentage of child protection cases were reviewed within timescales?",
  "How much is the departmental budget for 2024/25?",
  "number of children in care and looked after children placements",
  "unaccompanied asylum seeking children UASC",
  "foster carers recruitment",
  "Ofsted inspection judgement",
  "£1.1m domestic abuse",
  "children",
  "zzzz nothing matches this",
];

describe("lexical scoring (typed-array postings)", () => {
  const index = LexicalIndex.build(PAPER_UNITS);

  it("holds enough real paragraphs for the comparison to mean something", () => {
    expect(PAPER_UNITS.length).toBeGreaterThan(100);
    expect(new Set(PAPER_UNITS.map((u) => u.context)).size).toBeGreaterThan(5);
  });

  // The index replaced MiniSearch 7 (BM25+, context boost, score times the query terms matched): the same
  // documents in the same order with the same scores, so retrieval quality did not move.
  it.each(PAPER_QUERIES)("ranks %j exactly as MiniSearch did", (query) => {
    const mini = new MiniSearch<{ id: string; text: string; context: string }>({
      fields: ["text", "context"],
      idField: "id",
      tokenize: (t) => tokenize(t),
      processTerm: (t) => t,
      searchOptions: {
        tokenize: (t) => tokenizeQuery(t),
        processTerm: (t) => t,
        boost: { text: 1, context: CONTEXT_BOOST },
        combineWith: "OR",
      },
    });
    mini.addAll(PAPER_UNITS.map((u) => ({ id: u.id, text: u.text, context: u.context })));
    const expected = mini.search(query).slice(0, 20);
    const got = index.search(query, 20);
    expect(got.map((h) => h.id)).toEqual(expected.map((r) => r.id));
    got.forEach((h, i) => {
      expect(h.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
    });
  });

  it.each([1, 5, 60, 1000])("with a filter keeps the best %i of the units that pass", (k) => {
    const byId = new Map(PAPER_UNITS.map((u) => [u.id, u]));
    const isPublic = (id: string) => byId.get(id)?.collection === "public";
    for (const query of PAPER_QUERIES) {
      const everything = index.search(query, PAPER_UNITS.length);
      const expected = everything.filter((h) => isPublic(h.id)).slice(0, k);
      expect(index.search(query, k, isPublic)).toEqual(expected);
    }
  });

  it("asks the filter only about units good enough for the top k", () => {
    let asked = 0;
    const hits = index.search("children in care", 5, () => {
      asked++;
      return true;
    });
    const matching = index.search("children in care", PAPER_UNITS.length).length;
    expect(hits).toHaveLength(5);
    expect(matching).toBeGreaterThan(50);
    expect(asked).toBeLessThan(matching / 2);
  });

  it("answers the same after a save and a load", () => {
    const loaded = LexicalIndex.fromJSON(index.toJSON());
    expect(loaded.size).toBe(index.size);
    for (const q of PAPER_QUERIES) expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
  });

  it.each([
    [
      "postings naming a document past the end",
      (f: Record<string, string>) => {
        const docs = new Uint32Array(Buffer.from(f.docs ?? "", "base64").buffer.slice(0));
        docs[0] = 1_000_000;
        f.docs = Buffer.from(docs.buffer).toString("base64");
      },
      /postings name document 1000000/,
    ],
    [
      "truncated offsets",
      (f: Record<string, string>) => {
        f.offsets = Buffer.from(f.offsets ?? "", "base64")
          .subarray(0, 8)
          .toString("base64");
      },
      /offsets cover 1 terms/,
    ],
    [
      "frequencies cut short",
      (f: Record<string, string>) => {
        f.tfs = Buffer.from(f.tfs ?? "", "base64")
          .subarray(0, 2)
          .toString("base64");
      },
      /postings and frequencies differ/,
    ],
  ] as const)("refuses a saved index with %s", (_name, damage, message) => {
    const saved = JSON.parse(index.toJSON()) as { fields: { text: Record<string, string> } };
    damage(saved.fields.text);
    expect(() => LexicalIndex.fromJSON(JSON.stringify(saved))).toThrow(LexicalIndexError);
    expect(() => LexicalIndex.fromJSON(JSON.stringify(saved))).toThrow(message);
  });
});

describe("collection filters", () => {
  let store: Awaited<ReturnType<typeof buildIndexInMemory>>;
  beforeAll(async () => {
    store = await buildIndexInMemory(contents(PAPER_UNITS), offline);
  });

  it.each(PAPER_QUERIES)(
    "%j: a collection filter finds what the same test as a function finds",
    async (q) => {
      const restricted = collectionFilter(["restricted"]);
      const asFunction = (u: Unit) => u.collection === "restricted";
      expect(store.lexicalSearch(q, 10, restricted)).toEqual(store.lexicalSearch(q, 10, asFunction));
      const hits = await store.vectorSearch(q, 10, restricted);
      expect(hits).toEqual(await store.vectorSearch(q, 10, asFunction));
      expect(hits.every((h) => store.units.get(h.id)?.collection === "restricted")).toBe(true);
    },
  );

  it("filters nothing when the collections asked for cover the index", async () => {
    const all = collectionFilter(["public", "restricted", "unused"]);
    const q = "children in care placements";
    expect(store.lexicalSearch(q, 60, all)).toEqual(store.lexicalSearch(q, 60));
    expect(await store.vectorSearch(q, 60, all)).toEqual(await store.vectorSearch(q, 60));
  });

  it("finds nothing for a collection the index does not hold", async () => {
    const none = collectionFilter(["confidential"]);
    expect(store.lexicalSearch("children", 5, none)).toEqual([]);
    expect(await store.vectorSearch("children", 5, none)).toEqual([]);
  });
});

describe("vector search", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS), { config: offline });
  });

  it("ranks a paraphrase's paragraph first", async () => {
    const store = await openIndex(dir, { config: offline });
    expect((await store.vectorSearch("recruiting more foster carers", 3))[0]?.id).toBe("p7");
    expect((await store.vectorSearch("where is the vulnerability hub located", 3))[0]?.id).toBe("p5");
    expect((await store.vectorSearch("when did families together start", 3))[0]?.id).toBe("p6");
  });

  it("scores with cosine similarity, best first, k clamped to the index size", async () => {
    const store = await openIndex(dir, { config: offline });
    const hits = await store.vectorSearch("foster carers", 100);
    expect(hits).toHaveLength(CORPUS.length);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeLessThanOrEqual(1);
    expect(scores[0]).toBeGreaterThan(0);
  });

  it("never returns a unit the filter excludes", async () => {
    const store = await openIndex(dir, { config: offline });
    expect((await store.vectorSearch("legal settlement cost", 1))[0]?.id).toBe("p9");
    const hits = await store.vectorSearch("legal settlement cost", 100, (u) => u.collection === "public");
    expect(hits.map((h) => h.id)).not.toContain("p9");
    expect(hits).toHaveLength(CORPUS.length - 1);
  });

  it("sets ef after loading, so a reloaded index answers exactly as the one built in memory", async () => {
    const opened = await openIndex(dir, { config: offline });
    expect(opened.asVectorStore().ef).toBe(128);
    const built = await buildIndexInMemory(contents(CORPUS), offline);
    for (const q of ["foster carers", "domestic abuse spend", "timescales 2023/24", "virtual school"]) {
      const a = await opened.vectorSearch(q, 5);
      const b = await built.vectorSearch(q, 5);
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
      a.forEach((h, i) => {
        expect(h.score).toBeCloseTo(b[i]?.score ?? Number.NaN, 5);
      });
    }
  });

  it("works as a LangChain VectorStore and retriever", async () => {
    const store = await openIndex(dir, { config: offline });
    const vs = store.asVectorStore();
    const results = await vs.similaritySearchWithScore("foster carers recruited", 2);
    expect(results).toHaveLength(2);
    const [doc, score] = results[0] ?? [];
    expect(doc?.id).toBe("p7");
    expect(doc?.metadata).toMatchObject({
      id: "p7",
      source: "001_bc9149fb7ac2f9bb.txt",
      collection: "public",
    });
    expect(doc?.pageContent).toBe(CORPUS[6]?.text);
    expect(score).toBeGreaterThan(results[1]?.[1] ?? 1);

    const onlyConfidential = await vs.similaritySearchWithScore(
      "foster carers",
      3,
      (d) => d.metadata.collection === "confidential",
    );
    expect(onlyConfidential.map(([d]) => d.id)).toEqual(["p9"]);

    const docs = await vs.asRetriever(1).invoke("vulnerability hub police station");
    expect(docs.map((d) => d.id)).toEqual(["p5"]);
  });
});

describe("filtered vector search on a bigger index", () => {
  it("returns the exact nearest eligible units through the HNSW filter", async () => {
    const topics = [
      "placements",
      "adoption",
      "exclusions",
      "youth justice",
      "SEND transport",
      "care leavers",
    ];
    const units = Array.from({ length: 700 }, (_, i) =>
      unit(`u${i}`, `Paragraph ${i} on ${topics[i % topics.length]}: figure ${i * 7} in ward ${i % 23}.`, {
        collection: i % 2 === 0 ? "public" : "restricted",
      }),
    );
    const store = await buildIndexInMemory(contents(units), offline);
    const vs = store.asVectorStore();
    const isPublic = (u: Unit) => u.collection === "public";
    for (const q of ["adoption in ward 5", "youth justice figure 700", "care leavers ward 12"]) {
      const hits = await store.vectorSearch(q, 5, isPublic);
      expect(hits).toHaveLength(5);
      expect(hits.every((h) => store.units.get(h.id)?.collection === "public")).toBe(true);
      const query = await vs.embeddings.embedQuery(q);
      const exact = units
        .filter(isPublic)
        .map((u) => {
          const v = store.vectorOf(u.id) ?? [];
          return { id: u.id, score: v.reduce((s, x, i) => s + x * (query[i] ?? 0), 0) };
        })
        .sort((a, b) => b.score - a.score);
      expect(hits[0]?.id).toBe(exact[0]?.id);
    }
  });
});

describe("opening an index that cannot be used", () => {
  it("says the index is missing and how to build it", async () => {
    const dir = join(tmp, "nothing-here");
    const error = await openIndex(dir, { config: offline }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexMissingError);
    expect((error as Error).message).toContain(`npm run ingest -- --index ${dir} eval/corpus`);
  });

  it("treats a folder without a manifest as missing", async () => {
    const dir = join(tmp, "empty");
    await mkdir(dir);
    await expect(openIndex(dir, { config: offline })).rejects.toThrow(IndexMissingError);
  });

  describe("after a good write", () => {
    let dir: string;
    beforeEach(async () => {
      dir = join(tmp, "index");
      await writeIndex(dir, contents(CORPUS), { config: offline });
    });

    async function editManifest(edit: (m: Record<string, unknown>) => void): Promise<void> {
      const path = join(dir, INDEX_FILES.manifest);
      const m = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
      edit(m);
      await writeFile(path, JSON.stringify(m));
    }

    async function openError(config = offline, expectedChunkerVersion?: string): Promise<Error> {
      const e = await openIndex(dir, {
        config,
        ...(expectedChunkerVersion ? { expectedChunkerVersion } : {}),
      }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(IndexIncompatibleError);
      expect((e as Error).message).toContain(`npm run ingest -- --index ${dir} eval/corpus`);
      return e as Error;
    }

    it("refuses another format version", async () => {
      await editManifest((m) => {
        m.formatVersion = 99;
      });
      expect((await openError()).message).toMatch(
        new RegExp(`format 99.*reads format ${INDEX_FORMAT_VERSION}`),
      );
    });

    it("refuses paragraphs cut by another chunker", async () => {
      expect((await openError(offline, "chunker-test-2")).message).toMatch(/chunker-test-1.*chunker-test-2/);
    });

    it("refuses hashed vectors of another scheme", async () => {
      await editManifest((m) => {
        m.embedding = { kind: "hashed", model: "council-hash-0+council-0", dimensions: 1024 };
      });
      expect((await openError()).message).toContain("council-hash-0");
    });

    it("refuses an embedding kind that disagrees with the saved state", async () => {
      await editManifest((m) => {
        m.embedding = { kind: "openai", model: "text-embedding-3-small", dimensions: 1024 };
      });
      expect((await openError(loadConfig({ OPENAI_API_KEY: "sk-x" }))).message).toMatch(
        /manifest says openai/,
      );
    });

    it("names the line of a damaged unit", async () => {
      const path = join(dir, INDEX_FILES.units);
      const lines = (await readFile(path, "utf8")).split("\n");
      lines[1] = JSON.stringify({ id: "p2", text: "no other fields" });
      await writeFile(path, lines.join("\n"));
      expect((await openError()).message).toContain("units.jsonl line 2");
    });

    it("records the checksum of units.jsonl and still opens a file that was edited but is valid", async () => {
      const manifest = JSON.parse(await readFile(join(dir, INDEX_FILES.manifest), "utf8")) as {
        checksums?: { units: string };
      };
      expect(manifest.checksums?.units).toMatch(/^[0-9a-f]{64}$/);
      const path = join(dir, INDEX_FILES.units);
      const lines = (await readFile(path, "utf8")).split("\n");
      const edited = { ...(JSON.parse(lines[0] ?? "") as Unit), text: "An edited but valid paragraph." };
      lines[0] = JSON.stringify(edited);
      await writeFile(path, lines.join("\n"));
      const store = await openIndex(dir, { config: offline });
      expect(store.units.get(edited.id)?.text).toBe("An edited but valid paragraph.");
    });

    it("refuses units.jsonl whose units are out of step with the vectors and the lexical index", async () => {
      const path = join(dir, INDEX_FILES.units);
      const lines = (await readFile(path, "utf8")).split("\n");
      [lines[0], lines[1]] = [lines[1] ?? "", lines[0] ?? ""];
      await writeFile(path, lines.join("\n"));
      expect((await openError()).message).toMatch(
        /its files disagree: lexical document 0 is p1, unit 0 is p2/,
      );
    });

    it("refuses a lexical index made by another tokenizer", async () => {
      const path = join(dir, INDEX_FILES.lexical);
      const saved = JSON.parse(await readFile(path, "utf8")) as { tokenizer: string };
      saved.tokenizer = "council-0";
      await writeFile(path, JSON.stringify(saved));
      expect((await openError()).message).toContain("tokenizer council-0");
    });

    it("refuses vectors whose count disagrees with the units", async () => {
      const path = join(dir, INDEX_FILES.labels);
      const labels = JSON.parse(await readFile(path, "utf8")) as { ids: string[] };
      labels.ids.pop();
      await writeFile(path, JSON.stringify(labels));
      await openError();
    });
  });
});

describe("the lock", () => {
  it("takes over the lock of a dead process", async () => {
    const dir = join(tmp, "index");
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    const { hostname } = await import("node:os");
    await writeFile(
      lockFileOf(dir),
      JSON.stringify({ pid: dead, host: hostname(), token: "gone", startedAt: "2024-01-01T00:00:00Z" }),
    );
    await writeIndex(dir, contents(CORPUS), { config: offline });
    expect(existsSync(lockFileOf(dir))).toBe(false);
    expect((await openIndex(dir, { config: offline })).units.size).toBe(CORPUS.length);
  });

  it("does not take a lock held from another machine", async () => {
    const dir = join(tmp, "index");
    await writeFile(
      lockFileOf(dir),
      JSON.stringify({ pid: 1, host: "another-host.invalid", token: "t", startedAt: "2024-01-01T00:00:00Z" }),
    );
    await expect(writeIndex(dir, contents(CORPUS), { config: offline })).rejects.toThrow(IndexLockedError);
  });
});

/**
 * A child process writes an index and freezes (Atomics.wait) the moment it reports a chosen progress step,
 * so the parent can SIGKILL it at exactly that point of the write.
 */
const CHILD_SCRIPT = `
import { readFileSync, writeSync } from "node:fs";
import { loadConfig } from ${JSON.stringify(join(REPO, "ingest/config.ts"))};
import { writeIndex } from ${JSON.stringify(join(REPO, "ingest/store/index.ts"))};
const [dir, contentsFile, phase, step] = process.argv.slice(2);
const contents = JSON.parse(readFileSync(contentsFile, "utf8"));
await writeIndex(dir, contents, {
  config: loadConfig({}),
  onProgress: (done, _total, p) => {
    if (p === phase && done === Number(step)) {
      writeSync(1, "PAUSED\\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000);
    }
  },
});
writeSync(1, "DONE\\n");
`;

interface PausedChild {
  child: ChildProcess;
  kill(): Promise<void>;
}

async function startPausedWriter(
  dir: string,
  units: Unit[],
  phase: string,
  step: number,
): Promise<PausedChild> {
  const script = join(tmp, "writer.mts");
  const contentsFile = join(tmp, `contents-${phase}-${step}.json`);
  await writeFile(script, CHILD_SCRIPT);
  await writeFile(contentsFile, JSON.stringify(contents(units)));
  const child = spawn(process.execPath, ["--import", "tsx", script, dir, contentsFile, phase, String(step)], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("PAUSED")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`writer exited (${code}) before pausing: ${stdout} ${stderr}`)),
    );
  });
  return {
    child,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

const BIG = Array.from({ length: 400 }, (_, i) =>
  unit(`big${i}`, `New paragraph ${i}: placements for ${i} children cost £${i}.5m in 2024/25.`),
);

describe("a writer killed mid-write", () => {
  it.each([
    ["write", 3, "old"],
    ["swap", 1, "new"],
    ["swap", 2, "new"],
  ] as const)("killed at %s step %i leaves the %s index loadable", async (phase, step, expected) => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS), { config: offline });
    const writer = await startPausedWriter(dir, BIG, phase, step);
    await writer.kill();
    if (phase === "swap" && step === 1) expect(existsSync(dir)).toBe(false);

    const store = await openIndex(dir, { config: offline });
    expect(store.units.size).toBe(expected === "old" ? CORPUS.length : BIG.length);
    expect(store.lexicalSearch(expected === "old" ? "Wigston" : "2024/25", 1)).toHaveLength(1);
    expect(existsSync(join(dir, INDEX_FILES.manifest))).toBe(true);

    // The next write takes the dead writer's stale lock, clears its leftovers and replaces the index.
    await writeIndex(dir, contents(CORPUS.slice(0, 2)), { config: offline });
    expect(await siblingNames(dir)).toEqual([]);
    expect((await openIndex(dir, { config: offline })).units.size).toBe(2);
  });

  it("blocks a second writer while the first is alive, naming its pid", async () => {
    const dir = join(tmp, "index");
    const writer = await startPausedWriter(dir, BIG, "embed", BIG.length);
    try {
      const error = await writeIndex(dir, contents(CORPUS), { config: offline }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IndexLockedError);
      expect((error as Error).message).toContain(`process ${writer.child.pid}`);
    } finally {
      await writer.kill();
    }
    // Nothing was ever written: the first index did not exist and still does not.
    await expect(openIndex(dir, { config: offline })).rejects.toThrow(IndexMissingError);
    await writeIndex(dir, contents(CORPUS), { config: offline });
    expect((await openIndex(dir, { config: offline })).units.size).toBe(CORPUS.length);
  });
});

describe("an index built with OpenAI embeddings (fake server)", () => {
  const key = "sk-test-store-secret-7f3a9c";
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // Meaningful vectors from the fake, so search results can be checked.
    const hashed = HashedEmbeddings.fit(CORPUS.map(searchText));
    fake.setEmbed((t) => hashed.embed(t));
  });
  afterAll(async () => {
    await fake.close();
  });

  const online = () =>
    loadConfig({
      EMBEDDINGS: "openai",
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_EMBEDDINGS_MODEL: "embed-test",
    });

  function embeddedInputs(from: number): string[] {
    return fake.requests
      .slice(from)
      .filter((r) => r.path.endsWith("/embeddings"))
      .flatMap((r) => (Array.isArray(r.body.input) ? (r.body.input as string[]) : [String(r.body.input)]));
  }

  it("embeds through the API with a Bearer key, and the key never reaches the index folder", async () => {
    const dir = join(tmp, "index");
    const from = fake.requests.length;
    const manifest = await writeIndex(dir, contents(CORPUS), { config: online() });
    expect(manifest.embedding).toEqual({ kind: "openai", model: "embed-test", dimensions: 1024 });
    expect(embeddedInputs(from)).toHaveLength(CORPUS.length);
    for (const r of fake.requests.slice(from)) expect(r.headers.authorization).toBe(`Bearer ${key}`);

    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.includes(key), name).toBe(false);
    }
    for (const name of await readdir(tmp)) {
      if (name === "index") continue;
      expect((await readFile(join(tmp, name))).includes(key), name).toBe(false);
    }

    const store = await openIndex(dir, { config: online() });
    const before = fake.requests.length;
    expect((await store.vectorSearch("foster carers recruited", 1))[0]?.id).toBe("p7");
    expect(fake.requests.length).toBe(before + 1);
  });

  it("reuses stored vectors of unchanged units on re-ingest", async () => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS), { config: online() });
    const previous = await openIndex(dir, { config: online() });
    const changed = CORPUS.map((u) => (u.id === "p8" ? { ...u, text: `${u.text} Updated.` } : u));
    const next = [...changed, unit("p11", "A new paragraph about adoption.")];

    const from = fake.requests.length;
    await writeIndex(dir, contents(next), { config: online(), previous });
    // OpenAIEmbeddings sends newlines as spaces.
    const sent = [next[7], next[10]].map((u) => searchText(u as Unit).replace(/\n/g, " "));
    expect(embeddedInputs(from).sort()).toEqual(sent.sort());
    const store = await openIndex(dir, { config: online() });
    // The reused vector, not a fresh embedding (re-normalising in float32 moves it by ~1e-7 at most).
    const a = store.vectorOf("p1") ?? [];
    const b = previous.vectorOf("p1") ?? [];
    a.forEach((x, i) => {
      expect(x).toBeCloseTo(b[i] ?? Number.NaN, 6);
    });
  });

  it("cannot be opened without an API key, and says why", async () => {
    const dir = join(tmp, "index");
    await writeIndex(dir, contents(CORPUS), { config: online() });
    const error = await openIndex(dir, { config: offline }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexIncompatibleError);
    expect((error as Error).message).toMatch(/OpenAI embeddings \(model embed-test\).*OPENAI_API_KEY/);
  });
});
