import { beforeAll, describe, expect, it } from "vitest";
import { prepareIndex } from "../../../bot/engine/prepare.js";
import type { UnitProfile } from "../../../bot/engine/profile.js";
import { termsOf } from "../../../bot/engine/terms.js";
import type { IndexStore } from "../../../ingest/store/index.js";
import { tokenize } from "../../../ingest/tokenize.js";
import { sampleStore } from "./units.js";

const NOW = new Date("2024-06-01T00:00:00Z");

let store: IndexStore;
let ids: string[];

beforeAll(async () => {
  store = await sampleStore();
  ids = [...store.units.keys()];
});

function at(i: number): string {
  const id = ids[i];
  if (id === undefined) throw new Error(`the sample has no unit ${i}`);
  return id;
}

function profile(p: UnitProfile | undefined): UnitProfile {
  if (!p) throw new Error("no profile");
  return p;
}

describe("prepareIndex: profiles on demand", () => {
  it("profiles no unit until one is asked for, then each once", () => {
    const prep = prepareIndex(store, NOW);
    expect(prep.profiled()).toBe(0);
    const first = profile(prep.profileOf(at(0)));
    expect(first.unit.id).toBe(at(0));
    expect(prep.profileOf(at(0))).toBe(first);
    expect(prep.profiled()).toBe(1);
    expect(prep.profileOf("no-such-unit")).toBeUndefined();
    expect(prep.profiled()).toBe(1);
  });

  it("keeps at most cacheSize profiles, dropping the least recently used, and rebuilds them alike", () => {
    const prep = prepareIndex(store, NOW, { cacheSize: 2 });
    const a = profile(prep.profileOf(at(0)));
    const b = profile(prep.profileOf(at(1)));
    expect(prep.profileOf(at(0))).toBe(a);
    prep.profileOf(at(2)); // evicts b, the least recently used
    expect(prep.profileOf(at(0))).toBe(a);
    const again = profile(prep.profileOf(at(1)));
    expect(again).not.toBe(b);
    expect(prep.profiled()).toBe(4);
    const data = (p: UnitProfile) => ({
      tokens: p.tokens,
      sentences: p.sentences,
      figures: p.figures,
      periods: p.periods,
      table: p.table,
      topics: p.topics,
      docTokens: p.docTokens,
      contextTerms: p.contextTerms,
    });
    expect(data(again)).toEqual(data(b));
  });
});

describe("prepareIndex: term statistics without profiling", () => {
  it("gives every term the idf that the units' full profiles imply", () => {
    const prep = prepareIndex(store, NOW);
    const profiles = ids.map((id) => profile(prep.profileOf(id)));
    const df = new Map<string, number>();
    for (const p of profiles) for (const t of p.tokens.set) df.set(t, (df.get(t) ?? 0) + 1);
    expect([...prep.idf.keys()].sort()).toEqual([...df.keys()].sort());
    for (const [t, d] of df) expect(prep.idf.get(t)).toBeCloseTo(Math.log(1 + ids.length / d), 12);
    expect(prep.maxIdf).toBeCloseTo(Math.log(1 + ids.length), 12);
    for (const t of df.keys()) expect(prep.vocabulary.has(t)).toBe(true);
  });

  it("gives each unit the terms of its whole paper", () => {
    const prep = prepareIndex(store, NOW);
    const profiles = ids.map((id) => profile(prep.profileOf(id)));
    for (const p of profiles) {
      const paper = new Set<string>();
      for (const o of profiles)
        if (o.unit.documentId === p.unit.documentId) for (const t of o.tokens.set) paper.add(t);
      expect(new Set(p.docTokens.set)).toEqual(paper);
    }
  });
});

describe("profile: terms kept for answering", () => {
  it("memoises tokenize per piece of text and keeps the context, table and section terms", () => {
    const prep = prepareIndex(store, NOW);
    const table = ids
      .map((id) => profile(prep.profileOf(id)))
      .find((p) => p.unit.table !== null && p.unit.section !== null);
    if (!table?.unit.table) throw new Error("the sample has no table row with a section");
    const piece = table.unit.text.slice(0, 60);
    const once = table.terms(piece);
    expect(once).toEqual(tokenize(piece));
    expect(table.terms(piece)).toBe(once);
    expect(table.contextTerms).toEqual(
      termsOf(
        tokenize(table.unit.context),
        tokenize([table.unit.table.title ?? "", ...table.unit.table.header].join(" ")),
      ),
    );
    expect(table.contextTerms.set.has("previous")).toBe(true);
    expect(table.sectionTerms).toEqual(termsOf(tokenize(table.unit.section ?? "")));
  });
});
