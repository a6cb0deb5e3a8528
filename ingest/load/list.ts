import type { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { SkippedFile } from "../types.js";
import { formatOf, unsupportedTypeReason } from "./formats.js";
import { describeFsError } from "./read.js";

const NOT_REGULAR = "not a regular file (device, pipe or socket)";

function statOrError(path: string): Promise<Stats | Error> {
  return stat(path).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/**
 * The supported files among `paths` (files or folders, searched recursively), sorted. Inside folders,
 * other file types, hidden entries (".git", the index folder) and links to folders are passed over
 * silently; a path named explicitly that cannot be ingested is reported in `skipped` with the reason.
 */
export async function listFiles(paths: string[]): Promise<{ files: string[]; skipped: SkippedFile[] }> {
  const files = new Map<string, string>();
  const skipped: SkippedFile[] = [];

  const addFile = (path: string) => {
    const key = resolve(path);
    if (!files.has(key)) files.set(key, path);
  };
  const skip = async (path: string, error: unknown) => {
    skipped.push({ file: path, reason: (await describeFsError(error, path)).reason });
  };

  const walk = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      await skip(dir, error);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        if (formatOf(entry.name)) addFile(path);
      } else if (entry.isSymbolicLink() && formatOf(entry.name)) {
        // Linked files are followed; linked folders are not (as with find), so a link up the tree cannot loop.
        const target = await statOrError(path);
        if (target instanceof Error) await skip(path, target);
        else if (target.isFile()) addFile(path);
      }
    }
  };

  for (const path of paths) {
    const target = await statOrError(path);
    if (target instanceof Error) await skip(path, target);
    else if (target.isDirectory()) await walk(path);
    else if (!target.isFile()) skipped.push({ file: path, reason: NOT_REGULAR });
    else if (formatOf(path)) addFile(path);
    else skipped.push({ file: path, reason: unsupportedTypeReason(path) });
  }

  const sorted = [...files.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { files: sorted, skipped };
}
