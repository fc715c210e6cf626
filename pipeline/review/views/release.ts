/**
 * @module
 * The release page: the PDF as it will be published (a preview rebuilt and
 * verified from the current decisions, or the approved artifact), page by
 * page, with the verifier's checks and the SHA-256, and (for a preview) the
 * Approve button with the reasons it is disabled, so an approver signs what
 * they have just looked at.
 */
import { html } from 'hono/html';
import { can } from '../auth/roles.ts';
import type { Changes } from '../changes.ts';
import type { Release } from '../preview.ts';
import { changesPanel } from './document.ts';
import { csrfField, layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export interface ReleaseView {
  id: string;
  fileName: string;
  release: Release;
  pageCount: number;
  blockers: string[];
  open: boolean;
  /** What others did since this viewer last looked at the document. */
  changes?: Changes;
}

export function releasePage(viewer: Viewer, view: ReleaseView): Html {
  const { release } = view;
  const base = `/documents/${view.id}/${release.kind === 'preview' ? 'preview' : 'release'}`;
  const title = release.kind === 'preview' ? `Preview of the release of ${view.fileName}` : `The approved release of ${view.fileName}`;
  const count = (status: string) => release.checks.filter((c) => c.status === status).length;
  const blocked = view.blockers.length > 0;
  return layout(
    title,
    viewer,
    html`<p><a href="/documents/${view.id}">Back to the review of ${view.fileName}</a></p>
<h1>${title}</h1>
${changesPanel(view.id, view.changes)}
${release.pdf
  ? html`<p class="notice" role="status">${release.kind === 'preview' ? 'Rebuilt from the decisions as they stand now and verified: this is what approving now would publish.' : 'These are the exact bytes the approval signed and the portal will publish.'}
  ${release.accepted} redaction${release.accepted === 1 ? '' : 's'} removed; verification: ${count('pass')} check${count('pass') === 1 ? '' : 's'} passed${count('skipped') ? `, ${count('skipped')} skipped (tool not installed)` : ''}${count('fail') ? `, ${count('fail')} failed` : ''}. SHA-256 <code>${release.sha256}</code>.</p>
<p><a href="${base}.pdf" download>Download this PDF</a></p>
${release.checks.length ? html`<details class="checks"><summary>Verification checks</summary><ul>${release.checks.map((c) => html`<li class="check-${c.status}"><strong>${c.status}</strong> ${c.id}: ${c.detail}</li>`)}</ul></details>` : ''}`
  : html`<p class="error" role="alert">No release could be built from the current decisions, so approving now would be refused: ${release.problem?.message ?? 'unknown reason'} (${release.problem?.code ?? ''})</p>`}
${release.kind === 'preview' && view.open && can(viewer.role, 'sign')
  ? html`<section class="panel sign" aria-labelledby="sign-h"><h2 id="sign-h">Sign off</h2>
${blocked ? html`<ul class="blockers" id="blockers">${view.blockers.map((b) => html`<li>${b}</li>`)}</ul>` : ''}
<form method="post" action="/documents/${view.id}/approve">${csrfField(viewer)}<button type="submit" class="primary" data-role="approve"${blocked || !release.pdf ? html` disabled${blocked ? html` aria-describedby="blockers"` : ''}` : ''}>Approve for release</button></form></section>`
  : ''}
${release.pdf
  ? html`<section class="release-pages" aria-label="Pages of the release">${Array.from({ length: view.pageCount }, (_, i) => i + 1).map(
      (n) => html`<figure class="page"><img src="${base}/pages/${n}.png" alt="Page ${n} of ${view.pageCount} of the release, with the redacted parts blacked out"${n > 2 ? ' loading="lazy"' : ''}><figcaption>Page ${n}</figcaption></figure>`,
    )}</section>`
  : ''}`,
  );
}
