import type { APIRoute } from 'astro';
import { atomFeed } from '../lib/atom.ts';
import { bundle, plural } from '../lib/bundle.ts';

/** The office's feed: one entry per release. */
export const GET: APIRoute = () => {
  const site = bundle();
  return atomFeed({
    title: `${site.title}: releases`,
    selfPath: '/feed.xml',
    alternatePath: '/releases/',
    entries: site.releases.map((r) => ({
      title: r.title,
      path: `/releases/${r.id}/`,
      updated: r.date,
      summary: `${r.description} ${plural(r.documents.length, 'document')}${r.dateOfRecord ? `; date of record ${r.dateOfRecord}` : ''}.`,
    })),
  });
};
