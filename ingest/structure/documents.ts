import { formatLongDate } from "../periods.js";
import type { DocumentMeta } from "../types.js";
import type { Furniture } from "./furniture.js";
import {
  type AgendaItem,
  type ContentIndex,
  readAgendaHeader,
  readAgendaItems,
  readMinutesHeader,
  readReportHeader,
} from "./headers.js";
import type { Line } from "./lines.js";
import type { Table } from "./tables.js";
import { findDate, isAllCaps, similarity, titleCase, words } from "./text.js";

/**
 * Splitting a file into its documents. An agenda pack holds an agenda, the last meeting's minutes,
 * reports (each opening with its committee/title/"REPORT OF" header) and their appendices; blank
 * pages ("This page is intentionally left blank") separate them. Appendices follow a report's
 * closing block ("Officer(s) to Contact", "List of Appendices").
 */
export interface DocumentPlan {
  meta: Omit<DocumentMeta, "id" | "source">;
  /** Lines [firstLine, endLine) of the file. */
  firstLine: number;
  endLine: number;
  /** Header lines already read into `meta`; they do not become units. */
  headerEnd: number;
}

interface Segment {
  type: "start" | "agenda" | "minutes" | "report" | "break";
  firstLine: number;
  endLine: number;
  headerEnd: number;
  meta: Omit<DocumentMeta, "id" | "source">;
  /** For reports: the appendices its closing block lists. */
  appendixEntries: string[];
  parent: number | null;
}

export interface DocumentInput {
  lines: readonly Line[];
  furniture: Furniture;
  tables: readonly Table[];
  source: string;
}

const CONTACT_HEADING =
  /^(officers?(\s*\(s\))?|contact officers?|officer)\s*(to contact|contact details?)?$/i;
const APPENDIX_HEADING = /^(list of )?appendi(ces|x)$/i;
const BODY_HEADING =
  /^(background papers?|circulation under the local issues alert procedure|equalit(y|ies)( and human rights)? implications|human rights implications|other relevant impact assessments|recommendations?|conclusions?|resource implications|timetable for decisions)$/i;
const GENERIC_TITLE = /^(contents|foreword|introduction|preface|summary|executive summary|index|agenda)\b/i;

function emptyMeta(): Omit<DocumentMeta, "id" | "source"> {
  return {
    kind: "other",
    title: "",
    committee: null,
    meetingDate: null,
    author: null,
    agendaItem: null,
    pageStart: null,
    pageEnd: null,
  };
}

const stripColon = (t: string) => t.replace(/\s*:\s*$/, "").trim();

/**
 * Where a report's own text ends and its appendices begin: the first line after the closing block
 * (contacts, the list of appendices) that is neither a contact detail nor an appendix list entry.
 */
function appendixStart(
  lines: readonly Line[],
  content: ContentIndex,
  from: number,
  to: number,
  inTable: (line: number) => boolean,
): { start: number | null; entries: string[] } {
  let state: "body" | "contacts" | "list" = "body";
  let labelled = false;
  let unlabelled = 0;
  const entries: string[] = [];
  for (const i of content) {
    if (i < from || i >= to) continue;
    const t = stripColon(lines[i]?.text ?? "");
    if (state !== "body" && inTable(i)) return { start: i, entries };
    if (CONTACT_HEADING.test(t)) {
      state = "contacts";
      continue;
    }
    if (APPENDIX_HEADING.test(t)) {
      state = "list";
      labelled = false;
      unlabelled = 0;
      continue;
    }
    if (state === "body") continue;
    if (BODY_HEADING.test(t)) {
      state = "body";
      continue;
    }
    if (state === "contacts") {
      if (/^appendix\b/i.test(t)) return { start: i, entries };
      continue;
    }
    if (/^appendix\b/i.test(t)) {
      entries.push(t);
      labelled = true;
    } else if (/^\d{1,3}\.\s/.test(t)) {
      // "37. None": a numbered paragraph under the Appendices heading.
    } else if (!labelled && unlabelled < 2) {
      entries.push(t);
      unlabelled++;
    } else {
      return { start: i, entries };
    }
  }
  return { start: null, entries };
}

function firstContent(content: ContentIndex, from: number, to: number): number[] {
  return content.filter((i) => i >= from && i < to);
}

/** A title-like line: not a sentence, not a URL, not a number. */
function headingLike(text: string): boolean {
  const ws = words(text);
  return (
    ws.length >= 1 &&
    ws.length <= 16 &&
    !/[.;,]$/.test(text) &&
    /\p{L}{3}/u.test(text) &&
    !/https?:|@/.test(text)
  );
}

function appendixTitle(
  lines: readonly Line[],
  own: number[],
  entry: string | undefined,
  parentTitle: string,
): string {
  const firstText = stripColon(lines[own[0] ?? -1]?.text ?? "");
  if (/^appendix\b/i.test(firstText)) {
    const label = /^appendix\s*([a-z0-9]{0,3})\b/i.exec(firstText)?.[1] ?? "";
    const next = stripColon(lines[own[1] ?? -1]?.text ?? "");
    if (stripColon(firstText).split(/\s+/).length <= 2) {
      if (label && new RegExp(`^appendix\\s*${label}\\s*:`, "i").test(next)) return next;
      if (next && headingLike(next) && !/^appendix\b/i.test(next)) return `${firstText}: ${titleCase(next)}`;
      return firstText;
    }
    return firstText;
  }
  const heading = own.map((i) => lines[i]?.text ?? "").find((t) => headingLike(t)) ?? "";
  if (entry) {
    const named = /^appendix\b/i.test(entry) ? entry : `Appendix: ${entry}`;
    if (!heading || lines[own[0] ?? -1]?.raw.includes("\t") || similarity(entry, heading) >= 0.3)
      return named;
  }
  if (heading) return titleCase(stripColon(heading));
  return `Appendix to ${parentTitle}`;
}

const DOC_TYPE = "Plan|Strategy|Framework|Policy|Statement|Review|Assessment";

/**
 * A document that names itself ("Our Departmental Plan sits within...") is titled by the fullest form
 * of that name printed in it ("Children and Family Services Departmental Plan"). Candidates stay on one
 * line, repeat no word, and lose any leading run that ends in another document's name.
 */
function selfReferencedTitle(text: string): string | null {
  const own = new RegExp(`\\b(?:Our|This) +((?:[A-Z][\\w’'&-]* +){1,5}(?:${DOC_TYPE}))\\b`).exec(text);
  if (!own?.[1]) return null;
  const core = own[1].replace(/ +/g, " ");
  let best = core;
  const expand = new RegExp(`(?:(?:[A-Z][\\w’'&-]*|and|of|for|the) +){1,8}${core.replace(/ /g, " +")}`, "g");
  for (const m of text.matchAll(expand)) {
    let ws = m[0].replace(/ +/g, " ").trim().split(" ");
    const coreStart = ws.length - core.split(" ").length;
    const lastOther = ws.slice(0, coreStart).findLastIndex((w) => new RegExp(`^(${DOC_TYPE})$`).test(w));
    ws = ws.slice(lastOther + 1);
    while (ws.length > 0 && /^(and|of|for|the)$/.test(ws[0] ?? "")) ws.shift();
    const candidate = ws.join(" ");
    if (new Set(ws).size === ws.length && candidate.length > best.length) best = candidate;
  }
  return best.split(" ").length >= 3 ? best : null;
}

function runningTitle(lines: readonly Line[], furniture: Furniture, from: number, to: number): string | null {
  for (let i = from; i < to; i++) {
    if (furniture.kinds.get(i) !== "running-header") continue;
    const t = (lines[i]?.text ?? "").replace(/^\d{1,3}\s+|\s+\d{1,3}$/g, "").trim();
    if (t) return t;
  }
  return null;
}

/** Title of a document with no printed header. */
function untitledDocTitle(input: DocumentInput, content: ContentIndex, seg: Segment): string {
  const { lines, furniture } = input;
  const own = firstContent(content, seg.firstLine, seg.endLine);
  const running = runningTitle(lines, furniture, seg.firstLine, seg.endLine);
  if (running) return running;
  const first = lines[own[0] ?? -1]?.text ?? "";
  if (isAllCaps(first) && headingLike(first) && !GENERIC_TITLE.test(first)) return titleCase(first);
  const body = own.map((i) => lines[i]?.text ?? "").join("\n");
  const named = selfReferencedTitle(body);
  if (named) return named;
  for (const i of own.slice(0, 30)) {
    const t = stripColon(lines[i]?.text ?? "");
    if (headingLike(t) && !GENERIC_TITLE.test(t) && !lines[i]?.raw.includes("\t") && words(t).length >= 2) {
      return titleCase(t);
    }
  }
  return input.source.replace(/^.*[\\/]/, "").replace(/\.[a-z0-9]+$/i, "");
}

/** Committee names printed in capitals vary ("FAMILY SERVICES", "FAMILIES"); the agenda's spelling wins. */
function committeeKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\bservices?\b/g, "")
    .replace(/\bfamily\b/g, "families")
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/** A truncated "REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY" completed from the contact block. */
function completeAuthor(author: string, body: string): string {
  const re = new RegExp(
    `${author.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+")}\\s+([A-Z][a-z]+)\\s*(?:$|[,.;)\\n])`,
    "im",
  );
  const m = re.exec(body);
  const next = m?.[1];
  if (!next || /^(tel|telephone|email|e-mail|mobile|phone|name)$/i.test(next)) return author;
  return `${author} ${next}`;
}

function assignAgendaItems(segments: Segment[], items: AgendaItem[], warnings: string[]): void {
  const listed = items.filter((it) => it.pageStart !== null);
  const main = segments.filter((s) => s.parent === null && s.type !== "agenda" && s.type !== "start");
  if (listed.length === 0 || main.length === 0) return;
  const apply = (seg: Segment, it: AgendaItem) => {
    seg.meta.agendaItem = it.item;
    seg.meta.pageStart = it.pageStart;
    seg.meta.pageEnd = it.pageEnd;
    if (seg.type === "break") {
      seg.meta.kind = "report";
      seg.meta.title = it.title;
      seg.meta.author = seg.meta.author ?? it.reportBy;
    }
  };
  if (listed.length === main.length) {
    for (const [k, seg] of main.entries()) apply(seg, listed[k] as AgendaItem);
    return;
  }
  warnings.push(`agenda lists ${listed.length} papers with pages but ${main.length} documents were found`);
  let from = 0;
  for (const seg of main) {
    for (let k = from; k < listed.length; k++) {
      const it = listed[k] as AgendaItem;
      if (similarity(seg.meta.title, it.title) >= 0.3) {
        apply(seg, it);
        from = k + 1;
        break;
      }
    }
  }
}

export function splitDocuments(input: DocumentInput): { documents: DocumentPlan[]; warnings: string[] } {
  const { lines, furniture, tables } = input;
  const warnings: string[] = [];
  const content: number[] = lines
    .filter((l) => !l.blank && !furniture.kinds.has(l.index))
    .map((l) => l.index);
  const tableLines = new Set<number>();
  for (const t of tables) for (let i = t.firstLine; i <= t.lastLine; i++) tableLines.add(i);
  if (content.length === 0) return { documents: [], warnings: ["no text"] };

  type Start = { line: number; type: Segment["type"]; headerEnd: number; meta: Segment["meta"] };
  const starts: Start[] = [];
  const agenda = readAgendaHeader(lines, content);
  if (agenda) {
    starts.push({
      line: agenda.start,
      type: "agenda",
      headerEnd: agenda.start,
      meta: {
        ...emptyMeta(),
        kind: "agenda",
        title: agenda.meetingDate
          ? `Agenda for the meeting on ${formatLongDate(agenda.meetingDate)}`
          : "Agenda",
        committee: agenda.committee,
        meetingDate: agenda.meetingDate,
      },
    });
  }
  let afterBlankPage = false;
  for (let k = 0; k < content.length; k++) {
    const i = content[k] as number;
    const blankBefore = afterBlankPage;
    afterBlankPage = false;
    for (let j = i + 1; j < (content[k + 1] ?? lines.length); j++) {
      if (furniture.kinds.get(j) === "blank-page") afterBlankPage = true;
    }
    const report = readReportHeader(lines, content, k);
    if (report) {
      starts.push({
        line: i,
        type: "report",
        headerEnd: report.end,
        meta: {
          ...emptyMeta(),
          kind: "report",
          title: report.title,
          committee: report.committee,
          meetingDate: report.meetingDate,
          author: report.author,
        },
      });
      k = content.findIndex((c) => c >= report.end) - 1;
      if (k < 0) break;
      continue;
    }
    const minutes = readMinutesHeader(lines, content, k);
    if (minutes) {
      starts.push({
        line: i,
        type: "minutes",
        headerEnd: i,
        meta: {
          ...emptyMeta(),
          kind: "minutes",
          title: minutes.meetingDate
            ? `Minutes of the meeting held on ${formatLongDate(minutes.meetingDate)}`
            : "Minutes of the meeting",
          committee: minutes.committee,
          meetingDate: minutes.meetingDate,
        },
      });
      continue;
    }
    if (k === 0 && !agenda) {
      starts.push({ line: i, type: "start", headerEnd: i, meta: emptyMeta() });
    } else if (blankBefore && !(agenda && i === agenda.start)) {
      starts.push({ line: i, type: "break", headerEnd: i, meta: emptyMeta() });
    }
  }
  starts.sort((a, b) => a.line - b.line);

  const segments: Segment[] = [];
  let lastReport: number | null = null;
  for (const [k, s] of starts.entries()) {
    const endLine = starts[k + 1]?.line ?? lines.length;
    const seg: Segment = { ...s, firstLine: s.line, endLine, appendixEntries: [], parent: null };
    if (s.type === "report") {
      const tail = appendixStart(lines, content, s.headerEnd, endLine, (i) => tableLines.has(i));
      seg.appendixEntries = tail.entries;
      segments.push(seg);
      lastReport = segments.length - 1;
      if (tail.start !== null) {
        seg.endLine = tail.start;
        segments.push({
          type: "break",
          firstLine: tail.start,
          endLine,
          headerEnd: tail.start,
          meta: { ...emptyMeta(), kind: "appendix" },
          appendixEntries: [],
          parent: lastReport,
        });
      }
      continue;
    }
    if (s.type === "break" && lastReport !== null) {
      seg.parent = lastReport;
      seg.meta.kind = "appendix";
    } else {
      lastReport = null;
    }
    segments.push(seg);
  }

  // Appendix titles: from the parent's list of appendices, in order, or from their own first lines.
  const byParent = new Map<number, Segment[]>();
  for (const seg of segments) {
    if (seg.parent === null) continue;
    const list = byParent.get(seg.parent) ?? [];
    list.push(seg);
    byParent.set(seg.parent, list);
  }
  for (const [p, appendices] of byParent) {
    const parent = segments[p] as Segment;
    const entries = parent.appendixEntries;
    for (const [k, seg] of appendices.entries()) {
      const own = firstContent(content, seg.firstLine, seg.endLine);
      const entry = entries.length === appendices.length ? entries[k] : undefined;
      seg.meta.title = appendixTitle(lines, own, entry, parent.meta.title);
    }
  }

  // Metadata shared across the pack: the agenda's committee spelling, the meeting date, agenda items.
  const canonical = [
    agenda?.committee,
    ...segments.filter((s) => s.type === "minutes").map((s) => s.meta.committee),
  ]
    .filter((c): c is string => typeof c === "string" && c.length > 0)
    .map((c) => c.replace(/\s+/g, " ").trim());
  const reportDates = segments
    .filter((s) => s.type === "report" && s.meta.meetingDate)
    .map((s) => s.meta.meetingDate);
  const packDate = agenda?.meetingDate ?? mostCommon(reportDates);
  const packCommittee =
    agenda?.committee ?? mostCommon(segments.filter((s) => s.type === "report").map((s) => s.meta.committee));

  const agendaSeg = segments.find((s) => s.type === "agenda");
  if (agendaSeg) {
    const items = readAgendaItems(lines, firstContent(content, agendaSeg.firstLine, agendaSeg.endLine));
    assignAgendaItems(segments, items, warnings);
    const firstPage = items.map((it) => it.pageStart).find((p) => p !== null);
    if (segments[0] === agendaSeg && firstPage && firstPage > 1) {
      agendaSeg.meta.pageStart = 1;
      agendaSeg.meta.pageEnd = firstPage - 1;
    }
  } else {
    for (const seg of segments) {
      const footer = furniture.agendaFooters.find((f) => f.line >= seg.firstLine && f.line < seg.endLine);
      if (footer && seg.parent === null) seg.meta.agendaItem = footer.item;
    }
  }

  for (const seg of segments) {
    const parent = seg.parent === null ? null : (segments[seg.parent] as Segment);
    if (seg.type === "start" || (seg.type === "break" && !parent && !seg.meta.title)) {
      seg.meta.title = untitledDocTitle(input, content, seg);
    }
    if (parent) {
      seg.meta.committee = parent.meta.committee;
      seg.meta.meetingDate = parent.meta.meetingDate;
      seg.meta.agendaItem = parent.meta.agendaItem;
      seg.meta.author = parent.meta.author;
    } else if (seg.type !== "minutes") {
      seg.meta.meetingDate = seg.meta.meetingDate ?? packDate ?? null;
      seg.meta.committee = seg.meta.committee ?? packCommittee ?? null;
    }
    if (seg.meta.committee) {
      const key = committeeKey(seg.meta.committee);
      seg.meta.committee = canonical.find((c) => committeeKey(c) === key) ?? seg.meta.committee;
    }
    if (seg.type === "report" && seg.meta.author) {
      const body = firstContent(content, seg.firstLine, seg.endLine)
        .map((i) => lines[i]?.text ?? "")
        .join("\n");
      seg.meta.author = completeAuthor(seg.meta.author, body);
    }
  }
  if (!segments.some((s) => s.meta.meetingDate) && findDate(lines.map((l) => l.text).join(" ")) === null) {
    warnings.push("no meeting date found");
  }

  return {
    documents: segments.map((s) => ({
      meta: s.meta,
      firstLine: s.firstLine,
      endLine: s.endLine,
      headerEnd: s.headerEnd,
    })),
    warnings,
  };
}

function mostCommon<T>(values: readonly (T | null | undefined)[]): T | null {
  const counts = new Map<T, number>();
  for (const v of values) if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | null = null;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}
