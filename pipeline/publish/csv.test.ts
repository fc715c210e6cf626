import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, toCsv } from './csv.ts';

test('text a spreadsheet would run as a formula is neutralised; numbers and plain text are not', () => {
  for (const hostile of ['=HYPERLINK("http://x.example","click")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
    const cell = csvCell(hostile);
    assert.ok(cell.startsWith(`"'`), `${JSON.stringify(hostile)} → ${cell}`);
  }
  assert.equal(csvCell(-12.5), '"-12.5"');
  assert.equal(csvCell('Personal privacy'), '"Personal privacy"');
  assert.equal(csvCell('say "hi", then go'), '"say ""hi"", then go"');
  assert.equal(toCsv(['a', 'b'], [['=1', 2]]), `"a","b"\r\n"'=1","2"\r\n`);
});
