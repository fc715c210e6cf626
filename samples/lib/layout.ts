/**
 * @module
 * Lays a parsed source out on Letter pages the way an office template would: letterhead on
 * page 1, running head on later pages, a handling banner top and bottom, "Page N of M",
 * headings, ragged-right paragraphs, ruled tables that repeat their header on a new page.
 * The result is a list of drawing operations plus, for every drawn line, which slice of which
 * inline it shows: that is how the truth file learns the pages and line breaks of each mark.
 */
import type { Block, Inline, Source } from './markup.ts';

export type FontKey = 'regular' | 'bold' | 'italic' | 'sans' | 'sansBold';

export interface Measure {
  width(text: string, font: FontKey, size: number): number;
}

export type Op =
  | { kind: 'text'; page: number; x: number; y: number; text: string; font: FontKey; size: number; color?: 'banner' }
  | { kind: 'line'; page: number; x0: number; y0: number; x1: number; y1: number; thickness: number }
  | { kind: 'rect'; page: number; x: number; y: number; w: number; h: number; gray: number };

/** One drawn line: `inline.text.slice(start, end)` at `page`. */
export interface Placement {
  inline: Inline;
  page: number;
  start: number;
  end: number;
}

export interface Layout {
  width: number;
  height: number;
  pageCount: number;
  ops: Op[];
  placements: Placement[];
}

interface Line {
  start: number;
  end: number;
  newPage: boolean;
}

/** Greedy ragged-right wrapping on spaces, honouring forced line and page breaks. */
export function wrap(inline: Inline, width: number, measure: (s: string) => number): Line[] {
  const words: { start: number; end: number }[] = [];
  for (const m of inline.text.matchAll(/\S+/g)) words.push({ start: m.index, end: m.index + m[0].length });
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const word of words) {
    const forced = inline.breaks.find((b) => b.at === word.start);
    const fits = current && measure(inline.text.slice(current.start, word.end)) <= width;
    if (!current || forced || !fits) {
      if (current) lines.push(current);
      current = { start: word.start, end: word.end, newPage: forced?.kind === 'page' };
    } else {
      current.end = word.end;
    }
  }
  if (current) lines.push(current);
  return lines;
}

export function layout(source: Source, measure: Measure): Layout {
  const { meta } = source;
  const width = meta.landscape ? 792 : 612;
  const height = meta.landscape ? 612 : 792;
  const margin = meta.landscape ? 54 : 72;
  const contentWidth = width - 2 * margin;
  const bottom = height - 64;
  const body = meta.font === 'times' ? { regular: 'regular', bold: 'bold' } as const : { regular: 'sans', bold: 'sansBold' } as const;
  const size = meta.size;
  const leading = size * 1.32;
  const ops: Op[] = [];
  const placements: Placement[] = [];
  let page = 1;
  let y = 0;

  const text = (inline: Inline, start: number, end: number, x: number, baseline: number, font: FontKey, fontSize: number, color?: 'banner') => {
    const shown = inline.text.slice(start, end);
    if (shown === '') return;
    ops.push({ kind: 'text', page, x, y: baseline, text: shown, font, size: fontSize, ...(color ? { color } : {}) });
    placements.push({ inline, page, start, end });
  };
  const centred = (inline: Inline, baseline: number, font: FontKey, fontSize: number, color?: 'banner') => {
    const w = measure.width(inline.text, font, fontSize);
    text(inline, 0, inline.text.length, (width - w) / 2, baseline, font, fontSize, color);
  };
  const startPage = (first: boolean) => {
    if (!first) page++;
    if (meta.banner) centred(meta.banner, 34, 'sansBold', 10, 'banner');
    if (first && meta.letterhead.length > 0) {
      let ly = 58;
      meta.letterhead.forEach((inline, i) => {
        const fontSize = i === 0 ? 14 : 9;
        centred(inline, ly, i === 0 ? 'sansBold' : 'sans', fontSize);
        ly += i === 0 ? 15 : 11;
      });
      ops.push({ kind: 'line', page, x0: margin, y0: ly - 4, x1: width - margin, y1: ly - 4, thickness: 1.2 });
      y = ly + 14;
    } else if (!first && meta.runningHead) {
      text(meta.runningHead, 0, meta.runningHead.text.length, margin, 56, 'sans', 8);
      ops.push({ kind: 'line', page, x0: margin, y0: 61, x1: width - margin, y1: 61, thickness: 0.5 });
      y = 82;
    } else {
      y = 72;
    }
  };
  const ensure = (needed: number) => {
    if (y + needed > bottom) startPage(false);
  };

  const paragraph = (inline: Inline, x: number, w: number, font: FontKey, fontSize: number, lead: number) => {
    for (const line of wrap(inline, w, (s) => measure.width(s, font, fontSize))) {
      if (line.newPage) startPage(false);
      else ensure(lead);
      y += lead;
      text(inline, line.start, line.end, x, y - (lead - fontSize) / 2, font, fontSize);
    }
  };

  const table = (block: Extract<Block, { kind: 'table' }>) => {
    const cellSize = Math.max(7.5, size - 2);
    const cellLead = cellSize * 1.25;
    const pad = 3.5;
    const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length));
    const labelled = block.header === null;
    const fontOf = (col: number, head: boolean): FontKey => (head || (labelled && col % 2 === 0) ? 'sansBold' : 'sans');
    let widths: number[];
    if (block.widths) {
      const total = block.widths.reduce((a, b) => a + b, 0);
      widths = block.widths.map((w) => (w / total) * contentWidth);
    } else {
      const natural = Array.from({ length: columns }, (_, c) =>
        Math.max(...[block.header ?? [], ...block.rows].map((r) => (r[c] ? measure.width(r[c].text, fontOf(c, r === block.header), cellSize) : 0))) + 2 * pad + 1,
      );
      const total = natural.reduce((a, b) => a + b, 0);
      widths = natural.map((n) => (n / total) * contentWidth);
    }
    const xs = widths.reduce<number[]>((acc, w) => [...acc, acc[acc.length - 1] + w], [margin]);
    const rowLines = (row: Inline[], head: boolean) =>
      row.map((cell, c) => wrap(cell, widths[c] - 2 * pad, (s) => measure.width(s, fontOf(c, head), cellSize)));
    const drawRow = (row: Inline[], head: boolean) => {
      const wrapped = rowLines(row, head);
      const h = Math.max(1, ...wrapped.map((l) => l.length)) * cellLead + 2 * pad;
      ensure(h);
      if (head || labelled) {
        if (head) ops.push({ kind: 'rect', page, x: margin, y, w: contentWidth, h, gray: 0.86 });
        else row.forEach((_, c) => c % 2 === 0 && ops.push({ kind: 'rect', page, x: xs[c], y, w: widths[c], h, gray: 0.93 }));
      }
      wrapped.forEach((lines, c) => {
        lines.forEach((line, i) => {
          text(row[c], line.start, line.end, xs[c] + pad, y + pad + (i + 1) * cellLead - (cellLead - cellSize) / 2 - 1, fontOf(c, head), cellSize);
        });
      });
      ops.push({ kind: 'line', page, x0: margin, y0: y, x1: margin + contentWidth, y1: y, thickness: 0.5 });
      ops.push({ kind: 'line', page, x0: margin, y0: y + h, x1: margin + contentWidth, y1: y + h, thickness: 0.5 });
      for (const x of xs) ops.push({ kind: 'line', page, x0: x, y0: y, x1: x, y1: y + h, thickness: 0.5 });
      y += h;
    };
    y += 4;
    let headerPage = 0;
    if (block.header) {
      ensure(cellLead * 3);
      drawRow(block.header, true);
      headerPage = page;
    }
    for (const row of block.rows) {
      const before = page;
      const h = Math.max(...rowLines(row, false).map((l) => l.length)) * cellLead + 2 * pad;
      ensure(h);
      if (block.header && page !== before && headerPage !== page) {
        drawRow(block.header, true);
        headerPage = page;
      }
      drawRow(row, false);
    }
    y += size * 0.9;
  };

  startPage(true);
  for (const block of source.blocks) {
    switch (block.kind) {
      case 'title':
        ensure(size * 5);
        y += 6;
        centred(block.inline, y + size + 3, body.bold, size + 4);
        y += size + 16;
        break;
      case 'heading':
        ensure(leading * 4 + 10);
        y += 8;
        paragraph(block.inline, margin, contentWidth, body.bold, size + 0.5, leading);
        y += 3;
        break;
      case 'paragraph': {
        const indent = block.bullet ? 18 : 0;
        if (block.bullet) {
          ensure(leading);
          ops.push({ kind: 'text', page, x: margin + 6, y: y + leading - (leading - size) / 2, text: '\u2022', font: body.regular, size });
        }
        paragraph(block.inline, margin + indent, contentWidth - indent, body.regular, size, leading);
        y += size * 0.6;
        break;
      }
      case 'lines':
        for (const line of block.lines) {
          if (line.text === '') {
            y += leading * 0.6;
            continue;
          }
          paragraph(line, margin, contentWidth, body.regular, size, leading);
        }
        y += size * 0.6;
        break;
      case 'table':
        table(block);
        break;
      case 'rule':
        ensure(10);
        y += 5;
        ops.push({ kind: 'line', page, x0: margin, y0: y, x1: width - margin, y1: y, thickness: 0.75 });
        y += 5;
        break;
      case 'space':
        y += leading;
        break;
      case 'pagebreak':
        startPage(false);
        break;
    }
  }

  const pageCount = page;
  for (let p = 1; p <= pageCount; p++) {
    const number = `Page ${p} of ${pageCount}`;
    ops.push({ kind: 'text', page: p, x: width - margin - measure.width(number, 'sans', 8), y: height - 44, text: number, font: 'sans', size: 8 });
    if (meta.footer) {
      ops.push({ kind: 'text', page: p, x: margin, y: height - 44, text: meta.footer.text, font: 'sans', size: 8 });
      placements.push({ inline: meta.footer, page: p, start: 0, end: meta.footer.text.length });
    }
    if (meta.banner) {
      const w = measure.width(meta.banner.text, 'sansBold', 10);
      ops.push({ kind: 'text', page: p, x: (width - w) / 2, y: height - 24, text: meta.banner.text, font: 'sansBold', size: 10, color: 'banner' });
      placements.push({ inline: meta.banner, page: p, start: 0, end: meta.banner.text.length });
    }
  }
  return { width, height, pageCount, ops, placements };
}

/** The text of each page in reading order (top to bottom, left to right), one drawn baseline a line. */
export function pageTexts(result: Layout): string[] {
  const texts: string[] = [];
  for (let p = 1; p <= result.pageCount; p++) {
    const items = result.ops.filter((o): o is Extract<Op, { kind: 'text' }> => o.kind === 'text' && o.page === p && o.text !== '\u2022');
    items.sort((a, b) => a.y - b.y || a.x - b.x);
    const lines: { y: number; parts: string[] }[] = [];
    for (const item of items) {
      const last = lines[lines.length - 1];
      if (last && Math.abs(last.y - item.y) < 2) last.parts.push(item.text);
      else lines.push({ y: item.y, parts: [item.text] });
    }
    texts.push(lines.map((l) => l.parts.join(' ')).join('\n') + '\n');
  }
  return texts;
}
