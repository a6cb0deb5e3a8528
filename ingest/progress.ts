/**
 * A one-line progress bar on a terminal; silent when the stream is not a TTY (pipes, CI, --json),
 * so machine-readable output is never interleaved with it.
 */
export interface Progress {
  update(label: string, done: number, total: number): void;
  done(): void;
}

const WIDTH = 28;

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  enabled = stream.isTTY === true,
): Progress {
  let last = "";
  let lastAt = 0;
  return {
    update(label, done, total) {
      if (!enabled) return;
      const now = Date.now();
      if (done < total && now - lastAt < 50) return;
      lastAt = now;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * WIDTH);
      const line = `${label.padEnd(6)} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}`;
      if (line === last) return;
      last = line;
      stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1)}\u001b[K`);
    },
    done() {
      if (enabled && last) stream.write("\r\u001b[K");
      last = "";
    },
  };
}
