/**
 * @module
 * The publish-time re-check of an approved artifact's text layer, run by the gate
 * on the exact bytes about to be released. From the document model and the kept
 * redactions it knows which words were removed; read back with pdf.js, the
 * artifact may hold each such word no more often than the words left visible
 * hold it (so "the" removed once and kept elsewhere is no leak, a name removed
 * everywhere must be gone everywhere).
 */
import { openPdf } from '../extract/pdfjs.ts';
import { boxArea, overlapArea } from '../model/document-text.ts';
import type { Document } from '../model/types.ts';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { listRedactions, readJsonBlob } from '../workspace/index.ts';
import type { Workspace } from '../workspace/index.ts';
import { textOfRuns } from './collect.ts';
import type { ArtifactVerifier } from './gate.ts';

export function textLayerCheck(ws: Workspace): ArtifactVerifier {
  return async (pdf, record) => {
    // After `daylight purge` the model is gone; the check ran when the document was first published.
    if (record.purgedAt || !record.modelBlob) return ok(undefined);
    const model = await readJsonBlob<Document>(ws.blobs, record.modelBlob);
    if (!model.ok) return model;
    const boxes = listRedactions(ws, record.id).filter((r) => r.decision !== 'rejected').flatMap((r) => r.boxes);
    const removed = new Map<string, number>();
    const kept = new Map<string, number>();
    for (const page of model.value.pages) {
      const onPage = boxes.filter((b) => b.page === page.number);
      for (const word of page.words) {
        const covered = onPage.some((b) => overlapArea(word.box, b.box) > 0.3 * boxArea(word.box));
        const key = normalize(word.text);
        if (key) (covered ? removed : kept).set(key, ((covered ? removed : kept).get(key) ?? 0) + 1);
      }
    }
    if (removed.size === 0) return ok(undefined);
    const text = await artifactText(pdf, record.path);
    if (!text.ok) return text;
    const found = countWords(text.value);
    for (const word of removed.keys()) {
      const inArtifact = found.get(word) ?? 0;
      if (inArtifact > (kept.get(word) ?? 0)) {
        return fail('verify.leak', `A word under a redaction box can still be extracted from the artifact's text layer (${inArtifact} times, ${kept.get(word) ?? 0} expected).`, { file: record.path });
      }
    }
    return ok(undefined);
  };
}

async function artifactText(pdf: Uint8Array, file: string): Promise<Result<string>> {
  const opened = await openPdf(pdf, file);
  if (!opened.ok) return opened;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= opened.value.pageCount; n++) pages.push(textOfRuns((await (await opened.value.page(n)).textRuns()).runs));
    return ok(pages.join('\n'));
  } finally {
    await opened.value.close();
  }
}

function normalize(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of text.split(/\s+/)) {
    const w = normalize(raw);
    if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}
