/**
 * @module
 * Failed-login throttling, keyed by account *and* client address: a few free
 * failures, then a lock that doubles with each further failure (capped). Keyed
 * by the pair, so a guesser cannot lock a colleague out from elsewhere, and
 * people sharing an address (an office behind one proxy) are not locked out by
 * someone else's typos. A second, larger budget per address slows one client
 * guessing across many accounts. Run behind a proxy, give its address to
 * `--trust-proxy` (`client-address.ts`), or every client shares one address.
 * A success clears the pair's record, not the address's.
 * Kept in memory: a restart forgets it, which costs an attacker a restart they cannot cause.
 */
export interface ThrottleOptions {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** A record older than this with no new failure is forgotten. */
  forgetAfterMs: number;
}

export const defaultThrottle: ThrottleOptions = { freeFailures: 5, baseLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export interface LoginThrottle {
  /** Milliseconds until `account` from `address` may try again; 0 when it may now. */
  retryAfter(account: string, address: string, now?: number): number;
  failed(account: string, address: string, now?: number): void;
  succeeded(account: string, address: string): void;
}

export function createLoginThrottle(options: ThrottleOptions = defaultThrottle, addressBudgetFactor = 10): LoginThrottle {
  const pairs = new Map<string, Entry>();
  const addresses = new Map<string, Entry>();
  const wait = (map: Map<string, Entry>, key: string, now: number) => {
    const e = map.get(key);
    if (!e) return 0;
    if (now - e.lastFailure > options.forgetAfterMs) {
      map.delete(key);
      return 0;
    }
    return Math.max(0, e.lockedUntil - now);
  };
  const record = (map: Map<string, Entry>, key: string, free: number, now: number) => {
    const e = map.get(key) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    e.failures++;
    e.lastFailure = now;
    if (e.failures >= free) e.lockedUntil = now + Math.min(options.maxLockMs, options.baseLockMs * 2 ** (e.failures - free));
    map.set(key, e);
    if (map.size > 100_000) map.delete(map.keys().next().value as string);
  };
  const pairKey = (account: string, address: string) => `${account.normalize('NFKC').trim().toLowerCase()}\n${address}`;
  return {
    retryAfter: (account, address, now = Date.now()) => Math.max(wait(pairs, pairKey(account, address), now), wait(addresses, address, now)),
    failed(account, address, now = Date.now()) {
      record(pairs, pairKey(account, address), options.freeFailures, now);
      record(addresses, address, options.freeFailures * addressBudgetFactor, now);
    },
    succeeded(account, address) {
      pairs.delete(pairKey(account, address));
    },
  };
}
