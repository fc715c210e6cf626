import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namesInContent } from './content-names.ts';

const scan = (s: string) => [...namesInContent(new Uint8Array(Buffer.from(s, 'latin1')))].sort();

test('names used by operators are found; names inside strings, comments and inline images are not', () => {
  assert.deepEqual(scan('q /GS1 gs BT /F1 12 Tf (a /Fake name) Tj ET /Im0 Do Q'), ['F1', 'GS1', 'Im0']);
  assert.deepEqual(scan('% /Commented Do\n/CS0 cs 1 scn <2F4E6F74> Tj'), ['CS0']);
  assert.deepEqual(scan('BI /W 2 /H 1 /CS /G /BPC 8 ID \x2fXX\x00 EI /After Do'), ['After', 'BPC', 'CS', 'G', 'H', 'W']);
  assert.deepEqual(scan('/Span <</ActualText (x) /MCID 3>> BDC EMC /A#20B Do'), ['A B', 'ActualText', 'MCID', 'Span']);
  assert.deepEqual(scan('(nested (parens /In) and \\) escaped /Too) Tj /Out Do'), ['Out']);
});
