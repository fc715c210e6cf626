/**
 * @module
 * The ingest audit: what an extractor can read in a PDF that a reader of the
 * page cannot see. Text-layer words whose glyphs do not show (under an opaque
 * box or image from an earlier failed redaction, white text, render mode 3,
 * outside the page) and content off the page (annotations, form fields,
 * attachments, bookmarks, metadata, scripts, earlier revisions). Everything is
 * reported as findings of category `hidden-content`; hidden words are also
 * returned as boxes so the writer leaves them out of the release's text layer.
 *
 * ```ts
 * const audit = await auditInput({ bytes, fileName }, document, policy);
 * if (audit.ok) console.log(audit.value.hiddenWords.length, 'hidden words');
 * ```
 */
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { documentText } from '../../pipeline/model/document-text.ts';
import { ok } from '../../pipeline/problems.ts';
import type { Result } from '../../pipeline/problems.ts';
import type { Action, Document, Finding, PageBox } from '../../pipeline/model/types.ts';
import type { Policy } from '../policy/types.ts';
import { documentContent } from './document-content.ts';
import type { HiddenItem } from './document-content.ts';
import { pageVisibility } from './glyph-visibility.ts';
import type { HiddenHow } from './glyph-visibility.ts';
import { hiddenUnderDrawing } from './overdraw.ts';

/** The category key; the policy decides its action (see `hiddenContentRule`). */
export const HIDDEN_CONTENT = 'hidden-content';

/** The render the visibility check reads: enough to see a 6 pt glyph, cheap to scan. */
export const AUDIT_DPI = 150;

export interface HiddenWord extends PageBox {
  text: string;
  how: HiddenHow;
}

export interface AuditReport {
  file: string;
  hiddenWords: HiddenWord[];
  items: HiddenItem[];
  findings: Finding[];
}

const howText: Record<HiddenHow, string> = {
  'under-dark-shape': 'text under an opaque dark shape (a failed redaction?)',
  'no-visible-ink': 'text that draws no visible ink (white, invisible or covered by a light shape)',
  'too-small': 'text too small to read (a font of a point or two)',
  'outside-page': 'text outside the visible page',
  overdrawn: 'text drawn over by other text that shows instead (corrected text typed over a white box?)',
};

/**
 * The policy's rule for hidden content. Policies without one (the built-in ones, so far) get
 * `review` under the exemption they use for personal names, the most common hidden text.
 */
export function hiddenContentRule(policy?: Pick<Policy, 'categories' | 'exemptions'>): { action: Action; exemption: string } {
  const categories = policy?.categories as Record<string, { action: Action; exemption: string }> | undefined;
  const rule = categories?.[HIDDEN_CONTENT];
  return rule ?? { action: 'review', exemption: categories?.['personal.name']?.exemption ?? Object.keys(policy?.exemptions ?? {})[0] ?? 'hidden' };
}

export interface AuditOptions {
  /**
   * Render each page and look for every word's glyphs (default true). `redactFile` turns it
   * off: the writer makes the same check on the render it makes anyway. Words drawn over
   * other words are judged either way (`hiddenUnderDrawing`).
   */
  words?: boolean;
}

export async function auditInput(
  source: { bytes: Uint8Array; fileName: string },
  document: Document,
  policy?: Pick<Policy, 'categories' | 'exemptions'>,
  options: AuditOptions = {},
): Promise<Result<AuditReport>> {
  const file = source.fileName;
  if (document.mediaType !== 'application/pdf') return ok({ file, hiddenWords: [], items: [], findings: [] });
  const opened = await openPdf(source.bytes, file);
  if (!opened.ok) return opened;
  const handle = opened.value;
  const hiddenWords: HiddenWord[] = [];
  let items: HiddenItem[];
  try {
    for (const page of document.pages) {
      if (options.words === false || page.source !== 'text' || page.words.length === 0) continue;
      const pdfPage = await handle.page(page.number);
      // Annotations are drawn: an opaque annotation over text hides it as a box would.
      const image = await pdfPage.render(AUDIT_DPI, { withAnnotations: true });
      for (const v of pageVisibility(image, page.words, page)) {
        if (v.how) hiddenWords.push({ page: page.number, box: v.word.box, text: v.word.text, how: v.how });
      }
    }
    items = await documentContent(handle, source.bytes);
    // Words drawn over by other words: ink cannot tell which shows, so this runs even when `words` is off.
    for (const { page, word } of await hiddenUnderDrawing(source.bytes, document)) {
      if (!hiddenWords.some((h) => h.page === page && h.box === word.box)) hiddenWords.push({ page, box: word.box, text: word.text, how: 'overdrawn' });
    }
  } finally {
    await handle.close();
  }
  return ok({ file, hiddenWords, items, findings: toFindings(document, hiddenWords, items, hiddenContentRule(policy)) });
}

export function toFindings(document: Document, words: HiddenWord[], items: HiddenItem[], rule: { action: Action; exemption: string }): Finding[] {
  const dt = documentText(document);
  const base = { detector: 'audit', category: HIDDEN_CONTENT, exemption: rule.exemption, action: rule.action, score: 1 };
  const findings: Finding[] = [];
  for (const w of words) {
    const page = document.pages[w.page - 1];
    const word = page.words.find((x) => x.box === w.box);
    if (!word) continue;
    const start = dt.pageStarts[w.page - 1] + word.start;
    findings.push({ ...base, id: `audit:${w.page}:${word.start}`, text: w.text, why: [howText[w.how]], start, end: start + (word.end - word.start), boxes: [{ page: w.page, box: w.box }] });
  }
  items.forEach((item, i) => {
    // Not page text, so no offsets. Only an unapplied Redact annotation gets a box: it marks
    // an area someone meant to remove; other items are simply never copied.
    const boxes = item.redactMark && item.page && item.box ? [{ page: item.page, box: item.box }] : [];
    findings.push({ ...base, id: `audit:${item.kind}:${i}`, text: item.text, why: [item.why, ...(item.page ? [`page ${item.page}`] : [])], start: 0, end: 0, boxes });
  });
  return findings;
}
