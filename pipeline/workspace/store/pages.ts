/**
 * @module
 * Page rows on the workspace interface (geometry and source; the words are in
 * the document model blob), plus an optional cached render.
 */
import type { Page } from '../../model/types.ts';
import { insertRows, transaction } from './workspace.ts';
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

/** What the pages table keeps of a model page. */
export type PageMeta = Pick<Page, 'number' | 'width' | 'height' | 'rotation' | 'source' | 'dpi'> & { wordCount: number };

export function pageMeta(page: Page): PageMeta {
  return { number: page.number, width: page.width, height: page.height, rotation: page.rotation, source: page.source, dpi: page.dpi, wordCount: page.words.length };
}


/** Replaces the document's pages with those of its (re)extracted model. */
export function replacePages(ws: Workspace, documentId: string, pages: readonly PageMeta[]): Promise<void> {
  return transaction(ws, async (tx) => {
    await tx.db.deleteFrom('pages').where('document_id', '=', documentId).execute();
    await insertRows(tx, 'pages', pages.map((p) => ({ document_id: documentId, number: p.number, width: p.width, height: p.height, rotation: p.rotation, source: p.source, dpi: p.dpi ?? null, word_count: p.wordCount })));
  });
}

export async function listPages(ws: Workspace, documentId: string): Promise<PageRecord[]> {
  const rows = await ws.db.selectFrom('pages').selectAll().where('document_id', '=', documentId).orderBy('number').execute();
  return rows.map((r) => ({
    documentId: r.document_id,
    number: r.number,
    width: r.width,
    height: r.height,
    rotation: r.rotation,
    source: r.source as PageRecord['source'],
    dpi: r.dpi,
    wordCount: r.word_count,
    renderBlob: r.render_blob,
  }));
}

/** Records a cached render; store the bytes in `ws.blobs` first. */
export async function setPageRender(ws: Workspace, documentId: string, number: number, renderBlob: string | null): Promise<void> {
  await ws.db.updateTable('pages').set({ render_blob: renderBlob }).where('document_id', '=', documentId).where('number', '=', number).execute();
}

export async function countPages(ws: Workspace, batchId?: string): Promise<number> {
  const row =
    batchId === undefined
      ? await ws.db.selectFrom('pages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()
      : await ws.db.selectFrom('pages').innerJoin('documents as d', 'd.id', 'pages.document_id').where('d.batch_id', '=', batchId).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
