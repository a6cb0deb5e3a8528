import type { LoadedText } from "../types.js";
import type { Furniture, PageAnchor } from "./furniture.js";
import type { Layout, Line } from "./lines.js";

/** Where each known page lies in the loaded text. Text outside every segment has no known page. */
export interface PageSegment {
  start: number;
  end: number;
  page: number;
}

export class PageMap {
  readonly segments: readonly PageSegment[];

  constructor(segments: PageSegment[]) {
    this.segments = [...segments].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  }

  pageAt(offset: number): number | null {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid] as PageSegment;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return s.page;
    }
    return null;
  }
}

export interface PageInput {
  text: string;
  lines: readonly Line[];
  furniture: Furniture;
  layout: Layout;
  loadedPages: LoadedText["pages"];
}

/** Pages a PDF loader measured: authoritative. */
function fromLoadedPages(pages: LoadedText["pages"], textLength: number): PageMap {
  return new PageMap(
    pages.map((p, i) => ({ start: p.start, end: pages[i + 1]?.start ?? textLength, page: p.num })),
  );
}

/** A text export with form feeds: one page per feed, numbered by the printed numbers where they agree. */
function fromFormFeeds(input: PageInput): PageMap {
  const { text, lines, furniture } = input;
  const starts = [0];
  for (let i = text.indexOf("\f"); i !== -1; i = text.indexOf("\f", i + 1)) starts.push(i + 1);
  const physical = (offset: number) => {
    let k = 0;
    while (k + 1 < starts.length && (starts[k + 1] ?? 0) <= offset) k++;
    return k;
  };
  const shifts = new Map<number, number>();
  for (const a of furniture.anchors) {
    const shift = a.page - physical(lines[a.line]?.start ?? 0);
    shifts.set(shift, (shifts.get(shift) ?? 0) + 1);
  }
  let shift = 1;
  let votes = 0;
  for (const [s, v] of shifts) if (v > votes) [shift, votes] = [s, v];
  return new PageMap(
    starts.map((start, k) => ({ start, end: starts[k + 1] ?? text.length, page: k + shift })),
  );
}

/*
 * Hard-wrapped PDF text loses its page breaks, but two traces survive: the printed number at the
 * foot of some pages, and the extractor's habit of starting each page's first line with one space
 * straight after the previous page's last line ("soft" starts). Soft starts also come from indented
 * list items and table cells, so they are trusted only where the printed numbers check them: between
 * two numbers exactly the missing pages must start, and every page must be of believable length.
 */
function softStarts(input: PageInput): number[] {
  const { lines, furniture } = input;
  const out: number[] = [];
  for (const l of lines) {
    const prev = lines[l.index - 1];
    if (!prev) continue;
    const blankPage = furniture.kinds.get(l.index) === "blank-page";
    const afterBlankPage = nearestContentBefore(lines, furniture, l.index) === "blank-page";
    if (blankPage || (afterBlankPage && !l.blank && !furniture.kinds.has(l.index))) {
      out.push(l.start);
      continue;
    }
    if (input.layout !== "wrapped" || l.blank || furniture.kinds.has(l.index)) continue;
    if (/^ \S/.test(l.raw) && !prev.blank) out.push(l.start);
  }
  return out;
}

function nearestContentBefore(lines: readonly Line[], furniture: Furniture, index: number) {
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i] as Line;
    if (l.blank) continue;
    return furniture.kinds.get(i) ?? "content";
  }
  return "start";
}

function firstContentOffset(input: PageInput, fromLine: number, toLine: number): number | null {
  for (let i = fromLine; i < toLine; i++) {
    const l = input.lines[i] as Line;
    if (!l.blank && !input.furniture.kinds.has(i)) return l.start;
  }
  return null;
}

function lastContentOffset(input: PageInput, fromLine: number, toLine: number): number | null {
  for (let i = toLine - 1; i >= fromLine; i--) {
    const l = input.lines[i] as Line;
    if (!l.blank && !input.furniture.kinds.has(i)) return l.start;
  }
  return null;
}

/**
 * Picks `k` of the candidate breaks so the k+1 pages between `from` and `to` are as even as possible.
 * A `doubtful` candidate (a short line: likely a table cell, not a page's first line) costs extra.
 */
export function evenBreaks(
  from: number,
  to: number,
  candidates: readonly number[],
  k: number,
  doubtful: (offset: number) => boolean = () => false,
): number[] {
  const m = candidates.length;
  if (k <= 0) return [];
  if (k >= m) return [...candidates];
  const ideal = (to - from) / (k + 1);
  const cost = (a: number, b: number) => (b - a - ideal) ** 2 + (doubtful(b) ? ideal ** 2 : 0);
  const pos = (i: number) => (i < 0 ? from : (candidates[i] as number));
  // best[j][i]: least cost of pages up to candidate i, using j+1 breaks with the last at i.
  const best: number[][] = [];
  const back: number[][] = [];
  for (let j = 0; j < k; j++) {
    best.push(new Array(m).fill(Number.POSITIVE_INFINITY));
    back.push(new Array(m).fill(-1));
    for (let i = j; i < m; i++) {
      if (j === 0) {
        (best[0] as number[])[i] = cost(from, pos(i));
        continue;
      }
      for (let p = j - 1; p < i; p++) {
        const c = ((best[j - 1] as number[])[p] ?? Number.POSITIVE_INFINITY) + cost(pos(p), pos(i));
        if (c < ((best[j] as number[])[i] ?? Number.POSITIVE_INFINITY)) {
          (best[j] as number[])[i] = c;
          (back[j] as number[])[i] = p;
        }
      }
    }
  }
  let last = -1;
  let total = Number.POSITIVE_INFINITY;
  for (let i = k - 1; i < m; i++) {
    const c = ((best[k - 1] as number[])[i] ?? Number.POSITIVE_INFINITY) + cost(pos(i), to);
    if (c < total) [total, last] = [c, i];
  }
  const chosen: number[] = [];
  for (let j = k - 1, i = last; j >= 0 && i >= 0; i = (back[j] as number[])[i] ?? -1, j--) {
    chosen.unshift(pos(i));
  }
  return chosen;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] ?? null;
}

function fromAnchors(input: PageInput, warnings: string[]): PageMap {
  const { lines, text } = input;
  const anchors = input.furniture.anchors;
  const soft = softStarts(input);
  const shortAt = new Map(lines.map((l) => [l.start, l.text.length < 15]));
  const segments: PageSegment[] = [];
  const lineEnd = (a: PageAnchor) => (lines[a.line]?.end ?? 0) + 1;
  const lineStart = (a: PageAnchor) => lines[a.line]?.start ?? 0;

  for (let k = 0; k + 1 < anchors.length; k++) {
    const a = anchors[k] as PageAnchor;
    const b = anchors[k + 1] as PageAnchor;
    const from = lineEnd(a);
    const to = lineEnd(b);
    const first = firstContentOffset(input, a.line + 1, b.line) ?? from;
    const need = b.page - a.page - 1;
    const candidates = soft.filter((o) => o > first && o < lineStart(b));
    if (need === 0) {
      segments.push({ start: from, end: to, page: b.page });
      continue;
    }
    if (candidates.length >= need) {
      const breaks = evenBreaks(from, to, candidates, need, (o) => shortAt.get(o) ?? false);
      const bounds = [from, ...breaks, to];
      for (let i = 0; i + 1 < bounds.length; i++) {
        segments.push({ start: bounds[i] as number, end: bounds[i + 1] as number, page: a.page + 1 + i });
      }
      continue;
    }
    // Too few page starts survive to place every page: keep only the pages that touch a number.
    warnings.push(
      `pages ${a.page + 1}-${b.page - 1}: ${candidates.length} of ${need} page breaks found; pages in between left unknown`,
    );
    const last = lastContentOffset(input, a.line + 1, b.line) ?? lineStart(b);
    segments.push({ start: from, end: candidates[0] ?? first + 1, page: a.page + 1 });
    segments.push({ start: candidates.at(-1) ?? last, end: to, page: b.page });
  }

  const typical =
    median(segments.filter((s, i, all) => all[i + 1]?.page === s.page + 1).map((s) => s.end - s.start)) ??
    2500;
  const believable = (len: number) => len >= typical * 0.2 && len <= typical * 2.5;

  const firstAnchor = anchors[0] as PageAnchor;
  let boundary = lineEnd(firstAnchor);
  let page = firstAnchor.page;
  const fileStart = firstContentOffset(input, 0, firstAnchor.line) ?? 0;
  const before = soft.filter((o) => o > fileStart && o < lineStart(firstAnchor)).reverse();
  let open = true;
  let counted = 0;
  for (const c of before) {
    if (page < 1 || !believable(boundary - c)) {
      open = false;
      break;
    }
    segments.push({ start: c, end: boundary, page });
    boundary = c;
    page--;
    counted++;
  }
  if (open && page >= 1 && boundary - fileStart <= typical * 2.5) {
    segments.push({ start: 0, end: boundary, page });
  } else if (counted === 0) {
    // Nothing to count back with: only the text just above the number is surely on its page.
    const last = lastContentOffset(input, 0, firstAnchor.line);
    if (last !== null) segments.push({ start: last, end: boundary, page });
  }

  const lastAnchor = anchors.at(-1) as PageAnchor;
  boundary = lineEnd(lastAnchor);
  page = lastAnchor.page + 1;
  const afterFirst = firstContentOffset(input, lastAnchor.line + 1, lines.length) ?? boundary;
  const after = soft.filter((o) => o > afterFirst);
  open = true;
  counted = 0;
  for (const c of after) {
    if (!believable(c - boundary)) {
      open = false;
      break;
    }
    segments.push({ start: boundary, end: c, page });
    boundary = c;
    page++;
    counted++;
  }
  if (open && text.length - boundary <= typical * 2.5) {
    segments.push({ start: boundary, end: text.length, page });
  } else if (counted === 0) {
    // Only the text just below the number is surely on the next page.
    segments.push({ start: boundary, end: afterFirst + 1, page });
  }
  return new PageMap(segments);
}

/** Page numbers for the loaded text: from the loader, else form feeds, else printed numbers. */
export function buildPageMap(input: PageInput): { pages: PageMap; warnings: string[] } {
  const warnings: string[] = [];
  if (input.loadedPages.length > 0) {
    return { pages: fromLoadedPages(input.loadedPages, input.text.length), warnings };
  }
  if (input.text.includes("\f")) return { pages: fromFormFeeds(input), warnings };
  if (input.furniture.anchors.length === 0) {
    warnings.push("no printed page numbers found; units carry no page");
    return { pages: new PageMap([]), warnings };
  }
  return { pages: fromAnchors(input, warnings), warnings };
}
