import { type Config, ConfigError, loadConfig } from "../../ingest/config.js";
import {
  IndexIncompatibleError,
  IndexMissingError,
  type IndexStore,
  openIndex,
} from "../../ingest/store/index.js";
import { CHUNKER_VERSION } from "../../ingest/structure/index.js";

/** Exit statuses shared by the bot's command-line tools. */
export const EXIT = { ok: 0, failure: 1, usage: 2, index: 3 } as const;

/** The configuration from the environment; on a bad value, prints which and returns the usage status. */
export function cliConfig(): Config | typeof EXIT.usage {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return EXIT.usage;
  }
}

/**
 * The index at `dir`, refusing one cut by another chunker. A missing or incompatible index is an expected
 * outcome: its message (which names the ingest command to run) is printed and the index status returned.
 */
export async function cliIndex(dir: string, config: Config): Promise<IndexStore | typeof EXIT.index> {
  try {
    return await openIndex(dir, { config, expectedChunkerVersion: CHUNKER_VERSION });
  } catch (error) {
    if (!(error instanceof IndexMissingError || error instanceof IndexIncompatibleError)) throw error;
    console.error(error.message);
    return EXIT.index;
  }
}

/** Runs a CLI's main and sets the exit status; an unexpected error is printed once, prefixed with the tool's name. */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = EXIT.failure;
    },
  );
}
