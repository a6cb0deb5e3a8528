import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { FileRejectedError, rejectFile } from "./errors.js";

function trimmed(n: number): string {
  return String(Number(n.toFixed(1)));
}

/** "12.3 MB", "2 KB", "512 bytes": sizes as they appear in rejection reasons. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${trimmed(n / 1024)} KB`;
  return `${trimmed(n / (1024 * 1024))} MB`;
}

/** The reason to give for an fs error on `path`, asking lstat whether a missing file is a broken link. */
export async function describeFsError(
  error: unknown,
  path: string,
): Promise<{ code: "not_found" | "unreadable"; reason: string }> {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (errno) {
    case "ENOENT": {
      const link = await lstat(path).catch(() => undefined);
      return link?.isSymbolicLink()
        ? { code: "not_found", reason: "broken symbolic link (its target does not exist)" }
        : { code: "not_found", reason: "file not found" };
    }
    case "ENOTDIR":
      return { code: "not_found", reason: "file not found (a parent in the path is not a folder)" };
    case "EACCES":
    case "EPERM":
      return { code: "unreadable", reason: "permission denied" };
    case "ELOOP":
      return { code: "unreadable", reason: "symbolic link loop" };
    default:
      return { code: "unreadable", reason: `cannot read (${errno ?? String(error)})` };
  }
}

/**
 * The whole file, refusing folders, devices and anything over `maxBytes` before reading it.
 * `file` is the name used in messages.
 */
export async function readFileBounded(path: string, file: string, maxBytes: number): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK so that a named pipe given by mistake cannot block the open forever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const { code, reason } = await describeFsError(error, path);
    throw rejectFile(file, code, reason, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw rejectFile(file, "not_a_file", "is a folder, not a file");
    if (!stat.isFile()) {
      throw rejectFile(file, "not_a_file", "not a regular file (device, pipe or socket)");
    }
    if (stat.size === 0) throw rejectFile(file, "empty", "empty file (0 bytes)");
    const tooLarge = (size: number) =>
      rejectFile(file, "too_large", `${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit`);
    if (stat.size > maxBytes) throw tooLarge(stat.size);
    const bytes = await handle.readFile();
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) throw tooLarge(bytes.length);
    if (bytes.length === 0) throw rejectFile(file, "empty", "empty file (0 bytes)");
    return bytes;
  } catch (error) {
    if (error instanceof FileRejectedError) throw error;
    const { code, reason } = await describeFsError(error, path);
    throw rejectFile(file, code, reason, { cause: error });
  } finally {
    await handle.close();
  }
}
