import type { Line } from "./lines.js";
import { findDate, isAllCaps, titleCase, words } from "./text.js";

/** What the printed header of a committee report says. */
export interface ReportHeader {
  /** Line index of the committee line the header starts with. */
  start: number;
  /** Line index just past the "REPORT OF ..." lines. */
  end: number;
  committee: string | null;
  meetingDate: string | null;
  title: string;
  author: string | null;
}

export interface MinutesHeader {
  start: number;
  committee: string | null;
  meetingDate: string | null;
}

export interface AgendaHeader {
  start: number;
  committee: string | null;
  meetingDate: string | null;
}

const MEETING_WORD = /\b(SCRUTINY|COMMITTEE|CABINET|COMMISSION|COUNCIL|BOARD|PANEL)\b/;
const REPORT_OF = /^(?:JOINT\s+)?REPORT\s+OF\b/i;
const MAX_HEADER_LINES = 12;

/** Content lines only: blank lines and page furniture are skipped by every header reader. */
export type ContentIndex = readonly number[];

const textAt = (lines: readonly Line[], i: number | undefined) =>
  i === undefined ? "" : (lines[i]?.text ?? "");

function isDateLine(text: string): boolean {
  const d = findDate(text);
  return d !== null && text.replace(d.raw, "").replace(/[^\p{L}\p{N}]/gu, "").length === 0;
}

/**
 * A report header: "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE – 5 MARCH 2024" (often bold,
 * wrapped, or with its date on a line of its own), the ALL-CAPS title, then "REPORT OF THE DIRECTOR
 * OF ..." / "JOINT REPORT OF ...". `at` indexes `content`.
 */
export function readReportHeader(
  lines: readonly Line[],
  content: ContentIndex,
  at: number,
): ReportHeader | null {
  const first = textAt(lines, content[at]);
  if (!isAllCaps(first) || !MEETING_WORD.test(first) || words(first).length > 16) return null;
  let reportAt = -1;
  for (let k = at + 1; k < Math.min(content.length, at + MAX_HEADER_LINES); k++) {
    const t = textAt(lines, content[k]);
    if (REPORT_OF.test(t)) {
      reportAt = k;
      break;
    }
    if (!isAllCaps(t)) return null;
  }
  if (reportAt === -1) return null;

  // The committee block runs until its date; the ALL-CAPS lines after it, up to "REPORT OF", are the title.
  let committeeText = "";
  let k = at;
  for (; k < reportAt; k++) {
    const t = textAt(lines, content[k]);
    if (k > at && !MEETING_WORD.test(t) && !isDateLine(t)) break;
    committeeText = `${committeeText} ${t}`;
    if (findDate(committeeText)) {
      k++;
      break;
    }
  }
  const date = findDate(committeeText);
  const committeeRaw = (date ? committeeText.slice(0, date.index) : committeeText)
    .replace(/[\s:–—-]+$/u, "")
    .trim();
  const title = Array.from({ length: reportAt - k }, (_, j) => textAt(lines, content[k + j])).join(" ");

  let authorText = textAt(lines, content[reportAt]);
  let end = reportAt + 1;
  while (end < content.length && end < reportAt + 3) {
    const t = textAt(lines, content[end]);
    if (!isAllCaps(t) || /^\d/.test(t) || t.length === 0) break;
    authorText = `${authorText} ${t}`;
    end++;
  }
  const author = authorText
    .replace(REPORT_OF, "")
    .replace(/^\s*THE\s+/i, "")
    .trim();
  return {
    start: content[at] as number,
    end: (content[end - 1] as number) + 1,
    committee: committeeRaw ? titleCase(committeeRaw) : null,
    meetingDate: date?.iso ?? null,
    title: titleCase(title) || "Untitled report",
    author: author ? titleCase(author) : null,
  };
}

const MINUTES = /^minutes of (?:a|the) meeting of\b/i;

/** "Minutes of a meeting of the X Committee held at County Hall, Glenfield on Tuesday, 3 March 2020." */
export function readMinutesHeader(
  lines: readonly Line[],
  content: ContentIndex,
  at: number,
): MinutesHeader | null {
  if (!MINUTES.test(textAt(lines, content[at]))) return null;
  let text = "";
  for (let k = at; k < Math.min(content.length, at + 3); k++) {
    text = `${text} ${textAt(lines, content[k])}`.trim();
    if (findDate(text)) break;
  }
  const committee = /meeting of (?:the )?(.+?)\s+held\b/i.exec(text)?.[1] ?? null;
  return { start: content[at] as number, committee, meetingDate: findDate(text)?.iso ?? null };
}

/** An agenda front sheet: "Meeting: ...", "Date/Time: ...", "AGENDA" within the file's first lines. */
export function readAgendaHeader(lines: readonly Line[], content: ContentIndex): AgendaHeader | null {
  const head = content.slice(0, 40).map((i) => textAt(lines, i));
  const hasAgenda = head.some((t) => /^agenda$/i.test(t));
  const fields = head.filter((t) =>
    /^(meeting|date\/time|date and time|date|time|venue|location)\s*:/i.test(t),
  );
  if (!hasAgenda || fields.length < 2) return null;
  const meeting = head.find((t) => /^meeting\s*:/i.test(t))?.replace(/^meeting\s*:\s*/i, "") ?? null;
  const dateLine = head.find((t) => /^date/i.test(t) && findDate(t)) ?? head.find((t) => findDate(t));
  return {
    start: content[0] as number,
    committee: meeting ? meeting.trim() : null,
    meetingDate: dateLine ? (findDate(dateLine)?.iso ?? null) : null,
  };
}

/** One item of an agenda list: "8. Violence Reduction Network Strategy and Updates. Violence Reduction Network (Pages 15 - 32)". */
export interface AgendaItem {
  item: string;
  title: string;
  reportBy: string | null;
  pageStart: number | null;
  pageEnd: number | null;
}

export function readAgendaItems(lines: readonly Line[], content: ContentIndex): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const i of content) {
    const m = /^(\d{1,2})\.\s+(.+)$/.exec(textAt(lines, i));
    if (!m) continue;
    let rest = m[2] ?? "";
    const pages = /\(pages?\s+(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?\)/i.exec(rest);
    if (pages) rest = rest.replace(pages[0], "").trim();
    const split = /^(.+?[.?])\s+(\S.*)$/.exec(rest);
    const title = (split ? (split[1] ?? "") : rest).replace(/\.$/, "").trim();
    const reportBy = split ? (split[2] ?? "").replace(/\.$/, "").trim() || null : null;
    items.push({
      item: m[1] ?? "",
      title,
      reportBy,
      pageStart: pages ? Number(pages[1]) : null,
      pageEnd: pages ? Number(pages[2] ?? pages[1]) : null,
    });
  }
  return items;
}
