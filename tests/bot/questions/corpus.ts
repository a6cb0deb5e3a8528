import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../../../ingest/config.js";
import { ingestPaths } from "../../../ingest/pipeline.js";

const CORPUS = join(import.meta.dirname, "../../../eval/corpus");

/** The demo papers readable by everyone. */
export const PUBLIC_PAPERS = [
  "000_95470afa8ae34474.txt",
  "001_bc9149fb7ac2f9bb.txt",
  "002_b5cb0ac0ef79e454.txt",
  "004_288bc0e4485ed917.txt",
];
/** The June 2020 pack (with the minutes of 3 March 2020), put in a second collection to test access. */
export const RESTRICTED_PAPERS = ["003_166717be0eb977d2.txt"];
export const RESTRICTED = "restricted";

/**
 * A real index of the demo corpus in `work`/index: four papers in "public", the 2020 pack in "restricted". Returns
 * the index folder.
 */
export async function buildCorpusIndex(work: string, config: Config): Promise<string> {
  const indexDir = join(work, "index");
  const publicDir = join(work, "public");
  const restrictedDir = join(work, "restricted");
  await mkdir(publicDir, { recursive: true });
  await mkdir(restrictedDir, { recursive: true });
  for (const name of PUBLIC_PAPERS) await copyFile(join(CORPUS, name), join(publicDir, name));
  for (const name of RESTRICTED_PAPERS) await copyFile(join(CORPUS, name), join(restrictedDir, name));
  const first = await ingestPaths([publicDir], { indexDir, config, root: work });
  const second = await ingestPaths([restrictedDir], { indexDir, config, root: work, collection: RESTRICTED });
  const skipped = [...first.skipped, ...second.skipped];
  if (skipped.length > 0) throw new Error(`test corpus: files skipped: ${JSON.stringify(skipped)}`);
  return indexDir;
}
