/**
 * @module
 * What a checkpoint is keyed by besides the document's bytes: the policy's
 * content hash and the code version (package version + stage version).
 */
import { userInfo } from 'node:os';
import packageJson from '../../package.json' with { type: 'json' };
import { canonicalJson } from '../workspace/canonical-json.ts';
import { sha256Hex } from '../workspace/blobs.ts';
import type { Policy } from '../../redaction/policy/types.ts';

export const CODE_VERSION = `daylight@${packageJson.version}`;

/** The policy's content, not where it was read from: the same rules in another file hash the same. */
export function policyHash(policy: Policy): string {
  const { source: _source, ...rules } = policy;
  return sha256Hex(canonicalJson(rules));
}

/** Who runs the batch, for the audit log and the two-person rule. */
export function batchActor(): string {
  const fromEnv = process.env.DAYLIGHT_USER?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}
