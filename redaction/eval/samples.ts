/**
 * @module
 * Scores detection on the samples' truth file. Filled in once the samples'
 * format is known; until then `evaluateSamples` reports nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../policy/types.ts';

export function evaluateSamples(dir: string, _policy: Policy): { results: unknown; markdown: string[] } | undefined {
  if (!existsSync(join(dir, 'truth.json'))) return undefined;
  return undefined;
}
