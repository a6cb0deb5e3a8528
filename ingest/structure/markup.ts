import type { MappedText } from "./mapped.js";

/*
 * Extractors leave Markdown emphasis (**x**), underline tags (<u>x</u>), list tags (<ul><li>) and
 * autolinks (<https://...>) in the text. Readers quote unit text, so the markup goes; the words stay.
 */
const MARKUP =
  /\*\*|<\/?(?:u|b|i|em|strong|ul|ol|li|br|p|span|div|sup|sub|font)\b[^>]*>|<(?=https?:\/\/[^>\s]+>)|(?<=<https?:\/\/[^>\s]+)>/gi;

/** Private-use glyphs Word exports for bullets (Symbol/Wingdings) render as boxes; they mean "•". */
const PRIVATE_BULLETS: ReadonlySet<number> = new Set([
  0xf0a7, 0xf0b7, 0xf076, 0xf0d8, 0xf0fc, 0xf0a8, 0xf06e, 0xf0e0,
]);

const NON_ASCII_SPACE = /\s/;

/** `/\s/` on one UTF-16 unit, without a regex call for the ASCII that is nearly every character. */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return NON_ASCII_SPACE.test(String.fromCharCode(code));
}

/** Which characters of `raw` are markup; null when there is none (most lines). */
function markupMask(raw: string): Uint8Array | null {
  // Every markup form contains "*" or "<".
  if (!(raw.includes("*") || raw.includes("<"))) return null;
  let mask: Uint8Array | null = null;
  for (const m of raw.matchAll(MARKUP)) {
    mask ??= new Uint8Array(raw.length);
    mask.fill(1, m.index, m.index + m[0].length);
  }
  return mask;
}

/**
 * One line of the file, cleaned for reading: markup removed, tabs and space runs collapsed, trimmed.
 * `base` is where `raw` starts in the loaded text.
 */
export function cleanLine(raw: string, base: number): MappedText {
  const markup = markupMask(raw);
  let text = "";
  const offsets: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < raw.length; i++) {
    if (markup !== null && markup[i] === 1) continue;
    const code = raw.charCodeAt(i);
    if (isSpace(code)) {
      pendingSpace = text.length > 0;
      continue;
    }
    if (pendingSpace) {
      text += " ";
      offsets.push(base + i);
      pendingSpace = false;
    }
    text += PRIVATE_BULLETS.has(code) ? "•" : raw.charAt(i);
    offsets.push(base + i);
  }
  return { text, offsets };
}
