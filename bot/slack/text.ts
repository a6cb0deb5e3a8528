/** Pure text helpers for Slack: escaping, safe truncation, mentions, dates. */

export const ELLIPSIS = "…";

/**
 * Slack mrkdwn has no escape for *, _, ~ and `, so text from the papers (footnote asterisks,
 * "~20%") could turn bold or struck through. Each is swapped for a look-alike that Slack does not
 * parse. Digits, £, % and . are untouched, so figures read exactly as printed.
 */
const FORMATTING_LOOKALIKES: Record<string, string> = {
  "*": "\u2217",
  _: "\uFF3F",
  "~": "\u223C",
  "`": "\u02CB",
};

function escapePlain(text: string): string {
  return text.replace(/[&<>*_~`]/g, (ch) => {
    if (ch === "&") return "&amp;";
    if (ch === "<") return "&lt;";
    if (ch === ">") return "&gt;";
    return FORMATTING_LOOKALIKES[ch] ?? ch;
  });
}

const URL_PATTERN = /https?:\/\/[^\s<>"|]+/g;

/** Where the URLs are; trailing sentence punctuation is not part of one. */
export function urlRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, "");
    ranges.push({ start: m.index, end: m.index + url.length });
  }
  return ranges;
}

/**
 * Escapes text for a mrkdwn field. URLs become explicit <links>, so their underscores stay
 * underscores and the link still works; everything else is escaped as plain text.
 */
export function escapeMrkdwn(text: string): string {
  let out = "";
  let at = 0;
  for (const { start, end } of urlRanges(text)) {
    out += escapePlain(text.slice(at, start));
    out += `<${text.slice(start, end).replace(/&/g, "&amp;")}>`;
    at = end;
  }
  return out + escapePlain(text.slice(at));
}

/** Slack sends &, <, > escaped in message text; turn them back for the engine. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Drops <@U123> and <@U123|name> mentions and squeezes the spaces they leave. */
export function stripMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const FIGURE_CHAR = /[\p{L}\p{N}.,%£$€]/u;

/**
 * Shortens to at most `max` characters ending in "…". It cuts at a space when one is near, and
 * never inside a number: a half-printed figure ("82.…") would be a wrong number.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const lastSpace = cut.search(/\s\S*$/);
  if (lastSpace >= Math.floor(max * 0.6)) {
    cut = cut.slice(0, lastSpace);
  } else {
    let end = cut.length;
    const next = text[end];
    if (next !== undefined && FIGURE_CHAR.test(next)) {
      while (end > 0 && FIGURE_CHAR.test(cut[end - 1] ?? "")) end--;
    }
    cut = cut.slice(0, end);
  }
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/**
 * Next raw-text budget when its rendering (escaped, JSON-encoded) came out `length` long but must
 * fit `max`: shrink in proportion, since escaping can double the text, and always by at least one.
 */
export function shrinkBudget(budget: number, length: number, max: number): number {
  return Math.max(0, Math.min(budget - 1, Math.floor((budget * max) / length)));
}
