/**
 * @module
 * Advance widths (1/1000 em) of the standard Helvetica and Times-Roman fonts
 * (Adobe Core 14 AFM metrics, which Arial/Liberation Sans and Times New Roman/
 * Liberation Serif share) for the characters reports mostly use. Words inside a
 * pdf.js run are placed by these relative widths, scaled to the run's measured
 * width, so the real font's widths only need to be proportional to these.
 * Generated once from pdfjs-dist's metrics table; pure data.
 */

const chars = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~§©®°¶é–—‘’“”•ﬁﬂ";
const helvetica = [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584,556,737,737,400,537,556,556,1000,222,222,333,333,350,500,500];
const times = [250,333,408,500,500,833,778,180,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,500,500,278,278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,556,722,667,556,611,722,722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,500,278,278,500,278,778,500,500,500,500,333,389,278,500,500,722,500,500,444,480,200,480,541,500,760,760,400,453,444,500,1000,333,333,444,444,350,556,556];

function tableOf(widths: number[]): Map<string, number> {
  return new Map([...chars].map((c, i) => [c, widths[i]]));
}

export type FontClass = 'serif' | 'sans-serif' | 'monospace';

const tables: Record<Exclude<FontClass, 'monospace'>, Map<string, number>> = {
  serif: tableOf(times),
  'sans-serif': tableOf(helvetica),
};

/** Width of one character in 1/1000 em; characters outside the table get a typical lower-case width. */
export function charWidth(fontClass: FontClass, char: string): number {
  if (fontClass === 'monospace') return 600;
  return tables[fontClass].get(char) ?? (fontClass === 'serif' ? 500 : 556);
}
