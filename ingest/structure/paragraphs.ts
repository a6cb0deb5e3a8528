import type { Block } from "./blocks.js";
import { joinMapped, type MappedText } from "./mapped.js";
import type { Table } from "./tables.js";
import { endsSentence, titleCase } from "./text.js";
import type { UnitPlan } from "./units.js";

/**
 * Blocks of a report (or agenda, appendix, plan) -> unit plans. A numbered paragraph owns what
 * follows it up to the next number, heading or table: its list items, and un-numbered follow-on
 * paragraphs. Headings become the section of what follows them.
 */

export function headingText(block: Block): string {
  return block.text.text
    .replace(/\s*:\s*$/, "")
    .replace(/^#+\s*/, "")
    .trim();
}

function synthetic(text: string, at: number): MappedText {
  return { text, offsets: [...text].map(() => at) };
}

/**
 * One table -> unit plans. A headed table gives one self-contained unit per row ("Header: cell; ...")
 * whose cells carry the header labels and merged cells filled down. A table without a header (a grid
 * of names, a caption over statements) reads as one plain unit, row by row.
 */
export function tablePlans(table: Table, fallbackTitle: string): UnitPlan[] {
  const named = table.caption ? titleCase(table.caption) : fallbackTitle;
  const title = table.groups ? `${named} (${table.groups})` : named;
  const rows = table.rows.filter((r) => r.filled.some((c) => c !== ""));
  const headerless = table.header.every((h) => h === "");
  if (headerless) {
    const pieces = rows.map((r) =>
      joinMapped(
        r.cells.filter((c) => c.text !== ""),
        "; ",
      ),
    );
    return [{ kind: "text", paragraph: null, section: title, pieces, joiner: "\n", table: null }];
  }
  return rows.map((row) => {
    const at = row.cells.find((c) => c.text !== "")?.offsets[0] ?? 0;
    const pieces: MappedText[] = [];
    let lastLabel: string | null = null;
    for (let c = 0; c < row.filled.length; c++) {
      const value = row.filled[c] ?? "";
      if (value === "") continue;
      const label = table.header[c] ?? "";
      const own = row.cells[c];
      const mapped = own && own.text === value ? own : synthetic(value, at);
      if (label !== "" && label === lastLabel && pieces.length > 0) {
        pieces.push(joinMapped([pieces.pop() as MappedText, mapped], " "));
        continue;
      }
      pieces.push(
        label ? joinMapped([synthetic(`${label}:`, mapped.offsets[0] ?? at), mapped], " ") : mapped,
      );
      lastLabel = label;
    }
    return {
      kind: "table_row",
      paragraph: null,
      section: title,
      pieces,
      joiner: "; ",
      repeatFirst: true,
      table: { title, header: [...table.header], cells: [...row.filled] },
    };
  });
}

/**
 * Runs of short plain units (contact details, membership lists, slide fragments, "Children's Act
 * 2004:" over its link) read better, and search better, as one unit.
 */
export function mergeShortTexts(plans: UnitPlan[], max: number): UnitPlan[] {
  const out: UnitPlan[] = [];
  const length = (p: UnitPlan) => p.pieces.reduce((n, x) => n + x.text.length + 1, 0);
  const shortText = (p: UnitPlan) => p.kind === "text" && p.table === null && length(p) <= 100;
  for (const plan of plans) {
    const prev = out.at(-1);
    const introduces = prev && prev.kind === "text" && /:$/.test(prev.pieces.at(-1)?.text ?? "");
    if (
      prev &&
      prev.section === plan.section &&
      plan.kind === "text" &&
      plan.table === null &&
      (introduces ||
        (shortText(prev) && shortText(plan)) ||
        (shortText(plan) && prev.kind === "text" && !endsSentence(prev.pieces.at(-1)?.text ?? "."))) &&
      length(prev) + length(plan) <= max
    ) {
      prev.pieces.push(...plan.pieces);
      continue;
    }
    out.push({ ...plan, pieces: [...plan.pieces] });
  }
  return out;
}

interface Open {
  plan: UnitPlan;
  hasList: boolean;
}

/**
 * Four or more "headings" in a row are a slide's or diagram's labels, not a hierarchy: all but the
 * last read as text.
 */
function demoteLabelRuns(blocks: readonly Block[]): Block[] {
  const out = blocks.map((b) => ({ ...b }));
  let runStart = 0;
  for (let k = 0; k <= out.length; k++) {
    if (out[k]?.type === "heading") continue;
    if (k - runStart >= 4) for (let j = runStart; j < k - 1; j++) (out[j] as Block).type = "text";
    runStart = k + 1;
  }
  return out;
}

export function planReportUnits(input: readonly Block[], docTitle: string, max: number): UnitPlan[] {
  const blocks = demoteLabelRuns(input);
  const plans: UnitPlan[] = [];
  let section: string | null = null;
  let open: Open | null = null;
  const close = () => {
    if (open) plans.push(open.plan);
    open = null;
  };
  const lastPiece = (o: Open) => o.plan.pieces.at(-1)?.text ?? "";
  // Headings in a row are a hierarchy ("Education and SEND", "Inclusion Service"): the section keeps
  // them all, so none of their words is lost.
  let headingRun: string[] = [];
  let lastWasHeading = false;
  for (const [k, b] of blocks.entries()) {
    const afterHeading = lastWasHeading;
    lastWasHeading = false;
    // A caption under a diagram's figures ("4,222" then "SEND - Total number EHC plans") looks like a
    // heading when the real heading follows it; it belongs with the figures above it.
    const under = open as Open | null;
    if (
      b.type === "heading" &&
      blocks[k + 1]?.type === "heading" &&
      under?.plan.kind === "text" &&
      /[\d%)]$/.test(lastPiece(under))
    ) {
      under.plan.pieces.push(b.text);
      continue;
    }
    if (b.type === "heading") {
      close();
      headingRun = afterHeading ? [...headingRun, headingText(b)] : [headingText(b)];
      section = headingRun.join(" – ");
      lastWasHeading = true;
      continue;
    }
    // A slide's "1" over its heading is the heading's number; "Appendix 1:" over "Strategy and
    // Planning Bookcase" is its label. Both belong to the heading, not to a unit of their own.
    const next = blocks[k + 1];
    if (b.type === "text" && next?.type === "heading") {
      if (/^\d{1,2}$/.test(b.text.text)) {
        next.text = joinMapped([b.text, next.text], ". ");
        continue;
      }
      if (/^[^.]{1,30}:$/.test(b.text.text) && b.text.text.split(" ").length <= 3) {
        next.text = joinMapped([b.text, next.text], " ");
        continue;
      }
    }
    if (b.type === "table" && b.table) {
      close();
      const title = section ?? docTitle.replace(/^appendix\b[^:]*:\s*/i, "");
      for (const p of tablePlans(b.table, title)) plans.push(p);
      continue;
    }
    if (b.type === "numbered") {
      close();
      open = {
        plan: { kind: "paragraph", paragraph: b.label, section, pieces: [b.text], joiner: "\n", table: null },
        hasList: false,
      };
      continue;
    }
    const current = open as Open | null;
    if (b.type === "item") {
      if (
        current &&
        (current.plan.kind === "paragraph" || current.hasList || /:$/.test(lastPiece(current)))
      ) {
        current.plan.pieces.push(b.text);
        current.hasList = true;
        continue;
      }
      close();
      open = {
        plan: { kind: "text", paragraph: null, section, pieces: [b.text], joiner: "\n", table: null },
        hasList: true,
      };
      continue;
    }
    if (current && (current.plan.kind === "paragraph" || /:$/.test(lastPiece(current)))) {
      current.plan.pieces.push(b.text);
      continue;
    }
    close();
    open = {
      plan: { kind: "text", paragraph: null, section, pieces: [b.text], joiner: "\n", table: null },
      hasList: false,
    };
  }
  close();
  return mergeShortTexts(plans, max);
}
