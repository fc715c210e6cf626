import type { APIRoute, GetStaticPaths } from 'astro';
import type { BundleRelease } from '../../../lib/bundle.ts';
import { bundle, releaseLog, toCsv } from '../../../lib/bundle.ts';

export const getStaticPaths: GetStaticPaths = () => bundle().releases.map((release) => ({ params: { id: release.id }, props: { release } }));

export const GET: APIRoute = ({ props }) => {
  const { release } = props as { release: BundleRelease };
  return new Response(
    toCsv(
      ['release_id', 'document_id', 'document_title', 'document_sha256', 'page', 'x0', 'y0', 'x1', 'y1', 'exemption', 'exemption_code', 'category', 'detector', 'reason'],
      releaseLog(release).map((r) => [release.id, r.document, r.documentTitle, r.sha256, r.page, ...r.box.map((v) => v.toFixed(1)), r.exemption, r.code, r.category, r.detector, r.reason]),
    ),
  );
};
