/**
 * @module
 * Seeds a real workspace (pipeline/workspace, either adapter) with fixture documents taken as far
 * as a test needs: in review, approved, sent back, or approved with the original
 * signed instead of the redacted artifact.
 */
import {
  decideRedaction, decisionSetHash, findOrCreateBatch, replaceFindings, insertDocument, putBlob, putJsonBlob, recordApproval, replacePages,
  replaceProposedRedactions, sendBack, setState,
  pageMeta,
} from '../../pipeline/workspace/index.ts';
import type { DocumentRecord, Workspace } from '../../pipeline/workspace/index.ts';
import type { Result } from '../../pipeline/problems.ts';
import type { Warning } from '../../pipeline/model/types.ts';
import { fixtureDocument, sha256 } from './fixtures.ts';
import type { FixtureDocument, FixturePage } from './fixtures.ts';

export type SeedTarget = 'in_review' | 'approved' | 'sent_back' | 'reopened_sent_back' | 'approved_original' | 'approved_overlaid';

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.problem.code}: ${r.problem.message}`);
  return r.value;
}

export async function seedBatch(ws: Workspace, name: string): Promise<string> {
  return (await findOrCreateBatch(ws, { name, folder: `/records/${name}`, policyHash: 'test-policy' }, { codeVersion: 'test', actor: 'clerk-1' })).batch.id;
}

export async function seedDocument(ws: Workspace, batchId: string, fileName: string, pages: FixturePage[], target: SeedTarget, exemption = 'b6', warnings: Warning[] = []): Promise<{ record: DocumentRecord; fixture: FixtureDocument }> {
  // The blob store is content-addressed: a line derived from the file name keeps each fixture's bytes its own
  // (a digest, not the name: the name itself must reach no public output, and the test checks that).
  const fixture = await fixtureDocument([[`Reference ${sha256(new TextEncoder().encode(fileName)).slice(0, 8)}`, ...pages[0]], ...pages.slice(1)], fileName, exemption);
  const originalBlob = must(await putBlob(ws.blobs, fixture.original));
  const doc = await insertDocument(ws, { batchId, path: fileName, fileName, state: 'queued', sha256: sha256(fixture.original), byteLength: fixture.original.byteLength, mediaType: 'application/pdf', originalBlob }, 'clerk-1');
  const modelBlob = must(await putJsonBlob(ws.blobs, { ...fixture.model, warnings }));
  await replacePages(ws, doc.id, fixture.model.pages.map(pageMeta));
  must(await setState(ws, doc.id, { to: 'extracted', actor: 'clerk-1', patch: { modelBlob, pageCount: fixture.model.pages.length } }));
  await replaceFindings(
    ws,
    doc.id,
    fixture.boxes.map((b, i) => ({ id: `f-${i}`, detector: 'people', category: 'personal.name', exemption, action: 'redact' as const, score: 0.9, text: fixture.removed[i], why: [`name lexicon`, `cue "${fixture.removed[i]}" before`, `same value as finding f-${i} (people, ${fileName} p.1)`], start: 0, end: 0, boxes: [b] })),
  );
  must(await setState(ws, doc.id, { to: 'detected', actor: 'clerk-1' }));
  await replaceProposedRedactions(
    ws,
    doc.id,
    fixture.boxes.map((b, i) => ({ id: `r-${i}`, boxes: [b], category: 'personal.name', exemption, from: { findings: [`f-${i}`] }, decision: 'proposed' as const, reason: `Person name · cue "${fixture.removed[i]}" · same value as finding f-${i} (people, ${fileName} p.1)` })),
    'clerk-1',
  );
  const proposed = must(await putBlob(ws.blobs, fixture.redacted));
  must(await setState(ws, doc.id, { to: 'redacted', actor: 'clerk-1', patch: { artifactBlob: proposed } }));
  must(await setState(ws, doc.id, { to: 'verified', actor: 'clerk-1' }));
  let record = must(await setState(ws, doc.id, { to: 'in_review', actor: 'clerk-1' }));
  if (target === 'in_review') return { record, fixture };
  if (target === 'sent_back') return { record: must(await sendBack(ws, doc.id, 'approver-1', 'Check page 1 again.')), fixture };
  const artifact = target === 'approved_original' ? fixture.original : target === 'approved_overlaid' ? fixture.overlaid : fixture.redacted;
  record = await approve(ws, record, { ...fixture, redacted: artifact });
  if (target === 'reopened_sent_back') {
    must(await setState(ws, doc.id, { to: 'in_review', actor: 'approver-1', from: 'approved' }));
    record = must(await sendBack(ws, doc.id, 'approver-1', 'Approved too early.'));
  }
  return { record, fixture };
}

/** What two people do in the review app: a reviewer accepts every proposed box, then an approver signs the redacted artifact. */
export async function approve(ws: Workspace, record: DocumentRecord, fixture: FixtureDocument): Promise<DocumentRecord> {
  for (let i = 0; i < fixture.boxes.length; i++) must(await decideRedaction(ws, record.id, `r-${i}`, 'accepted', 'reviewer-1'));
  return must(await recordApproval(ws, { documentId: record.id, artifact: fixture.redacted, decisionSetSha256: await decisionSetHash(ws, record), approver: 'approver-1' })).document;
}
