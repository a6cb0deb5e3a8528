// Runs in a worker thread started by pdf.ts, so a PDF that hangs or exhausts memory can be killed.
// Plain JavaScript because worker threads load files with Node's own loader (no tsx/vitest transform).
import { parentPort, workerData } from "node:worker_threads";
import { PDFParse, VerbosityLevel } from "pdf-parse";

const parser = new PDFParse({ data: workerData.data, verbosity: VerbosityLevel.ERRORS });
try {
  // An empty pageJoiner keeps pdf-parse's "-- N of M --" markers out; page text is returned unchanged.
  const result = await parser.getText({ pageJoiner: "" });
  parentPort.postMessage({
    ok: true,
    total: result.total,
    pages: result.pages.map((page) => ({ num: page.num, text: page.text })),
  });
} catch (error) {
  parentPort.postMessage({
    ok: false,
    name: typeof error?.name === "string" ? error.name : "Error",
    message: String(error?.message ?? error),
  });
} finally {
  await parser.destroy();
}
