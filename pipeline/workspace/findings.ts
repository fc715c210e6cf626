/**
 * @module
 * Findings of the detection stage, one row each, as the model's `Finding`.
 * `text` is the matched text, for staff only; purge blanks it.
 */
import type { Finding } from '../model/types.ts';
import { transaction } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface FindingRow {
  document_id: string;
  id: string;
  detector: string;
  category: string;
  exemption: string;
  action: Finding['action'];
  score: number;
  text: string;
  why: string;
  start: number;
  end: number;
  boxes: string;
}

export function toFinding(r: FindingRow): Finding {
  return { id: r.id, detector: r.detector, category: r.category, exemption: r.exemption, action: r.action, score: r.score, text: r.text, why: JSON.parse(r.why), start: r.start, end: r.end, boxes: JSON.parse(r.boxes) };
}

/** Replaces all findings of a document (detection is rerun as a whole). */
export function replaceFindings(ws: Workspace, documentId: string, findings: readonly Finding[]): void {
  transaction(ws.db, () => {
    ws.db.prepare('DELETE FROM findings WHERE document_id = ?').run(documentId);
    const insert = ws.db.prepare('INSERT INTO findings (document_id, id, detector, category, exemption, action, score, text, why, start, "end", boxes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const f of findings) insert.run(documentId, f.id, f.detector, f.category, f.exemption, f.action, f.score, f.text, JSON.stringify(f.why), f.start, f.end, JSON.stringify(f.boxes));
  });
}

export function listFindings(ws: Workspace, documentId: string): Finding[] {
  return (ws.db.prepare('SELECT * FROM findings WHERE document_id = ? ORDER BY start, id').all(documentId) as unknown as FindingRow[]).map(toFinding);
}

export interface CategoryCountQuery {
  batchId?: string;
  documentId?: string;
}

/** Findings per category, for queues and summaries. */
export function countFindingsByCategory(ws: Workspace, query: CategoryCountQuery = {}): Record<string, number> {
  const where: string[] = [];
  const args: string[] = [];
  if (query.batchId !== undefined) (where.push('d.batch_id = ?'), args.push(query.batchId));
  if (query.documentId !== undefined) (where.push('f.document_id = ?'), args.push(query.documentId));
  const rows = ws.db
    .prepare(`SELECT f.category AS category, COUNT(*) AS n FROM findings f JOIN documents d ON d.id = f.document_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY f.category ORDER BY f.category`)
    .all(...args) as { category: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.category, r.n]));
}
