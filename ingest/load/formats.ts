import { extname } from "node:path";
import type { LoadedText } from "../types.js";

export const SUPPORTED_EXTENSIONS: readonly string[] = [".pdf", ".txt", ".md", ".html", ".htm"];

const FORMAT_BY_EXTENSION: Readonly<Record<string, LoadedText["format"]>> = {
  ".pdf": "pdf",
  ".txt": "txt",
  ".md": "md",
  ".html": "html",
  ".htm": "html",
};

/** Format for a file name, by extension (case-insensitive: council exports are often "REPORT.PDF"). */
export function formatOf(path: string): LoadedText["format"] | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

export function unsupportedTypeReason(path: string): string {
  const ext = extname(path);
  const what = ext === "" ? "file type (no extension)" : `file type "${ext}"`;
  return `unsupported ${what}; supported: ${SUPPORTED_EXTENSIONS.join(", ")}`;
}
