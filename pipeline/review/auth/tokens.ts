/**
 * @module
 * Random tokens, server-signed tokens (the pre-session CSRF token of the
 * sign-in form) and constant-time comparison of tokens.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A token bound to `nonce` that only this server can make: `nonce.hmac`.
 * The sign-in form carries it and the cookie carries the nonce, so a form
 * field equal to a cookie someone planted is not enough: the HMAC must verify
 * under a secret that never leaves the process.
 */
export function signedToken(secret: Buffer, nonce: string): string {
  return `${nonce}.${createHmac('sha256', secret).update(nonce).digest('base64url')}`;
}

/** True when `token` is `signedToken(secret, nonce)` for this very nonce. */
export function checkSignedToken(secret: Buffer, nonce: string | undefined, token: string | undefined): boolean {
  return Boolean(nonce) && sameToken(token, signedToken(secret, nonce!));
}

/** Constant-time equality of two strings (false when either is missing). */
export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
