/**
 * At most `concurrency` questions are answered at once; the rest wait in order. The engine (LLM,
 * index) is the bottleneck, and a burst of mentions must not start fifty searches together.
 */

export class QueueFullError extends Error {
  override readonly name = "QueueFullError";
}

export interface TaskQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void>;
}

export interface QueueOptions {
  concurrency: number;
  /** Beyond this many waiting tasks, new ones are refused rather than left to wait for minutes. */
  maxWaiting?: number;
}

export function createTaskQueue({ concurrency, maxWaiting = 500 }: QueueOptions): TaskQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`queue: concurrency must be a positive whole number, got ${concurrency}`);
  }
  const waiting: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];
  let running = 0;

  const settle = (): void => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
      return;
    }
    if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const start = (): Promise<T> => {
        let result: Promise<T>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error);
        }
        return result.finally(settle);
      };
      if (running < concurrency) {
        running++;
        return start();
      }
      if (waiting.length >= maxWaiting) {
        return Promise.reject(new QueueFullError(`queue: ${waiting.length} questions already waiting`));
      }
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          start().then(resolve, reject);
        });
      });
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
