import type { Block } from "./blocks.js";
import { headingText, mergeShortTexts, planReportUnits, tablePlans } from "./paragraphs.js";
import { findDate, words } from "./text.js";
import type { UnitPlan } from "./units.js";

/**
 * Blocks of minutes -> unit plans. Minutes are numbered by item ("70. Children's Social Care
 * Investment Plan."); each lettered or roman sub-point ("ii)", "- a)") is its own unit "70(ii)", and
 * the item's other paragraphs are units "70". The item title is the section. A short line ending in
 * a colon ("Response by the Chairman:", "RESOLVED:") or a sub-heading ("Growth") tells whose words or
 * what decision the following sub-points are, so it joins the section: "Question Time – Response by
 * the Chairman".
 */

const RESOLVED = /^resolved\s*:?$/i;
/** The stock phrase before every list of discussion points adds nothing to a section name. */
const STOCK_LEAD_IN = /\bfollowing (points|comments|questions|issues)\b.*\b(raised|made|noted)\b/i;

/** The signature block under the last item: "2.00 – 3.45pm CHAIRMAN", "23 January 2024". */
function isClosing(text: string): boolean {
  if (words(text).length > 10 || /\b[a-z]{2,}\b/.test(text)) return false;
  const signature = /\bCHAIR(MAN)?\b/.test(text);
  const timeRange = /^\d{1,2}[.:]\d{2}\s*(am|pm)?\s*[–-]\s*\d{1,2}[.:]\d{2}/i.test(text);
  const dateOnly = findDate(text)?.raw.length === text.replace(/\s+$/, "").length;
  return signature || timeRange || dateOnly;
}

export function planMinutesUnits(blocks: readonly Block[], docTitle: string, max: number): UnitPlan[] {
  const firstItem = blocks.findIndex((b) => b.type === "numbered");
  const preamble = firstItem === -1 ? blocks : blocks.slice(0, firstItem);
  const plans: UnitPlan[] = [...planReportUnits(preamble, docTitle, max)];
  if (firstItem === -1) return plans;

  let item = "";
  let title = "";
  let leadIn: string | null = null;
  const section = () => (leadIn ? `${title} – ${leadIn}` : title);
  const closing: UnitPlan[] = [];

  for (const b of blocks.slice(firstItem)) {
    if (b.type === "numbered") {
      item = b.label ?? "";
      title = b.text.text.replace(/\.\s*$/, "").trim();
      leadIn = null;
      continue;
    }
    if (b.type === "table" && b.table) {
      for (const p of tablePlans(b.table, title)) plans.push(p);
      continue;
    }
    const text = b.text.text;
    if (RESOLVED.test(text)) {
      leadIn = "RESOLVED";
      continue;
    }
    if (b.type === "heading" && !/:$/.test(text)) {
      leadIn = headingText(b);
      continue;
    }
    if (isClosing(text)) {
      closing.push({
        kind: "text",
        paragraph: null,
        section: null,
        pieces: [b.text],
        joiner: "\n",
        table: null,
      });
      continue;
    }
    if (b.type === "item" && b.label) {
      plans.push({
        kind: "subpoint",
        paragraph: `${item}(${b.label})`,
        section: section(),
        pieces: [b.bare],
        joiner: "\n",
        table: null,
      });
      continue;
    }
    const prev = plans.at(-1);
    if (b.type === "item" && prev && prev.paragraph?.startsWith(item)) {
      prev.pieces.push(b.text);
      continue;
    }
    // "Question asked by Mrs Sue Whiting:" introduces the question that follows: one unit.
    if (
      b.type === "text" &&
      prev?.kind === "minute" &&
      prev.paragraph === item &&
      /:$/.test(prev.pieces.at(-1)?.text ?? "")
    ) {
      prev.pieces.push(b.text);
      continue;
    }
    plans.push({
      kind: "minute",
      paragraph: item,
      section: section(),
      pieces: [b.text],
      joiner: "\n",
      table: null,
    });
    if (/:$/.test(text) && !/^[“"‘']/.test(text)) {
      leadIn = STOCK_LEAD_IN.test(text) || words(text).length > 16 ? null : text.replace(/\s*:$/, "");
    }
  }
  return [...plans, ...mergeShortTexts(closing, max)];
}
