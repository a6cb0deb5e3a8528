/**
 * A bounded set of recently seen keys. Slack redelivers an event it thinks was not acknowledged
 * (same event_id, x-slack-retry-num 1..3, over about five minutes), so keys live for ten minutes.
 * Expiry is checked on use: no timers to leak.
 */

export interface RecentKeys {
  /** True if the key was seen within the TTL; otherwise records it and returns false. */
  seen(key: string): boolean;
  has(key: string): boolean;
  add(key: string): void;
  readonly size: number;
}

export interface RecentKeysOptions {
  ttlMs?: number;
  max?: number;
  now?: () => number;
}

export function createRecentKeys({
  ttlMs = 10 * 60_000,
  max = 10_000,
  now = Date.now,
}: RecentKeysOptions = {}): RecentKeys {
  // Insertion order is expiry order, because every entry gets the same TTL.
  const expires = new Map<string, number>();

  const prune = (t: number): void => {
    for (const [key, at] of expires) {
      if (at > t && expires.size <= max) break;
      expires.delete(key);
    }
  };

  const has = (key: string): boolean => {
    const t = now();
    prune(t);
    const at = expires.get(key);
    return at !== undefined && at > t;
  };

  const add = (key: string): void => {
    const t = now();
    expires.delete(key);
    expires.set(key, t + ttlMs);
    prune(t);
  };

  return {
    seen(key) {
      if (has(key)) return true;
      add(key);
      return false;
    },
    has,
    add,
    get size() {
      return expires.size;
    },
  };
}
