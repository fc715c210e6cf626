/**
 * @module
 * A document's history for everyone who works on it: a timeline, oldest first,
 * of who decided, drew, undid, claimed, sent back and approved what, with the
 * point where the viewer last acted marked, so "what changed since I looked"
 * is the part below that line.
 */
import { html } from 'hono/html';
import type { AuditLine } from '../history.ts';
import { auditLine } from './audit.ts';
import { layout } from './layout.ts';
import type { Html, Viewer } from './layout.ts';

export function historyPage(
  viewer: Viewer,
  doc: { id: string; fileName: string },
  history: { lines: AuditLine[]; chain: { ok: true; entries: number } | { ok: false; message: string } },
  look?: { seq: number; at: string },
): Html {
  const { lines, chain } = history;
  // Where the viewer last opened the document page: what follows is what "changed since you last looked" lists.
  const news = look ? lines.findIndex((l) => l.seq > look.seq) : -1;
  const mine = lines.map((l) => l.actor).lastIndexOf(viewer.name);
  const since = mine >= 0 ? lines.length - 1 - mine : 0;
  return layout(
    `History of ${doc.fileName}`,
    viewer,
    html`<p><a href="/documents/${doc.id}">Back to ${doc.fileName}</a></p>
<h1>History of ${doc.fileName}</h1>
${chain.ok
  ? html`<p class="notice" role="status">This document's audit chain verifies (${chain.entries} keyed entr${chain.entries === 1 ? 'y' : 'ies'}).</p>`
  : html`<p class="error" role="alert">This document's audit chain does not verify: ${chain.message}</p>`}
<p>${mine >= 0 ? `${since} change${since === 1 ? '' : 's'} by others since your last action (marked below).` : 'You have not acted on this document yet.'}</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="History table">
<table class="audit history">
<caption>${lines.length} entr${lines.length === 1 ? 'y' : 'ies'}, oldest first</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Entry</th></tr></thead>
<tbody>${lines.map((l, i) => html`${i === news ? html`<tr class="since"><td colspan="4">You last looked at the document at ${look!.at.slice(0, 16).replace('T', ' ')} UTC; what follows is new since.</td></tr>` : ''}${auditLine(l, false)}${i === mine && i < lines.length - 1 ? html`<tr class="since"><td colspan="4">Your last action; what follows happened since.</td></tr>` : ''}`)}</tbody>
</table>
</div>`,
  );
}
