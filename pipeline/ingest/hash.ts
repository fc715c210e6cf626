/**
 * @module
 * SHA-256 of a document's original bytes: its id, and what approvals are bound to.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
