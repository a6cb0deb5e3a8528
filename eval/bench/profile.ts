import { z } from "zod";

/**
 * Reads a V8 .cpuprofile (what `node --cpu-prof` writes) and says where the time went: self time per
 * function and per source file, so a missed target names the module to fix.
 */

const CallFrameSchema = z.object({
  functionName: z.string(),
  url: z.string(),
  lineNumber: z.number(),
  columnNumber: z.number().optional(),
});

export const CpuProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: CallFrameSchema,
      hitCount: z.number().optional(),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof CpuProfileSchema>;

export interface HotFunction {
  name: string;
  /** Repository-relative file (or "node:..." / a package name), and the 1-based line. */
  where: string;
  self_ms: number;
  self_pct: number;
}

export interface HotFile {
  file: string;
  self_ms: number;
  self_pct: number;
}

export interface InclusiveFunction {
  name: string;
  where: string;
  /** Time with this function anywhere on the stack. */
  total_ms: number;
  total_pct: number;
}

export interface ProfileSummary {
  total_ms: number;
  functions: HotFunction[];
  files: HotFile[];
  /** Project functions only, by time spent in them and everything they called. */
  inclusive: InclusiveFunction[];
}

/** V8's pseudo-frames: idle time is not work, and GC / native frames have no file to blame. */
const PSEUDO = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

/** "file:///work/main/ingest/figures.ts" -> "ingest/figures.ts"; node_modules -> the package name. */
export function shortenUrl(url: string, root: string): string {
  if (url === "") return "(native)";
  let path = url.replace(/^file:\/\//, "");
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = path.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? "");
    return `${pkg} (package)`;
  }
  const prefix = root.endsWith("/") ? root : `${root}/`;
  if (path.startsWith(prefix)) path = path.slice(prefix.length);
  return path;
}

/** V8 names a regular expression by its whole source; a table needs a line. */
function clip(name: string, max = 70): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

interface Label {
  name: string;
  where: string;
  file: string;
}

/** Project code: what a fix can change, as opposed to packages, Node internals and V8 pseudo-frames. */
function isProjectFile(file: string): boolean {
  return !(PSEUDO.has(file) || file.endsWith("(package)") || file.startsWith("node:") || file === "(native)");
}

/**
 * Self time per function and per file, largest first, and inclusive time of the project's own functions
 * (which phase of ingest or answering the time belongs to). Each sample's time delta is charged to the node
 * it landed in; pseudo-frames count towards the total (GC is real time) but are listed under their own name.
 */
export function summariseCpuProfile(profile: CpuProfile, root: string, top = 15): ProfileSummary {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  // tsx-compiled files report every function on line 1, so an anonymous callback is named by its caller.
  const nameOf = (id: number): string => {
    const own = byNode.get(id)?.callFrame.functionName;
    if (own) return own;
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      const name = byNode.get(up)?.callFrame.functionName;
      if (name && !PSEUDO.has(name)) return `(anonymous in ${name})`;
    }
    return "(anonymous)";
  };
  const labels = new Map<number, Label>();
  const labelOf = (id: number): Label | undefined => {
    const seen = labels.get(id);
    if (seen) return seen;
    const node = byNode.get(id);
    if (!node) return undefined;
    const { url, lineNumber } = node.callFrame;
    const name = clip(nameOf(id));
    const file = PSEUDO.has(name) ? name : shortenUrl(url, root);
    // Line 1 of a tsx-compiled file says nothing; packages keep their real lines.
    const where = PSEUDO.has(name) || url === "" || lineNumber === 0 ? file : `${file}:${lineNumber + 1}`;
    const label = { name, where, file };
    labels.set(id, label);
    return label;
  };
  // The distinct project functions on a node's stack, memoised per node (recursion counts once).
  const stacks = new Map<number, string[]>();
  const stackOf = (id: number): string[] => {
    const memo = stacks.get(id);
    if (memo) return memo;
    const up = parentOf.get(id);
    const below = up === undefined ? [] : stackOf(up);
    const label = labelOf(id);
    const key = label && isProjectFile(label.file) ? `${label.name}\u0000${label.where}` : undefined;
    const stack = key && !below.includes(key) ? [...below, key] : below;
    stacks.set(id, stack);
    return stack;
  };

  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fnUs = new Map<string, { name: string; where: string; us: number }>();
  const fileUs = new Map<string, number>();
  const inclusiveUs = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const label = labelOf(id);
    if (!label || us <= 0 || label.name === "(idle)") continue;
    totalUs += us;
    const key = `${label.name}\u0000${label.where}`;
    const seen = fnUs.get(key);
    if (seen) seen.us += us;
    else fnUs.set(key, { name: label.name, where: label.where, us });
    fileUs.set(label.file, (fileUs.get(label.file) ?? 0) + us);
    for (const k of stackOf(id)) inclusiveUs.set(k, (inclusiveUs.get(k) ?? 0) + us);
  }
  const pct = (us: number) => (totalUs > 0 ? round((100 * us) / totalUs) : 0);
  return {
    total_ms: round(totalUs / 1000),
    functions: [...fnUs.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, self_ms: round(f.us / 1000), self_pct: pct(f.us) })),
    files: [...fileUs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([file, us]) => ({ file, self_ms: round(us / 1000), self_pct: pct(us) })),
    inclusive: [...inclusiveUs.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => {
        const [name = "", where = ""] = key.split("\u0000");
        return { name, where, total_ms: round(us / 1000), total_pct: pct(us) };
      }),
  };
}
