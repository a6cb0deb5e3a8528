/** Why a file was turned away; stable for code that counts or groups rejections (reports, tests). */
export type RejectionCode =
  | "not_found"
  | "not_a_file"
  | "unreadable"
  | "unsupported_type"
  | "empty"
  | "too_large"
  | "binary"
  | "not_pdf"
  | "truncated_pdf"
  | "corrupt_pdf"
  | "encrypted_pdf"
  | "no_text_layer"
  | "timeout"
  | "parse_failed"
  /** Turned away by a later stage of the ingest (e.g. no citable text). */
  | "other";

/**
 * A file the ingest will not index. The reason is written for the person who supplied the file
 * (what is wrong and, where it helps, what to do), so the pipeline can put it straight into a SkippedFile.
 */
export class FileRejectedError extends Error {
  override readonly name = "FileRejectedError";
  readonly file: string;
  readonly reason: string;
  readonly code: RejectionCode;

  constructor(file: string, reason: string, options: { code?: RejectionCode; cause?: unknown } = {}) {
    super(`ingest: "${file}": ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.reason = reason;
    this.code = options.code ?? "other";
  }
}

/** The loaders always know the code, so they state it up front. */
export function rejectFile(
  file: string,
  code: RejectionCode,
  reason: string,
  options?: { cause?: unknown },
): FileRejectedError {
  return new FileRejectedError(file, reason, { code, cause: options?.cause });
}
