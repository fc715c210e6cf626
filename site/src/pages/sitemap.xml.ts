import type { APIRoute } from 'astro';
import { absolute, allDocuments, bundle } from '../lib/bundle.ts';

export const GET: APIRoute = () => {
  const site = bundle();
  const urls: [string, string][] = [
    ['/', site.generatedAt],
    ['/releases/', site.generatedAt],
    ['/search/', site.generatedAt],
    ['/exemptions/', site.generatedAt],
    ['/data/', site.generatedAt],
    ['/contact/', site.generatedAt],
    ...site.releases.map((r): [string, string] => [`/releases/${r.id}/`, r.date]),
    ...allDocuments().map(({ document: d }): [string, string] => [`/documents/${d.id}/`, d.publishedAt]),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map(([path, date]) => `  <url><loc>${absolute(path)}</loc><lastmod>${date.slice(0, 10)}</lastmod></url>`).join('\n')}
</urlset>
`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
