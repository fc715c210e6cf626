/**
 * @module
 * Writes generated evaluation documents (PDF bytes and their labels) as a corpus
 * folder of the shape `evaluateRealDocuments` reads: `pdfs/NAME.pdf` and
 * `labels/NAME.json`, replacing what an earlier run left there. The filled forms and
 * the laid-out real texts both go through it.
 *
 * ```ts
 * const { corpusDir, labelsDir } = writeLabelledCorpus(join(tmpdir(), 'x'), made);
 * ```
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentLabels, Label, Split } from './real-documents.ts';

/** A generated document with what a records officer would withhold in it. */
export interface MadeDocument {
  name: string;
  bytes: Uint8Array;
  pages: number;
  split: Split;
  /** The batch a corpus gathered in batches gave it. */
  batch?: number;
  redact: Label[];
  debatable: Label[];
  notes: string;
}

export function writeLabelledCorpus(outDir: string, made: readonly MadeDocument[]): { corpusDir: string; labelsDir: string } {
  const labelsDir = join(outDir, 'labels');
  // a document renamed or removed since the last run must not be scored from a stale copy
  for (const dir of [join(outDir, 'pdfs'), labelsDir]) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  for (const m of made) {
    const file = `pdfs/${m.name}.pdf`;
    writeFileSync(join(outDir, file), m.bytes);
    const labels: DocumentLabels = {
      file,
      sha256: createHash('sha256').update(m.bytes).digest('hex'),
      pages: m.pages,
      split: m.split,
      ...(m.batch !== undefined ? { batch: m.batch } : {}),
      redact: m.redact,
      debatable: m.debatable,
      notes: m.notes,
    };
    writeFileSync(join(labelsDir, `${m.name}.json`), `${JSON.stringify(labels, null, 1)}\n`);
  }
  return { corpusDir: outDir, labelsDir };
}
