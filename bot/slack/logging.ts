import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../ingest/logger.js";

/**
 * Bolt and the Web API client log through @slack/logger's interface; this routes their lines into
 * the project's pino logger. Their lines are strings, which pino's path-based redaction cannot
 * see into, so token-shaped text and the configured secrets are scrubbed here as well.
 */

const TOKEN_SHAPES = /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]+/g;

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(TOKEN_SHAPES, "[redacted]");
  for (const s of secrets) {
    if (s.length >= 6) out = out.split(s).join("[redacted]");
  }
  return out;
}

function describe(arg: unknown): string {
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

const PINO_TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function boltLogger(logger: Logger, secrets: readonly string[]): BoltLogger {
  let name = "bolt";
  const emit = (level: "debug" | "info" | "warn" | "error", msg: unknown[]): void => {
    if (!logger.isLevelEnabled(level)) return;
    const text = scrubSecrets(msg.map(describe).join(" "), secrets);
    const err = msg.find((m): m is Error => m instanceof Error);
    if (err) {
      logger[level](
        { component: name, err: { type: err.name, message: scrubSecrets(err.message, secrets) } },
        text,
      );
    } else {
      logger[level]({ component: name }, text);
    }
  };
  return {
    debug: (...msg) => emit("debug", msg),
    info: (...msg) => emit("info", msg),
    warn: (...msg) => emit("warn", msg),
    error: (...msg) => emit("error", msg),
    // pino's level governs; Bolt asks for INFO at startup and must not override LOG_LEVEL.
    setLevel: () => {},
    getLevel: () => PINO_TO_BOLT[logger.level] ?? LogLevel.INFO,
    setName: (n) => {
      name = n;
    },
  };
}

/** A log destination that scrubs secrets from every line: the last guard before stderr. */
export function scrubbingDestination(
  secrets: readonly string[],
  out: NodeJS.WritableStream = process.stderr,
): NodeJS.WritableStream {
  return {
    write: (chunk: string | Uint8Array) =>
      out.write(
        scrubSecrets(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"), secrets),
      ),
  } as NodeJS.WritableStream;
}
