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
 *
 * The counts live in the workspace (`store/review-guard.ts`), so several review
 * servers behind one balancer share them: a guesser gains nothing by reaching
 * another server, nor by a restart. Keys are hashed: what someone typed as a
 * name is not stored.
 */
import { createHash } from 'node:crypto';
import { clearLoginFailures, forgetLoginFailures, loginFailures, recordLoginFailure } from '../../workspace/store/index.ts';
import type { LoginFailures, Workspace } from '../../workspace/store/index.ts';

export interface ThrottleOptions {
  /** Failures allowed before the first lock. */
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** A record older than this with no new failure is forgotten. */
  forgetAfterMs: number;
}

export const defaultThrottle: ThrottleOptions = { freeFailures: 5, baseLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

export interface LoginThrottle {
  /** Milliseconds until `account` from `address` may try again; 0 when it may now. */
  retryAfter(account: string, address: string, now?: number): Promise<number>;
  failed(account: string, address: string, now?: number): Promise<void>;
  succeeded(account: string, address: string): Promise<void>;
}

/** How long a record still locks at `now`: after `free` failures, the base lock doubled per further failure, capped. */
export function lockLeft(record: LoginFailures | undefined, free: number, options: ThrottleOptions, now: number): number {
  if (!record || now - record.lastFailure > options.forgetAfterMs || record.failures < free) return 0;
  return Math.max(0, record.lastFailure + Math.min(options.maxLockMs, options.baseLockMs * 2 ** (record.failures - free)) - now);
}

const hashed = (text: string) => createHash('sha256').update(text).digest('hex');

export function createLoginThrottle(ws: Workspace, options: ThrottleOptions = defaultThrottle, addressBudgetFactor = 10): LoginThrottle {
  const pairKey = (account: string, address: string) => hashed(`pair\n${account.normalize('NFKC').trim().toLowerCase()}\n${address}`);
  const addressKey = (address: string) => hashed(`address\n${address}`);
  return {
    async retryAfter(account, address, now = Date.now()) {
      const pair = pairKey(account, address);
      const from = addressKey(address);
      const records = await loginFailures(ws, [pair, from]);
      return Math.max(lockLeft(records.get(pair), options.freeFailures, options, now), lockLeft(records.get(from), options.freeFailures * addressBudgetFactor, options, now));
    },
    async failed(account, address, now = Date.now()) {
      await recordLoginFailure(ws, pairKey(account, address), now, options.forgetAfterMs);
      await recordLoginFailure(ws, addressKey(address), now, options.forgetAfterMs);
      await forgetLoginFailures(ws, now - options.forgetAfterMs);
    },
    async succeeded(account, address) {
      await clearLoginFailures(ws, pairKey(account, address));
    },
  };
}
