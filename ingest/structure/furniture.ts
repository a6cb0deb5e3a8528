import type { Line } from "./lines.js";

/**
 * Page furniture: lines a printer or extractor adds around the text ("67 Agenda Item 11", a bare
 * page number, "This page is intentionally left blank", a plan's running footer). They never reach
 * unit text, and the page numbers among them number the pages.
 */
export type FurnitureKind =
  | "page-number"
  | "blank-page"
  | "agenda-footer"
  | "running-header"
  | "footnote-mark"
  | "rule";

/** A printed page number: the line sits at the foot (or head) of page `page`. */
export interface PageAnchor {
  line: number;
  page: number;
}

export interface Furniture {
  kinds: ReadonlyMap<number, FurnitureKind>;
  /** Page numbers that form the file's one increasing sequence, in line order. */
  anchors: PageAnchor[];
  /** "Agenda Item 11" stamps: the agenda item of the paper the line stands in. */
  agendaFooters: { line: number; item: string }[];
}

const BLANK_PAGE = /^this page (?:is |has been )?(?:intentionally|deliberately) (?:left )?blank\.?$/i;
const NUMBER_AGENDA = /^(\d{1,3})\s+agenda item\s+(\d{1,3}[a-z]?)$/i;
const AGENDA_NUMBER = /^agenda item\s+(\d{1,3}[a-z]?)\s+(?:page\s+)?(\d{1,3})$/i;
const AGENDA_ONLY = /^agenda item\s+(\d{1,3}[a-z]?)$/i;
const PAGE_WORD = /^page\s+(\d{1,3})(?:\s+of\s+\d{1,3})?$/i;
const BARE_NUMBER = /^[-–]?\s*(\d{1,3})\s*[-–]?$/;
const FOOTNOTE_MARK = /^\[\d{1,2}\]$/;
const RULE = /^[_=–—-]{3,}$/;
const NUMBERED_RUNNING = /^(\d{1,3})\s+(\S.{6,}?)$|^(\S.{6,}?)\s+(\d{1,3})$/;

/*
 * Printed page numbers advance with the text: a gap of n pages spans roughly n pages of characters.
 * List numbers ("1", "2", "3" a few lines apart) and infographic figures ("1814", "200") do not.
 */
const MIN_CHARS_PER_PAGE = 500;
const MAX_CHARS_PER_PAGE = 12_000;
const STRONG = 3;
const WEAK = 1;

interface Candidate {
  line: number;
  offset: number;
  page: number;
  strong: boolean;
}

/** The heaviest chain of candidates whose numbers rise at a plausible number of characters per page. */
export function pageNumberChain<T extends { offset: number; page: number; strong: boolean }>(
  candidates: readonly T[],
): T[] {
  const n = candidates.length;
  const score: number[] = new Array(n).fill(0);
  const prev: number[] = new Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const ci = candidates[i] as T;
    score[i] = ci.strong ? STRONG : WEAK;
    for (let j = 0; j < i; j++) {
      const cj = candidates[j] as T;
      const pages = ci.page - cj.page;
      if (pages <= 0) continue;
      const perPage = (ci.offset - cj.offset) / pages;
      if (perPage < MIN_CHARS_PER_PAGE || perPage > MAX_CHARS_PER_PAGE) continue;
      const s = (score[j] ?? 0) + (ci.strong ? STRONG : WEAK);
      if (s > (score[i] ?? 0)) {
        score[i] = s;
        prev[i] = j;
      }
    }
  }
  let best = -1;
  for (let i = 0; i < n; i++) if (best === -1 || (score[i] ?? 0) > (score[best] ?? 0)) best = i;
  const chain: T[] = [];
  for (let i = best; i !== -1; i = prev[i] ?? -1) chain.unshift(candidates[i] as T);
  // One lone bare number proves nothing; a stamped "Page 7" or "7 Agenda Item 3" does.
  if (chain.length < 2 && !chain.some((c) => c.strong)) return [];
  return chain;
}

function runningHeaders(lines: readonly Line[]): Set<number> {
  const byText = new Map<string, { line: number; num: string }[]>();
  for (const l of lines) {
    if (l.blank || l.raw.includes("\t")) continue;
    const m = NUMBERED_RUNNING.exec(l.text);
    if (!m) continue;
    const num = m[1] ?? m[4] ?? "";
    const words = (m[2] ?? m[3] ?? "").toLowerCase().replace(/\s+/g, " ");
    if (/[.,;:]$/.test(words) || !/[a-z]{3}/.test(words)) continue;
    const list = byText.get(words) ?? [];
    list.push({ line: l.index, num });
    byText.set(words, list);
  }
  const out = new Set<number>();
  for (const list of byText.values()) {
    if (list.length >= 2 && new Set(list.map((x) => x.num)).size === list.length) {
      for (const x of list) out.add(x.line);
    }
  }
  return out;
}

/**
 * Where the loader knows the pages (PDF, form feeds), the first and last lines of each page are where
 * furniture sits: a bare number there is the page number, and a line that opens or closes most pages
 * is a running header or footer.
 */
function pageEdgeFurniture(
  lines: readonly Line[],
  pageStarts: readonly number[],
  kinds: Map<number, FurnitureKind>,
) {
  if (pageStarts.length < 2) return;
  const edges: number[][] = pageStarts.map(() => []);
  let p = 0;
  for (const l of lines) {
    while (p + 1 < pageStarts.length && l.start >= (pageStarts[p + 1] ?? 0)) p++;
    if (!l.blank) edges[p]?.push(l.index);
  }
  const byText = new Map<string, number[]>();
  for (const page of edges) {
    if (page.length === 0) continue;
    const ends = new Set([page[0] as number, page.at(-1) as number]);
    for (const i of ends) {
      const t = lines[i]?.text ?? "";
      if (BARE_NUMBER.test(t) || PAGE_WORD.test(t)) kinds.set(i, "page-number");
      const key = t.toLowerCase().replace(/\d+/g, "#");
      byText.set(key, [...(byText.get(key) ?? []), i]);
    }
  }
  const pages = edges.filter((e) => e.length > 0).length;
  for (const list of byText.values()) {
    if (list.length >= 3 && list.length * 2 >= pages)
      for (const i of list) if (!kinds.has(i)) kinds.set(i, "running-header");
  }
}

export function detectFurniture(lines: readonly Line[], pageStarts: readonly number[] = []): Furniture {
  const kinds = new Map<number, FurnitureKind>();
  const agendaFooters: { line: number; item: string }[] = [];
  const candidates: Candidate[] = [];

  for (const l of lines) {
    if (l.blank) continue;
    const t = l.text;
    const numberAgenda = NUMBER_AGENDA.exec(t);
    const agendaNumber = AGENDA_NUMBER.exec(t);
    const agendaOnly = AGENDA_ONLY.exec(t);
    const pageWord = PAGE_WORD.exec(t);
    const bare = BARE_NUMBER.exec(t);
    if (BLANK_PAGE.test(t)) {
      kinds.set(l.index, "blank-page");
    } else if (numberAgenda || agendaNumber || agendaOnly) {
      kinds.set(l.index, "agenda-footer");
      const item = numberAgenda?.[2] ?? agendaNumber?.[1] ?? agendaOnly?.[1] ?? "";
      agendaFooters.push({ line: l.index, item });
      const page = numberAgenda?.[1] ?? agendaNumber?.[2];
      if (page) candidates.push({ line: l.index, offset: l.start, page: Number(page), strong: true });
    } else if (pageWord) {
      kinds.set(l.index, "page-number");
      candidates.push({ line: l.index, offset: l.start, page: Number(pageWord[1]), strong: true });
    } else if (bare) {
      const page = Number(bare[1]);
      if (page > 0) candidates.push({ line: l.index, offset: l.start, page, strong: false });
    } else if (FOOTNOTE_MARK.test(t)) {
      kinds.set(l.index, "footnote-mark");
    } else if (RULE.test(t)) {
      kinds.set(l.index, "rule");
    }
  }
  for (const line of runningHeaders(lines)) kinds.set(line, "running-header");
  pageEdgeFurniture(lines, pageStarts, kinds);

  const chain = pageNumberChain(candidates);
  for (const c of chain) if (!kinds.has(c.line)) kinds.set(c.line, "page-number");
  return {
    kinds,
    anchors: chain.map((c) => ({ line: c.line, page: c.page })),
    agendaFooters,
  };
}

/** A document's span of lines and the pages an agenda lists for it. */
export interface ListedPages {
  firstLine: number;
  endLine: number;
  pageStart: number;
  pageEnd: number;
}

/**
 * A lone bare number is no proof of a page, unless the agenda lists the paper's pages and the number
 * is one of them, standing about as far into the paper as its page is: "23" halfway through a paper
 * on pages 15-32. Returns the furniture with those numbers added as page numbers.
 */
export function withListedPages(
  lines: readonly Line[],
  furniture: Furniture,
  listed: readonly ListedPages[],
): Furniture {
  const kinds = new Map(furniture.kinds);
  const anchors = [...furniture.anchors];
  for (const doc of listed) {
    const first = lines[doc.firstLine]?.start ?? 0;
    const last = lines[doc.endLine - 1]?.end ?? first;
    const pages = doc.pageEnd - doc.pageStart + 1;
    for (let i = doc.firstLine; i < doc.endLine; i++) {
      const l = lines[i] as Line;
      const m = l.blank || kinds.has(i) ? null : BARE_NUMBER.exec(l.text);
      const page = m ? Number(m[1]) : Number.NaN;
      if (!(page >= doc.pageStart && page <= doc.pageEnd) || last <= first) continue;
      const expected = doc.pageStart + ((l.start - first) / (last - first)) * pages;
      if (Math.abs(expected - page) > Math.max(2, pages * 0.15)) continue;
      kinds.set(i, "page-number");
      anchors.push({ line: i, page });
    }
  }
  anchors.sort((a, b) => a.line - b.line);
  // Keep the one rising sequence: a listed page cannot contradict a printed one.
  const rising = anchors.filter((a, k) => anchors.slice(0, k).every((b) => b.page < a.page));
  return { ...furniture, kinds, anchors: rising };
}
