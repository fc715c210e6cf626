/** Atom feeds: one for the office (a release per entry) and one per release (a document per entry). */
import { absolute, bundle } from './bundle.ts';

export interface FeedEntry {
  title: string;
  path: string;
  updated: string;
  summary: string;
}

const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function atomFeed(feed: { title: string; selfPath: string; alternatePath: string; entries: FeedEntry[] }): Response {
  const site = bundle();
  const updated = feed.entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), feed.entries[0]?.updated ?? site.generatedAt);
  const entries = feed.entries.map((e) => {
    const link = absolute(e.path);
    return `  <entry>
    <title>${xml(e.title)}</title>
    <id>${xml(link)}</id>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <updated>${xml(e.updated)}</updated>
    <summary>${xml(e.summary)}</summary>
  </entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(feed.title)}</title>
  <id>${xml(absolute(feed.selfPath))}</id>
  <link rel="self" type="application/atom+xml" href="${xml(absolute(feed.selfPath))}"/>
  <link rel="alternate" type="text/html" href="${xml(absolute(feed.alternatePath))}"/>
  <updated>${xml(updated)}</updated>
  <author><name>${xml(site.office)}</name><email>${xml(site.contact.email)}</email></author>
  <rights>${xml(`Reuse: ${site.licence.name} (${site.licence.url})`)}</rights>
${entries.join('\n')}
</feed>
`;
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
