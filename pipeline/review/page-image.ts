/**
 * @module
 * Page images for reviewers, rendered from the ORIGINAL (reviewers must see
 * what is under each box) at a screen resolution, then cached: in memory for
 * the hot pages, and in the workspace's blob store (`pages.render_blob`) so a
 * restart does not render again. Purging a document's renders is the
 * workspace's job (`daylight purge`).
 */
import { openPdf } from '../extract/pdfjs.ts';
import { openImage } from '../image/decode.ts';
import type { GrayImage } from '../model/raster.ts';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import { listPages, setPageRender } from '../workspace/store/index.ts';
import type { DocumentRecord, Workspace } from '../workspace/store/index.ts';
import { encodePng } from '../image/encode.ts';

/** Screen resolution of review images: a letter page is 850 × 1100 px. */
export const REVIEW_DPI = 100;

export interface PageImageCache {
  get(key: string): Uint8Array | undefined;
  set(key: string, png: Uint8Array): void;
}

/** A least-recently-used map bounded by total bytes. */
export function createPageImageCache(maxBytes = 64 * 1024 * 1024): PageImageCache {
  const map = new Map<string, Uint8Array>();
  let bytes = 0;
  return {
    get(key) {
      const hit = map.get(key);
      if (hit) (map.delete(key), map.set(key, hit));
      return hit;
    },
    set(key, png) {
      if (map.has(key)) return;
      map.set(key, png);
      bytes += png.length;
      for (const [k, v] of map) {
        if (bytes <= maxBytes) break;
        map.delete(k);
        bytes -= v.length;
      }
    },
  };
}

/** Page `page` of a PDF as a gray raster at `dpi` (for review images of originals and of release previews). */
export async function renderPdfPage(bytes: Uint8Array, fileName: string, page: number, dpi = REVIEW_DPI): Promise<Result<GrayImage>> {
  const opened = await openPdf(bytes, fileName);
  if (!opened.ok) return opened;
  try {
    if (page > opened.value.pageCount) return fail('workspace.not-found', `${fileName} has no page ${page}.`);
    return ok(await (await opened.value.page(page)).render(dpi));
  } catch (error) {
    return fail('render.failed', `Page ${page} could not be rendered for review: ${(error as Error).message}.`, { file: fileName, page });
  } finally {
    await opened.value.close();
  }
}

/** A rendered PDF page as PNG. */
export async function pdfPagePng(bytes: Uint8Array, fileName: string, page: number, dpi = REVIEW_DPI): Promise<Result<Uint8Array>> {
  const raster = await renderPdfPage(bytes, fileName, page, dpi);
  if (!raster.ok) return raster;
  return ok(await encodePng(raster.value, raster.value.width));
}

async function renderOriginal(original: Uint8Array, document: DocumentRecord, page: number, dpi: number): Promise<Result<GrayImage>> {
  if (document.mediaType === 'application/pdf') return renderPdfPage(original, document.fileName, page, dpi);
  const opened = await openImage(original, document.fileName);
  if (!opened.ok) return opened;
  const decoded = await opened.value.page(page - 1);
  return decoded.ok ? ok(decoded.value.image) : decoded;
}

/**
 * The PNG of page `page` (1-based) of a document's original. Ids and numbers
 * come from the database, never from a path the request names.
 */
const inFlight = new Map<string, Promise<Result<Uint8Array>>>();

export function pageImage(ws: Workspace, cache: PageImageCache, document: DocumentRecord, page: number, scale: 1 | 2 = 1): Promise<Result<Uint8Array>> {
  const key = `${document.id}:${page}${scale === 1 ? '' : `@${scale}x`}`;
  const hit = cache.get(key);
  if (hit) return Promise.resolve(ok(hit));
  // Many clients opening the same page at once share one render.
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadPageImage(ws, cache, document, page, key, scale).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** `scale` 2 is for zoomed pages: rendered at twice the resolution, kept in memory only (the blob store keeps the 1× render). */
async function loadPageImage(ws: Workspace, cache: PageImageCache, document: DocumentRecord, page: number, key: string, scale: 1 | 2): Promise<Result<Uint8Array>> {
  const record = (await listPages(ws, document.id)).find((p) => p.number === page);
  if (!record) return fail('workspace.not-found', `Document ${document.id} has no page ${page}.`);
  if (record.renderBlob && scale === 1) {
    const stored = await ws.blobs.get(record.renderBlob);
    if (stored.ok) {
      cache.set(key, stored.value);
      return stored;
    }
  }
  if (!document.originalBlob) return fail('workspace.missing-blob', `The original of ${document.fileName} is not in the workspace (purged?).`);
  const original = await ws.blobs.get(document.originalBlob);
  if (!original.ok) return original;
  const raster = await renderOriginal(original.value, document, page, REVIEW_DPI * scale);
  if (!raster.ok) return raster;
  const png = await encodePng(raster.value, Math.round((record.width / 72) * REVIEW_DPI * scale));
  if (scale === 1) {
    const put = await ws.blobs.put(png);
    if (put.ok) await setPageRender(ws, document.id, page, put.value);
  }
  cache.set(key, png);
  return ok(png);
}
