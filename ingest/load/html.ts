import { windows1252CodePoint } from "./decode.js";

/*
 * A deliberately small HTML-to-text pass, not a browser: council HTML papers are tables, lists and
 * paragraphs. Output follows the Markdown-like corpus style: blocks separated by blank lines,
 * table rows as tab-separated cells, list items on their own lines with their number or "- ".
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  shy: "",
  zwnj: "",
  zwj: "",
  pound: "£",
  euro: "€",
  cent: "¢",
  yen: "¥",
  ndash: "–",
  mdash: "—",
  minus: "−",
  hyphen: "‐",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  hellip: "…",
  bull: "•",
  middot: "·",
  sect: "§",
  para: "¶",
  copy: "©",
  reg: "®",
  trade: "™",
  deg: "°",
  plusmn: "±",
  times: "×",
  divide: "÷",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  sup1: "¹",
  sup2: "²",
  sup3: "³",
  permil: "‰",
  le: "≤",
  ge: "≥",
  ne: "≠",
  larr: "←",
  rarr: "→",
  check: "✓",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  iuml: "ï",
  ouml: "ö",
  uuml: "ü",
  auml: "ä",
};

function codePointToString(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(windows1252CodePoint(cp));
}

export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g,
    (whole, body: string) => {
      if (body.startsWith("#")) {
        const cp =
          body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
        return codePointToString(cp);
      }
      return NAMED_ENTITIES[body] ?? whole;
    },
  );
}

/** Elements whose content is never text a reader sees. */
const DROPPED = /<(script|style|noscript|template|svg|object|iframe)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
/** A tag, with quoted attribute values allowed to contain ">". Doctypes and processing instructions too. */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<[!?][^>]*>/g;

const PARAGRAPH_BLOCKS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "table",
  "ul",
  "ol",
  "dl",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "nav",
  "aside",
  "blockquote",
  "pre",
  "figure",
  "form",
  "fieldset",
  "address",
  "title",
  "hr",
  "details",
]);
const LINE_BLOCKS = new Set([
  "br",
  "tr",
  "dt",
  "dd",
  "caption",
  "figcaption",
  "summary",
  "legend",
  "thead",
  "tbody",
]);

interface ListState {
  ordered: boolean;
  type: string;
  next: number;
}

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i").exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let out = "";
  let rest = n;
  for (const [value, numeral] of table) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

function toLetters(n: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    rest -= 1;
    out = String.fromCharCode(97 + (rest % 26)) + out;
    rest = Math.floor(rest / 26);
  }
  return out;
}

/** The marker a browser would draw for an item, written out because numbered paragraphs are citations. */
function listMarker(list: ListState | undefined): string {
  if (!list) return "- ";
  if (!list.ordered) return "- ";
  const n = list.next++;
  switch (list.type) {
    case "a":
      return `(${toLetters(n)}) `;
    case "A":
      return `(${toLetters(n).toUpperCase()}) `;
    case "i":
      return `(${toRoman(n)}) `;
    case "I":
      return `(${toRoman(n).toUpperCase()}) `;
    default:
      return `${n}. `;
  }
}

function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/ *\t */g, "\t").replace(/^ +| +$/g, ""))
    .map((line) => (/^\s*$/.test(line) ? "" : line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

/** Visible text of an HTML document. */
export function htmlToText(html: string): string {
  const source = html.replace(COMMENT, "").replace(DROPPED, "");
  const out: string[] = [];
  const lists: ListState[] = [];
  let cellsInRow = 0;
  let spanLeft = 0;
  let preDepth = 0;
  let last = 0;

  const pushText = (raw: string) => {
    if (raw === "") return;
    const text = decodeEntities(raw);
    out.push(preDepth > 0 ? text.replace(/\t/g, " ") : text.replace(/[ \t\n\r\f\u00a0]+/g, " "));
  };

  for (const m of source.matchAll(TAG)) {
    pushText(source.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue;
    const closing = m[1] === "/";
    const attrs = m[3] ?? "";

    if (name === "td" || name === "th") {
      if (!closing) {
        // A spanned cell leaves empty columns behind it, so later cells stay under their header.
        if (cellsInRow > 0) out.push("\t".repeat(1 + spanLeft));
        const span = Number(attribute(attrs, "colspan") ?? "1");
        spanLeft = Number.isInteger(span) && span > 1 && span < 100 ? span - 1 : 0;
        cellsInRow++;
      }
      continue;
    }
    // Rows and items break the line where they start only, so "</tr> <tr>" is not a blank line.
    if (name === "tr") {
      if (!closing) out.push("\n");
      cellsInRow = 0;
      spanLeft = 0;
      continue;
    }
    if (name === "ul" || name === "ol") {
      // A list nested in an item continues that list's block; only an outermost list is a block of its own.
      const nested = lists.length > (closing ? 1 : 0);
      if (!nested) out.push("\n\n");
      if (closing) lists.pop();
      else {
        const start = Number(attribute(attrs, "start") ?? "1");
        lists.push({
          ordered: name === "ol",
          type: attribute(attrs, "type") ?? "1",
          next: Number.isInteger(start) ? start : 1,
        });
      }
      continue;
    }
    if (name === "li") {
      if (!closing) {
        const list = lists.at(-1);
        const value = Number(attribute(attrs, "value") ?? Number.NaN);
        if (list && Number.isInteger(value)) list.next = value;
        out.push("\n", listMarker(list));
      }
      continue;
    }
    if (name === "pre") preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    if (PARAGRAPH_BLOCKS.has(name)) out.push("\n\n");
    else if (LINE_BLOCKS.has(name)) out.push("\n");
  }
  pushText(source.slice(last));
  return tidy(out.join(""));
}
