import type { APIRoute, GetStaticPaths } from 'astro';
import type { BundleRelease } from '../../../lib/bundle.ts';
import { absolute, boxAnchor, releasesToBuild } from '../../../lib/bundle.ts';

export const getStaticPaths: GetStaticPaths = () => releasesToBuild().map((release) => ({ params: { id: release.id }, props: { release } }));

/** A Vaughn-index-style record: for each document, each withheld area with its code and plain-language reason, never the text. */
export const GET: APIRoute = ({ props }) => {
  const { release } = props as { release: BundleRelease };
  const body = {
    release: { id: release.id, title: release.title, office: release.office, date: release.date, description: release.description, url: absolute(`/releases/${release.id}/`) },
    coordinates: 'PDF points, origin at the top-left of the displayed page, y downward: [x0, y0, x1, y1]',
    documents: release.documents.map((d) => ({
      id: d.id,
      title: d.title,
      sha256: d.sha256,
      pages: d.pageCount,
      url: absolute(`/documents/${d.id}/`),
      redactions: d.redactions.map((r) => ({
        box: r.number, page: r.page, position: r.box, exemption: r.exemption, code: r.code, category: r.category, categoryLabel: r.categoryLabel, reason: r.reason, origin: r.origin,
        url: absolute(`/documents/${d.id}/#${boxAnchor(r.number)}`),
      })),
    })),
  };
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
