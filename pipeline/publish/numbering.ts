/**
 * @module
 * Public numbers for releases ("2026-0001") and for documents inside a release
 * (1, 2, …). A number, once published, stays with its release or document: the
 * previous bundle says which key holds which number; new ones continue the
 * sequence in order of publication. With no previous bundle the numbers come out
 * the same, because they follow the publication dates.
 */
import type { Bundle } from './bundle.ts';

export interface Numbered {
  releaseKey: string;
  /** ISO date-time the release was first published. */
  releaseDate: string;
  documentKey: string;
  /** ISO date-time the document was first published. */
  publishedAt: string;
}

export interface Numbers {
  /** Release key → its public id ("2026-0001"). */
  releases: Map<string, string>;
  /** Document key → its number in its release. */
  documents: Map<string, number>;
}

export function assignNumbers(items: readonly Numbered[], previous: Bundle | undefined): Numbers {
  const releases = new Map<string, string>();
  const documents = new Map<string, number>();
  const lastOfYear = new Map<string, number>();
  const lastOfRelease = new Map<string, number>();
  const taken = (id: string) => {
    const [y, n] = id.split('-');
    lastOfYear.set(y, Math.max(lastOfYear.get(y) ?? 0, Number(n)));
  };
  for (const r of previous?.releases ?? []) {
    if (!/^\d{4}-\d{4,}$/.test(r.id) || !r.key) continue;
    releases.set(r.key, r.id);
    taken(r.id);
    for (const d of r.documents) {
      documents.set(d.key, d.number);
      lastOfRelease.set(r.key, Math.max(lastOfRelease.get(r.key) ?? 0, d.number));
    }
  }
  const byDate = [...items].sort((a, b) => a.releaseDate.localeCompare(b.releaseDate) || a.releaseKey.localeCompare(b.releaseKey));
  for (const item of byDate) {
    if (releases.has(item.releaseKey)) continue;
    const y = item.releaseDate.slice(0, 4);
    const n = (lastOfYear.get(y) ?? 0) + 1;
    lastOfYear.set(y, n);
    releases.set(item.releaseKey, `${y}-${String(n).padStart(4, '0')}`);
  }
  const byPublication = [...items].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.documentKey.localeCompare(b.documentKey));
  for (const item of byPublication) {
    if (documents.has(item.documentKey)) continue;
    const n = (lastOfRelease.get(item.releaseKey) ?? 0) + 1;
    lastOfRelease.set(item.releaseKey, n);
    documents.set(item.documentKey, n);
  }
  return { releases, documents };
}
