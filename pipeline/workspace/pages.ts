/**
 * @module
 * Page rows: the geometry and source of each page of a document (the words stay
 * in the document model blob), plus an optional cached render.
 */
import type { Page } from '../model/types.ts';
import { transaction } from './database.ts';
import type { Workspace } from './workspace.ts';

export interface PageRecord {
  documentId: string;
  number: number;
  width: number;
  height: number;
  rotation: number;
  source: Page['source'];
  dpi: number | null;
  wordCount: number;
  /** SHA-256 of a cached page image (PNG), if the review app stored one. */
  renderBlob: string | null;
}

interface PageRow {
  document_id: string;
  number: number;
  width: number;
  height: number;
  rotation: number;
  source: Page['source'];
  dpi: number | null;
  word_count: number;
  render_blob: string | null;
}

/** What the pages table keeps of a model page. */
export type PageMeta = Pick<Page, 'number' | 'width' | 'height' | 'rotation' | 'source' | 'dpi'> & { wordCount: number };

export function pageMeta(page: Page): PageMeta {
  return { number: page.number, width: page.width, height: page.height, rotation: page.rotation, source: page.source, dpi: page.dpi, wordCount: page.words.length };
}

/** Replaces the document's pages with those of its (re)extracted model. */
export function replacePages(ws: Workspace, documentId: string, pages: readonly PageMeta[]): void {
  transaction(ws.db, () => {
    ws.db.prepare('DELETE FROM pages WHERE document_id = ?').run(documentId);
    const insert = ws.db.prepare('INSERT INTO pages (document_id, number, width, height, rotation, source, dpi, word_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const p of pages) insert.run(documentId, p.number, p.width, p.height, p.rotation, p.source, p.dpi ?? null, p.wordCount);
  });
}

export function listPages(ws: Workspace, documentId: string): PageRecord[] {
  return (ws.db.prepare('SELECT * FROM pages WHERE document_id = ? ORDER BY number').all(documentId) as unknown as PageRow[]).map((r) => ({
    documentId: r.document_id,
    number: r.number,
    width: r.width,
    height: r.height,
    rotation: r.rotation,
    source: r.source,
    dpi: r.dpi,
    wordCount: r.word_count,
    renderBlob: r.render_blob,
  }));
}

/** Records a cached render; store the bytes with `putBlob` first. */
export function setPageRender(ws: Workspace, documentId: string, number: number, renderBlob: string | null): void {
  ws.db.prepare('UPDATE pages SET render_blob = ? WHERE document_id = ? AND number = ?').run(renderBlob, documentId, number);
}

export function countPages(ws: Workspace, batchId?: string): number {
  const row = (batchId === undefined
    ? ws.db.prepare('SELECT COUNT(*) AS n FROM pages').get()
    : ws.db.prepare('SELECT COUNT(*) AS n FROM pages JOIN documents d ON d.id = pages.document_id WHERE d.batch_id = ?').get(batchId)) as { n: number };
  return row.n;
}
