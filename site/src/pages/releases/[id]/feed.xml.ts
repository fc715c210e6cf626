import type { APIRoute, GetStaticPaths } from 'astro';
import { atomFeed } from '../../../lib/atom.ts';
import type { BundleRelease } from '../../../lib/bundle.ts';
import { plural, releasesToBuild } from '../../../lib/bundle.ts';

export const getStaticPaths: GetStaticPaths = () => releasesToBuild().map((release) => ({ params: { id: release.id }, props: { release } }));

/** A release's feed: one entry per document, so a follower hears of each one added to it. */
export const GET: APIRoute = ({ props }) => {
  const { release } = props as { release: BundleRelease };
  return atomFeed({
    title: `${release.title}: documents`,
    selfPath: `/releases/${release.id}/feed.xml`,
    alternatePath: `/releases/${release.id}/`,
    entries: release.documents.map((d) => ({
      title: d.title,
      path: `/documents/${d.id}/`,
      updated: d.publishedAt,
      summary: `${d.description ? `${d.description} ` : ''}${plural(d.pageCount, 'page')}, ${plural(d.redactions.length, 'withheld area')}; SHA-256 ${d.sha256}.`,
    })),
  });
};
