/**
 * @module
 * Which address a request comes from, for login throttling and the audit log.
 * The socket's peer, unless that peer is a proxy the operator named
 * (`daylight review --trust-proxy 10.0.0.5`): then the nearest address in
 * `X-Forwarded-For` that is not itself a trusted proxy. The header is never
 * believed from anyone else, so a client cannot pick its own address.
 */
import type { Context } from 'hono';

/** "::ffff:10.0.0.5" and "10.0.0.5" are one address. */
function normalize(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

function socketAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return normalize(incoming?.socket?.remoteAddress ?? 'unknown');
}

export function clientAddressBehind(trustedProxies: readonly string[]): (c: Context) => string {
  const trusted = new Set(trustedProxies.map(normalize));
  return (c) => {
    const peer = socketAddress(c);
    if (!trusted.has(peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(normalize).filter((h) => h !== '');
    for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
    return hops[0] ?? peer;
  };
}
