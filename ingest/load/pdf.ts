import { Worker } from "node:worker_threads";
import { z } from "zod";
import type { LoadedText } from "../types.js";
import { type FileRejectedError, rejectFile } from "./errors.js";

export const PAGE_SEPARATOR = "\n\f\n";
export const DEFAULT_PDF_TIMEOUT_MS = 60_000;
/** pdf.js holds whole pages in memory; a hostile file must not take the ingest down with it. */
const WORKER_HEAP_MB = 2048;
/** Fewer non-blank characters than this is a page with no real text (a scan, maybe with a stamped number). */
const MIN_PAGE_CHARS = 20;
/** A PDF starts with "%PDF-" (readers allow junk before it, up to 1 KB)... */
const HEADER_WINDOW = 1024;
/** ...and ends with "%%EOF" (writers sometimes leave trailing bytes after it). */
const EOF_WINDOW = 2048;

export interface PdfPage {
  num: number;
  text: string;
}

/**
 * Cheap checks on the raw bytes before starting a parser: pdf.js is lenient enough to half-read a
 * truncated file, and half a report would silently lose its later paragraphs.
 */
export function checkPdfBytes(bytes: Uint8Array, file: string): void {
  const head = Buffer.from(bytes.subarray(0, HEADER_WINDOW)).toString("latin1");
  if (!head.includes("%PDF-")) {
    throw rejectFile(file, "not_pdf", "not a PDF (no %PDF- header; another format renamed .pdf?)");
  }
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW))).toString("latin1");
  if (!tail.includes("%%EOF")) {
    throw rejectFile(
      file,
      "truncated_pdf",
      "truncated PDF (no %%EOF end marker; incomplete download or copy?)",
    );
  }
}

/** Pages as one string with "\n\f\n" between them, and where each page starts in it. */
export function joinPages(pages: readonly PdfPage[]): Pick<LoadedText, "text" | "pages"> {
  const starts: LoadedText["pages"] = [];
  let text = "";
  for (const [i, page] of pages.entries()) {
    if (i > 0) text += PAGE_SEPARATOR;
    starts.push({ num: page.num, start: text.length });
    text += page.text;
  }
  return { text, pages: starts };
}

/** Why the extracted text is not worth indexing, or undefined when it is. */
export function textLayerProblem(pages: readonly PdfPage[]): string | undefined {
  if (pages.length === 0) return "PDF has no pages";
  const empty = pages.filter((p) => p.text.replace(/\s+/g, "").length < MIN_PAGE_CHARS).length;
  if (empty === pages.length) return "no text layer (scanned?)";
  if (empty * 2 > pages.length) return `no text layer on ${empty} of ${pages.length} pages (scanned?)`;
  return undefined;
}

const WorkerReplySchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    total: z.number().int(),
    pages: z.array(z.object({ num: z.number().int(), text: z.string() })),
  }),
  z.object({ ok: z.literal(false), name: z.string(), message: z.string() }),
]);
type WorkerReply = z.infer<typeof WorkerReplySchema>;

type WorkerOutcome =
  | { kind: "reply"; reply: WorkerReply }
  | { kind: "timeout" }
  | { kind: "crashed"; error: Error | undefined; exitCode: number | undefined };

const MAX_CAPTURED_OUTPUT = 4096;

/*
 * pdf.js runs its parser on the calling thread in Node, so a pathological file could block the event
 * loop and no timer would ever fire. A worker thread can be terminated, and its heap can be capped.
 */
async function runPdfWorker(
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<{ outcome: WorkerOutcome; output: string }> {
  const data = new Uint8Array(bytes);
  const worker = new Worker(new URL("./pdfWorker.mjs", import.meta.url), {
    workerData: { data },
    transferList: [data.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // The worker is plain JavaScript; inheriting a TypeScript loader (tsx) would cost ~0.5 s per file.
    execArgv: [],
    // Captured so pdf.js chatter can never reach the CLI's stdout; kept only to explain failures.
    stdout: true,
    stderr: true,
  });
  let output = "";
  const capture = (chunk: Buffer | string) => {
    if (output.length < MAX_CAPTURED_OUTPUT) output += chunk.toString().slice(0, MAX_CAPTURED_OUTPUT);
  };
  worker.stdout.on("data", capture);
  worker.stderr.on("data", capture);

  let timer: NodeJS.Timeout | undefined;
  const outcome = await new Promise<WorkerOutcome>((resolve) => {
    let lastError: Error | undefined;
    timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutMs);
    worker.once("message", (message: unknown) => {
      const parsed = WorkerReplySchema.safeParse(message);
      resolve(
        parsed.success
          ? { kind: "reply", reply: parsed.data }
          : { kind: "crashed", error: new Error("unexpected reply from PDF worker"), exitCode: undefined },
      );
    });
    worker.on("error", (error: Error) => {
      lastError = error;
      resolve({ kind: "crashed", error, exitCode: undefined });
    });
    worker.once("exit", (exitCode: number) => resolve({ kind: "crashed", error: lastError, exitCode }));
  });
  clearTimeout(timer);
  await worker.terminate();
  return { outcome, output };
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

function rejectionFor(
  file: string,
  reply: Extract<WorkerReply, { ok: false }>,
  output: string,
): FileRejectedError {
  const cause = new Error(`${reply.name}: ${reply.message}${output ? `\n${output}` : ""}`);
  switch (reply.name) {
    case "PasswordException":
      return rejectFile(
        file,
        "encrypted_pdf",
        "password-protected PDF; save an unprotected copy and ingest that",
        { cause },
      );
    case "InvalidPDFException":
    case "FormatError":
      return rejectFile(file, "corrupt_pdf", `corrupt PDF (${reply.message})`, { cause });
    default:
      return rejectFile(file, "parse_failed", `could not read PDF (${reply.name}: ${reply.message})`, {
        cause,
      });
  }
}

/** Text of every page of a PDF, via pdf-parse in a worker thread that is killed after `timeoutMs`. */
export async function extractPdfPages(
  bytes: Uint8Array,
  file: string,
  options: { timeoutMs: number },
): Promise<PdfPage[]> {
  checkPdfBytes(bytes, file);
  const { outcome, output } = await runPdfWorker(bytes, options.timeoutMs);
  switch (outcome.kind) {
    case "timeout":
      throw rejectFile(
        file,
        "timeout",
        `PDF text extraction took longer than ${duration(options.timeoutMs)}; malformed or unusually heavy file?`,
      );
    case "crashed": {
      const code = (outcome.error as NodeJS.ErrnoException | undefined)?.code;
      const reason =
        code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `PDF parser ran out of memory (limit ${WORKER_HEAP_MB} MB)`
          : `PDF parser stopped unexpectedly${outcome.exitCode === undefined ? "" : ` (exit code ${outcome.exitCode})`}`;
      const cause = outcome.error ?? (output ? new Error(output) : undefined);
      throw rejectFile(file, "parse_failed", reason, { cause });
    }
    case "reply":
      if (!outcome.reply.ok) throw rejectionFor(file, outcome.reply, output);
      return outcome.reply.pages;
  }
}

/** A PDF file's bytes as LoadedText fields, rejecting files whose text would not be worth indexing. */
export async function loadPdf(
  bytes: Uint8Array,
  file: string,
  options: { timeoutMs: number },
): Promise<Pick<LoadedText, "text" | "pages">> {
  const pages = await extractPdfPages(bytes, file, options);
  const problem = textLayerProblem(pages);
  if (problem !== undefined) throw rejectFile(file, "no_text_layer", problem);
  return joinPages(pages);
}
