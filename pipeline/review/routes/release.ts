/**
 * @module
 * The release before and after signing: `/documents/:id/preview` (rebuilt and
 * verified from the current decisions, recorded nowhere) and
 * `/documents/:id/release` (the approved artifact), each with page images and
 * the PDF itself. Signed-in users only, never cached.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { formatProblem } from '../../problems.ts';
import type { AppEnv, ReviewOptions } from '../context.ts';
import { changesSince } from '../changes.ts';
import { pdfPagePng } from '../page-image.ts';
import { approvedRelease, previewRelease } from '../preview.ts';
import type { Release } from '../preview.ts';
import { blockersFor, OPEN_STATES } from '../service.ts';
import type { ReviewService } from '../service.ts';
import { releasePage } from '../views/release.ts';
import { documentParam } from './validate.ts';
import { openPdf } from '../../extract/pdfjs.ts';

const PAGE_FILE = /^([1-9][0-9]{0,4})\.png$/;

export function releaseRoutes(options: ReviewOptions, review: ReviewService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  async function load(c: Context<AppEnv>, kind: 'preview' | 'release'): Promise<{ release: Release; doc: { id: string; fileName: string; state: string } } | Response> {
    const doc = await review.visible(c.req.param('id') ?? '');
    if (!doc.ok) return c.notFound();
    if (kind === 'preview') return { release: await previewRelease(options, doc.value), doc: doc.value };
    const approved = await approvedRelease(options, doc.value);
    return approved.ok ? { release: approved.value, doc: doc.value } : c.notFound();
  }

  for (const kind of ['preview', 'release'] as const) {
    app.get(`/documents/:id/${kind}`, documentParam, async (c) => {
      const loaded = await load(c, kind);
      if (loaded instanceof Response) return loaded;
      const { release, doc } = loaded;
      let pageCount = 0;
      if (release.pdf) {
        const opened = await openPdf(release.pdf, doc.fileName);
        if (opened.ok) {
          pageCount = opened.value.pageCount;
          await opened.value.close();
        }
      }
      const record = await review.visible(doc.id);
      const blockers = record.ok ? await blockersFor(options, record.value, c.get('user').name) : [];
      const changes = await changesSince(options.ws, doc.id, c.get('user').name);
      return c.html(releasePage(c.get('viewer'), { id: doc.id, fileName: doc.fileName, release, pageCount, blockers, open: OPEN_STATES.has(doc.state), changes }));
    });

    app.get(`/documents/:id/${kind}.pdf`, documentParam, async (c) => {
      const loaded = await load(c, kind);
      if (loaded instanceof Response) return loaded;
      if (!loaded.release.pdf) return c.text(loaded.release.problem ? formatProblem(loaded.release.problem) : 'No release.', 422);
      const name = `${loaded.doc.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 100) || 'document'}-${kind}.pdf`;
      return c.body(loaded.release.pdf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
    });

    app.get(`/documents/:id/${kind}/pages/:file`, documentParam, async (c) => {
      const m = PAGE_FILE.exec(c.req.param('file'));
      if (!m) return c.notFound();
      const loaded = await load(c, kind);
      if (loaded instanceof Response) return loaded;
      const { release, doc } = loaded;
      if (!release.pdf || !release.sha256) return c.notFound();
      const key = `release:${release.sha256}:${m[1]}`;
      let png = options.pageImages.get(key);
      if (!png) {
        const rendered = await pdfPagePng(release.pdf, doc.fileName, Number(m[1]));
        if (!rendered.ok) return rendered.problem.code === 'workspace.not-found' ? c.notFound() : c.text(formatProblem(rendered.problem), 500);
        png = rendered.value;
        options.pageImages.set(key, png);
      }
      return c.body(png as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
    });
  }

  return app;
}
