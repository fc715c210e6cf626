import type { APIRoute } from 'astro';
import { absolute, allDocuments, bundle, toCsv } from '../lib/bundle.ts';

export const GET: APIRoute = () =>
  new Response(
    toCsv(
      ['release_id', 'release_title', 'release_description', 'office', 'release_date', 'date_of_record', 'document_id', 'document_number', 'document_title', 'document_description', 'pages', 'bytes', 'sha256', 'withheld_areas', 'exemption_codes', 'licence', 'page_url', 'download_url'],
      allDocuments().map(({ release, document: d }) => [
        release.id, release.title, release.description, release.office, release.date, d.dateOfRecord ?? release.dateOfRecord ?? '', d.id, d.number, d.title, d.description ?? '', d.pageCount, d.byteLength, d.sha256, d.redactions.length,
        [...new Set(d.redactions.map((r) => r.code))].sort().join(' '),
        bundle().licence.url, absolute(`/documents/${d.id}/`), absolute(`/${d.pdf}`),
      ]),
    ),
    { headers: { 'Content-Type': 'text/csv; charset=utf-8' } },
  );
