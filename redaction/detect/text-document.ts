/**
 * @module
 * Builds a document from plain text, one string per page, with fake word boxes
 * (a monospaced grid: 6 pt a character, 14 pt a line). For tests, the
 * evaluation and benchmarks, where there is no PDF. A blank line keeps its
 * vertical gap, so paragraphs still look like paragraphs.
 */
import { createHash } from 'node:crypto';
import { MODEL_VERSION } from '../../pipeline/model/types.ts';
import type { Document, PageSource } from '../../pipeline/model/types.ts';
import { layoutLines } from '../../pipeline/model/page-text.ts';
import type { LaidWord } from '../../pipeline/model/page-text.ts';

const CHAR_WIDTH = 6;
const LINE_HEIGHT = 14;
const MARGIN = 72;

export function textDocument(pages: string[], options: { fileName?: string; source?: PageSource } = {}): Document {
  const fileName = options.fileName ?? 'text.txt';
  return {
    modelVersion: MODEL_VERSION,
    id: createHash('sha256').update(fileName).update('\0').update(pages.join('\f')).digest('hex'),
    fileName,
    mediaType: 'application/pdf',
    byteLength: pages.reduce((n, p) => n + p.length, 0),
    pages: pages.map((text, i) => {
      const lines: LaidWord[][] = text.split('\n').map((line, row) =>
        [...line.matchAll(/\S+/g)].map((m) => ({
          text: m[0],
          box: [MARGIN + m.index * CHAR_WIDTH, MARGIN + row * LINE_HEIGHT, MARGIN + (m.index + m[0].length) * CHAR_WIDTH, MARGIN + row * LINE_HEIGHT + 10],
        })),
      );
      const laid = layoutLines(lines);
      return { number: i + 1, width: 612, height: 792, rotation: 0, source: options.source ?? 'text', text: laid.text, words: laid.words };
    }),
    warnings: [],
  };
}

/**
 * A one-page document from words placed by hand: [text, x, y, height?] per word (4 pt a
 * character wide, 9 pt tall unless given), one array per extracted line. For layout tests:
 * tables, wrapped cells, OCR's bars.
 */
export function placedDocument(lines: [string, number, number, number?][][], options: { source?: PageSource } = {}): Document {
  const laid = layoutLines(lines.map((l) => l.map(([text, x, y, h]) => ({ text, box: [x, y, x + text.length * 4, y + (h ?? 9)] as [number, number, number, number] }))));
  return {
    modelVersion: MODEL_VERSION,
    id: createHash('sha256').update(JSON.stringify(lines)).digest('hex'),
    fileName: 'placed.pdf',
    mediaType: 'application/pdf',
    byteLength: 0,
    pages: [{ number: 1, width: 612, height: 792, rotation: 0, source: options.source ?? 'text', text: laid.text, words: laid.words }],
    warnings: [],
  };
}
