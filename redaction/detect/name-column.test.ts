import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareInput } from './input.ts';
import { nameColumn, nameLabelAbove } from './name-column.ts';
import { placedDocument } from './text-document.ts';

function namesIn(lines: Parameters<typeof placedDocument>[0]): string[] {
  const input = prepareInput(placedDocument(lines, { source: 'ocr' }));
  return nameColumn.find!(input).map((c) => input.text.slice(c.start, c.end));
}

// A photographed form as OCR reads it: rules read as bars, and a name cell that wraps.
const header: [string, number, number][] = [['Role', 75, 265], ['Name', 127, 265], ['DOB', 215, 265], ['Address', 263, 265], ['Phone', 380, 265]];
const complainant: [string, number, number, number?][] = [['Complainant', 77, 284], ['|', 122, 281, 15], ['ADEYEMI-CRUZ,', 128, 284], ['|', 207, 281, 15], ['07/22/1986', 217, 284], ['|', 258, 281, 15], ['1418', 265, 284], ['Alder', 283, 284], ['(503)', 381, 284]];
const wrapped: [string, number, number][] = [['Chiamaka', 126, 297], ['Kestrel', 264, 297], ['Bay', 294, 297]];
const witness: [string, number, number, number?][] = [['Witness', 75, 312], ['|', 122, 309, 15], ['TRAN,', 129, 312], ['Minh', 165, 312], ['Anh', 180, 312], ['|', 205, 309, 15], ['11/03/1979', 218, 312], ['|', 258, 309, 15], ['22', 264, 312]];

test('a name column reads cells split by OCR bars and the second line of a wrapped name', () => {
  assert.deepEqual(namesIn([header, complainant, wrapped, witness]), ['ADEYEMI-CRUZ,', 'Chiamaka', 'TRAN, Minh Anh']);
});

test('a heading between tables and a second header row end the column', () => {
  // "Officer" heads a column; a section heading and then another table's header follow.
  const officer: [string, number, number][] = [['Occurred', 76, 200], ['06:15', 149, 200], ['Officer', 309, 200]];
  const supervisor: [string, number, number][] = [['Beat', 78, 214], ['District', 101, 214], ['Harbor', 179, 214], ['Supervisor', 307, 214], ['Ngozi', 388, 214], ['Adebayo-Whitfield', 409, 214]];
  const heading: [string, number, number][] = [['PERSONS', 74, 240], ['INVOLVED', 126, 240]];
  const found = namesIn([officer, supervisor, heading, header, complainant]);
  assert.ok(!found.some((f) => /Phone|Address/.test(f)), `header words taken for a name: ${JSON.stringify(found)}`);
  assert.ok(found.includes('ADEYEMI-CRUZ,'));
});

test("a form's name label is a few words: a line of prose above a name labels nothing", () => {
  const labelled = (above: string) => {
    // words 4 points apart, so the gaps read as one label's words
    let x = 75;
    const row: [string, number, number][] = above.split(' ').map((w) => {
      const at = x;
      x += w.length * 4 + 4;
      return [w, at, 100];
    });
    const input = prepareInput(placedDocument([row, [['Tobias', 75, 114], ['Quill', 103, 114]]]));
    const start = input.text.indexOf('Tobias');
    return nameLabelAbove(input, start, start + 'Tobias Quill'.length);
  };
  assert.equal(labelled('Spouse first name'), 'spouse first name');
  assert.equal(labelled('We thank these volunteers for their years of service and their names are'), undefined);
});
