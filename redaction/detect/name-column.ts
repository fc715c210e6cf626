/**
 * @module
 * Names in table columns headed Name, Employee, Witness, Complainant…: the
 * cells below a header word, found by the words' horizontal position.
 */
import type { Word } from '../../pipeline/model/types.ts';
import type { Candidate, Detector } from './detector.ts';
import type { DetectInput } from './input.ts';
import { isRule, isTableRow, isWrappedLine, spanRow, textColumnHeader } from './columns.ts';
import { words } from './detector.ts';
import { isEnglishWord } from './english-words.ts';
import { lexiconTags } from './nlp.ts';
import { textRecordAt } from './text-table.ts';

const HEADER = /^(?:names?|employees?|witness(?:es)?|complainants?|suspects?|victims?|officers?|subjects?|interviewees?|persons?|individuals?|contacts?|applicants?|claimants?|staff|members?|signatory|requesters?|patients?)$/i;
const CELL = /^[\p{L}.,'’-]+(?: [\p{L}.,'’-]+){0,4}$/u;
const MAX_ROWS = 60;
const MAX_EMPTY_ROWS = 3;

/** Table headers are short capitalised labels with wide gaps between some of them. */
function looksLikeHeaderRow(row: Word[]): boolean {
  return isTableRow(row) && row.every((w) => /^[\p{Lu}\d#(]/u.test(w.text));
}

/** A cell that reads as a name: some capitalised word that is not an ordinary English word. */
function nameLike(cell: string): boolean {
  return cell.split(/[\s,]+/).some((w) => /^\p{Lu}/u.test(w) && w.length > 1 && (!isEnglishWord(w.replace(/[.'’]+$/, '')) || lexiconTags(w).some((t) => t.endsWith('Name'))));
}

function find(input: DetectInput): Candidate[] {
  const out: Candidate[] = [];
  input.document.pages.forEach((page, pageIndex) => {
    const lines = new Map<number, Word[]>();
    for (const w of page.words) {
      const row = lines.get(w.line);
      if (row) row.push(w);
      else lines.set(w.line, [w]);
    }
    const lineNumbers = [...lines.keys()].sort((a, b) => a - b);
    for (const lineNo of lineNumbers) {
      const row = lines.get(lineNo)!;
      if (row.length < 3 || row.length > 14 || !looksLikeHeaderRow(row)) continue;
      for (let i = 0; i < row.length; i++) {
        if (!HEADER.test(row[i].text.replace(/[:.]$/, ''))) continue;
        // a header may be two words ("Employee Name"); the column ends where the next header starts
        let k = i;
        if (k + 1 < row.length && /^name:?$/i.test(row[k + 1].text)) k++;
        const x0 = row[i].box[0] - 2;
        const x1 = k + 1 < row.length ? row[k + 1].box[0] - 2 : page.width;
        let empty = 0;
        for (const next of lineNumbers.filter((n) => n > lineNo).slice(0, MAX_ROWS)) {
          // the table ends where rows stop having columns (prose, notes, signatures); a narrow
          // line between rows is the rest of a wrapped cell, read with its column
          const line = lines.get(next)!;
          const inColumn = line.filter((w) => !isRule(w) && (w.box[0] + w.box[2]) / 2 >= x0 && (w.box[0] + w.box[2]) / 2 < x1);
          if (!isTableRow(line) && !(isWrappedLine(line, page.width) && inColumn.length > 0)) break;
          // a header row of its own starts another table
          if (looksLikeHeaderRow(line) && line.some((w) => HEADER.test(w.text.replace(/[:.]$/, '')))) break;
          const cell = inColumn;
          if (cell.length === 0) {
            if (++empty >= MAX_EMPTY_ROWS) break;
            continue;
          }
          empty = 0;
          const cellText = cell.map((w) => w.text).join(' ');
          if (!CELL.test(cellText) || !nameLike(cellText)) continue;
          const base = input.pageStarts[pageIndex];
          out.push({ start: base + cell[0].start, end: base + cell[cell.length - 1].end, score: 0.8, why: [`in a column headed "${row.slice(i, k + 1).map((w) => w.text).join(' ')}"`] });
        }
        i = k;
      }
    }
  });
  out.push(...textTableNames(input.text));
  return out;
}

/** A header cell naming a private person's column: "requestor_last_name", "Requester", "Complainant". */
const PRIVATE_HEADER = /^(?:requesters?|requestors?|complainants?|claimants?)$/;
/** The same words anywhere in a text: a cheap test before any cell is looked up. */
const PRIVATE_HEADER_ANYWHERE = /\b(?:requesters?|requestors?|complainants?|claimants?)/i;
/** Header words that make the column an organisation's, not the person's: "requester organization". */
const ORGANISATION_HEADER = /^(?:organi[sz]ations?|institutions?|company|companies|firm|affiliation|agency|employer|business)$/;

/**
 * The header words of a text table's cell: its line's header (textColumnHeader), or, where the table's records wrap over
 * lines (a wide log laid out on a page), the header of the column that holds it in the record read whole (text-table.ts).
 */
export function headerOfTextCell(text: string, start: number, end: number): string[] {
  const header = textColumnHeader(text, start, end);
  if (header.length > 0) return header;
  const cell = textRecordAt(text, start)?.cells.find((c) => c.start <= start && end <= c.end);
  return cell ? words(cell.head) : [];
}

/** The cells of the lines of `text` that hold a " | ": [start, end) of each cell's text, spaces around it left out. */
function textCells(text: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  while (from < text.length) {
    let stop = text.indexOf('\n', from);
    if (stop === -1) stop = text.length;
    if (text.slice(from, stop).includes('|')) {
      let a = from;
      for (let i = from; i <= stop; i++) {
        if (i < stop && text[i] !== '|') continue;
        let s = a;
        let e = i;
        while (s < e && /\s/.test(text[s])) s++;
        while (e > s && /\s/.test(text[e - 1])) e--;
        if (e > s) out.push([s, e]);
        a = i + 1;
      }
    }
    from = stop + 1;
  }
  return out;
}

/**
 * Names in a table written as text (cells split by " | ") under a header cell naming a private person by role: a FOIA
 * log's "requestor_last_name | requestor_first_name" or "requestor_name" over "Callahan | Thomas". The header is the
 * text table's own (textColumnHeader: the nearest line above with as many cells, each of words only); field names
 * written as identifiers read as words ("requestor_last_name" is "requestor last name"). A cell is a name when it reads
 * as one (nameLike). A column the header gives to the requester's organisation is another column, and the guide keeps it.
 * Applicants are left out: a permit's or a licence's applicant is as often a business as a person.
 */
function textTableNames(text: string): Candidate[] {
  if (!text.includes('|') || !PRIVATE_HEADER_ANYWHERE.test(text)) return [];
  const out: Candidate[] = [];
  for (const cellAt of textCells(text)) {
    const cell = text.slice(cellAt[0], cellAt[1]);
    if (!CELL.test(cell) || !nameLike(cell)) continue;
    const start = cellAt[0];
    const header = headerOfTextCell(text, start, start + cell.length);
    if (!header.some((w) => PRIVATE_HEADER.test(w)) || header.some((w) => ORGANISATION_HEADER.test(w))) continue;
    out.push({ start, end: start + cell.length, score: 0.8, why: [`in a column headed "${header.join(' ')}"`] });
  }
  return out;
}

/** Form labels that ask for a person's name: "Your first name and initial", "Last name", "Spouse's name", "Surname". */
const NAME_LABEL = /\b(?:names?|surname|given)\b/;
/** Labels that ask for an organisation's name: "PAYER'S name", "Name of bank", "Employer's name". */
const ORGANISATION_LABEL = /\b(?:payer|employer|bank|business|company|organi[sz]ation|agency|institution|firm|program|plan|school|court|facility|casino|vendor)\b/;
/** A label sits at most this many text heights above its value. */
const LABEL_ROWS = 3;

/** The most words a form's label holds ("If a joint return, spouse's first name and initial", "Name of designee"). */
const MAX_LABEL_WORDS = 10;

/**
 * The form label right above [start, end) when it asks for a person's name, or undefined: in a printed or flattened
 * form a value sits under its label ("Last name" over "Okonkwo-Reyes"), often far from it in reading order.
 */
export function nameLabelAbove(input: DetectInput, start: number, end: number): string | undefined {
  const span = spanRow(input, start, end);
  if (!span) return undefined;
  const { rows, at, words: value } = span;
  const x0 = Math.min(...value.map((w) => w.box[0]));
  const x1 = Math.max(...value.map((w) => w.box[2]));
  const top = Math.min(...value.map((w) => w.box[1]));
  const height = Math.max(...value.map((w) => w.box[3] - w.box[1]));
  for (let r = at - 1; r >= 0 && r >= at - 4; r--) {
    const row = rows[r];
    if (row.length === 0 || top - Math.max(...row.map((w) => w.box[3])) > LABEL_ROWS * height) break;
    const over = row.findIndex((w) => w.box[0] < x1 + 2 && w.box[2] > x0 - 2);
    if (over === -1) continue;
    // the label: the words of that row next to each other around the one above the value
    let a = over;
    let b = over;
    const gap = (i: number) => row[i + 1].box[0] - row[i].box[2];
    while (a > 0 && gap(a - 1) < height) a--;
    while (b + 1 < row.length && gap(b) < height) b++;
    const label = words(row.slice(a, b + 1).map((w) => w.text).join(' ')).join(' ');
    // a form's label is a few words; a line of prose above ("their names are …") labels nothing
    if (label.split(' ').length > MAX_LABEL_WORDS) return undefined;
    return NAME_LABEL.test(label) && !ORGANISATION_LABEL.test(label) ? label : undefined;
  }
  return undefined;
}

export const nameColumn: Detector = {
  id: 'name-column',
  category: 'personal.name',
  summary: 'Names in table columns headed Name, Employee, Witness, Complainant and the like.',
  find,
  examples: {
    match: ['Date     Witness          Statement\n03/01    Tobias Quill     written\n03/02    Wren Okafor      oral'],
    ignore: ['Date     Amount    Status\n03/01    400       Paid', 'FINDING 2: BADGES OF STAFF WHO RETIRED\nThe city did not revoke them.'],
  },
};
