import type { MappedText } from "./mapped.js";
import { cleanLine } from "./markup.js";

/** One line of the loaded text. */
export interface Line {
  index: number;
  /** Offset of the line's first character in the loaded text. */
  start: number;
  /** Offset just past its last character (the newline excluded). */
  end: number;
  /** The line as extracted, without its line break. */
  raw: string;
  /** Cleaned for reading: markup gone, whitespace collapsed, trimmed; mapped back to `raw`. */
  clean: MappedText;
  /** `clean.text`, the form all the pattern tests read. */
  text: string;
  /** Leading spaces before the first visible character. */
  indent: number;
  blank: boolean;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const rawEnd = end > start && text[end - 1] === "\r" ? end - 1 : end;
    const raw = text.slice(start, rawEnd);
    const clean = cleanLine(raw, start);
    lines.push({
      index: lines.length,
      start,
      end: rawEnd,
      raw,
      clean,
      text: clean.text,
      indent: raw.length - raw.trimStart().length,
      blank: clean.text.length === 0,
    });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

/**
 * "wrapped": PDF text hard-wrapped at ~90 characters, where one paragraph spans many lines and blank
 * lines fall inside paragraphs. "long": one paragraph per line (Word/HTML exports, Markdown), where a
 * blank line ends a paragraph unless the text plainly runs on.
 */
export type Layout = "wrapped" | "long";

export function detectLayout(lines: readonly Line[]): Layout {
  const content = lines.filter((l) => !l.blank && !l.raw.includes("\t"));
  if (content.length === 0) return "long";
  const long = content.filter((l) => l.text.length > 130).length;
  return long / content.length >= 0.05 ? "long" : "wrapped";
}
