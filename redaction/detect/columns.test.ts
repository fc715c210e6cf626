import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from '../../pipeline/model/types.ts';
import { columnHeader } from './columns.ts';
import { prepareInput } from './input.ts';
import { placedDocument, textDocument } from './text-document.ts';

function headerOf(document: Document, value: string, nth = 0): string[] {
  const input = prepareInput(document);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = input.text.indexOf(value, at + 1);
  assert.ok(at >= 0, `${value} not in page`);
  return columnHeader(input, at, at + value.length);
}

test('a cell under a header row gets the header words', () => {
  const doc = textDocument([['Name      DOB          Phone', 'Ana Ruiz  07/22/1986   555-0100', 'Bo Lind   11/03/1979   555-0101'].join('\n')]);
  assert.deepEqual(headerOf(doc, '11/03/1979'), ['dob']);
  assert.deepEqual(headerOf(doc, '555-0100'), ['phone']);
});

test('lines of wrapped cells between rows do not end the table', () => {
  const doc = textDocument([
    [
      'Role         Name              DOB          Address',
      'Complainant  ADEYEMI-CRUZ,    07/22/1986   2516 Juniper Street,',
      '             Adaeze                         Heron Point',
      'Witness      TRAN, Minh Anh   11/03/1979   37 Sandpiper Court',
    ].join('\n'),
  ]);
  assert.deepEqual(headerOf(doc, '11/03/1979'), ['dob']);
});

test('a row the extractor read as several lines is still one row', () => {
  // the row at y=285 comes out as two lines: the name cell wraps, so the date starts a line of its own
  const doc = placedDocument([
    [['Role', 40, 269], ['Name', 127, 269], ['DOB', 216, 269], ['Address', 276, 269]],
    [['Complainant', 40, 285], ['ADEYEMI-CRUZ,', 127, 285]],
    [['Chiamaka', 127, 295]],
    [['07/22/1986', 216, 285], ['1418', 276, 285], ['Alder', 296, 285]],
  ]);
  assert.deepEqual(headerOf(doc, '07/22/1986'), ['dob']);
});

test('hard negatives: prose, and prose above a table', () => {
  assert.deepEqual(headerOf(textDocument(['The DOB field was empty.\nShe was seen on 07/22/1986 at noon.']), '07/22/1986'), []);
  const doc = textDocument(['The board met on 07/22/1986 and reviewed the minutes of the previous year\nItem   Amount   Date\nFuel   $12      03/01/2024']);
  assert.deepEqual(headerOf(doc, '07/22/1986'), []);
  assert.deepEqual(headerOf(doc, '03/01/2024'), ['date']);
});

test('an OCR row whose cells are split by vertical rules read as bars is a table row', () => {
  // A photographed form: cells close together, and the bars OCR read off the rules are taller than the text.
  const header: [string, number, number][] = [['Role', 75, 265], ['Name', 127, 265], ['DOB', 215, 265], ['Address', 263, 265]];
  const doc = placedDocument([
    header,
    [['Witness', 75, 310], ['TRAN,', 106, 310], ['Minh', 137, 310], ['Anh', 190, 310], ['|', 204, 306, 18], ['11/03/1979', 210, 310], ['|', 252, 306, 18], ['22', 258, 310], ['Pelican', 270, 310]],
  ]);
  assert.deepEqual(headerOf(doc, '11/03/1979'), ['dob']);
  // The same row without the bars is prose: no header.
  const prose = placedDocument([header, [['Witness', 75, 310], ['TRAN,', 106, 310], ['Minh', 137, 310], ['Anh', 152, 310], ['11/03/1979', 168, 310], ['22', 212, 310], ['Pelican', 224, 310]]]);
  assert.deepEqual(headerOf(prose, '11/03/1979'), []);
});
