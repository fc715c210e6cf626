import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaTypeOf, sniffType } from './sniff-type.ts';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

test('the type comes from magic bytes', () => {
  const cases: [string, Uint8Array, string | undefined][] = [
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['PDF after junk within 1 KB', bytes('x'.repeat(1000), '%PDF-1.4\n'), 'application/pdf'],
    ['junk past 1 KB is not a PDF', bytes('x'.repeat(1100), '%PDF-1.4\n'), undefined],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
    ['TIFF little-endian', bytes('II', [0x2a, 0x00]), 'image/tiff'],
    ['TIFF big-endian', bytes('MM', [0x00, 0x2a]), 'image/tiff'],
    ['GIF', bytes('GIF89a'), undefined],
    ['ZIP (docx)', bytes('PK', [3, 4]), undefined],
    ['"PNG" text is not a PNG', bytes('PNG file'), undefined],
    ['truncated PNG signature', bytes([0x89, 0x50, 0x4e]), undefined],
  ];
  for (const [what, input, expected] of cases) assert.equal(mediaTypeOf(input), expected, what);
});

test('an extension that disagrees with the bytes gives input.mislabelled and the bytes win', () => {
  const result = sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'report.pdf');
  assert.ok(result.ok);
  assert.equal(result.value.mediaType, 'image/jpeg');
  assert.equal(result.value.warnings[0].code, 'input.mislabelled');
  assert.equal(result.value.warnings[0].message, 'report.pdf is named .pdf but is a JPEG; read as JPEG.');
});

test('a matching, unknown or missing extension gives no warning', () => {
  for (const name of ['scan.JPG', 'scan.jpeg', 'scan.bin', 'scan']) {
    const result = sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]), name);
    assert.ok(result.ok && result.value.warnings.length === 0, name);
  }
});

test('bytes of no supported type fail with input.unsupported-type, naming the claimed type', () => {
  const result = sniffType(bytes('PK', [3, 4], 'word/document.xml'), 'memo.pdf');
  assert.ok(!result.ok);
  assert.equal(result.problem.code, 'input.unsupported-type');
  assert.match(result.problem.message, /named like a PDF/);
});
