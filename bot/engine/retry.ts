/** Retries for calls to the chat model: the client is built with maxRetries 0 so this is the only retry loop. */

export interface RetryOptions {
  /** Attempts in all, the first included. */
  tries: number;
  /** Delay before the second attempt; doubles each time, with up to 50% jitter added. */
  baseDelayMs: number;
  /** Injected so tests and callers control waiting. */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

export class RetriesExhaustedError extends Error {
  override readonly name = "RetriesExhaustedError";
  readonly attempts: number;
  constructor(what: string, attempts: number, cause: unknown) {
    super(`${what}: gave up after ${attempts} attempt(s): ${describeError(cause)}`, { cause });
    this.attempts = attempts;
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** 429, 5xx, timeouts and dropped connections are worth another try; anything else (400, 401, bad output) is not. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status === 429 || status === 408 || status >= 500;
  if (typeof error !== "object" || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (name === "TimeoutError" || name === "APIConnectionError" || name === "APIConnectionTimeoutError")
    return true;
  const message = String((error as { message?: unknown }).message ?? "");
  return /timed? ?out|ECONNRESET|ECONNREFUSED|socket hang up|Connection error/i.test(message);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = statusOf(error);
    return `${error.name}${status !== undefined ? ` ${status}` : ""}: ${error.message.split("\n")[0] ?? ""}`;
  }
  return String(error);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(what: string, fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  let lastError: unknown;
  let attempts = 0;
  for (let attempt = 1; attempt <= options.tries; attempt++) {
    attempts = attempt;
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      if (!isTransient(error) || attempt === options.tries) break;
      const delay = Math.round(options.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.5));
      options.onRetry?.(attempt, error, delay);
      await sleep(delay);
    }
  }
  throw new RetriesExhaustedError(what, attempts, lastError);
}
