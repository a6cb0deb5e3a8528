import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { DEFAULT_COLLECTION, type IngestSummary, ingestPaths } from "./pipeline.js";
import { createProgress } from "./progress.js";

const USAGE = `usage: npm run ingest -- [--index DIR] [--collection NAME] [--prune] [--json] PATH...

Reads council papers (.pdf, .txt, .md, .html; folders are read recursively) into a citable index.
  --index DIR        index folder (default: $SCRUTINY_INDEX or .scrutiny/index)
  --collection NAME  access collection for these files (default: ${DEFAULT_COLLECTION})
  --prune            remove files from the index that are no longer under PATH
  --json             print one JSON summary on stdout, no progress bar

Exit status: 0 every file ingested, 1 some files skipped (the index holds every good file), 2 usage error.`;

const COLLECTION_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function printSummary(summary: IngestSummary): void {
  const lines = [
    `Index: ${summary.indexDir}`,
    `  ${summary.files} files, ${summary.documents} documents, ${summary.units} units, ${summary.figures} figures (${summary.seconds}s)`,
    `  added ${summary.added.length}, updated ${summary.updated.length}, unchanged ${summary.unchanged.length}, removed ${summary.removed.length}`,
  ];
  if (summary.rebuilt) lines.push(`  rebuilt whole: ${summary.rebuilt.split("\n")[0]}`);
  console.log(lines.join("\n"));
  for (const s of summary.skipped) console.error(`skipped: "${s.file}": ${s.reason}`);
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`ingest: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.positionals.length === 0) {
    console.error(`ingest: no PATH given\n\n${USAGE}`);
    return 2;
  }
  const collection = args.values.collection ?? DEFAULT_COLLECTION;
  if (!COLLECTION_NAME.test(collection)) {
    console.error(`ingest: --collection "${collection}": use lowercase letters, digits, "-" or "_"`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const json = args.values.json === true;
  const logger = createLogger(json ? "error" : config.logLevel);
  const progress = createProgress(process.stderr, !json && process.stderr.isTTY === true);
  const summary = await ingestPaths(args.positionals, {
    indexDir: args.values.index ?? config.indexDir,
    config,
    collection,
    prune: args.values.prune === true,
    logger,
    onProgress: (e) => progress.update(e.phase, e.done, e.total),
  });
  progress.done();
  if (json) {
    const {
      indexDir,
      files,
      documents,
      units,
      figures,
      skipped,
      seconds,
      added,
      updated,
      unchanged,
      removed,
    } = summary;
    console.log(
      JSON.stringify({
        files,
        documents,
        units,
        figures,
        skipped,
        seconds,
        indexDir,
        added,
        updated,
        unchanged,
        removed,
      }),
    );
  } else {
    printSummary(summary);
  }
  return summary.skipped.length > 0 ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      index: { type: "string" },
      collection: { type: "string" },
      prune: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ingest: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
