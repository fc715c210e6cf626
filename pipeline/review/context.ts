/**
 * @module
 * What every route of the review app can reach: the workspace, the policy,
 * the options, and (after the session gate) the signed-in user.
 */
import type { Context } from 'hono';
import type { Policy } from '../../redaction/policy/types.ts';
import type { User, Workspace } from '../workspace/store/index.ts';
import type { LoginThrottle } from './auth/throttle.ts';
import type { ArtifactBuilder } from './approve.ts';
import type { PageImageCache } from './page-image.ts';
import type { Viewer } from './views/layout.ts';

export interface ReviewOptions {
  ws: Workspace;
  policy: Policy;
  /** Set when served over HTTPS (or behind a proxy that terminates it): cookies get `Secure` and the `__Host-` prefix. */
  secure: boolean;
  /** Sessions end after this long without a request. */
  idleMs: number;
  throttle: LoginThrottle;
  pageImages: PageImageCache;
  buildArtifact: ArtifactBuilder;
  /** The client's address, for login throttling. */
  clientAddress(c: Context): string;
}

export interface AppEnv {
  Variables: {
    user: User;
    viewer: Viewer;
  };
}

export type AppContext = Context<AppEnv>;

/** True when the request came from the page script and wants JSON back. */
export function wantsJson(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('application/json');
}

/** Hono's parsed form body, as strings only (files are ignored). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
