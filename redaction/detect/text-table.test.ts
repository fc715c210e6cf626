import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textRecordAt, textRecords } from './text-table.ts';

/** Each record's cells as "head=value", whitespace runs as one space. */
function read(text: string): string[][] {
  return textRecords(text).map((r) => r.cells.map((c) => `${c.head}=${text.slice(c.start, c.end).replace(/\s+/g, ' ')}`));
}

test('a text table whose records wrap over lines reads as whole records under the header', () => {
  // as a page lays out a wide export: breaks inside a cell, next to a separator, and in the header itself
  const text = [
    'A county roll, records 1 to 2',
    'Parcel | OwnerName | StreetAddress | City |',
    'State | Zip | LandUse',
    '1-02-03 | DOE JANE Q | 12',
    'ELM ST | ASHFORD | WA | 98501 | RESIDENTIAL - SINGLE',
    'FAMILY',
    '4-05-06 | ACME HOLDINGS LLC | PO BOX 9 | ASHFORD | WA',
    '| 98502 | COMMERCIAL',
  ].join('\n');
  assert.deepEqual(read(text), [
    ['Parcel=1-02-03', 'OwnerName=DOE JANE Q', 'StreetAddress=12 ELM ST', 'City=ASHFORD', 'State=WA', 'Zip=98501', 'LandUse=RESIDENTIAL - SINGLE FAMILY'],
    ['Parcel=4-05-06', 'OwnerName=ACME HOLDINGS LLC', 'StreetAddress=PO BOX 9', 'City=ASHFORD', 'State=WA', 'Zip=98502', 'LandUse=COMMERCIAL'],
  ]);
  const at = text.indexOf('ELM ST');
  assert.equal(text.slice(textRecordAt(text, at)!.start, textRecordAt(text, at)!.end).split('|')[0].trim(), '1-02-03');
  assert.equal(textRecordAt(text, 0), undefined);
});

test('a table the reading does not fit has no records: rows of other lengths, or no header of words', () => {
  // a row one cell short: no header length fits every record
  assert.deepEqual(read('name | address | city\nJane Doe | 12 Elm St | Ashford\nJohn Roe | 14 Elm St'), []);
  // the first line is a record, not a header
  assert.deepEqual(read('2024-0001 | 12 Elm St | Ashford\n2024-0002 | 14 Elm St | Ashford'), []);
  // one-line rows read as they stand
  assert.deepEqual(read('name | address | city\nJane Doe | 12 Elm St | Ashford'), [['name=Jane Doe', 'address=12 Elm St', 'city=Ashford']]);
});
