/**
 * @module
 * What a release built from a set of redactions must no longer contain: the
 * text of every finding behind them, the words under boxes reviewers drew, and
 * every box with the exemption code printed on it. One definition for the
 * batch's check, the approval and the publish gate, so they can never disagree
 * about what was promised removed.
 */
import type { Document, Finding, PageBox, Redaction } from '../model/types.ts';
import { textUnder } from './snap.ts';

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
