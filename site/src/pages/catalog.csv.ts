import type { APIRoute } from 'astro';
import { absolute, allDocuments, toCsv } from '../lib/bundle.ts';

export const GET: APIRoute = () =>
  new Response(
    toCsv(
      ['release_id', 'release_title', 'office', 'release_date', 'document_id', 'document_title', 'pages', 'bytes', 'sha256', 'redactions', 'exemption_codes', 'page_url', 'download_url'],
      allDocuments().map(({ release, document: d }) => [
        release.id, release.title, release.office, release.date, d.id, d.title, d.pageCount, d.byteLength, d.sha256, d.redactions.length,
        [...new Set(d.redactions.map((r) => r.code))].sort().join(' '),
        absolute(`/documents/${d.id}/`), absolute(`/${d.pdf}`),
      ]),
    ),
  );
