import { type Config, ConfigError, loadConfig } from "../../ingest/config.js";
import { createLogger, type Logger } from "../../ingest/logger.js";
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

/**
 * A CLI's arguments: a parse error prints the message with the usage and returns the usage status; --help prints
 * the usage and returns ok.
 */
export function cliArgs<T extends { values: { help?: boolean | undefined } }>(
  name: string,
  usage: string,
  parse: (argv: string[]) => T,
  argv: string[],
): T | typeof EXIT.ok | typeof EXIT.usage {
  let args: T;
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`${name}: ${(error as Error).message}\n\n${usage}`);
    return EXIT.usage;
  }
  if (args.values.help) {
    console.log(usage);
    return EXIT.ok;
  }
  return args;
}

/** Config, logger and the index (`--index`, else the configured one): what every bot CLI opens before its work. */
export async function cliSetup(
  indexDir: string | undefined,
): Promise<{ config: Config; logger: Logger; store: IndexStore } | typeof EXIT.usage | typeof EXIT.index> {
  const config = cliConfig();
  if (typeof config === "number") return config;
  const store = await cliIndex(indexDir ?? config.indexDir, config);
  if (typeof store === "number") return store;
  return { config, logger: createLogger(config.logLevel), store };
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
