import type { IndexStore } from "../../ingest/store/index.js";
import { termGroups } from "../../ingest/tokenize.js";
import type { DocumentMeta, Unit } from "../../ingest/types.js";
import type { Concept } from "../engine/query.js";

/**
 * Drops the joined form the tokenizer adds after a hyphenated word ("asylum-seeking" gives asylum, seek,
 * asylumseek), so "Asylum-Seeking" and "Asylum Seeking" read the same.
 */
function unjoin(terms: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of terms) {
    const n = out.length;
    if (n >= 2 && t === `${out[n - 2]}${out[n - 1]}`) continue;
    out.push(t);
  }
  return out;
}

/** The running terms of a text, one per word, for phrase matching. */
export function termSequence(text: string): string[] {
  return unjoin(termGroups(text).map((g) => g[0] ?? ""));
}

/**
 * Is some wording of the concept in `seq` as a phrase, its words next to each other? "Children in care" is in
 * "children in care"; it is not in "Children's Social Care" nor in "residential care ... children".
 */
export function phraseCovered(c: Concept, seq: readonly string[]): boolean {
  return c.alternatives.some((raw) => {
    const alt = unjoin(raw);
    if (alt.length === 0) return false;
    outer: for (let i = 0; i + alt.length <= seq.length; i++) {
      for (let j = 0; j < alt.length; j++) if (seq[i + j] !== alt[j]) continue outer;
      return true;
    }
    return false;
  });
}

export interface Library {
  store: IndexStore;
  /** Documents with at least one visible unit. */
  documents: DocumentMeta[];
  documentById: ReadonlyMap<string, DocumentMeta>;
  /** Visible units printed in a document, in reading order. */
  unitsOf(documentId: string): Unit[];
  visible(unit: Unit): boolean;
  /** The unit's running terms (its table title and header after its text). */
  termsOf(unit: Unit): readonly string[];
  /** Inverse document frequency of a concept over the visible units: rare concepts say more. */
  weight(concept: Concept): number;
}

export function buildLibrary(store: IndexStore, collections: readonly string[]): Library {
  const allowed = new Set(collections);
  const visible = (u: Unit) => allowed.has(u.collection);
  const byDoc = new Map<string, { unit: Unit; start: number }[]>();
  const units: Unit[] = [];
  for (const u of store.units.values()) {
    if (!visible(u)) continue;
    units.push(u);
    for (const s of u.sources) {
      const list = byDoc.get(s.documentId) ?? [];
      if (!list.some((e) => e.unit.id === u.id)) list.push({ unit: u, start: s.start });
      byDoc.set(s.documentId, list);
    }
  }
  for (const list of byDoc.values()) list.sort((a, b) => a.start - b.start);
  const documents = store.documents.filter((d) => byDoc.has(d.id));
  const documentById = new Map(documents.map((d) => [d.id, d]));

  const termCache = new Map<string, readonly string[]>();
  const termsOf = (u: Unit): readonly string[] => {
    let t = termCache.get(u.id);
    if (!t) {
      const table = u.table ? [u.table.title ?? "", ...u.table.header].join(" ") : "";
      t = termSequence(`${u.text}\n${table}`);
      termCache.set(u.id, t);
    }
    return t;
  };
  const weightCache = new Map<string, number>();
  const weight = (c: Concept): number => {
    const key = c.alternatives.map((a) => a.join(" ")).join("|");
    let w = weightCache.get(key);
    if (w === undefined) {
      let df = 0;
      for (const u of units) if (phraseCovered(c, termsOf(u))) df++;
      w = Math.log(1 + units.length / (1 + df));
      weightCache.set(key, w);
    }
    return w;
  };

  return {
    store,
    documents,
    documentById,
    unitsOf: (id) => (byDoc.get(id) ?? []).map((e) => e.unit),
    visible,
    termsOf,
    weight,
  };
}
