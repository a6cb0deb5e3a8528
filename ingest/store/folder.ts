import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import {
  access,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { IndexLockedError, IndexWriteError } from "./errors.js";

/**
 * Crash-safe replacement of a whole folder. The new folder is built beside the target
 * (`<dir>.tmp-<pid>-<ms>`), every file fsynced, the marker file written last; then two renames swap it in
 * (`<dir>` -> `<dir>.old-<pid>-<ms>`, tmp -> `<dir>`). A process killed at any point leaves either the old
 * or the new folder complete: at `<dir>`, or (killed between the two renames) as a complete sibling that
 * `recoverFolder` renames back into place. A `<dir>.lock` file keeps two writers apart.
 */

export interface FolderLayout {
  /** Written last: its presence means the folder is complete. */
  marker: string;
  /** Every other file a complete folder holds. */
  files: readonly string[];
}

export interface FolderEntry {
  name: string;
  write(path: string): Promise<void>;
}

export type SwapReport = (done: number, total: number) => void;

/** Distinguishes this process from an earlier one that had the same pid and left a lock behind. */
const PROCESS_TOKEN = randomUUID();

const LockSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  token: z.string(),
  startedAt: z.string(),
});
type LockInfo = z.infer<typeof LockSchema>;

function errorCode(e: unknown): string | undefined {
  return e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(e) === "EPERM";
  }
}

function holderAlive(lock: LockInfo): boolean {
  // Another machine's pid cannot be checked from here; assume it is alive rather than steal its lock.
  if (lock.host !== hostname()) return true;
  if (lock.pid === process.pid) return lock.token === PROCESS_TOKEN;
  return isProcessAlive(lock.pid);
}

async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const parsed = LockSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function lockFileOf(dir: string): string {
  return `${dir}.lock`;
}

export interface FolderLock {
  release(): Promise<void>;
}

/**
 * Takes `<dir>.lock`. The lock is created whole with link(2), so a reader never sees a half-written one.
 * A lock of a dead process is taken over: renamed aside first, so of two processes racing for the same
 * stale lock only one gets it.
 */
export async function acquireLock(dir: string): Promise<FolderLock> {
  const lockFile = lockFileOf(dir);
  await mkdir(dirname(lockFile), { recursive: true });
  const mine: LockInfo = {
    pid: process.pid,
    host: hostname(),
    token: PROCESS_TOKEN,
    startedAt: new Date().toISOString(),
  };
  const draft = `${lockFile}.${process.pid}-${randomUUID()}`;
  await writeFile(draft, JSON.stringify(mine));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(draft, lockFile);
        return { release: () => releaseLock(lockFile) };
      } catch (e) {
        if (errorCode(e) !== "EEXIST") throw e;
      }
      const holder = await readLock(lockFile);
      if (holder && holderAlive(holder)) throw new IndexLockedError(dir, holder.pid, lockFile);
      const aside = `${lockFile}.stale-${process.pid}-${randomUUID()}`;
      try {
        await rename(lockFile, aside);
      } catch (e) {
        if (errorCode(e) === "ENOENT") continue;
        throw e;
      }
      const moved = await readLock(aside);
      if (moved && holderAlive(moved)) {
        // Someone took the stale lock between our read and our rename: give theirs back.
        await link(aside, lockFile).catch(() => undefined);
        await rm(aside, { force: true });
        throw new IndexLockedError(dir, moved.pid, lockFile);
      }
      await rm(aside, { force: true });
    }
    throw new IndexWriteError(`index: could not take the lock ${lockFile} after repeated attempts`);
  } finally {
    await rm(draft, { force: true });
  }
}

async function releaseLock(lockFile: string): Promise<void> {
  const holder = await readLock(lockFile);
  if (holder && holder.pid === process.pid && holder.token === PROCESS_TOKEN) await unlink(lockFile);
}

async function fsyncPath(path: string, isDir = false): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch (e) {
    // Some platforms (Windows) cannot fsync a directory; the renames are still ordered after the file syncs.
    if (!isDir) throw e;
  } finally {
    await handle.close();
  }
}

interface Sibling {
  path: string;
  kind: "tmp" | "old";
  pid: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function siblings(dir: string): Promise<Sibling[]> {
  const parent = dirname(dir);
  const pattern = new RegExp(`^${escapeRegExp(basename(dir))}\\.(tmp|old)-(\\d+)-(\\d+)$`);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return [];
    throw e;
  }
  return names.flatMap((name): Sibling[] => {
    const m = pattern.exec(name);
    if (!m) return [];
    return [{ path: join(parent, name), kind: m[1] === "tmp" ? "tmp" : "old", pid: Number(m[2]) }];
  });
}

async function isComplete(folder: string, layout: FolderLayout): Promise<boolean> {
  for (const name of [layout.marker, ...layout.files]) {
    if (!(await exists(join(folder, name)))) return false;
  }
  return true;
}

/** Deletes the marker first, so a folder half-deleted by a crash is never mistaken for a complete one. */
async function discard(folder: string, layout: FolderLayout): Promise<void> {
  await rm(join(folder, layout.marker), { force: true });
  await rm(folder, { recursive: true, force: true });
}

/** Longer than any gap between a writer's marker write and its final rename. */
const ACTIVE_SWAP_MS = 30_000;

export type RecoverResult =
  | { state: "present" }
  | { state: "recovered"; from: string }
  | { state: "missing" }
  /** A live writer is between its two renames: look again in a moment. */
  | { state: "busy"; pid: number };

/**
 * When `dir` is missing but a complete tmp or old sibling of a dead writer exists (the writer died between
 * its two renames), renames the newest complete one back into place.
 */
export async function recoverFolder(dir: string, layout: FolderLayout): Promise<RecoverResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await exists(dir)) return { state: "present" };
    const found = await siblings(dir);
    let best: { path: string; mtime: number } | undefined;
    for (const s of found) {
      if (!(await isComplete(s.path, layout))) continue;
      const info = await stat(s.path);
      // A live writer (this process included: its renames are async) holding a complete sibling is between
      // its last write and its last rename; taking the folder from under it would break its swap. The age
      // test stops a reused pid from making a dead writer's leftover look busy forever.
      const changed = Math.max(info.mtimeMs, info.ctimeMs);
      if (isProcessAlive(s.pid) && Date.now() - changed < ACTIVE_SWAP_MS)
        return { state: "busy", pid: s.pid };
      const mtime = (await stat(join(s.path, layout.marker))).mtimeMs;
      // The newest marker holds the newest contents: a finished tmp beats the old folder it was replacing.
      if (!best || mtime > best.mtime || (mtime === best.mtime && s.kind === "tmp"))
        best = { path: s.path, mtime };
    }
    if (!best) return { state: "missing" };
    try {
      await rename(best.path, dir);
      await fsyncPath(dirname(dir), true);
      return { state: "recovered", from: best.path };
    } catch (e) {
      // Another process recovered first (source gone, or target now there): look again.
      const code = errorCode(e);
      if (code !== "ENOENT" && code !== "EEXIST" && code !== "ENOTEMPTY") throw e;
    }
  }
  return (await exists(dir)) ? { state: "present" } : { state: "missing" };
}

/** Removes tmp and old siblings left by dead processes. Call while holding the lock, after recovery. */
export async function removeLeftovers(dir: string, layout: FolderLayout): Promise<string[]> {
  const present = await exists(dir);
  const removed: string[] = [];
  for (const s of await siblings(dir)) {
    if (s.pid === process.pid) continue;
    // Never delete what could be the only complete copy.
    if (!present && (await isComplete(s.path, layout))) continue;
    if (isProcessAlive(s.pid)) {
      // Under the lock no other writer runs, so a live pid here is a reused one, unless it is very fresh.
      const info = await stat(s.path);
      if (Date.now() - Math.max(info.mtimeMs, info.ctimeMs) < ACTIVE_SWAP_MS) continue;
    }
    await discard(s.path, layout);
    removed.push(s.path);
  }
  return removed;
}

/**
 * Builds the folder beside `dir` and swaps it in. Call while holding the lock. `onSwap` is told after
 * each of the two renames; an exception it throws is rethrown once the swap is finished, never between.
 */
export async function replaceFolder(
  dir: string,
  layout: FolderLayout,
  entries: readonly FolderEntry[],
  marker: string,
  onWrite?: (done: number, total: number) => void,
  onSwap?: SwapReport,
): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  if ((await exists(dir)) && !(await exists(join(dir, layout.marker)))) {
    const contents = await readdir(dir);
    if (contents.length > 0) {
      throw new IndexWriteError(
        `index: "${dir}" exists and is not an index (no ${layout.marker}); refusing to replace it`,
      );
    }
  }
  const stamp = Date.now();
  const tmp = join(parent, `${basename(dir)}.tmp-${process.pid}-${stamp}`);
  await mkdir(tmp);
  let old: string | undefined;
  let swapError: unknown;
  const report = (done: number) => {
    try {
      onSwap?.(done, 2);
    } catch (e) {
      swapError ??= e;
    }
  };
  try {
    const total = entries.length + 1;
    for (const [i, entry] of entries.entries()) {
      const path = join(tmp, entry.name);
      await entry.write(path);
      await fsyncPath(path);
      onWrite?.(i + 1, total);
    }
    const markerPath = join(tmp, layout.marker);
    await writeFile(markerPath, marker);
    await fsyncPath(markerPath);
    await fsyncPath(tmp, true);
    onWrite?.(total, total);

    if (await exists(dir)) {
      old = join(parent, `${basename(dir)}.old-${process.pid}-${stamp}`);
      await rename(dir, old);
    }
    report(1);
    await rename(tmp, dir);
    await fsyncPath(parent, true);
    report(2);
  } catch (e) {
    if (old && !(await exists(dir))) await rename(old, dir).catch(() => undefined);
    await discard(tmp, layout).catch(() => undefined);
    throw e;
  }
  if (old) await discard(old, layout);
  if (swapError !== undefined) throw swapError;
}
