import type { Furniture } from "./furniture.js";
import type { Layout, Line } from "./lines.js";
import { joinMapped, type MappedText, mappedSlice, prefixMapped } from "./mapped.js";
import type { Table } from "./tables.js";
import { endsClause, endsSentence, SMALL_WORDS, startsLowercase, titleCaseRatio, words } from "./text.js";

/**
 * Lines -> blocks: headings, numbered paragraphs (or minute items), list items and plain paragraphs,
 * with hard-wrapped lines joined back and page breaks stepped over. Deciding where a paragraph ends
 * is the hard part: PDF text puts blank lines inside paragraphs, and unterminated list items look
 * like the start of a sentence that runs on.
 */
export interface Block {
  type: "heading" | "numbered" | "item" | "text" | "table";
  /** Paragraph number ("7", "3.2", minute "70") or sub-point label ("a", "ii"). */
  label: string | null;
  /** The block's text, label stripped for numbered paragraphs; list items keep theirs. */
  text: MappedText;
  /** For labelled list items: the text without its label (a minute sub-point quotes this). */
  bare: MappedText;
  bullet: boolean;
  firstLine: number;
  lastLine: number;
  table: Table | null;
}

export interface BlockContext {
  lines: readonly Line[];
  furniture: Furniture;
  tables: readonly Table[];
  layout: Layout;
}

export type Numbering = "paragraphs" | "minutes";

const BULLET = /^(?:(?:[-*]\s+)|(?:[•·▪◦●○►▶✓✔❖➢]\s*)|(?:o\s+(?=[A-Z“"‘(])))+/u;
const LABEL =
  /^(?:\(([a-z]|[ivx]{1,5}|\d{1,2})\)|([a-z]|[ivx]{1,5})\)|([ivx]{1,5}|[a-h])\.(?=\s)|(\d{1,2}\.\d{1,2}[a-z])(?=\s))\s*/;
const NUMBER = /^(\d{1,3}(?:\.\d{1,2})?)(\.|\))?(?=\s|$)\s*/;

export interface MarkerMatch {
  bullet: boolean;
  label: string | null;
  /** Where the text after the bullet glyph starts (the label, if any, included). */
  afterBullet: number;
  /** Where the text after bullet and label starts. */
  afterLabel: number;
}

/** "- a) text", "(iv) text", "ii) text", "• text", "o Text": a list item's marker. */
export function matchMarker(text: string): MarkerMatch | null {
  const b = BULLET.exec(text);
  const afterBullet = b ? b[0].length : 0;
  const l = LABEL.exec(text.slice(afterBullet));
  if (!b && !l) return null;
  const label = l ? (l[1] ?? l[2] ?? l[3] ?? l[4] ?? null) : null;
  const afterLabel = afterBullet + (l ? l[0].length : 0);
  if (afterLabel >= text.length && !label) return null;
  return { bullet: b !== null, label, afterBullet, afterLabel };
}

export interface NumberMatch {
  label: string;
  dotted: boolean;
  rest: number;
}

export function matchNumber(text: string): NumberMatch | null {
  const m = NUMBER.exec(text);
  if (!m?.[1]) return null;
  return { label: m[1], dotted: m[2] !== undefined, rest: m[0].length };
}

/** Paragraph numbering is sequential: "2020 to proceed" or a wrapped "16." is not paragraph 2020 or 16. */
export class Sequence {
  private last: number | null = null;
  private major: number | null = null;

  accept(n: NumberMatch, rest: string, mode: Numbering): boolean {
    const startsWell = rest === "" || /^[\p{Lu}\p{N}“"‘(£*]|^https?:/u.test(rest);
    if (!startsWell) return false;
    if (mode === "minutes") {
      // Items run on from one another; an abridged extract may skip a few. A title is short.
      if (!n.dotted || n.label.includes(".") || rest === "" || words(rest).length > 20) return false;
      const v = Number(n.label);
      return this.last === null || (v > this.last && v <= this.last + 5);
    }
    if (n.label.includes(".")) {
      const [a, b] = n.label.split(".").map(Number) as [number, number];
      return (
        this.major !== null &&
        b >= 1 &&
        (a === this.major || (a === this.major + 1 && b === 1)) &&
        rest !== ""
      );
    }
    const v = Number(n.label);
    if (!n.dotted) {
      const expected = this.last === null ? 1 : this.last + 1;
      return v === expected && words(rest).length >= 3;
    }
    // The first number seen: a low one, or any number opening a real sentence (an extract that starts mid-report).
    if (this.last === null) return (v >= 1 && v <= 5) || words(rest).length >= 4;
    return v === 1 || (v >= this.last && v <= this.last + 3);
  }

  /** The very next paragraph number ("7." after 6): it opens a paragraph even where no sentence ended above. */
  follows(n: NumberMatch, rest: string): boolean {
    return (
      n.dotted &&
      !n.label.includes(".") &&
      this.last !== null &&
      Number(n.label) === this.last + 1 &&
      /^[\p{Lu}“"‘(£]/u.test(rest) &&
      words(rest).length >= 3
    );
  }

  commit(label: string): void {
    const major = Number(label.split(".")[0]);
    if (!label.includes(".")) this.last = major;
    this.major = major;
  }
}

/** `gap`: blank or furniture lines before the entry; `pageBreak`: whether page furniture was among them. */
type LineEntry = { line: Line; gap: number; pageBreak: boolean };
type Entry = LineEntry | { table: Table; gap: number; pageBreak: boolean };

/** The block being built, with what the continuation rules need to know about it. */
interface Current {
  block: Block;
  pieces: MappedText[];
  lastText: string;
  lost: boolean;
  labelPrefix: string | null;
}

function isLineEntry(e: Entry | undefined): e is LineEntry {
  return e !== undefined && "line" in e;
}

export function headingShape(text: string, layout: Layout): boolean {
  if (!/^[\p{Lu}“"‘(]/u.test(text) || !/\p{L}{3}/u.test(text)) return false;
  const ws = words(text);
  if (ws.length === 0 || ws.length > (layout === "wrapped" ? 14 : 20) || text.length > 160) return false;
  if (/https?:|www\.|@|^(tel|telephone|e-?mail|fax)\b/i.test(text)) return false;
  // "Cllr Deborah Taylor, Lead Member for ...": a signatory or contact, not a heading.
  if (/^(cllr|councillor|mr|mrs|ms|miss|dr|prof)\.?\s/i.test(text) || PERSON_ROLE.test(text)) return false;
  if (/[,;&–-]$/.test(text) || /[?!]["”’)]*$/.test(text)) return false;
  // "... was secured by a": a line that stops on "a", "of", "the" runs on into the next.
  if (SMALL_WORDS.has((ws.at(-1) ?? "").toLowerCase())) return false;
  if (/[.!?]["”’)]*\s+["“‘(]?[\p{Lu}]/u.test(text.slice(0, -1))) return false;
  if (/\.$/.test(text)) return ws.length >= 3 && titleCaseRatio(text) >= 0.75;
  if (/:$/.test(text)) return ws.length <= 8;
  return true;
}

const PERSON_ROLE =
  /,\s*(director|assistant director|lead member|head of service|chief executive|cabinet (lead|support) member|service manager|strategic lead)\b/i;

/** Section headings of UK council reports: headings wherever they stand, whatever follows. */
const KNOWN_HEADING =
  /^(purpose of (the )?report|background( papers?)?|appendi(x|ces)|list of appendices|officers?(\s*\(s\))? to contact|contact officers?|circulation under the local issues alert procedure|(equalit(y|ies)|human rights|equality and human rights|equalities and human rights|environmental|resource|financial|legal|risk) implications|recommendations?|conclusions?|policy framework and previous decisions|timetable for decisions|consultation|other relevant impact assessments|partnership working and associated issues|crime and disorder implications|health implications|present|in attendance)\.?$/i;

/** A line that stops mid-sentence: on a comma, an ampersand or a word like "on", "the", "and". */
function runsOn(text: string): boolean {
  return /[,&]$/.test(text) || SMALL_WORDS.has((words(text).at(-1) ?? "").toLowerCase());
}

/** "...as set out in paragraph" over "20. The Council...": a reference that wrapped, not paragraph 20. */
const REFERS_ON =
  /\b(paragraphs?|paras?|sections?|items?|pages?|minutes?|no\.?|numbers?|tables?|figures?|appendix|rule|order)$/i;

/** "This is in the early stages of development": a sentence that lost its full stop, not a heading. */
function clauseLike(text: string): boolean {
  const verb = /\b(is|are|was|were|has|have|had|will|would|can|could|should|must|been|being)\b/i.test(text);
  return titleCaseRatio(text) < 0.5 || (verb && titleCaseRatio(text) < 0.75);
}

const HYPHEN_END = /[\p{L}\p{N}]-$/u;
const URL_END = /(?:https?:\/\/|www\.)\S+$/;

/** How a wrapped line joins the one before it: "" inside a hyphenated word or URL, else a space or newline. */
/** "Tel: 0116 305 2649", "Email: a@b.gov.uk": contact details, one per line. */
const CONTACT_LINE = /^(tel|telephone|tel\. no|phone|mobile|e-?mail|name)\b\.?\s*:|@[\w-]+\.[\w.]+\s*$/i;

function joiner(prev: string, next: string, gap: number, layout: Layout): string {
  if (HYPHEN_END.test(prev) && !/\s-$/.test(prev)) return "";
  if (URL_END.test(prev) && !/\s/.test(next) && prev.length >= 60) return "";
  if (CONTACT_LINE.test(prev) || CONTACT_LINE.test(next)) return "\n";
  return layout === "long" && gap === 0 ? "\n" : " ";
}

export function buildBlocks(ctx: BlockContext, from: number, to: number, mode: Numbering): Block[] {
  const { lines, furniture, layout } = ctx;
  const tableAt = new Map(ctx.tables.map((t) => [t.firstLine, t]));
  const entries: Entry[] = [];
  let gap = 0;
  let pageBreak = false;
  for (let i = from; i < to; i++) {
    const l = lines[i] as Line;
    const table = tableAt.get(i);
    if (table) {
      entries.push({ table, gap, pageBreak });
      gap = 0;
      pageBreak = false;
      i = table.lastLine;
      continue;
    }
    if (l.blank || furniture.kinds.has(i)) {
      gap++;
      pageBreak ||= furniture.kinds.has(i);
      continue;
    }
    entries.push({ line: l, gap, pageBreak });
    gap = 0;
    pageBreak = false;
  }

  const textOf = (k: number) => {
    const e = entries[k];
    return isLineEntry(e) ? e.line.text : "";
  };
  const structuralByPattern = (k: number) => {
    const e = entries[k];
    if (!e) return false;
    if (!isLineEntry(e)) return true;
    const t = e.line.text;
    const n = matchNumber(t);
    return matchMarker(t) !== null || (n?.dotted === true && n.rest < t.length);
  };

  // "Appendix A: ...", "Appendix B: ..." on consecutive lines are a list, not a run of headings.
  const labelled = (t: string) => /^(\S+)\s+[A-Z0-9]{1,3}\b/.exec(t)?.[1] ?? null;
  const listSibling = (k: number) => {
    const own = labelled(textOf(k));
    return own !== null && (labelled(textOf(k - 1)) === own || labelled(textOf(k + 1)) === own);
  };
  // Short lines after "...children and young people to:" are what the colon announces, not headings.
  // afterColon[k]: the nearest line above k that is not a short title-like line ends with a colon.
  const afterColon: boolean[] = new Array(entries.length).fill(false);
  for (let k = 1; k < entries.length; k++) {
    const j = k - 1;
    const t = textOf(j);
    if (!isLineEntry(entries[j])) continue;
    const shortTitle = words(t).length <= 8 && headingShape(t, layout);
    afterColon[k] = shortTitle
      ? (afterColon[j] ?? false)
      : /:$/.test(t) && !KNOWN_HEADING.test(t.replace(/\s*:\s*$/, ""));
  }
  // A heading must look like one and be followed by what headings introduce. Computed from the end
  // (each line's verdict can rest on the next line's) without recursion: a long run of short lines
  // must not exhaust the stack.
  const headingish: boolean[] = new Array(entries.length).fill(false);
  for (let k = entries.length - 1; k >= 0; k--) {
    const t = textOf(k);
    const entry = entries[k];
    const colonLabel = /:$/.test(t) && !KNOWN_HEADING.test(t.replace(/\s*:\s*$/, ""));
    if (
      !isLineEntry(entry) ||
      entry.line.raw.includes("\t") ||
      colonLabel ||
      afterColon[k] ||
      !headingShape(t, layout) ||
      structuralByPattern(k) ||
      listSibling(k)
    ) {
      continue;
    }
    const next = entries[k + 1];
    if (!next || startsLowercase(textOf(k + 1))) continue;
    const nt = textOf(k + 1);
    const shortCaps = /^[^\p{Ll}]+$/u.test(t) && words(t).length <= 8;
    const known = KNOWN_HEADING.test(t.replace(/\s*:\s*$/, ""));
    const bodyLike =
      (endsSentence(nt) && words(nt).length >= 4) ||
      (words(nt).length >= 8 && !headingShape(nt, layout)) ||
      words(nt).length > 20;
    // A long line in sentence case ("The Chief Executive reported that ...", a vision statement) is
    // a heading only where a numbered paragraph, list or table follows.
    const sentenceCase = words(t).length > (layout === "wrapped" ? 8 : 12) && titleCaseRatio(t) < 0.5;
    headingish[k] =
      !isLineEntry(next) ||
      structuralByPattern(k + 1) ||
      known ||
      (!sentenceCase && (bodyLike || (headingish[k + 1] ?? false) || shortCaps));
  }
  // "2. The performance framework...": a line that opens a numbered paragraph, if the sequence agrees.
  const opensNumbered = (k: number) => {
    const t = textOf(k);
    const n = matchNumber(t);
    if (!n?.dotted || !isLineEntry(entries[k])) return false;
    const rest = t.slice(n.rest);
    return /^[\p{Lu}“"‘(£]/u.test(rest) && words(rest).length >= 3;
  };
  // ...and stand where a heading can: after a finished sentence, another heading, or white space.
  const isHeading: boolean[] = new Array(entries.length).fill(false);
  // Wrapped lines fill the width; one well short of it ended its block.
  const lengths = entries.flatMap((x) => (isLineEntry(x) ? [x.line.text.length] : [])).sort((a, b) => a - b);
  const shortLine = 0.6 * (lengths[Math.floor(lengths.length * 0.9)] ?? 0);
  // Headings that stand only because a numbered paragraph follows: the main pass checks the number.
  const needsNumber: boolean[] = new Array(entries.length).fill(false);
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    if (!isLineEntry(e) || !headingish[k]) continue;
    const prev = entries[k - 1];
    const afterHeading = isHeading[k - 1] ?? false;
    let result: boolean;
    if (!prev || !isLineEntry(prev)) result = true;
    // What "Appendices" or "Background Papers" heads is a list of names, not further headings.
    else if (afterHeading && /^(list of )?appendi|^background papers/i.test(prev.line.text)) result = false;
    else if (afterHeading) result = true;
    // "...with respect to Looked After Children," over "Children in Need and Child Protection cases.":
    // the end of a sentence the line above runs into, however heading-like it looks.
    else if (runsOn(prev.line.text)) result = false;
    else if (e.gap >= 1 && KNOWN_HEADING.test(e.line.text.replace(/\s*:\s*$/, ""))) result = true;
    // Space above and below and a list or numbered paragraph after: a heading however the line above ends.
    else if (e.gap >= 1 && (entries[k + 1]?.gap ?? 0) >= 1 && structuralByPattern(k + 1)) result = true;
    // PDF text may have no blank lines at all. There a heading stands after a finished sentence and is
    // a short unpunctuated line over a numbered paragraph, or a short Title Case line over body text;
    // a known section name ("Officers to Contact") also stands after a line cut short of the width.
    else if (layout === "wrapped" && (endsClause(prev.line.text) || prev.line.text.length < shortLine)) {
      const t = e.line.text;
      const ended = endsClause(prev.line.text);
      const plain = ended && words(t).length <= 10 && !/[.,;:!?]$/.test(t) && !clauseLike(t);
      const nt = textOf(k + 1);
      const overBody =
        plain &&
        words(t).length <= 8 &&
        titleCaseRatio(t) >= 0.75 &&
        isLineEntry(entries[k + 1]) &&
        /^[\p{Lu}“"‘(]/u.test(nt) &&
        (words(nt).length >= 8 || endsSentence(nt));
      const known = KNOWN_HEADING.test(t.replace(/\s*:\s*$/, ""));
      const spaced = ended && e.gap >= 1;
      needsNumber[k] = !known && !overBody && !spaced && plain && opensNumbered(k + 1);
      result = known || overBody || spaced || needsNumber[k] === true;
    }
    // Hard-wrapped text: a sentence ending at a line end is common, a heading still needs space above.
    else if (endsClause(prev.line.text)) result = layout === "long" || e.gap >= 1;
    else result = layout === "long" && e.gap >= 1;
    isHeading[k] = result;
  }

  const blocks: Block[] = [];
  const seq = new Sequence();
  // Once a paragraph's bullets lost their glyphs, its later indented items are bullets too.
  let lostList = false;
  let cur = null as Current | null;
  const flush = () => {
    if (!cur) return;
    cur.block.text = joinMapped(cur.pieces, "");
    if (cur.block.type !== "item") cur.block.bare = cur.block.text;
    blocks.push(cur.block);
    cur = null;
  };
  const start = (block: Block, first: MappedText, text: string, lost: boolean) => {
    flush();
    cur = {
      block,
      pieces: [first],
      lastText: text,
      lost,
      labelPrefix: /^([A-Z][a-z]+)\s+\d{1,2}[a-z]?\s*[:–-]/.exec(text)?.[1] ?? null,
    };
  };

  for (let k = 0; k < entries.length; k++) {
    const e = entries[k] as Entry;
    if (!isLineEntry(e)) {
      flush();
      const t = e.table;
      blocks.push({
        type: "table",
        label: null,
        text: { text: "", offsets: [] },
        bare: { text: "", offsets: [] },
        bullet: false,
        firstLine: t.firstLine,
        lastLine: t.lastLine,
        table: t,
      });
      continue;
    }
    const l = e.line;
    const t = l.text;
    const prevEntry = entries[k - 1];
    const prevText = isLineEntry(prevEntry) ? prevEntry.line.text : "";
    const num = matchNumber(t);
    const atBlockStart =
      !cur ||
      endsClause(prevText) ||
      e.gap >= 1 ||
      layout === "long" ||
      (mode === "paragraphs" &&
        num !== null &&
        !runsOn(prevText) &&
        !REFERS_ON.test(prevText) &&
        seq.follows(num, t.slice(num.rest)));
    if (num && atBlockStart && seq.accept(num, t.slice(num.rest), mode)) {
      seq.commit(num.label);
      lostList = false;
      const body = mappedSlice(l.clean, num.rest);
      start(
        {
          type: "numbered",
          label: num.label,
          text: body,
          bare: body,
          bullet: false,
          firstLine: l.index,
          lastLine: l.index,
          table: null,
        },
        body,
        t,
        false,
      );
      continue;
    }
    const marker = matchMarker(t);
    const lostBullet =
      layout === "wrapped" &&
      /^ \S/.test(l.raw) &&
      (lines[l.index - 1]?.blank ?? false) &&
      cur !== null &&
      (lostList || cur.lost || /[:–-]\s*$/.test(cur.lastText) || /:\s*-?\s*$/.test(prevText));
    if (lostBullet) lostList = true;
    if (marker || lostBullet) {
      const afterBullet = marker ? marker.afterBullet : 0;
      const own = mappedSlice(l.clean, afterBullet);
      const shown = marker?.bullet || lostBullet ? prefixMapped("- ", own) : own;
      start(
        {
          type: "item",
          label: marker?.label ?? null,
          text: shown,
          bare: mappedSlice(l.clean, marker ? marker.afterLabel : 0),
          bullet: marker?.bullet === true || lostBullet,
          firstLine: l.index,
          lastLine: l.index,
          table: null,
        },
        shown,
        t,
        lostBullet,
      );
      continue;
    }
    const next = entries[k + 1];
    const nextNumber = isLineEntry(next) ? matchNumber(next.line.text) : null;
    const headed =
      isHeading[k] &&
      (!needsNumber[k] ||
        (nextNumber !== null &&
          isLineEntry(next) &&
          seq.accept(nextNumber, next.line.text.slice(nextNumber.rest), mode)));
    if (headed) {
      flush();
      lostList = false;
      blocks.push({
        type: "heading",
        label: null,
        text: l.clean,
        bare: l.clean,
        bullet: false,
        firstLine: l.index,
        lastLine: l.index,
        table: null,
      });
      continue;
    }
    // A minute item's title ends with its full stop; the item's text starts on the next line.
    const titleDone = mode === "minutes" && cur?.block.type === "numbered" && endsSentence(cur.lastText);
    // A list item does not run on over a page foot into a capitalised line: that is the next block.
    const itemEndsAtPage = cur?.block.type === "item" && e.pageBreak && !startsLowercase(t);
    if (cur && !titleDone && !itemEndsAtPage && continues(cur, l, e.gap, layout)) {
      const sep = joiner(cur.lastText, t, e.gap, layout);
      cur.pieces.push({ text: sep, offsets: [...sep].map(() => l.clean.offsets[0] ?? l.start) }, l.clean);
      cur.lastText = t;
      cur.block.lastLine = l.index;
      continue;
    }
    start(
      {
        type: "text",
        label: null,
        text: l.clean,
        bare: l.clean,
        bullet: false,
        firstLine: l.index,
        lastLine: l.index,
        table: null,
      },
      l.clean,
      t,
      false,
    );
  }
  flush();
  // Items keep their own text; their label-free form is rebuilt from the joined text.
  for (const b of blocks) {
    if (b.type !== "item") continue;
    const m = matchMarker(b.text.text.replace(/^- /, ""));
    const skip = b.text.text.startsWith("- ") ? 2 : 0;
    b.bare = m?.label ? mappedSlice(b.text, skip + m.afterLabel - m.afterBullet) : mappedSlice(b.text, skip);
  }
  return blocks;
}

function continues(cur: Current, l: Line, gap: number, layout: Layout): boolean {
  const t = l.text;
  const p = cur.lastText;
  if (cur.block.type === "heading" || cur.block.type === "table") return false;
  if (HYPHEN_END.test(p) && !/\s-$/.test(p)) return true;
  if (startsLowercase(t)) return true;
  // "7.  Progress to date" over its text: a numbered heading; the text is the paragraph's body.
  if (cur.block.type === "numbered" && cur.block.firstLine === cur.block.lastLine && gap >= 1) {
    const title = cur.block.text.text;
    if (words(title).length <= 8 && headingShape(title, layout) && !/[.:]$/.test(title)) return false;
  }
  if (layout === "wrapped") {
    if (cur.lost && gap >= 1 && l.indent === 0) return false;
    if (gap >= 1 && CONTACT_LINE.test(p)) return false;
    if (cur.labelPrefix && gap >= 1 && new RegExp(`^${cur.labelPrefix}\\s+\\d`).test(t)) return false;
    if (gap === 0) return true;
    return !endsClause(p);
  }
  if (gap === 0) return !(endsSentence(p) && /^[\p{Lu}“"‘(]/u.test(t));
  // A long line cut mid-sentence by a page break, running on into another long line.
  const body = cur.block.type === "numbered" || (cur.block.type === "item" && cur.block.label !== null);
  return body && p.length >= 100 && !endsClause(p) && t.length >= 80 && !headingShape(t, layout);
}
