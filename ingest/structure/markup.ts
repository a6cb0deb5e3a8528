import type { MappedText } from "./mapped.js";

/*
 * Extractors leave Markdown emphasis (**x**), underline tags (<u>x</u>), list tags (<ul><li>) and
 * autolinks (<https://...>) in the text. Readers quote unit text, so the markup goes; the words stay.
 */
const MARKUP =
  /\*\*|<\/?(?:u|b|i|em|strong|ul|ol|li|br|p|span|div|sup|sub|font)\b[^>]*>|<(?=https?:\/\/[^>\s]+>)|(?<=<https?:\/\/[^>\s]+)>/gi;

/** Private-use glyphs Word exports for bullets (Symbol/Wingdings) render as boxes; they mean "•". */
const PRIVATE_BULLET = /[\uF0A7\uF0B7\uF076\uF0D8\uF0FC\uF0A8\uF06E\uF0E0]/;

/**
 * One line of the file, cleaned for reading: markup removed, tabs and space runs collapsed, trimmed.
 * `base` is where `raw` starts in the loaded text.
 */
export function cleanLine(raw: string, base: number): MappedText {
  const keep: boolean[] = new Array(raw.length).fill(true);
  for (const m of raw.matchAll(MARKUP)) {
    for (let i = m.index; i < m.index + m[0].length; i++) keep[i] = false;
  }
  let text = "";
  const offsets: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < raw.length; i++) {
    if (!keep[i]) continue;
    let ch = raw[i] ?? "";
    if (PRIVATE_BULLET.test(ch)) ch = "•";
    if (/\s/.test(ch)) {
      pendingSpace = text.length > 0;
      continue;
    }
    if (pendingSpace) {
      text += " ";
      offsets.push(base + i);
      pendingSpace = false;
    }
    text += ch;
    offsets.push(base + i);
  }
  return { text, offsets };
}
