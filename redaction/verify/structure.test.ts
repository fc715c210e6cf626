import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { inflateAll, isSingleRevision, namesPresent, readTextArrays, revisions, stringsInBytes, wholeRunsIn } from './structure.ts';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

test('forbidden names are found in raw and inflated streams, also when #-escaped, never by prefix', () => {
  const hidden = deflateSync(Buffer.from('<< /Type /Catalog /Names << /J#61vaScript 5 0 R >> >>'));
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Annots [] /JSX 1 >> endobj\n2 0 obj << /Length 9 >>\nstream\n'), hidden, Buffer.from('\nendstream endobj\n%%EOF\n')]);
  const names = namesPresent(inflateAll(new Uint8Array(pdf))).map((n) => n.name);
  assert.deepEqual(names.sort(), ['Annots', 'JavaScript']);
});

test('compressed bytes and pixels are not names: "/JS" inside an image or a deflated stream\'s bytes is no script', () => {
  const pixels = Buffer.from('\x00\x17/JS\x00/Annots\xff');
  const flatePixels = deflateSync(Buffer.from('/JavaScript by chance'));
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj << /Type /XObject /Subtype /Image /Filter /CCITTFaxDecode /Length 12 >>\nstream\n'),
    pixels,
    Buffer.from('\nendstream endobj\n2 0 obj << /Type /XObject /Subtype /Image /Filter /FlateDecode >>\nstream\n'),
    flatePixels,
    Buffer.from('\nendstream endobj\n3 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n%%EOF\n'),
  ]);
  const view = inflateAll(new Uint8Array(pdf));
  assert.deepEqual(namesPresent(view).map((n) => n.name).sort(), ['JS', 'JavaScript']);
  const clean = Buffer.concat([pdf.subarray(0, pdf.indexOf('3 0 obj')), Buffer.from('%%EOF\n')]);
  assert.deepEqual(namesPresent(inflateAll(new Uint8Array(clean))), []);
});

test('a content stream whose compressed bytes happen to hold "/JS" names no script', () => {
  // Lower-case letters never spell "/JS", but their Huffman-coded bytes can: search a few seeds for such a
  // stream, as a real page's content stream was.
  let stream: Buffer | undefined;
  for (let seed = 1; seed < 400 && !stream; seed++) {
    const plain = Buffer.alloc(1 << 18);
    let x = seed;
    for (let i = 0; i < plain.length; i++) plain[i] = 97 + (((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % 26);
    const packed = deflateSync(plain);
    if (packed.includes('/JS')) stream = packed;
  }
  assert.ok(stream, 'no sample stream found');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Filter /FlateDecode >>\nstream\n'), stream, Buffer.from('\nendstream endobj\n%%EOF\n')]);
  assert.ok(pdf.includes('/JS'));
  assert.deepEqual(namesPresent(inflateAll(new Uint8Array(pdf))), []);
});

test('a name inside a string is text, not structure: "(SAF/AA)" in a text array names no actions, while real keys beside strings are found', () => {
  const content = deflateSync(Buffer.from('BT 1 0 0 1 90 700 Tm [(S)-3(AF)8(/AA )-127(will)] TJ (the SAF/JS office\\) says \\(hi\\)) Tj ET'));
  const pdf = (dict: string) =>
    new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Length 9 /Filter /FlateDecode >>\nstream\n'), content, Buffer.from(`\nendstream endobj\n2 0 obj ${dict} endobj\n%%EOF\n`)]));
  assert.deepEqual(namesPresent(inflateAll(pdf('<< /Title (Office of SAF/AA) >>'))), []);
  // The same strings beside real keys: each key is still found.
  const found = namesPresent(inflateAll(pdf('<< /Title (a\\) /x) /AA << /O 3 0 R >> /T (b) /JS (app.alert(1)) /Subtype /Link >>'))).map((n) => n.name);
  assert.deepEqual(found.sort(), ['AA', 'JS']);
  // A marked-content property list in a content stream is structure too.
  const tagged = deflateSync(Buffer.from('/Span << /ActualText (Maria) >> BDC (x) Tj EMC'));
  const withTag = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Length 9 /Filter /FlateDecode >>\nstream\n'), tagged, Buffer.from('\nendstream endobj\n%%EOF\n')]));
  assert.deepEqual(namesPresent(inflateAll(withTag)).map((n) => n.name), ['ActualText']);
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

test('removed strings are found in any case and across line breaks, but only as whole words', () => {
  const view = inflateAll(enc('BT (JOHN\nsmith) Tj (jane SMITH) Tj (Optionsal) Tj ET'));
  assert.deepEqual(stringsInBytes(view, ['John Smith', 'Jane Smith', 'Options', 'Nobody Here']), ['John Smith', 'Jane Smith']);
});

test('a word split across a text array is read whole: a removed "Tele" is not in a kept "Telephone"', () => {
  const hex = (t: string) => Buffer.from(t, 'latin1').toString('hex');
  const view = inflateAll(enc(`BT [(Call the Tele) -20 (phone desk)] TJ [<${hex('written, tele')}> -9 <${hex('phone')}>] TJ [(Dr.) -1200 (Tele)] TJ ET`));
  assert.equal(readTextArrays('[(Tele) -20 (phone)] TJ').trim(), 'Telephone');
  assert.equal(readTextArrays('[(Dr.) -1200 (Tele)] TJ').trim(), 'Dr. Tele');
  // The last array shows "Dr. Tele": that one is found, the split ones are not.
  assert.deepEqual(stringsInBytes(view, ['Tele']), ['Tele']);
  assert.deepEqual(stringsInBytes(inflateAll(enc(`BT [(Call the Tele) -20 (phone desk)] TJ [<${hex('written, tele')}> -9 <${hex('phone')}>] TJ ET`)), ['Tele']), []);
});

test('font programs are not searched: a removed word that matches a font vendor\'s notice is no leak', () => {
  const font = '5 0 obj\n<< /Length 60 >>\nstream\nType Drawing Office - Stanley Morison, Victor Lardent 1932\nendstream\nendobj\n';
  const pdf = `%PDF-1.7\n4 0 obj\n<< /Type /FontDescriptor /FontFile2 5 0 R >>\nendobj\n${font}6 0 obj\n<< /Length 20 >>\nstream\nBT (Front Office) Tj ET\nendstream\nendobj\n`;
  assert.deepEqual(stringsInBytes(inflateAll(enc(pdf)), ['Morison', 'Front Office', 'Drawing Office']), ['Front Office']);
});

test('removed numbers and addresses are found only as whole runs, whatever separates them, among many removed strings', () => {
  const view = inflateAll(enc('BT (SSN 372-41-8806, ref x555-867-5309; mail Inspector2@KestrelBay.gov \u00e9 ok) Tj (tel 555\u00ad867\u00ad5310 and 1372-41-88061) Tj ET'));
  const absent = Array.from({ length: 300 }, (_, i) => `372-41-${String(1000 + i)}`);
  const needles = ['372-41-8806', '555-867-5309', 'inspector2@kestrelbay.gov', '372-41-8806 1', ...absent];
  assert.deepEqual(stringsInBytes(view, needles), ['372-41-8806', 'inspector2@kestrelbay.gov']);
});

test('whole runs of letters and digits: a character outside Latin-1 separates or joins as the regex class says', () => {
  const runs = (text: string, wanted: string[]) => [...wholeRunsIn(text, new Set(wanted))].sort();
  assert.deepEqual(runs('372\u201441 x8806 \u00e98806 8806\u00e9 8806', ['372', '41', '8806']), ['372', '41', '8806']);
  assert.deepEqual(runs('ab\u4e00cd \ud835\udc00ef', ['ab', 'cd', 'ef']), []);
});
