/**
 * @module
 * Pass-through: copies a page of a source PDF (the original, or PDFium's edited
 * copy of it) into the NEW release document with its vector content, fonts and
 * images, and nothing around it. The page dictionary is rebuilt from a short list
 * of keys (no annotations, actions, thumbnails, structure parents, private data);
 * its resources are cut down to the names its content streams use, form by form,
 * so a shared resource dictionary cannot carry another page's images or forms into
 * the release; and every copied object loses the keys that can hold metadata,
 * actions or attachments. Only objects reachable from the rebuilt page are copied:
 * the release has no unused objects and one revision.
 *
 * Part of the writer's pdf-lib adapter (see pdf.ts).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFObjectCopier, PDFPage, PDFPageLeaf, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';
import { namesInContent } from './content-names.ts';

/** Keys that can carry metadata, actions, attachments or links to removed structure; dropped from every copied object. */
const DROPPED_KEYS = ['Metadata', 'PieceInfo', 'StructParent', 'StructParents', 'AA', 'A', 'OPI', 'Thumb', 'B', 'AF', 'LastModified', 'SeparationInfo', 'Annots', 'ID', 'OC', 'Alternates'].map((k) => PDFName.of(k));

const RESOURCE_KINDS = ['Font', 'XObject', 'ExtGState', 'ColorSpace', 'Pattern', 'Shading', 'Properties'];

export type CopyOutcome = { ok: true; page: PDFPage } | { ok: false; reason: string };

/** A source document pages are copied out of; copied objects are shared between its pages. */
export class CopySource {
  readonly doc: PDFDocument;
  private readonly copiers = new Map<PDFDocument, PDFObjectCopier>();
  /** Per target document, the copied objects already stripped: pages share fonts and forms, walked once. */
  private readonly stripped = new Map<PDFDocument, Set<PDFObject>>();
  /** Forms whose resources were already cut down (a form is cut once, for every page that draws it). */
  private readonly prunedForms = new Map<PDFStream, string | undefined>();

  private constructor(doc: PDFDocument) {
    this.doc = doc;
  }

  /** Undefined when pdf-lib cannot parse the file or it is encrypted (its streams cannot be read). */
  static async open(bytes: Uint8Array): Promise<CopySource | undefined> {
    try {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
      if (doc.isEncrypted) return undefined;
      return new CopySource(doc);
    } catch {
      return undefined;
    }
  }

  /** The visible part of page `index` (crop box within media box) in user space: pdf.js measures top-left coordinates from it. */
  viewBox(index: number): [number, number, number, number] {
    return visibleBox(this.doc.getPage(index));
  }

  /** Page `index` as displayed (top-left points, its /Rotate applied) to its user space. */
  displayToUser(index: number): DisplayMap {
    return displayMap(this.doc.getPage(index));
  }

  /**
   * Why copying page `index` would change what it shows: annotations that draw
   * something (a stamp, a filled form field, a note's icon) are dropped by the copy,
   * so such a page is rebuilt as drawn instead. Links and pop-ups draw nothing.
   */
  shownAnnotations(index: number): string | undefined {
    const annots = this.doc.getPage(index).node.Annots();
    if (!annots) return undefined;
    const kinds = new Set<string>();
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookup(i);
      if (!(annot instanceof PDFDict)) continue;
      const subtype = annot.lookup(PDFName.of('Subtype'));
      const kind = subtype instanceof PDFName ? subtype.decodeText() : '?';
      const flags = annot.lookup(PDFName.of('F'));
      const hidden = flags && 'asNumber' in flags ? ((flags as unknown as { asNumber(): number }).asNumber() & 2) !== 0 : false;
      if (kind === 'Link' || kind === 'Popup' || hidden || (!annot.get(PDFName.of('AP')) && kind !== 'Widget')) continue;
      kinds.add(kind);
    }
    return kinds.size ? `annotations drawn on the page (${[...kinds].join(', ')}) are burned in as the reader saw them` : undefined;
  }

  /**
   * Whether page `index` draws text in a Type3 font (its own page resources or a
   * form's): Type3 glyphs are small content streams whose ink need not match their
   * declared box, so the glyph test the surgical path relies on proves nothing there.
   */
  usesType3(index: number): boolean {
    const seen = new Set<PDFDict>();
    const visit = (resources: PDFObject | undefined, depth: number): boolean => {
      if (!(resources instanceof PDFDict) || seen.has(resources) || depth > 12) return false;
      seen.add(resources);
      const fonts = resources.lookup(PDFName.of('Font'));
      if (fonts instanceof PDFDict) {
        for (const [, ref] of fonts.entries()) {
          const font = ref instanceof PDFRef ? this.doc.context.lookup(ref) : ref;
          if (font instanceof PDFDict && font.get(PDFName.of('Subtype')) === PDFName.of('Type3')) return true;
        }
      }
      const xobjects = resources.lookup(PDFName.of('XObject'));
      if (xobjects instanceof PDFDict) {
        for (const [, ref] of xobjects.entries()) {
          const x = ref instanceof PDFRef ? this.doc.context.lookup(ref) : ref;
          if (x instanceof PDFStream && x.dict.get(PDFName.of('Subtype')) === PDFName.of('Form') && visit(x.dict.lookup(PDFName.of('Resources')), depth + 1)) return true;
        }
      }
      return false;
    };
    return visit(this.doc.getPage(index).node.Resources(), 0);
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  /** Adds a sanitised copy of page `index` (0-based) at the end of `into`. */
  copyPage(index: number, into: PDFDocument): CopyOutcome {
    const ctx = this.doc.context;
    const leaf = this.doc.getPage(index).node;
    const contents = contentStreams(leaf.Contents(), ctx.lookup.bind(ctx));
    if (!contents) return { ok: false, reason: 'the page content is not a stream the copier can read' };
    let names: Set<string>;
    try {
      names = new Set(contents.flatMap((s) => [...namesInContent(decoded(s))]));
    } catch (error) {
      return { ok: false, reason: `a content stream cannot be decoded (${(error as Error).message})` };
    }
    if (names.has('OC')) return { ok: false, reason: 'the page uses optional content (layers)' };
    const resources = leaf.Resources();
    const pruned = resources ? this.pruneResources(resources, names) : { dict: ctx.obj({}) as PDFDict };
    if ('reason' in pruned) return { ok: false, reason: pruned.reason };

    const page = ctx.obj({}) as PDFDict;
    page.set(PDFName.of('Type'), PDFName.of('Page'));
    page.set(PDFName.of('MediaBox'), leaf.MediaBox());
    const crop = leaf.CropBox();
    if (crop) page.set(PDFName.of('CropBox'), crop);
    const rotate = leaf.Rotate();
    if (rotate) page.set(PDFName.of('Rotate'), rotate);
    page.set(PDFName.of('Resources'), pruned.dict);
    const rawContents = leaf.get(PDFName.of('Contents'));
    if (rawContents) page.set(PDFName.of('Contents'), rawContents);
    const group = leaf.get(PDFName.of('Group'));
    if (group) page.set(PDFName.of('Group'), group);

    let copier = this.copiers.get(into);
    if (!copier) this.copiers.set(into, (copier = PDFObjectCopier.for(ctx, into.context)));
    const copied = copier.copy(page) as PDFDict;
    const newLeaf = PDFPageLeaf.fromMapWithContext(new Map(copied.entries()), into.context);
    const ref = into.context.register(newLeaf);
    const added = PDFPage.of(newLeaf, ref, into);
    into.addPage(added);
    let stripped = this.stripped.get(into);
    if (!stripped) this.stripped.set(into, (stripped = new Set()));
    stripKeys(newLeaf, into.context.lookup.bind(into.context), stripped);
    return { ok: true, page: added };
  }

  /**
   * A new resource dictionary holding only the entries named in `names`; each form
   * XObject kept gets its own resources cut down to what its content names.
   */
  private pruneResources(resources: PDFDict, names: Set<string>, depth = 0): { dict: PDFDict } | { reason: string } {
    const ctx = this.doc.context;
    if (depth > 12) return { reason: 'forms nest deeper than the copier follows' };
    const out = ctx.obj({}) as PDFDict;
    const procSet = resources.get(PDFName.of('ProcSet'));
    if (procSet) out.set(PDFName.of('ProcSet'), procSet);
    for (const kind of RESOURCE_KINDS) {
      const group = resources.lookup(PDFName.of(kind));
      if (!(group instanceof PDFDict)) continue;
      const kept = ctx.obj({}) as PDFDict;
      for (const [key, value] of group.entries()) {
        if (!names.has(key.decodeText())) continue;
        if (kind === 'Properties') return { reason: 'the page names marked-content properties (possibly optional content)' };
        if (kind === 'XObject') {
          const xobject = value instanceof PDFRef ? ctx.lookup(value) : value;
          if (xobject instanceof PDFStream) {
            if (xobject.dict.get(PDFName.of('OC'))) return { reason: 'an image or form is optional content (a layer)' };
            if (xobject.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) {
              const reason = this.pruneForm(xobject, depth);
              if (reason) return { reason };
            }
          }
        }
        kept.set(key, value);
      }
      out.set(PDFName.of(kind), kept);
    }
    return { dict: out };
  }

  private pruneForm(form: PDFStream, depth: number): string | undefined {
    if (this.prunedForms.has(form)) return this.prunedForms.get(form);
    this.prunedForms.set(form, undefined);
    let reason: string | undefined;
    try {
      const names = namesInContent(decoded(form));
      if (names.has('OC')) reason = 'a form uses optional content (layers)';
      else {
        const resources = form.dict.lookup(PDFName.of('Resources'));
        if (resources instanceof PDFDict) {
          const pruned = this.pruneResources(resources, names, depth + 1);
          if ('reason' in pruned) reason = pruned.reason;
          else form.dict.set(PDFName.of('Resources'), pruned.dict);
        }
      }
    } catch (error) {
      reason = `a form's content cannot be decoded (${(error as Error).message})`;
    }
    this.prunedForms.set(form, reason);
    return reason;
  }
}

/**
 * How a page as displayed (top-left origin, y down, its /Rotate applied, in points) maps
 * to its user space: `matrix` [a, b, c, d, e, f] gives x' = a·x + c·y + e, y' = b·x + d·y + f;
 * `width` and `height` are the displayed page's.
 */
export interface DisplayMap {
  matrix: [number, number, number, number, number, number];
  width: number;
  height: number;
  /** A displayed box as [left, bottom, right, top] in user space. */
  box(b: readonly [number, number, number, number]): [number, number, number, number];
}

export function displayMap(page: PDFPage): DisplayMap {
  const [x0, y0, x1, y1] = visibleBox(page);
  const turn = (((page.getRotation().angle % 360) + 360) % 360) / 90;
  // Each quarter turn clockwise on screen: which corner of the view shows at the top left, and how the axes run from it.
  const matrix = ([[1, 0, 0, -1, x0, y1], [0, 1, 1, 0, x0, y0], [-1, 0, 0, 1, x1, y0], [0, -1, -1, 0, x1, y1]] as const)[Math.round(turn) % 4];
  const [a, b, c, d, e, f] = matrix;
  const odd = Math.round(turn) % 2 === 1;
  return {
    matrix: [a, b, c, d, e, f],
    width: odd ? y1 - y0 : x1 - x0,
    height: odd ? x1 - x0 : y1 - y0,
    box: ([bx0, by0, bx1, by1]) => {
      const xs = [a * bx0 + c * by0 + e, a * bx1 + c * by1 + e];
      const ys = [b * bx0 + d * by0 + f, b * bx1 + d * by1 + f];
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    },
  };
}

export function visibleBox(page: PDFPage): [number, number, number, number] {
  const m = page.getMediaBox();
  const c = page.getCropBox();
  const x0 = Math.max(m.x, c.x);
  const y0 = Math.max(m.y, c.y);
  return [x0, y0, Math.max(x0, Math.min(m.x + m.width, c.x + c.width)), Math.max(y0, Math.min(m.y + m.height, c.y + c.height))];
}

function contentStreams(contents: PDFObject | undefined, lookup: (o: PDFObject) => PDFObject | undefined): PDFStream[] | undefined {
  if (contents === undefined) return [];
  const value = contents instanceof PDFRef ? lookup(contents) : contents;
  if (value instanceof PDFStream) return [value];
  if (value instanceof PDFArray) {
    const streams: PDFStream[] = [];
    for (let i = 0; i < value.size(); i++) {
      const s = value.lookup(i);
      if (!(s instanceof PDFStream)) return undefined;
      streams.push(s);
    }
    return streams;
  }
  return undefined;
}

function decoded(stream: PDFStream): Uint8Array {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  return stream.getContents();
}

/**
 * Removes DROPPED_KEYS from every dictionary reachable from `root` (in the release document).
 * Objects in `seen` were stripped with all they reach before (copied objects never change after), so the walk stops there.
 */
function stripKeys(root: PDFObject, lookup: (ref: PDFRef) => PDFObject | undefined, seen: Set<PDFObject>): void {
  const stack: PDFObject[] = [root];
  while (stack.length) {
    const obj = stack.pop()!;
    if (seen.has(obj)) continue;
    seen.add(obj);
    if (obj instanceof PDFRef) {
      const target = lookup(obj);
      if (target) stack.push(target);
    } else if (obj instanceof PDFDict || obj instanceof PDFStream) {
      const dict = obj instanceof PDFStream ? obj.dict : obj;
      for (const key of DROPPED_KEYS) dict.delete(key);
      for (const [, value] of dict.entries()) stack.push(value);
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) stack.push(obj.get(i));
    }
  }
}
