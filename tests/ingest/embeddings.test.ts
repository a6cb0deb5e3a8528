import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../ingest/config.js";
import { featureHash } from "../../ingest/embeddings/hashed.js";
import {
  createEmbeddingsForIngest,
  EmbeddingsUnavailableError,
  featurize,
  HASHED_DIMENSIONS,
  HASHED_MODEL,
  HashedEmbeddings,
  HashedEmbeddingsStateError,
  restoreEmbeddings,
} from "../../ingest/embeddings/index.js";
import { termGroups } from "../../ingest/tokenize.js";
import { type FakeOpenAI, startFakeOpenAI } from "../fakes/openaiServer.js";

/** The numbered paragraphs of the department overview report (eval/corpus/000). */
const PARAGRAPHS = readFileSync(
  new URL("../../eval/corpus/000_95470afa8ae34474.txt", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter((l) => /^\d+\. /.test(l));

function dot(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
}

function paragraph(n: number): string {
  const p = PARAGRAPHS.find((l) => l.startsWith(`${n}. `));
  if (!p) throw new Error(`paragraph ${n} not in the corpus file`);
  return p;
}

function nearest(emb: HashedEmbeddings, query: string): string {
  const q = emb.embed(query);
  let best = { score: -Infinity, text: "" };
  for (const p of PARAGRAPHS) {
    const score = dot(q, emb.embed(p));
    if (score > best.score) best = { score, text: p };
  }
  return best.text;
}

describe("HashedEmbeddings", () => {
  const emb = HashedEmbeddings.fit(PARAGRAPHS);

  it("makes unit-length vectors of the fixed size", async () => {
    const [v] = await emb.embedDocuments([paragraph(20)]);
    expect(v).toHaveLength(HASHED_DIMENSIONS);
    expect(Math.sqrt(dot(v ?? [], v ?? []))).toBeCloseTo(1, 6);
  });

  it("is deterministic: two fits of the same corpus embed identically", async () => {
    const again = HashedEmbeddings.fit(PARAGRAPHS);
    expect(await again.embedQuery("Family Help service")).toEqual(
      await emb.embedQuery("Family Help service"),
    );
  });

  it("finds the paragraph most gold questions on this report are about, by vectors alone", () => {
    // Every gold question (eval/gold) whose evidence is a numbered paragraph of report 000.
    const gold: [string, number][] = [
      ["When did the new Family Help service start?", 36],
      ["When was the Families Together team set up?", 41],
      ["Where is the vulnerability hub based?", 39],
      ["Who commissions Teen Health from CFS, and since when?", 43],
      ["When did DCSF2 (phase two of Defining CFS for the Future) kick off?", 91],
      ["How many staff work in CFS altogether (headcount, not FTE)?", 20],
      ["Across how many services is the department organised?", 20],
      ["How much money is the Community Safety Team coordinating for the new domestic abuse duty?", 25],
      ["Roughly how many statutory duties do councils have for children's services?", 13],
      ["How many locality offices does business support cover?", 95],
      ["How many specialist teams work with UASC according to the dept overview?", 50],
    ];
    const first = gold.filter(([q, para]) => nearest(emb, q) === paragraph(para));
    // Measured 9 of 11; the misses need words the paragraph lacks ("headcount"), which BM25 fusion covers.
    expect(first.length).toBeGreaterThanOrEqual(9);
  });

  it("puts the different spellings of one amount close together", () => {
    const a = emb.embed("the plan around the £1.1million spend");
    const b = emb.embed("the plan around the £1,100,000 spend");
    const c = emb.embed("the plan around the £2.5m spend");
    expect(dot(a, b)).toBeGreaterThan(0.99);
    expect(dot(a, c)).toBeLessThan(dot(a, b) - 0.1);
  });

  it("gives rare words more weight than common ones (IDF from the corpus)", () => {
    // "Wigston" appears once in the report, "children" in most paragraphs.
    const rare = emb.embed("Wigston");
    const common = emb.embed("children");
    const hub = emb.embed(paragraph(39));
    expect(dot(rare, hub)).toBeGreaterThan(dot(common, hub));
  });

  it("round-trips through toJSON/fromJSON and keeps the IDF frozen", () => {
    const state = emb.toJSON();
    const restored = HashedEmbeddings.fromJSON(JSON.parse(JSON.stringify(state)));
    expect(restored.embed(paragraph(41))).toEqual(emb.embed(paragraph(41)));
    emb.embed("a query with words the corpus never saw: zeppelin quokka");
    expect(emb.toJSON()).toEqual(state);
  });

  it("refuses state from another scheme or a damaged IDF table", () => {
    const state = emb.toJSON();
    expect(() => HashedEmbeddings.fromJSON({ ...state, scheme: "council-hash-0" })).toThrow(
      HashedEmbeddingsStateError,
    );
    expect(() =>
      HashedEmbeddings.fromJSON({ ...state, df: Buffer.from("short").toString("base64") }),
    ).toThrow(HashedEmbeddingsStateError);
    expect(() => HashedEmbeddings.fromJSON({ kind: "hashed" })).toThrow(/invalid state/);
  });

  it("embeds text with no terms as a zero vector rather than NaN", () => {
    const v = emb.embed("the of and");
    expect(v.every((x) => x === 0)).toBe(true);
  });
});

describe("createEmbeddingsForIngest / restoreEmbeddings", () => {
  it("fits hashed embeddings offline and restores the same space", async () => {
    const config = loadConfig({});
    const ingest = createEmbeddingsForIngest(config, PARAGRAPHS);
    expect(ingest).toMatchObject({ kind: "hashed", model: HASHED_MODEL, dimensions: HASHED_DIMENSIONS });
    const restored = restoreEmbeddings(
      config,
      { embedding: { kind: "hashed", model: HASHED_MODEL, dimensions: HASHED_DIMENSIONS } },
      JSON.parse(JSON.stringify(ingest.state)),
    );
    expect(await restored.embedQuery("Family Help")).toEqual(
      await ingest.embeddings.embedQuery("Family Help"),
    );
  });

  it("refuses hashed state made by another model version", () => {
    const config = loadConfig({});
    const ingest = createEmbeddingsForIngest(config, PARAGRAPHS);
    expect(() =>
      restoreEmbeddings(
        config,
        { embedding: { kind: "hashed", model: "council-hash-0+council-0", dimensions: HASHED_DIMENSIONS } },
        ingest.state,
      ),
    ).toThrow(EmbeddingsUnavailableError);
  });

  it("refuses an OpenAI-built index when no API key is configured", () => {
    expect(() =>
      restoreEmbeddings(
        loadConfig({}),
        { embedding: { kind: "openai", model: "text-embedding-3-small", dimensions: 8 } },
        { kind: "openai", model: "text-embedding-3-small" },
      ),
    ).toThrow(/OPENAI_API_KEY is not set/);
  });
});

describe("OpenAI embeddings against the fake server", () => {
  const key = "sk-test-embeddings-secret-0001";
  let fake: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("sends the configured model with a Bearer key and decodes the vectors", async () => {
    const config = loadConfig({
      EMBEDDINGS: "openai",
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_EMBEDDINGS_MODEL: "embed-small-test",
    });
    fake.setEmbed((t) => [t.length, 1, 0, 0]);
    const ingest = createEmbeddingsForIngest(config, []);
    expect(ingest).toMatchObject({ kind: "openai", model: "embed-small-test", dimensions: undefined });
    expect(JSON.stringify(ingest.state)).not.toContain(key);

    const before = fake.requests.length;
    const vectors = await ingest.embeddings.embedDocuments(["ab", "abcd"]);
    expect(vectors).toEqual([
      [2, 1, 0, 0],
      [4, 1, 0, 0],
    ]);
    const request = fake.requests.at(-1);
    expect(fake.requests.length).toBe(before + 1);
    expect(request?.path).toBe("/v1/embeddings");
    expect(request?.headers.authorization).toBe(`Bearer ${key}`);
    expect(request?.body.model).toBe("embed-small-test");
  });

  it("queries with the model the index was built with, not today's configured one", async () => {
    const config = loadConfig({
      OPENAI_API_KEY: key,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_EMBEDDINGS_MODEL: "a-newer-model",
    });
    const restored = restoreEmbeddings(
      config,
      { embedding: { kind: "openai", model: "embed-small-test", dimensions: 4 } },
      { kind: "openai", model: "embed-small-test" },
    );
    await restored.embedQuery("question");
    expect(fake.requests.at(-1)?.body.model).toBe("embed-small-test");
  });
});

describe("featurize: features hashed once per unit, shared by fit and embed", () => {
  /** The features as strings, the way the scheme defines them (and the first implementation built them). */
  function featureStrings(text: string): { word: string[]; bigram: string[]; char: string[] } {
    const out = { word: [] as string[], bigram: [] as string[], char: [] as string[] };
    let previous: string | undefined;
    for (const group of termGroups(text)) {
      for (const term of group) {
        out.word.push(term);
        const padded = `<${term}>`;
        if (padded.length <= 4) out.char.push(padded);
        else for (let i = 0; i + 4 <= padded.length; i++) out.char.push(padded.slice(i, i + 4));
      }
      const primary = group[0];
      if (primary !== undefined) {
        if (previous !== undefined) out.bigram.push(`${previous} ${primary}`);
        previous = primary;
      }
    }
    return out;
  }

  it.each([paragraph(7), paragraph(12), "CP plans at Q3 2023/24: 82.6% (£1.1m, 23/24) in s17 cases", "a b"])(
    "hashes every distinct feature of %j once, in order of first occurrence, with its count",
    (text) => {
      const strings = featureStrings(text);
      const expected: [number, number][] = [];
      for (const family of ["word", "bigram", "char"] as const) {
        const counts = new Map<string, number>();
        for (const f of strings[family]) counts.set(f, (counts.get(f) ?? 0) + 1);
        for (const [f, c] of counts) expected.push([featureHash(family, f), c]);
      }
      const got = featurize(termGroups(text));
      expect([...got.hashes].map((h, i) => [h, got.counts[i]])).toEqual(expected);
      expect(got.ends).toEqual([
        new Set(strings.word).size,
        new Set(strings.word).size + new Set(strings.bigram).size,
      ]);
    },
  );

  it("fits and embeds from features exactly as from texts", () => {
    const fromTexts = HashedEmbeddings.fit(PARAGRAPHS);
    const features = PARAGRAPHS.map((p) => featurize(termGroups(p)));
    const fromFeatures = HashedEmbeddings.fitFeatures(features);
    expect(fromFeatures.toJSON()).toEqual(fromTexts.toJSON());
    PARAGRAPHS.slice(0, 10).forEach((p, i) => {
      expect(fromFeatures.embedFeatures(features[i] as ReturnType<typeof featurize>)).toEqual(
        fromTexts.embed(p),
      );
    });
    const ingest = createEmbeddingsForIngest(loadConfig({}), features);
    expect(ingest.state).toEqual(fromTexts.toJSON());
  });
});
