/**
 * @module
 * The portal's search index as several Pagefind bundles that the search page
 * merges at query time (Pagefind's multisite `mergeIndex`), so publishing one
 * more release indexes that release, not the whole portal again.
 *
 * Pagefind has no incremental indexing: a bundle is built whole, and one over
 * every page of a large portal costs minutes. One bundle per release would make
 * a search fetch hundreds of bundles. So releases are grouped like a binary
 * counter, oldest first: each new release is a group of its own, and two
 * neighbouring groups of the same rank merge while the result stays within
 * `capPages`. A group's name is the hash of its releases' keys, so a group
 * whose releases did not change keeps its name and its files; publishing one
 * more release builds exactly one group (at most `capPages` pages) and leaves
 * every other bundle as it was. A portal of N pages ends with about
 * N / capPages full groups plus log2 of the rest.
 *
 * ```ts
 * const groups = searchLayout(releases.map((r) => ({ id: r.id, key: keys.get(r.id)!, pages: n(r) })), 4000);
 * await buildSearchBundle(join(site, 'pagefind', groups[0].name), records);
 * ```
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

/** Pages in one merged bundle at most (a single larger release keeps a bundle of its own). */
export const DEFAULT_SEARCH_CAP_PAGES = 4000;

export interface ReleaseForSearch {
  id: string;
  /** Changes whenever anything the release's pages or records show changes (build-site.ts). */
  key: string;
  pages: number;
}

export interface SearchGroup {
  /** Folder under `/pagefind/`: `s-` and 16 hex digits of the hash of its releases' keys. */
  name: string;
  /** Release ids, oldest first. */
  releases: string[];
  pages: number;
  rank: number;
}

/** Groups releases (oldest first) into search bundles; a pure function of the list. */
export function searchLayout(releases: ReleaseForSearch[], capPages = DEFAULT_SEARCH_CAP_PAGES): SearchGroup[] {
  const stack: { releases: ReleaseForSearch[]; pages: number; rank: number }[] = [];
  for (const release of releases) {
    stack.push({ releases: [release], pages: release.pages, rank: 0 });
    while (stack.length >= 2) {
      const [below, top] = stack.slice(-2);
      if (below.rank !== top.rank || below.pages + top.pages > capPages) break;
      stack.splice(-2, 2, { releases: [...below.releases, ...top.releases], pages: below.pages + top.pages, rank: below.rank + 1 });
    }
  }
  return stack.map((g) => ({
    name: `s-${createHash('sha256').update(g.releases.map((r) => `${r.id}:${r.key}`).join('\n')).digest('hex').slice(0, 16)}`,
    releases: g.releases.map((r) => r.id),
    pages: g.pages,
    rank: g.rank,
  }));
}

/** One page as the search index holds it: the page view's URL, its text, what a hit shows, what filters see. */
export interface SearchRecord {
  /** Relative to the site's root, e.g. `/documents/ab12…/page/2/`; the search page adds the base path. */
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** The Pagefind files a search page does not use (its own UIs): not written to the portal. */
const unusedFiles = ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css'];

/**
 * Writes one Pagefind bundle to `outputPath` from records, through Pagefind's Node API
 * (its indexer runs as one child process for the whole publish; `closeSearchIndexer` ends it).
 * English is forced: stemming is the English one, and the page's `lang` is `en`.
 */
export async function buildSearchBundle(outputPath: string, records: AsyncIterable<SearchRecord> | Iterable<SearchRecord>): Promise<Result<{ pages: number }>> {
  const created = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!created.index) return fail('publish.build-failed', `Pagefind could not start an index: ${created.errors.join('; ')}`);
  const index = created.index;
  try {
    let pages = 0;
    let pending: Promise<{ errors: string[] }>[] = [];
    const settle = async () => {
      const errors = (await Promise.all(pending)).flatMap((r) => r.errors);
      pending = [];
      return errors;
    };
    for await (const record of records) {
      pending.push(index.addCustomRecord({ ...record, language: 'en' }));
      pages++;
      // A few hundred requests in flight keep the indexer busy without queueing every page's text at once.
      if (pending.length >= 256) {
        const errors = await settle();
        if (errors.length > 0) return fail('publish.build-failed', `Pagefind refused a page: ${errors[0]}`);
      }
    }
    const errors = await settle();
    if (errors.length > 0) return fail('publish.build-failed', `Pagefind refused a page: ${errors[0]}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) return fail('publish.build-failed', `Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
    await Promise.all(unusedFiles.map((f) => rm(join(outputPath, f), { force: true })));
    return ok({ pages });
  } finally {
    await index.deleteIndex();
  }
}

/** Ends Pagefind's indexer process (started on first use). */
export async function closeSearchIndexer(): Promise<void> {
  await pagefind.close();
}
