/** Progress on stderr: one rewritten line on a terminal, every tenth line (and the last) in a log. */
export function progressPrinter(): (line: string, done: boolean) => void {
  let calls = 0;
  return (line, done) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r\u001b[2K${line}${done ? "\n" : ""}`);
      return;
    }
    calls++;
    if (done || calls % 10 === 0) process.stderr.write(`${line}\n`);
  };
}
