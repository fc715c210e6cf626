/**
 * @module
 * What a release built from a set of redactions must no longer contain: the
 * text of every finding behind them, the words under boxes reviewers drew, and
 * every box with the exemption code printed on it. One definition for the
 * batch's check, the approval and the publish gate, so they can never disagree
 * about what was promised removed. It lives beside the redaction code, below the
 * review app, because the batch and the publish gate need it too.
 */
import { overlapArea } from '../pipeline/model/document-text.ts';
import type { Document, Finding, PageBox, Redaction } from '../pipeline/model/types.ts';

/** Share of a word's area a box must cover for the word to count as under it (as the review app snaps). */
const MIN_COVER = 0.25;

export interface RemovalExpectation {
  removed: string[];
  boxes: (PageBox & { code: string })[];
}

export function removalExpectation(
  redactions: readonly Pick<Redaction, 'from' | 'boxes' | 'exemption'>[],
  findings: readonly Pick<Finding, 'id' | 'text'>[],
  /** Absent after `daylight purge`: the findings' text and the boxes still say what was removed. */
  document: Pick<Document, 'pages'> | undefined,
  exemptions: Record<string, { code: string }>,
): RemovalExpectation {
  const findingText = new Map(findings.map((f) => [f.id, f.text]));
  const removed = new Set<string>();
  for (const r of redactions) {
    if ('findings' in r.from) for (const id of r.from.findings) removed.add(findingText.get(id) ?? '');
    else if (document) removed.add(textUnder(document, r.boxes));
  }
  removed.delete('');
  const boxes = redactions.flatMap((r) => r.boxes.map((b) => ({ ...b, code: exemptions[r.exemption]?.code ?? r.exemption })));
  return { removed: [...removed], boxes };
}

/** The words under a set of boxes, in reading order. */
export function textUnder(document: Pick<Document, 'pages'>, boxes: readonly PageBox[]): string {
  const words: string[] = [];
  for (const page of document.pages) {
    const mine = boxes.filter((b) => b.page === page.number);
    for (const word of page.words) {
      const area = (word.box[2] - word.box[0]) * (word.box[3] - word.box[1]);
      if (area > 0 && mine.some((b) => overlapArea(word.box, b.box) / area >= MIN_COVER)) words.push(word.text);
    }
  }
  return words.join(' ');
}
