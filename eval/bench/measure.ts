import { readdir, stat } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { percentile } from "../run.js";

/**
 * Numbers the benchmark reports: latency percentiles, peak memory, size on disk, how a measure grows with
 * corpus size. Percentiles are the eval's nearest-rank ones, so a p95 here means what it means there.
 */

export interface LatencySummary {
  n: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
}

export class MeasureError extends Error {
  override readonly name = "MeasureError";
}

function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

export function summariseLatencies(ms: readonly number[]): LatencySummary {
  if (ms.length === 0) throw new MeasureError("bench: no timings to summarise (zero questions ran)");
  if (ms.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new MeasureError("bench: a timing is negative or not a number; the clock was misread");
  }
  const at = (p: number) => round(percentile(ms, p) ?? Number.NaN);
  return {
    n: ms.length,
    p50_ms: at(50),
    p95_ms: at(95),
    p99_ms: at(99),
    mean_ms: round(ms.reduce((a, b) => a + b, 0) / ms.length),
    max_ms: round(Math.max(...ms)),
  };
}

export interface MemoryPoint {
  rss_mb: number;
  heap_used_mb: number;
  /** C++ memory V8 was told about; a native addon that does not report (hnswlib) shows only in RSS. */
  external_mb: number;
}

/** Memory in use now (not the peak), in MB. */
export function memoryNow(): MemoryPoint {
  const m = process.memoryUsage();
  return {
    rss_mb: round(m.rss / 1048576, 1),
    heap_used_mb: round(m.heapUsed / 1048576, 1),
    external_mb: round(m.external / 1048576, 1),
  };
}

/** Peak resident set size of this process so far, in MB (maxRSS is reported in kilobytes). */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export function megabytes(bytes: number): number {
  return round(bytes / (1024 * 1024), 2);
}

/** Items per second, or null when no time passed (a rate over zero seconds is meaningless). */
export function rate(amount: number, seconds: number): number | null {
  if (!(seconds > 0)) return null;
  return round(amount / seconds, 2);
}

/**
 * The exponent b in value ~ factor^b between two scales: 1 is linear growth, 0 flat, below 1 sub-linear.
 * Null when either value is not positive or the factors are equal.
 */
export function growthExponent(f1: number, v1: number, f2: number, v2: number): number | null {
  if (!(v1 > 0 && v2 > 0 && f1 > 0 && f2 > 0) || f1 === f2) return null;
  return round(Math.log(v2 / v1) / Math.log(f2 / f1));
}

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  mem_gb: number;
  platform: string;
  arch: string;
  /** 1-minute load average when the bench started: above the core count, other work shared the CPUs. */
  load_avg_1m: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? "unknown",
    node: process.version,
    mem_gb: round(totalmem() / 1024 ** 3, 1),
    platform: process.platform,
    arch: process.arch,
    load_avg_1m: round(loadavg()[0] ?? 0),
  };
}

/** Bytes of every file under `dir`, recursively. */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}
