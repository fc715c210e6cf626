/**
 * @module
 * What each role may do. The server checks these on every route; the page only
 * hides what the server would refuse anyway.
 * Admins manage people and read the audit log but do not sign releases, which
 * keeps account management and approval in different hands.
 */
import type { Role } from '../../workspace/store/index.ts';

export type { Role };

export const capabilities = {
  /** See the queue, documents, page images and originals. */
  view: ['clerk', 'approver', 'admin'],
  /** Draw new boxes and propose redactions. */
  propose: ['clerk', 'approver'],
  /** Accept or reject proposed redactions. */
  decide: ['approver'],
  /** Approve a document or send it back. */
  sign: ['approver'],
  users: ['admin'],
  audit: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof capabilities;

export function can(role: Role, capability: Capability): boolean {
  return (capabilities[capability] as readonly Role[]).includes(role);
}
