/** The command that (re)builds an index, quoted in every error that asks for it. */
export function ingestCommand(dir: string): string {
  return `npm run ingest -- --index ${dir} eval/corpus`;
}

/** No index at the path (never built, or deleted). */
export class IndexMissingError extends Error {
  override readonly name = "IndexMissingError";
  constructor(
    readonly dir: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `index: no index at "${dir}" (${detail}). Build it with: ${ingestCommand(dir)} (or your own papers folder in place of eval/corpus)`,
      options,
    );
  }
}

/** An index exists but this build cannot use it: built by other code, or needs something not configured. */
export class IndexIncompatibleError extends Error {
  override readonly name = "IndexIncompatibleError";
  constructor(
    readonly dir: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(
      `index: "${dir}" cannot be used: ${detail}. Rebuild it with: ${ingestCommand(dir)} (or your own papers folder in place of eval/corpus)`,
      options,
    );
  }
}

/** Another live process is writing the same index. */
export class IndexLockedError extends Error {
  override readonly name = "IndexLockedError";
  constructor(
    readonly dir: string,
    readonly pid: number,
    lockFile: string,
  ) {
    super(
      `index: "${dir}" is being written by process ${pid} (lock file ${lockFile}); wait for that ingest to finish`,
    );
  }
}

/** The contents handed to writeIndex are not indexable, or the folder could not be written. */
export class IndexWriteError extends Error {
  override readonly name = "IndexWriteError";
}
