/**
 * @module
 * The exemption code shown on each black box, e.g. "(b)(6)", drawn as white
 * vector outlines (not text) so that it reads on the page without adding a
 * second copy of the label to the text layer. The outlines come from Liberation
 * Sans, which pdfjs-dist ships: for printable ASCII, from a table read out of the
 * font once with fontkit and kept beside this module (`label-glyphs.json`), so a
 * release does not load fontkit (about a quarter of a CPU second in every process
 * and thread that writes); a code with any other character loads fontkit and reads
 * the font itself (`prepareLabels`). Nothing is fetched. This is the one module
 * that imports fontkit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from '@pdf-lib/fontkit';
import type { Box } from '../../pipeline/model/types.ts';
import glyphTable from './label-glyphs.json' with { type: 'json' };

/** What a label needs of a font: its em size and, for a code, its glyphs' advances and outlines (font units, y up). */
export interface LabelFont {
  unitsPerEm: number;
  glyphsOf(code: string): LabelGlyph[];
}

export interface LabelGlyph {
  advanceWidth: number;
  commands: { command: string; args: number[] }[];
}

/** The table's form: each character's advance and outline, the outline as "M x y L x y Q cx cy x y Z …". */
export interface GlyphTable {
  font: string;
  unitsPerEm: number;
  glyphs: Record<string, [advanceWidth: number, outline: string]>;
}

const fontPath = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
const commandOf: Record<string, string> = { M: 'moveTo', L: 'lineTo', Q: 'quadraticCurveTo', C: 'bezierCurveTo', Z: 'closePath' };
const letterOf: Record<string, string> = Object.fromEntries(Object.entries(commandOf).map(([k, v]) => [v, k]));

const table = glyphTable as unknown as GlyphTable;
const parsed = new Map<string, LabelGlyph>();

function tableGlyph(c: string): LabelGlyph {
  let glyph = parsed.get(c);
  if (!glyph) {
    const [advanceWidth, outline] = table.glyphs[c];
    const commands: LabelGlyph['commands'] = [];
    for (const token of outline.split(' ').filter(Boolean)) {
      if (token in commandOf) commands.push({ command: commandOf[token], args: [] });
      else commands[commands.length - 1].args.push(Number(token));
    }
    glyph = { advanceWidth, commands };
    parsed.set(c, glyph);
  }
  return glyph;
}

/** Every character of `code` is in the table: its glyphs are the font's one for one (no ligature, checked in label.test.ts). */
function inTable(code: string): boolean {
  for (const c of code) if (!Object.hasOwn(table.glyphs, c)) return false;
  return true;
}

const tableFont: LabelFont = { unitsPerEm: table.unitsPerEm, glyphsOf: (code) => [...code].map(tableGlyph) };

let fontkitFont: Promise<LabelFont> | undefined;

/** Liberation Sans read by fontkit itself (loaded on first use): for codes beyond the table, and to check and make the table. */
export function fontkitLabelFont(): Promise<LabelFont> {
  fontkitFont ??= import('@pdf-lib/fontkit').then((m) => {
    const font = (m.default as unknown as { create(data: Uint8Array): Font }).create(new Uint8Array(readFileSync(fontPath)));
    return {
      unitsPerEm: font.unitsPerEm,
      glyphsOf: (code: string) =>
        font.layout(code).glyphs.map((g) => ({ advanceWidth: g.advanceWidth, commands: (g.path as unknown as { commands: LabelGlyph['commands'] }).commands })),
    };
  });
  return fontkitFont;
}

let loadedFontkit: LabelFont | undefined;

/** Readies the font for these codes: loads fontkit when one has a character the table lacks. Call before laying them out. */
export async function prepareLabels(codes: Iterable<string>): Promise<void> {
  for (const code of codes) {
    if (inTable(code)) continue;
    loadedFontkit ??= await fontkitLabelFont();
    return;
  }
}

function fontFor(code: string): LabelFont {
  if (inTable(code)) return tableFont;
  if (!loadedFontkit) throw new Error(`the label "${code}" has characters beyond the glyph table: call prepareLabels first`);
  return loadedFontkit;
}

/** The table as fontkit reads it out of the font (printable ASCII): what `label-glyphs.json` holds. */
export async function glyphTableFromFont(): Promise<GlyphTable> {
  const font = await fontkitLabelFont();
  const glyphs: GlyphTable['glyphs'] = {};
  for (let code = 0x20; code <= 0x7e; code++) {
    const c = String.fromCharCode(code);
    const [glyph, ...more] = font.glyphsOf(c);
    if (!glyph || more.length) throw new Error(`"${c}" is not one glyph in the font`);
    glyphs[c] = [glyph.advanceWidth, glyph.commands.map((cm) => [letterOf[cm.command], ...cm.args].join(' ')).join(' ')];
  }
  return { font: 'LiberationSans-Regular.ttf (pdfjs-dist standard_fonts)', unitsPerEm: font.unitsPerEm, glyphs };
}

/** Labels smaller than this are left off: the box is too small to read one. */
const MIN_SIZE_PT = 3;
const MAX_SIZE_PT = 9;

export interface LabelLayout {
  size: number;
  /** Left end of the baseline, top-left page points. */
  x: number;
  baseline: number;
  /** Where the label's ink may be; the verifier allows light pixels only here. */
  rect: Box;
}

/** Where a label of `code` sits in `box`, or undefined when it does not fit. */
export function labelLayout(box: Box, code: string, f: LabelFont = fontFor(code)): LabelLayout | undefined {
  const advance = f.glyphsOf(code).reduce((sum, g) => sum + g.advanceWidth, 0) / f.unitsPerEm;
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const size = Math.min(MAX_SIZE_PT, h * 0.7, (w * 0.9) / Math.max(advance, 0.01));
  if (size < MIN_SIZE_PT) return undefined;
  const textWidth = advance * size;
  const x = box[0] + (w - textWidth) / 2;
  // Parentheses reach from about 0.21 below the baseline to 0.73 above it.
  const baseline = (box[1] + box[3]) / 2 + size * 0.26;
  return { size, x, baseline, rect: [x, baseline - size * 0.8, x + textWidth, baseline + size * 0.25] };
}

/**
 * PDF path operators filling the label's glyphs in em units: baseline at y = 0, left
 * end at x = 0, y up. The writer draws it once as a form and places it on every box
 * with the same code, scaled to the layout's size.
 */
export function labelGlyphOperators(code: string, f: LabelFont = fontFor(code)): string {
  const k = 1 / f.unitsPerEm;
  const ops: string[] = [];
  let penX = 0;
  // A thousandth of an em is under a hundredth of a point at the largest label size.
  const n = (v: number) => (Math.round(v * 1000) / 1000).toString();
  for (const glyph of f.glyphsOf(code)) {
    let last: [number, number] = [0, 0];
    const pt = (gx: number, gy: number): [number, number] => [penX + gx * k, gy * k];
    for (const c of glyph.commands) {
      const a = c.args;
      if (c.command === 'moveTo' || c.command === 'lineTo') {
        const p = pt(a[0], a[1]);
        ops.push(`${n(p[0])} ${n(p[1])} ${c.command === 'moveTo' ? 'm' : 'l'}`);
        last = [a[0], a[1]];
      } else if (c.command === 'quadraticCurveTo') {
        // Raise the quadratic to a cubic: control points 2/3 of the way to the quadratic's.
        const c1 = pt(last[0] + ((a[0] - last[0]) * 2) / 3, last[1] + ((a[1] - last[1]) * 2) / 3);
        const c2 = pt(a[2] + ((a[0] - a[2]) * 2) / 3, a[3] + ((a[1] - a[3]) * 2) / 3);
        const p = pt(a[2], a[3]);
        ops.push(`${n(c1[0])} ${n(c1[1])} ${n(c2[0])} ${n(c2[1])} ${n(p[0])} ${n(p[1])} c`);
        last = [a[2], a[3]];
      } else if (c.command === 'bezierCurveTo') {
        const c1 = pt(a[0], a[1]);
        const c2 = pt(a[2], a[3]);
        const p = pt(a[4], a[5]);
        ops.push(`${n(c1[0])} ${n(c1[1])} ${n(c2[0])} ${n(c2[1])} ${n(p[0])} ${n(p[1])} c`);
        last = [a[4], a[5]];
      } else if (c.command === 'closePath') {
        ops.push('h');
      }
    }
    penX += glyph.advanceWidth * k;
  }
  return ops.length ? `1 g\n${ops.join('\n')}\nf\n` : '';
}

/** The label's extent in em units, for the form's bounding box. */
export function labelEmBox(code: string, f: LabelFont = fontFor(code)): Box {
  const advance = f.glyphsOf(code).reduce((sum, g) => sum + g.advanceWidth, 0) / f.unitsPerEm;
  return [-0.1, -0.35, advance + 0.1, 1.05];
}
