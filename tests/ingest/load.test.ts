import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeText } from "../../ingest/load/decode.js";
import { FileRejectedError, type RejectionCode } from "../../ingest/load/errors.js";
import { htmlToText } from "../../ingest/load/html.js";
import { listFiles, loadFile, PAGE_SEPARATOR, SUPPORTED_EXTENSIONS } from "../../ingest/load/index.js";
import { textLayerProblem } from "../../ingest/load/pdf.js";
import { formatBytes } from "../../ingest/load/read.js";
import type { LoadedText } from "../../ingest/types.js";
import { councilReportPdfSpec, makePdf } from "../fixtures/makePdf.js";

const MB = 1024 * 1024;
const OPTS = { maxBytes: 10 * MB };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "scrutiny-load-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Deterministic noise: tests must not depend on Math.random. */
function noise(length: number, seed: number, avoidZero = false): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const b = (x >>> 16) & 0xff;
    out[i] = avoidZero && b === 0 ? 1 : b;
  }
  return out;
}

function pageText(loaded: LoadedText, num: number): string {
  const i = loaded.pages.findIndex((p) => p.num === num);
  const start = loaded.pages[i]?.start ?? Number.NaN;
  const next = loaded.pages[i + 1];
  return loaded.text.slice(start, next ? next.start - PAGE_SEPARATOR.length : undefined);
}

/** pdfkit wraps lines where it likes; compare text with the whitespace taken out. */
const squash = (s: string) => s.replace(/\s+/g, "");

async function rejection(promise: Promise<unknown>): Promise<FileRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileRejectedError);
  return error as FileRejectedError;
}

describe("loadFile: PDF", () => {
  let report: LoadedText;
  beforeAll(async () => {
    const path = await put("report.pdf", await makePdf(councilReportPdfSpec()));
    report = await loadFile(path, { ...OPTS, displayName: "papers/report.pdf" });
  });

  it("returns every page with its start offset, joined by the page separator", () => {
    expect(report.source).toBe("papers/report.pdf");
    expect(report.format).toBe("pdf");
    expect(report.pages.map((p) => p.num)).toEqual([1, 2, 3, 4]);
    expect(report.pages[0]?.start).toBe(0);
    for (const page of report.pages.slice(1)) {
      expect(report.text.slice(page.start - PAGE_SEPARATOR.length, page.start)).toBe("\n\f\n");
    }
    expect(report.text.split("\f")).toHaveLength(4);
    // pdf-parse's default "-- 1 of 4 --" markers must not leak into the text.
    expect(report.text).not.toMatch(/-- \d+ of \d+ --/);
  });

  it("puts each line written on a page into that page's text, and nowhere else", () => {
    const spec = councilReportPdfSpec();
    for (const [i, page] of spec.pages.entries()) {
      const text = squash(pageText(report, i + 1));
      for (const line of page.lines) expect(text).toContain(squash(line));
      expect(text).toContain(squash(`${i + 1} Agenda Item 7`));
      for (const [j, other] of spec.pages.entries()) {
        if (j !== i) expect(text).not.toContain(squash(other.lines[0] ?? ""));
      }
    }
  });

  it("keeps a paragraph that runs across the page break split at the break", () => {
    const page2 = pageText(report, 2);
    const page3 = pageText(report, 3);
    expect(page2).toMatch(/£5,800, which means that\s+the\s+2 Agenda Item 7$/);
    expect(page3.startsWith("department is forecasting an overspend of £1.1million")).toBe(true);
  });

  it("keeps £, %, decimals and table rows (header, then figures in order on one line)", () => {
    for (const figure of [
      "82.6%",
      "79.1%",
      "21.4%",
      "£5,800",
      "£1.1million",
      "£0.6m",
      "£95.4m",
      "266 of 322",
    ]) {
      expect(report.text).toContain(figure);
    }
    const page3 = pageText(report, 3);
    expect(page3).toMatch(/^Measure\s+Q2 2023\/24\s+Q3 2023\/24$/m);
    expect(page3).toMatch(/^Looked After Children\s+712\s+728$/m);
    expect(page3).toMatch(/^Average weekly placement cost\s+£5,500\s+£5,800$/m);
  });
});

describe("makePdf", () => {
  it("refuses a spec page whose content would spill onto another page", async () => {
    const lines = Array.from({ length: 80 }, (_, i) => `${i + 1}. A numbered paragraph.`);
    await expect(makePdf({ pages: [{ lines: ["Cover"] }, { lines }] })).rejects.toThrow(
      "makePdf: the content of page 2 does not fit on one page",
    );
  });
});

describe("loadFile: PDF with copy restrictions", () => {
  it("loads a PDF that has an owner password but no user password", async () => {
    const path = await put("restricted.pdf", await makePdf({ ...councilReportPdfSpec(), restrict: true }));
    const loaded = await loadFile(path, OPTS);
    expect(loaded.pages).toHaveLength(4);
    expect(loaded.text).toContain("£1.1million on placements");
  });
});

describe("loadFile: bad input is a FileRejectedError with a specific reason", () => {
  const cases: {
    name: string;
    file: string;
    make: () => Promise<string>;
    code: RejectionCode;
    reason: RegExp;
    options?: { maxBytes?: number; pdfTimeoutMs?: number };
  }[] = [
    {
      name: "random bytes named .pdf",
      file: "random.pdf",
      make: () => put("random.pdf", noise(4000, 1)),
      code: "not_pdf",
      reason: /^not a PDF \(no %PDF- header/,
    },
    {
      name: "a PDF header and end marker around garbage",
      file: "corrupt.pdf",
      make: () =>
        put(
          "corrupt.pdf",
          Buffer.concat([Buffer.from("%PDF-1.7\n"), noise(4000, 2), Buffer.from("\n%%EOF\n")]),
        ),
      code: "corrupt_pdf",
      reason: /^corrupt PDF \(Invalid PDF structure/,
    },
    {
      name: "a valid PDF cut in half",
      file: "truncated.pdf",
      make: async () => {
        const whole = await makePdf(councilReportPdfSpec());
        return put("truncated.pdf", whole.subarray(0, Math.floor(whole.length / 2)));
      },
      code: "truncated_pdf",
      reason: /^truncated PDF \(no %%EOF end marker/,
    },
    {
      name: "a password-protected PDF",
      file: "encrypted.pdf",
      make: async () => put("encrypted.pdf", await makePdf({ ...councilReportPdfSpec(), encrypt: "s3cret" })),
      code: "encrypted_pdf",
      reason: /^password-protected PDF; save an unprotected copy/,
    },
    {
      name: "an image-only PDF",
      file: "scanned.pdf",
      make: async () => put("scanned.pdf", await makePdf({ ...councilReportPdfSpec(), imageOnly: true })),
      code: "no_text_layer",
      reason: /^no text layer \(scanned\?\)$/,
    },
    {
      name: "a PDF where most pages have no text but a page number",
      file: "mostly-scanned.pdf",
      make: async () => {
        const spec = {
          footer: (n: number) => `Page ${n}`,
          pages: [{ lines: councilReportPdfSpec().pages[0]?.lines ?? [] }, { lines: [] }, { lines: [] }],
        };
        return put("mostly-scanned.pdf", await makePdf(spec));
      },
      code: "no_text_layer",
      reason: /^no text layer on 2 of 3 pages \(scanned\?\)$/,
    },
    {
      name: "a PDF that takes longer than the time limit",
      file: "slow.pdf",
      make: async () => put("slow.pdf", await makePdf(councilReportPdfSpec())),
      options: { pdfTimeoutMs: 1 },
      code: "timeout",
      reason: /^PDF text extraction took longer than 1 ms/,
    },
    {
      name: "an empty PDF",
      file: "empty.pdf",
      make: () => put("empty.pdf", ""),
      code: "empty",
      reason: /^empty file \(0 bytes\)$/,
    },
    {
      name: "an empty text file",
      file: "empty.txt",
      make: () => put("empty.txt", ""),
      code: "empty",
      reason: /^empty file \(0 bytes\)$/,
    },
    {
      name: "a text file of only whitespace",
      file: "blank.md",
      make: () => put("blank.md", " \n\t\n  \n"),
      code: "empty",
      reason: /^no text \(only whitespace\)$/,
    },
    {
      name: "HTML with no visible text",
      file: "script-only.html",
      make: () =>
        put("script-only.html", "<html><head><script>var x = '£1';</script></head><body> </body></html>"),
      code: "empty",
      reason: /^no visible text in the HTML$/,
    },
    {
      name: "binary junk with NUL bytes named .txt",
      file: "junk.txt",
      make: () => put("junk.txt", noise(3000, 3)),
      code: "binary",
      reason: /^binary content, not text \(contains NUL bytes\)$/,
    },
    {
      name: "binary junk without NUL bytes named .md",
      file: "junk.md",
      make: () => put("junk.md", noise(3000, 4, true)),
      code: "binary",
      reason: /^binary content, not text \(not UTF-8, and \d+% of bytes are outside ASCII\)$/,
    },
    {
      name: "ASCII control characters named .txt",
      file: "controls.txt",
      make: () => put("controls.txt", `${"\x01\x02\x03\x1b".repeat(50)}Budget £23.1m`),
      code: "binary",
      reason: /^binary content, not text \(\d+% control characters\)$/,
    },
    {
      name: "a file over the size limit",
      file: "big.txt",
      make: () => put("big.txt", "x".repeat(3 * 1024)),
      options: { maxBytes: 2 * 1024 },
      code: "too_large",
      reason: /^3 KB is over the 2 KB limit$/,
    },
    {
      name: "a 12.3 MB PDF against the 10 MB limit (sparse, never read)",
      file: "huge.pdf",
      make: async () => {
        const path = await put("huge.pdf", "");
        await truncate(path, Math.round(12.3 * MB));
        return path;
      },
      code: "too_large",
      reason: /^12\.3 MB is over the 10 MB limit$/,
    },
    {
      name: "a missing file",
      file: "missing.pdf",
      make: async () => join(dir, "missing.pdf"),
      code: "not_found",
      reason: /^file not found$/,
    },
    {
      name: "a dangling symbolic link",
      file: "dangling.txt",
      make: async () => {
        const path = join(dir, "dangling.txt");
        await symlink(join(dir, "nowhere.txt"), path);
        return path;
      },
      code: "not_found",
      reason: /^broken symbolic link/,
    },
    {
      name: "a folder named like a PDF",
      file: "folder.pdf",
      make: async () => {
        const path = join(dir, "folder.pdf");
        await mkdir(path);
        return path;
      },
      code: "not_a_file",
      reason: /^is a folder, not a file$/,
    },
    {
      name: "a folder passed as a file",
      file: "papers",
      make: async () => {
        const path = join(dir, "papers");
        await mkdir(path);
        return path;
      },
      code: "not_a_file",
      reason: /^is a folder, not a file$/,
    },
    {
      name: "an unsupported type",
      file: "minutes.docx",
      make: () => put("minutes.docx", "PK\x03\x04"),
      code: "unsupported_type",
      reason: /^unsupported file type "\.docx"; supported: \.pdf, \.txt, \.md, \.html, \.htm$/,
    },
  ];

  it.each(cases)("$name", async ({ file, make, code, reason, options }) => {
    const path = await make();
    const error = await rejection(loadFile(path, { ...OPTS, ...options, displayName: `in/${file}` }));
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(reason);
    expect(error.file).toBe(`in/${file}`);
    expect(error.message).toBe(`ingest: "in/${file}": ${error.reason}`);
  });
});

describe("loadFile: text encodings", () => {
  it("loads every demo corpus file unchanged, with no pages", async () => {
    const corpus = join(import.meta.dirname, "../../eval/corpus");
    const { files } = await listFiles([corpus]);
    const txt = files.filter((f) => f.endsWith(".txt"));
    expect(txt).toHaveLength(5);
    for (const file of txt) {
      const loaded = await loadFile(file, OPTS);
      expect(loaded.format).toBe("txt");
      expect(loaded.pages).toEqual([]);
      expect(loaded.text).toBe(await readFile(file, "utf8"));
    }
  });

  const snippet = "7. … reflected in the £23.1m growth to 2024/25 – “approved” within the MTFS.";
  const utf16be = (s: string) => Buffer.from(s, "utf16le").swap16();
  /** Windows-1252 bytes of `snippet`, written out so the test does not use the code under test. */
  const cp1252 = Buffer.concat([
    Buffer.from("7. "),
    Buffer.from([0x85]),
    Buffer.from(" reflected in the "),
    Buffer.from([0xa3]),
    Buffer.from("23.1m growth to 2024/25 "),
    Buffer.from([0x96, 0x20, 0x93]),
    Buffer.from("approved"),
    Buffer.from([0x94]),
    Buffer.from(" within the MTFS."),
  ]);

  it.each([
    { name: "UTF-8", bytes: Buffer.from(snippet), encoding: "utf-8", text: snippet },
    { name: "UTF-8 with BOM", bytes: Buffer.from(`\ufeff${snippet}`), encoding: "utf-8", text: snippet },
    {
      name: "UTF-16LE with BOM",
      bytes: Buffer.from(`\ufeff${snippet}`, "utf16le"),
      encoding: "utf-16le",
      text: snippet,
    },
    { name: "UTF-16BE with BOM", bytes: utf16be(`\ufeff${snippet}`), encoding: "utf-16be", text: snippet },
    { name: "Windows-1252", bytes: cp1252, encoding: "windows-1252", text: snippet },
    {
      name: "CRLF and CR line ends",
      bytes: Buffer.from("Purpose of the Report\r\n\r\n1. The purpose\rof this report"),
      encoding: "utf-8",
      text: "Purpose of the Report\n\n1. The purpose\nof this report",
    },
  ])("decodes $name", ({ bytes, encoding, text }) => {
    expect(decodeText(bytes, "x.txt")).toEqual({ text, encoding });
  });

  it("rejects a UTF-16 BOM followed by invalid UTF-16", () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]);
    expect(() => decodeText(bytes, "x.txt")).toThrow(/binary content, not text \(UTF-16 byte-order mark/);
  });

  it("loads a UTF-16 .md file through loadFile", async () => {
    const path = await put("utf16.md", Buffer.from(`\ufeff# Report\r\n\r\n${snippet}\r\n`, "utf16le"));
    const loaded = await loadFile(path, OPTS);
    expect(loaded).toEqual({ source: path, format: "md", text: `# Report\n\n${snippet}\n`, pages: [] });
  });

  it("keeps page numbers of text exported with form feeds between pages", async () => {
    const path = await put("pdftotext.txt", "Agenda Item 7\n1. Purpose\n\f2. Background\n£5.8k\n\f");
    const loaded = await loadFile(path, OPTS);
    expect(loaded.text).toBe("Agenda Item 7\n1. Purpose\n\n\f\n2. Background\n£5.8k\n");
    expect(loaded.pages).toEqual([
      { num: 1, start: 0 },
      { num: 2, start: 28 },
    ]);
    expect(loaded.text.slice(28)).toBe("2. Background\n£5.8k\n");
  });
});

describe("htmlToText", () => {
  it.each([
    {
      name: "table rows become tab-separated lines",
      html: "<table><tr><th>Measure</th><th>Q2 2023/24</th><th>Q3 2023/24</th></tr>\n  <tr>\n <td>Looked After Children</td>\n <td>712</td> <td>728</td></tr></table>",
      text: "Measure\tQ2 2023/24\tQ3 2023/24\nLooked After Children\t712\t728",
    },
    {
      name: "spanned cells keep later cells in their column; empty cells keep their place",
      html: "<table><tr><td colspan=2>Total placements</td><td>£5,800</td></tr><tr><td></td><td>North</td><td>41</td></tr></table>",
      text: "Total placements\t\t£5,800\n\tNorth\t41",
    },
    {
      name: "entities, named and numeric, including Windows-1252 numbers",
      html: "<p>&pound;1.1million &amp; 82.6&#37; of &#163;5.8k&nbsp;in 2023&#x2013;24 &#150; &ldquo;agreed&rdquo; &unknown;</p>",
      text: "£1.1million & 82.6% of £5.8k in 2023–24 – “agreed” &unknown;",
    },
    {
      name: "script, style and comments vanish; blocks are separated by a blank line",
      html: "<html><head><title>Overview</title><style>p{color:red}</style></head><body><!-- draft --><h1>Purpose of the Report</h1><script>alert('x')</script><p>1. The purpose of this report is to provide the Committee with an overview.</p></body></html>",
      text: "Overview\n\nPurpose of the Report\n\n1. The purpose of this report is to provide the Committee with an overview.",
    },
    {
      name: "source line wraps and runs of spaces collapse; <br> breaks a line",
      html: "<p>The Children and Family Services Department faces   significant\n      challenges<br>due to increased demand</p>",
      text: "The Children and Family Services Department faces significant challenges\ndue to increased demand",
    },
    {
      name: "ordered lists keep their numbers (start, letters, roman); bullets become '- '",
      html: '<ol start="6"><li>The vision of the Department.</li><li>The Plan sets out:<ol type="a"><li>best start in life,</li><li>safe at home,</li></ol></li></ol><ol type="i"><li>first</li><li>second</li></ol><ul><li>Help every child</li></ul>',
      text: "6. The vision of the Department.\n7. The Plan sets out:\n(a) best start in life,\n(b) safe at home,\n\n(i) first\n(ii) second\n\n- Help every child",
    },
    {
      name: "a '>' inside a quoted attribute does not end the tag",
      html: '<p><a title="a > b" href="/x?a=1&amp;b=2">Appendix A</a> refers</p>',
      text: "Appendix A refers",
    },
    {
      name: "pre keeps its line breaks",
      html: "<pre>Ward   Spend\nNorth  £101k</pre>",
      text: "Ward   Spend\nNorth  £101k",
    },
  ])("$name", ({ html, text }) => {
    expect(htmlToText(html)).toBe(text);
  });

  it("loads a Windows-1252 .htm file through loadFile", async () => {
    const bytes = Buffer.concat([
      Buffer.from("<p>Budget of "),
      Buffer.from([0xa3]),
      Buffer.from("95.4m</p><table><tr><td>Q3</td><td>82.6%</td></tr></table>"),
    ]);
    const loaded = await loadFile(await put("budget.htm", bytes), { ...OPTS, displayName: "budget.htm" });
    expect(loaded).toEqual({
      source: "budget.htm",
      format: "html",
      text: "Budget of £95.4m\n\nQ3\t82.6%",
      pages: [],
    });
  });
});

describe("FileRejectedError", () => {
  it("names the file in its message and keeps reason, code and cause", () => {
    const cause = new Error("inner");
    const error = new FileRejectedError("minutes-2024.pdf", "no citable text found", { cause });
    expect(error.message).toBe('ingest: "minutes-2024.pdf": no citable text found');
    expect([error.file, error.reason, error.code, error.cause]).toEqual([
      "minutes-2024.pdf",
      "no citable text found",
      "other",
      cause,
    ]);
    expect(new FileRejectedError("a.pdf", "x", { code: "timeout" }).code).toBe("timeout");
  });
});

describe("textLayerProblem", () => {
  const text = "1. The purpose of this report is to present the performance position.";
  it.each([
    { pages: [text, text, ""], problem: undefined },
    { pages: [text, "Page 2", "3"], problem: "no text layer on 2 of 3 pages (scanned?)" },
    { pages: ["", " \n "], problem: "no text layer (scanned?)" },
    { pages: [], problem: "PDF has no pages" },
  ])("$problem", ({ pages, problem }) => {
    expect(textLayerProblem(pages.map((t, i) => ({ num: i + 1, text: t })))).toBe(problem);
  });
});

describe("formatBytes", () => {
  it.each([
    [512, "512 bytes"],
    [2048, "2 KB"],
    [1536, "1.5 KB"],
    [Math.round(12.3 * MB), "12.3 MB"],
    [10 * MB, "10 MB"],
  ])("%d -> %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe("listFiles", () => {
  let root: string;
  beforeAll(async () => {
    root = join(dir, "tree");
    for (const sub of ["sub/deeper", ".git", "empty-folder"])
      await mkdir(join(root, sub), { recursive: true });
    for (const file of [
      "b.txt",
      "a.pdf",
      "notes.docx",
      "image.png",
      ".hidden.txt",
      ".git/HEAD.txt",
      "sub/c.md",
      "sub/D.HTM",
      "sub/deeper/e.html",
    ]) {
      await writeFile(join(root, file), "x");
    }
    await symlink(root, join(root, "sub/loop"));
    await symlink(join(root, "sub/c.md"), join(root, "linked.md"));
    await symlink(join(root, "gone.pdf"), join(root, "sub/dangling.pdf"));
    await symlink(join(root, "gone.docx"), join(root, "sub/dangling.docx"));
  });

  it("finds supported files recursively, sorted, and ignores the rest inside folders", async () => {
    const { files, skipped } = await listFiles([root]);
    expect(files).toEqual(
      ["a.pdf", "b.txt", "linked.md", "sub/D.HTM", "sub/c.md", "sub/deeper/e.html"].map((f) => join(root, f)),
    );
    expect(skipped).toEqual([
      { file: join(root, "sub/dangling.pdf"), reason: "broken symbolic link (its target does not exist)" },
    ]);
  });

  it("skips named paths it cannot use, with the reason, and lists each file once", async () => {
    const { files, skipped } = await listFiles([
      join(root, "sub"),
      join(root, "b.txt"),
      join(root, "sub/c.md"),
      join(root, "notes.docx"),
      join(root, "missing.pdf"),
      join(root, "empty-folder"),
      join(root, ".hidden.txt"),
    ]);
    expect(files).toEqual(
      [".hidden.txt", "b.txt", "sub/D.HTM", "sub/c.md", "sub/deeper/e.html"].map((f) => join(root, f)),
    );
    expect(skipped).toEqual([
      { file: join(root, "sub/dangling.pdf"), reason: "broken symbolic link (its target does not exist)" },
      {
        file: join(root, "notes.docx"),
        reason: 'unsupported file type ".docx"; supported: .pdf, .txt, .md, .html, .htm',
      },
      { file: join(root, "missing.pdf"), reason: "file not found" },
    ]);
    expect(SUPPORTED_EXTENSIONS).toEqual([".pdf", ".txt", ".md", ".html", ".htm"]);
  });
});
