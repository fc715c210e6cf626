/**
 * @module
 * Content of a PDF that is not drawn on its pages but that any reader of the
 * file can open: annotations (comments, links, highlight and unapplied Redact
 * annotations), filled form fields, attached files, bookmarks, the Info and XMP
 * metadata, and scripts. Read through the pdf.js adapter's document proxy.
 */
import { rectToTopLeft } from '../../pipeline/extract/pdfjs.ts';
import type { PdfHandle } from '../../pipeline/extract/pdfjs.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { inflateAll, namesPresent } from '../verify/structure.ts';

export type ContentKind = 'annotation' | 'form-field' | 'attachment' | 'bookmark' | 'metadata' | 'javascript' | 'revision';

export interface HiddenItem {
  kind: ContentKind;
  page?: number;
  /** What it says (for staff only: it is what may leak). */
  text: string;
  why: string;
  /** Where an annotation sits on its page (top-left points). */
  box?: Box;
  /** An unapplied Redact annotation: someone marked this area for removal. */
  redactMark?: boolean;
}

export async function documentContent(handle: PdfHandle, bytes: Uint8Array): Promise<HiddenItem[]> {
  const items: HiddenItem[] = [];
  const doc = handle.proxy;
  for (let n = 1; n <= handle.pageCount; n++) {
    const page = await handle.page(n);
    const annotations = await handle.readOr(page.proxy.getAnnotations(), [] as unknown[]);
    for (const a of annotations as Record<string, unknown>[]) {
      const subtype = String(a.subtype ?? 'Unknown');
      const parts = [str(a.contentsObj), str(a.titleObj), typeof a.url === 'string' ? a.url : '', typeof a.fieldValue === 'string' ? a.fieldValue : '', str(a.overlayText)].filter(Boolean);
      if (subtype === 'Link' && parts.length === 0) continue;
      const why =
        subtype === 'Redact'
          ? 'Redact annotation that was never applied: the text under it is still in the page'
          : subtype === 'Widget'
            ? 'form field widget'
            : `${subtype} annotation`;
      const box = rectToTopLeft(a.rect, page.toTopLeft);
      items.push({ kind: subtype === 'Widget' ? 'form-field' : 'annotation', page: n, text: parts.join(' — '), why, ...(box ? { box } : {}), ...(subtype === 'Redact' ? { redactMark: true } : {}) });
    }
  }
  const fields = await handle.readOr(doc.getFieldObjects(), null);
  for (const [name, objects] of entries(fields)) {
    for (const o of (objects as Record<string, unknown>[]) ?? []) {
      const value = o.value ?? o.defaultValue;
      if (typeof value === 'string' && value.trim()) items.push({ kind: 'form-field', text: `${name}: ${value}`, why: 'filled form field (AcroForm /V)' });
    }
  }
  const attachments = await handle.readOr(doc.getAttachments(), null);
  for (const [name, a] of entries(attachments)) {
    const filename = (a as { filename?: string }).filename ?? name;
    items.push({ kind: 'attachment', text: filename, why: 'attached file' });
  }
  const outline = await handle.readOr(doc.getOutline(), null);
  const walk = (nodes: { title: string; items: unknown[] }[] | null) => {
    for (const node of nodes ?? []) {
      items.push({ kind: 'bookmark', text: node.title, why: 'bookmark (outline entry)' });
      walk(node.items as { title: string; items: unknown[] }[]);
    }
  };
  walk(outline as { title: string; items: unknown[] }[] | null);
  const meta = await handle.readOr(doc.getMetadata(), undefined);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator']) {
    if (typeof info[key] === 'string' && (info[key] as string).trim()) items.push({ kind: 'metadata', text: `${key}: ${info[key]}`, why: `Info /${key}` });
  }
  for (const [key, value] of Object.entries((info.Custom as Record<string, unknown>) ?? {})) {
    items.push({ kind: 'metadata', text: `${key}: ${String(value)}`, why: `custom Info key /${key}` });
  }
  const xmp = meta?.metadata as { getAll?: () => Record<string, unknown> } | null | undefined;
  if (xmp?.getAll) {
    const values = Object.entries(xmp.getAll()).filter(([, v]) => String(v ?? '').trim());
    if (values.length) items.push({ kind: 'metadata', text: values.map(([k, v]) => `${k}: ${String(v)}`).join('; '), why: 'XMP metadata' });
  }
  const view = inflateAll(bytes);
  for (const name of namesPresent(view)) {
    if (name.name === 'JavaScript' || name.name === 'JS') {
      const code = /\/JS\s*\(((?:\\.|[^\\)])*)\)/.exec(view.text)?.[1] ?? '';
      items.push({ kind: 'javascript', text: code.slice(0, 500), why: 'document JavaScript' });
      break;
    }
  }
  const eofs = view.text.match(/%%EOF/g)?.length ?? 0;
  if (/\/Prev\s+\d+/.test(view.text) && !/\/Linearized\s/.test(view.text.slice(0, 2048))) {
    items.push({ kind: 'revision', text: `${eofs} revisions`, why: 'incremental updates: earlier versions of the pages are still in the file' });
  }
  return items;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'str' in v && typeof (v as { str: unknown }).str === 'string') return (v as { str: string }).str;
  return '';
}

function entries(v: unknown): [string, unknown][] {
  if (!v) return [];
  if (v instanceof Map) return [...v.entries()];
  return Object.entries(v as Record<string, unknown>);
}
