import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { inflateAll, isSingleRevision, namesPresent, revisions, stringsInBytes } from './structure.ts';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

test('forbidden names are found in raw and inflated streams, also when #-escaped, never by prefix', () => {
  const hidden = deflateSync(Buffer.from('<< /Type /Catalog /Names << /J#61vaScript 5 0 R >> >>'));
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Annots [] /JSX 1 >> endobj\n2 0 obj << /Length 9 >>\nstream\n'), hidden, Buffer.from('\nendstream endobj\n%%EOF\n')]);
  const names = namesPresent(inflateAll(new Uint8Array(pdf))).map((n) => n.name);
  assert.deepEqual(names.sort(), ['Annots', 'JavaScript']);
});

test('revisions: one %%EOF and no /Prev; a linearized file may have two', () => {
  assert.equal(isSingleRevision(revisions(enc('%PDF-1.7\ntrailer << >>\n%%EOF\n'))), true);
  assert.equal(isSingleRevision(revisions(enc('%PDF-1.7\n%%EOF\nxref\ntrailer << /Prev 10 >>\n%%EOF\n'))), false);
  assert.equal(isSingleRevision(revisions(enc('%PDF-1.7\n1 0 obj << /Linearized 1 >> endobj\n%%EOF\ntrailer << /Prev 10 >>\n%%EOF\n'))), true);
});

test('removed strings are found as text, as UTF-16BE and in hex strings', () => {
  const utf16 = Buffer.from('\uFEFFMaria Gonzalez', 'utf16le').swap16().toString('hex');
  const view = inflateAll(enc(`/Author <${utf16}> /Title (Budget) /Subject <4A6F686E20536D697468>`));
  assert.deepEqual(stringsInBytes(view, ['Maria Gonzalez', 'John Smith', 'Elsewhere']), ['Maria Gonzalez', 'John Smith']);
});
