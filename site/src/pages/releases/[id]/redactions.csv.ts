import type { APIRoute, GetStaticPaths } from 'astro';
import type { BundleRelease } from '../../../lib/bundle.ts';
import { absolute, boxAnchor, releaseLog, releasesToBuild, toCsv } from '../../../lib/bundle.ts';

export const getStaticPaths: GetStaticPaths = () => releasesToBuild().map((release) => ({ params: { id: release.id }, props: { release } }));

/** One row per withheld area. Every text cell comes from the portal's fixed vocabulary (pipeline/publish/public-log.ts). */
export const GET: APIRoute = ({ props }) => {
  const { release } = props as { release: BundleRelease };
  return new Response(
    toCsv(
      ['release_id', 'release_title', 'document_id', 'document_title', 'document_sha256', 'box', 'page', 'x0', 'y0', 'x1', 'y1', 'exemption', 'exemption_code', 'category', 'category_label', 'reason', 'origin', 'box_url'],
      releaseLog(release).map((r) => [
        release.id, release.title, r.document, r.documentTitle, r.sha256, r.number, r.page, ...r.box, r.exemption, r.code, r.category, r.categoryLabel, r.reason, r.origin,
        absolute(`/documents/${r.document}/#${boxAnchor(r.number)}`),
      ]),
    ),
    { headers: { 'Content-Type': 'text/csv; charset=utf-8' } },
  );
};
