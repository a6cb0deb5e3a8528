import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../ingest/config.js";
import { extractFigures } from "../../ingest/figures.js";
import { ingestPaths, memoisedFigures } from "../../ingest/pipeline.js";
import { openIndex } from "../../ingest/store/index.js";
import { makePdf } from "../fixtures/makePdf.js";

const CORPUS = join(import.meta.dirname, "../../eval/corpus");
const config = loadConfig({});

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "scrutiny-pipeline-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyCorpus(into: string, names: string[]): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const name of names) await copyFile(join(CORPUS, name), join(into, name));
}

describe("ingestPaths on the demo corpus", () => {
  it("indexes every paper, stores the overview report once and remembers both files", async () => {
    const papers = join(work, "papers");
    await copyCorpus(papers, ["000_95470afa8ae34474.txt", "001_bc9149fb7ac2f9bb.txt"]);
    const indexDir = join(work, "index-dedupe");
    const summary = await ingestPaths([papers], { indexDir, config, root: work });
    expect(summary.skipped).toEqual([]);
    expect(summary.added).toEqual(["papers/000_95470afa8ae34474.txt", "papers/001_bc9149fb7ac2f9bb.txt"]);

    const store = await openIndex(indexDir, { config });
    // Paragraph 9 of the department overview is printed in both files.
    const shared = [...store.units.values()].filter((u) =>
      u.text.startsWith("Section 18 of the Children Act 2004 requires every top tier local authority"),
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]?.sources.map((s) => s.source).sort()).toEqual([
      "papers/000_95470afa8ae34474.txt",
      "papers/001_bc9149fb7ac2f9bb.txt",
    ]);
    const perFileUnits = store.manifest.files.reduce((n, f) => n + f.units, 0);
    expect(store.units.size).toBeLessThan(perFileUnits);
  });

  it("re-ingests incrementally: unchanged files are skipped, changed ones replaced, removed ones pruned", async () => {
    const papers = join(work, "incremental");
    await copyCorpus(papers, ["002_b5cb0ac0ef79e454.txt", "000_95470afa8ae34474.txt"]);
    const indexDir = join(work, "index-incremental");
    const first = await ingestPaths([papers], { indexDir, config, root: work });
    expect(first.added).toHaveLength(2);

    const again = await ingestPaths([papers], { indexDir, config, root: work });
    expect(again.unchanged).toHaveLength(2);
    expect(again.added).toEqual([]);
    expect(again.updated).toEqual([]);

    const changedFile = join(papers, "002_b5cb0ac0ef79e454.txt");
    const text = await readFile(changedFile, "utf8");
    await writeFile(changedFile, text.replace("£16.0m", "£17.5m"));
    const changed = await ingestPaths([papers], { indexDir, config, root: work });
    expect(changed.updated).toEqual(["incremental/002_b5cb0ac0ef79e454.txt"]);
    const store = await openIndex(indexDir, { config });
    const texts = [...store.units.values()].map((u) => u.text).join("\n");
    expect(texts).toContain("£17.5m");
    expect(texts).not.toContain("£16.0m");

    await rm(join(papers, "000_95470afa8ae34474.txt"));
    const kept = await ingestPaths([papers], { indexDir, config, root: work });
    expect(kept.removed).toEqual([]);
    expect(kept.files).toBe(2);
    const pruned = await ingestPaths([papers], { indexDir, config, root: work, prune: true });
    expect(pruned.removed).toEqual(["incremental/000_95470afa8ae34474.txt"]);
    expect(pruned.files).toBe(1);
    const after = await openIndex(indexDir, { config });
    expect([...after.units.values()].every((u) => u.sources.every((s) => !s.source.includes("000_")))).toBe(
      true,
    );
  });

  it("skips bad files with a specific reason and still indexes every good one", async () => {
    const mixed = join(work, "mixed");
    await copyCorpus(mixed, ["002_b5cb0ac0ef79e454.txt"]);
    await writeFile(join(mixed, "corrupt.pdf"), Buffer.from("%PDF-1.4\nthis is not really a pdf\n%%EOF"));
    await writeFile(join(mixed, "empty.txt"), "");
    await writeFile(join(mixed, "junk.md"), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0]));
    await writeFile(
      join(mixed, "report.pdf"),
      await makePdf({
        pages: [
          {
            lines: [
              "CHILDREN AND FAMILIES OVERVIEW AND SCRUTINY COMMITTEE – 4 JUNE 2024",
              "SCHOOL TRANSPORT REVIEW",
              "REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES",
              "Purpose of the Report",
              "1. The purpose of this report is to update the Committee on school transport.",
              "2. Spending on school transport reached £12.4m in 2023/24, with 1,450 pupils eligible.",
            ],
          },
        ],
      }),
    );
    const indexDir = join(work, "index-mixed");
    const summary = await ingestPaths([mixed], { indexDir, config, root: work });
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.file, s.reason]));
    // Files are read ahead concurrently, yet reported in listing order, not in the order they finish.
    expect(Object.keys(reasons)).toEqual(["mixed/corrupt.pdf", "mixed/empty.txt", "mixed/junk.md"]);
    for (const reason of Object.values(reasons)) expect(reason.length).toBeGreaterThan(5);
    expect(summary.added).toEqual(["mixed/002_b5cb0ac0ef79e454.txt", "mixed/report.pdf"]);

    const store = await openIndex(indexDir, { config });
    const pdfUnit = [...store.units.values()].find((u) => u.text.includes("£12.4m"));
    expect(pdfUnit?.page).toBe(1);
    expect(pdfUnit?.paragraph).toBe("2");
    expect(pdfUnit?.figures.map((f) => f.amount)).toEqual(expect.arrayContaining([12_400_000, 1450]));
  });
});

describe("memoisedFigures", () => {
  it("gives extractFigures' figures for a text seen before, as copies no two units share", () => {
    const text = "(b) 266 of 322 assessments were completed within 45 working days in Quarter 3 2023/24;";
    const figuresOf = memoisedFigures();
    const first = figuresOf(text);
    const again = figuresOf(text);
    expect(first).toEqual(extractFigures(text));
    expect(first[0]?.of).toEqual({ part: 266, whole: 322 });
    expect(again).toEqual(first);
    expect(again[0]).not.toBe(first[0]);
    expect(again[0]?.of).not.toBe(first[0]?.of);
    expect(figuresOf("Spending reached £12.4m in 2023/24.").map((f) => f.amount)).toEqual([12_400_000]);
  });
});

describe("ingest CLI", () => {
  const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");
  const cli = join(import.meta.dirname, "../../ingest/cli.ts");

  it("prints one JSON summary and exits 1 when a file was skipped", async () => {
    const dir = join(work, "cli");
    await copyCorpus(dir, ["002_b5cb0ac0ef79e454.txt"]);
    await writeFile(join(dir, "broken.pdf"), "not a pdf at all");
    const run = spawnSync(tsx, [cli, "--json", "--index", join(work, "index-cli"), dir], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    // 002 is one report with its appendix of project lines.
    expect(summary).toMatchObject({ files: 1, documents: 2 });
    expect(summary.units).toBeGreaterThan(20);
    expect(summary.figures).toBeGreaterThan(10);
    expect(summary.skipped).toEqual([
      { file: expect.stringContaining("broken.pdf"), reason: expect.any(String) },
    ]);
    expect(typeof summary.seconds).toBe("number");
  });

  it("exits 2 on a usage error and names the problem", () => {
    const run = spawnSync(tsx, [cli, "--json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no PATH given");
    const bad = spawnSync(tsx, [cli, "--collection", "Not Valid", "x"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--collection");
  });
});
