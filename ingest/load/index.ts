import { stat } from "node:fs/promises";
import type { LoadedText } from "../types.js";
import { decodeText } from "./decode.js";
import { type FileRejectedError, rejectFile } from "./errors.js";
import { formatOf, unsupportedTypeReason } from "./formats.js";
import { htmlToText } from "./html.js";
import { DEFAULT_PDF_TIMEOUT_MS, joinPages, loadPdf } from "./pdf.js";
import { describeFsError, readFileBounded } from "./read.js";

export { FileRejectedError, type RejectionCode } from "./errors.js";
export { SUPPORTED_EXTENSIONS } from "./formats.js";
export { listFiles } from "./list.js";
export { DEFAULT_PDF_TIMEOUT_MS, PAGE_SEPARATOR } from "./pdf.js";

export interface LoadOptions {
  /** Larger files are rejected before they are read (Config.maxFileBytes). */
  maxBytes: number;
  /** Name used for LoadedText.source and in messages, e.g. the path relative to the ingest root. */
  displayName?: string;
  /** Time limit for extracting one PDF's text. */
  pdfTimeoutMs?: number;
}

/*
 * pdftotext and similar tools write a form feed between pages; honouring it keeps page numbers
 * for text exported from PDFs. The final form feed ends the last page rather than starting a new one.
 */
function textPages(text: string): Pick<LoadedText, "text" | "pages"> {
  if (!text.includes("\f")) return { text, pages: [] };
  const parts = text.split("\f");
  if (parts.length > 1 && parts.at(-1)?.trim() === "") parts.pop();
  return joinPages(parts.map((part, i) => ({ num: i + 1, text: part })));
}

/** For a path we will not read: say it is missing or a folder if so, as that is the real problem. */
async function unsupported(path: string, source: string): Promise<FileRejectedError> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return rejectFile(source, "not_a_file", "is a folder, not a file");
  } catch (error) {
    const { code, reason } = await describeFsError(error, path);
    return rejectFile(source, code, reason, { cause: error });
  }
  return rejectFile(source, "unsupported_type", unsupportedTypeReason(path));
}

/**
 * The text of one file. Throws FileRejectedError (never anything else for a bad file) with a reason a
 * person can act on: missing, a folder, too large, empty, binary, corrupt/encrypted/scanned PDF...
 */
export async function loadFile(path: string, options: LoadOptions): Promise<LoadedText> {
  const source = options.displayName ?? path;
  const format = formatOf(path);
  if (format === undefined) throw await unsupported(path, source);
  const bytes = await readFileBounded(path, source, options.maxBytes);

  if (format === "pdf") {
    const pdf = await loadPdf(bytes, source, { timeoutMs: options.pdfTimeoutMs ?? DEFAULT_PDF_TIMEOUT_MS });
    return { source, format, ...pdf };
  }

  const decoded = decodeText(bytes, source).text;
  const text = format === "html" ? htmlToText(decoded) : decoded;
  if (text.trim() === "") {
    const reason = format === "html" ? "no visible text in the HTML" : "no text (only whitespace)";
    throw rejectFile(source, "empty", reason);
  }
  return { source, format, ...(format === "txt" ? textPages(text) : { text, pages: [] }) };
}
