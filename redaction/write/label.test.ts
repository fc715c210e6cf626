import assert from 'node:assert/strict';
import { test } from 'node:test';
import glyphTable from './label-glyphs.json' with { type: 'json' };
import { fontkitLabelFont, glyphTableFromFont, labelEmBox, labelGlyphOperators, labelLayout, prepareLabels } from './label.ts';
import type { Box } from '../../pipeline/model/types.ts';
import { loadPolicy } from '../policy/load-policy.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

test('the label glyph table is what fontkit reads out of the font today', async () => {
  // Regenerate after a pdfjs-dist update changes the font: write `JSON.stringify(await glyphTableFromFont())` to label-glyphs.json.
  assert.deepEqual(glyphTable, await glyphTableFromFont());
});

test('labels laid out from the table are those fontkit lays out: box, outlines and extent, for every policy code and random ASCII', async () => {
  const fontkit = await fontkitLabelFont();
  const codes = new Set<string>(['(b)(6)', '(b)(7)(C)', 'fi fl ffi ffl', 'AV Wa To', '']);
  for (const file of ['us-foia.yaml', 'uk-foia.yaml']) {
    const policy = loadPolicy(join(here, '..', 'policy', file));
    assert.ok(policy.ok, file);
    for (const e of Object.values(policy.value.exemptions)) codes.add(e.code);
  }
  assert.ok(codes.size > 10, `${codes.size} codes read from the policies`);
  // Random printable ASCII, seeded: any pair or triple of characters the font's layout would join or swap would show here.
  let seed = 17;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 3000; i++) codes.add(Array.from({ length: 1 + (next() % 12) }, () => String.fromCharCode(0x20 + (next() % 95))).join(''));
  const boxes: Box[] = [[10, 10, 60, 22], [0, 0, 14, 5], [100, 40, 400, 70]];
  for (const code of codes) {
    assert.equal(labelGlyphOperators(code), labelGlyphOperators(code, fontkit), code);
    assert.deepEqual(labelEmBox(code), labelEmBox(code, fontkit), code);
    for (const box of boxes) assert.deepEqual(labelLayout(box, code), labelLayout(box, code, fontkit), code);
  }
});

test('a code beyond the table is laid out by fontkit once the writer has readied it', async () => {
  const code = '§ 6 Ü';
  assert.throws(() => labelGlyphOperators(code), /prepareLabels/);
  await prepareLabels(['(b)(6)', code]);
  const fontkit = await fontkitLabelFont();
  assert.equal(labelGlyphOperators(code), labelGlyphOperators(code, fontkit));
  assert.match(labelGlyphOperators(code), / c\n/, 'the glyphs have outlines');
  assert.deepEqual(labelLayout([0, 0, 80, 20], code), labelLayout([0, 0, 80, 20], code, fontkit));
});
