import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareInput } from './input.ts';
import { nameColumn, nameLabelAbove } from './name-column.ts';
import { placedDocument } from './text-document.ts';
import { detectedTexts } from '../../test/support/detected.ts';

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

test('a FOIA log written as text: the cells under a requester\'s name columns are names, the organisation\'s are not', () => {
  // real-text batch 16, tuning half: a city police department's FOIA log with the requester's names in cells of their
  // own (invented values)
  // the title line makes it a published record, where a name needs evidence of a private capacity (person-name.ts)
  const log = [
    'City of Quillmore, Police Department FOIA request log (city open data), requests received 3 May 2010',
    '',
    'date_received | request_number | requestor_last_name | requestor_first_name | institution | brief_description_of_records_sought',
    '2010-05-03T00:00:00.000 | 10-1223 | Quillfeather | Tobias |  | Police report',
    '2010-05-03T00:00:00.000 | 10-1228 | Okafor | Anele | Stephan Zouras LLP | Police report',
  ].join('\n');
  assert.deepEqual(detectedTexts(log, 'personal.name'), ['Quillfeather', 'Tobias', 'Okafor', 'Anele']);
  const single = ['City of Quillmore, Police Review Authority FOIA request log (city open data)', '', 'requestor_name | organization | description | date_received', 'Tobias Quillfeather | Unknown | Photos in Log# 1008171 | 2010-05-03'].join('\n');
  assert.deepEqual(detectedTexts(single, 'personal.name'), ['Tobias Quillfeather']);
  // a permit's applicant is as often a business as a person: that column is not read so
  const permits = ['City of Quillmore building permits issued in April 2014', '', 'Permit # | Applicant | Site address | Contractor', '14-0144 | Regional Home Med Equip | 911 Quillmore Blvd | Ainsworth-Benning'].join('\n');
  assert.ok(!detectedTexts(permits, 'personal.name').includes('Regional Home Med Equip'));
  // a column of organisations under a requester's header is the organisation's
  const org = ['City of Quillmore FOIA request log (city open data)', '', 'requester | requester organization | received', 'Tobias Quillfeather | Quillmore Holdings | 2010-05-03'].join('\n');
  assert.deepEqual(detectedTexts(org, 'personal.name'), ['Tobias Quillfeather']);
});

test('a FOIA log laid out on a page wraps its records: the requester\'s cells are read under their headers in the record read whole', () => {
  // real-text batch 16, tuning half, as the eval's layout wraps the log (invented values)
  const log = [
    'City of Quillmore, Police Department FOIA request log (city open data), requests received 3 May 2010',
    'date_received | request_number | requestor_last_name | requestor_first_name | requestor_middle_initial |',
    'institution | brief_description_of_records_sought | date_due',
    '2010-05-03T00:00:00.000 | 10-1223 | Quillfeather | Tobias | | | Police report |',
    '2010-05-10T00:00:00.000',
    '2010-05-03T00:00:00.000 | 10-1231 | Okafor | Anele | C | | Police report |',
    '2010-05-10T00:00:00.000',
  ].join('\n');
  assert.deepEqual(detectedTexts(log, 'personal.name'), ['Quillfeather', 'Tobias', 'Okafor', 'Anele']);
});
