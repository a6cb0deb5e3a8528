import { type Logger, pino } from "pino";

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "signingSecret",
  "*.signingSecret",
  "appToken",
  "*.appToken",
  "botToken",
  "*.botToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

/** Logs go to stderr so stdout stays clean for answers and --json output. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: "[redacted]" } },
    destination as pino.DestinationStream,
  );
}
