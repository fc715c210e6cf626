import type { APIRoute } from 'astro';
import { absolute, bundle } from '../lib/bundle.ts';

const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export const GET: APIRoute = () => {
  const site = bundle();
  const updated = site.releases.reduce((latest, r) => (r.date > latest ? r.date : latest), site.releases[0]?.date ?? site.generatedAt);
  const entries = site.releases.map((r) => {
    const link = absolute(`/releases/${r.id}/`);
    const summary = `${r.documents.length} documents: ${r.documents.map((d) => d.title).join('; ')}.`;
    return `  <entry>
    <title>${xml(r.title)}</title>
    <id>${xml(link)}</id>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <updated>${xml(r.date)}</updated>
    <author><name>${xml(r.office)}</name></author>
    <summary>${xml(summary)}</summary>
  </entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(site.title)}: releases</title>
  <id>${xml(absolute('/'))}</id>
  <link rel="self" type="application/atom+xml" href="${xml(absolute('/feed.xml'))}"/>
  <link rel="alternate" type="text/html" href="${xml(absolute('/'))}"/>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(site.office)}</name></author>
${entries.join('\n')}
</feed>
`;
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
