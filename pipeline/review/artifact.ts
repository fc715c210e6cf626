/**
 * @module
 * The default artifact builder for approvals: the clean-room writer rebuilds
 * the release from the accepted redactions, then the leak verifier checks it.
 */
import { writeRedacted } from '../../redaction/write/write-redacted.ts';
import { ok } from '../problems.ts';
import type { ArtifactBuilder } from './approve.ts';

export const verifiedArtifact: ArtifactBuilder = async ({ original, document, redactions, findings, policy }) => {
  const written = await writeRedacted(original, document, redactions, policy, { findings });
  if (!written.ok) return written;
  return ok({ pdf: written.value.pdf, report: { log: written.value.log } });
};
