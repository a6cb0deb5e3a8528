import { describe, expect, it } from "vitest";
import { createTaskQueue, QueueFullError } from "../../../bot/slack/queue.js";

/** A task that runs until released, so the tests decide the order of events, not the clock. */
function gate<T>(value: T) {
  let release!: () => void;
  const opened = new Promise<void>((r) => {
    release = r;
  });
  return {
    task: async () => {
      await opened;
      return value;
    },
    release,
  };
}

describe("createTaskQueue", () => {
  it("runs at most `concurrency` tasks, the rest in order as slots free up", async () => {
    const q = createTaskQueue({ concurrency: 2 });
    const gates = [gate(1), gate(2), gate(3), gate(4)];
    const started: number[] = [];
    const results = gates.map((g, i) =>
      q.run(async () => {
        started.push(i + 1);
        return g.task();
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    expect(q.running).toBe(2);
    expect(q.waiting).toBe(2);
    gates[1]?.release();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([1, 2, 3]);
    for (const g of gates) g.release();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(q.running).toBe(0);
  });

  it("frees the slot when a task fails, and passes the error on", async () => {
    const q = createTaskQueue({ concurrency: 1 });
    const failing = q.run(async () => {
      throw new Error("engine down");
    });
    const after = q.run(async () => "next");
    await expect(failing).rejects.toThrow("engine down");
    await expect(after).resolves.toBe("next");
  });

  it("also frees the slot when a task throws before returning a promise", async () => {
    const q = createTaskQueue({ concurrency: 1 });
    const bad = q.run((() => {
      throw new Error("sync throw");
    }) as () => Promise<void>);
    await expect(bad).rejects.toThrow("sync throw");
    await expect(q.run(async () => 7)).resolves.toBe(7);
  });

  it("refuses work beyond maxWaiting instead of queueing for ever", async () => {
    const q = createTaskQueue({ concurrency: 1, maxWaiting: 1 });
    const g = gate("a");
    const first = q.run(g.task);
    const second = q.run(async () => "b");
    await expect(q.run(async () => "c")).rejects.toBeInstanceOf(QueueFullError);
    g.release();
    expect(await Promise.all([first, second])).toEqual(["a", "b"]);
  });

  it("idle() resolves once everything has finished", async () => {
    const q = createTaskQueue({ concurrency: 1 });
    await q.idle();
    const g = gate(1);
    const running = q.run(g.task);
    const waiting = q.run(async () => 2);
    let idle = false;
    const done = q.idle().then(() => {
      idle = true;
    });
    await Promise.resolve();
    expect(idle).toBe(false);
    g.release();
    await Promise.all([running, waiting, done]);
    expect(idle).toBe(true);
  });

  it("rejects a nonsensical concurrency", () => {
    expect(() => createTaskQueue({ concurrency: 0 })).toThrow(RangeError);
  });
});
