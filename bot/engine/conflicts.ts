import { numbersMatch } from "../../ingest/numbers.js";
import type { Pick } from "./extractive.js";

/**
 * Two papers giving different values for what looks like the same measure over overlapping periods (assessments
 * within 45 days: 85.1% for May 2019 to April 2020 in one report, 72.1% for 2019/20 in the departmental plan).
 * The reader should see both, with their dates, rather than one silently.
 */

export interface Conflict {
  other: Pick;
  note: string;
}

function describe(pick: Pick): string {
  const u = pick.ranked.profile.unit;
  const date = u.meetingDate ? ` (${formatDate(u.meetingDate)})` : "";
  const para = u.paragraph ? `, para ${u.paragraph}` : "";
  const period = pick.figure?.period?.yearKnown ? ` for ${pick.figure.period.label}` : "";
  return `${u.title}${date}${para} gives ${pick.figure?.figure.raw.trim() ?? "?"}${period}`;
}

export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function samePeriodish(a: Pick, b: Pick): boolean {
  const pa = a.figure?.period;
  const pb = b.figure?.period;
  if (pa?.yearKnown && pb?.yearKnown) return pa.start <= pb.end && pb.start <= pa.end;
  // One side unplaced: both must have been accepted for the asked period.
  return a.fit !== "unknown" || b.fit !== "unknown";
}

/** The first other answering pick, from another paper, stating a different value of the same kind. */
export function findConflict(best: Pick, others: Pick[]): Conflict | null {
  const f = best.figure;
  if (!f) return null;
  const bestUnit = best.ranked.profile.unit;
  for (const other of others) {
    const g = other.figure;
    if (other === best || !other.answers || !g) continue;
    const u = other.ranked.profile.unit;
    if (u.documentId === bestUnit.documentId || u.meetingDate === bestUnit.meetingDate) continue;
    if (g.kind !== f.kind || g.figure.unit !== f.figure.unit) continue;
    if (other.unitCoverage < 0.85 || best.unitCoverage < 0.85) continue;
    if (!samePeriodish(best, other)) continue;
    if (numbersMatch(f.figure, g.figure) || numbersMatch(g.figure, f.figure)) continue;
    return { other, note: `The papers differ: ${describe(best)}; ${describe(other)}.` };
  }
  return null;
}
