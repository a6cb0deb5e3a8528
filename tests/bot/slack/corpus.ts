import { createHash } from "node:crypto";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../../../ingest/config.js";
import { ingestPaths } from "../../../ingest/pipeline.js";
import { CHUNKER_VERSION } from "../../../ingest/structure/index.js";

/**
 * The real index the Slack tests answer from: the demo papers through the real ingest, with
 * 002 (Defining Children and Family Services for the Future) ingested on its own as "exempt".
 *
 * Vitest runs each test file in its own process, and the build takes seconds, so the first file to
 * get here builds it and the others wait for it. The folder is keyed by the vitest run (the parent
 * process) and by the ingest code and papers, so no run ever reads an index another code built.
 */

const ROOT = join(import.meta.dirname, "../../..");
const CORPUS = join(ROOT, "eval", "corpus");
export const EXEMPT_PAPER = "002_b5cb0ac0ef79e454.txt";
export const PUBLIC_PAPERS = [
  "000_95470afa8ae34474.txt",
  "001_bc9149fb7ac2f9bb.txt",
  "003_166717be0eb977d2.txt",
  "004_288bc0e4485ed917.txt",
];
export const EXEMPT = "exempt";

const PREFIX = "scrutiny-slack-index-";
const WAIT_MS = 180_000;
/** Folders of earlier runs (5 MB each) are removed once they are this old; no run takes this long. */
const STALE_MS = 10 * 60_000;

/** Everything the index depends on: the chunker version, the ingest code and the papers. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256").update(CHUNKER_VERSION);
  for (const dir of [join(ROOT, "ingest"), CORPUS]) {
    const files = (await readdir(dir, { recursive: true })).sort();
    for (const file of files) {
      // A file being saved by someone else can vanish between the listing and the stat.
      const s = await stat(join(dir, file)).catch(() => undefined);
      if (s?.isFile()) hash.update(`${dir}/${file}\u0000${s.size}\u0000${s.mtimeMs}\n`);
    }
  }
  return hash.digest("hex").slice(0, 16);
}

async function build(indexDir: string, config: Config): Promise<void> {
  // Each call rewrites the whole index, so the one small file goes first.
  const exempt = await ingestPaths([join(CORPUS, EXEMPT_PAPER)], {
    indexDir,
    config,
    root: CORPUS,
    collection: EXEMPT,
  });
  const open = await ingestPaths(
    PUBLIC_PAPERS.map((f) => join(CORPUS, f)),
    { indexDir, config, root: CORPUS },
  );
  const skipped = [...exempt.skipped, ...open.skipped];
  if (skipped.length > 0) throw new Error(`slack test corpus: files skipped: ${JSON.stringify(skipped)}`);
  // The second run must keep the first run's file (ingest prunes only when asked to).
  if (open.files !== PUBLIC_PAPERS.length + 1) {
    throw new Error(`slack test corpus: expected ${PUBLIC_PAPERS.length + 1} files, index has ${open.files}`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function waitForBuild(base: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await exists(join(base, "ready"))) return;
    if (await exists(join(base, "failed"))) {
      throw new Error(`slack test corpus: another test file failed to build the index in ${base}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`slack test corpus: timed out after ${WAIT_MS} ms waiting for the index in ${base}`);
}

async function removeStale(keep: string): Promise<void> {
  const dir = tmpdir();
  for (const name of await readdir(dir)) {
    if (!name.startsWith(PREFIX) || join(dir, name) === keep) continue;
    const path = join(dir, name);
    const s = await stat(path).catch(() => undefined);
    if (s && Date.now() - s.mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

/** The index folder, built by this process or by another test file of the same run. */
export async function sharedCorpusIndex(config: Config): Promise<string> {
  const base = join(tmpdir(), `${PREFIX}${process.ppid}-${await fingerprint()}`);
  const indexDir = join(base, "index");
  try {
    // mkdir is atomic: exactly one process of the run gets to build.
    await mkdir(base);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    await waitForBuild(base);
    return indexDir;
  }
  try {
    await build(indexDir, config);
    await writeFile(join(base, "ready"), "");
  } catch (error) {
    await writeFile(join(base, "failed"), String(error));
    throw error;
  }
  await removeStale(base);
  return indexDir;
}
