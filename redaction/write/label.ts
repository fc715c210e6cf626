/**
 * @module
 * The exemption code shown on each black box, e.g. "(b)(6)", drawn as white
 * vector outlines (not text) so that it reads on the page without adding a
 * second copy of the label to the text layer. The outlines come from Liberation
 * Sans, which pdfjs-dist ships, read with fontkit: nothing is fetched.
 * This is the one module that imports fontkit.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkitModule from '@pdf-lib/fontkit';
import type { Font } from '@pdf-lib/fontkit';

const fontkit = fontkitModule as unknown as { create(data: Uint8Array): Font };
import type { Box } from '../../pipeline/model/types.ts';

const fontPath = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts', 'LiberationSans-Regular.ttf');
let font: Font | undefined;
function labelFont(): Font {
  font ??= fontkit.create(new Uint8Array(readFileSync(fontPath)));
  return font;
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
export function labelLayout(box: Box, code: string): LabelLayout | undefined {
  const f = labelFont();
  const run = f.layout(code);
  const advance = run.glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) / f.unitsPerEm;
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
export function labelGlyphOperators(code: string): string {
  const f = labelFont();
  const k = 1 / f.unitsPerEm;
  const ops: string[] = [];
  let penX = 0;
  // A thousandth of an em is under a hundredth of a point at the largest label size.
  const n = (v: number) => (Math.round(v * 1000) / 1000).toString();
  for (const glyph of f.layout(code).glyphs) {
    let last: [number, number] = [0, 0];
    const pt = (gx: number, gy: number): [number, number] => [penX + gx * k, gy * k];
    for (const c of (glyph.path as unknown as { commands: { command: string; args: number[] }[] }).commands) {
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
export function labelEmBox(code: string): Box {
  const f = labelFont();
  const advance = f.layout(code).glyphs.reduce((sum, g) => sum + g.advanceWidth, 0) / f.unitsPerEm;
  return [-0.1, -0.35, advance + 0.1, 1.05];
}
