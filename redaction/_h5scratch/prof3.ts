import { readFileSync } from 'node:fs';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { pageVisibility } from '../audit/glyph-visibility.ts';
import { encodePage } from '../write/raster.ts';
const bytes = new Uint8Array(readFileSync('samples/audit-report.pdf'));
const doc = await extractDocument({ bytes, fileName: 'a.pdf' }); if (!doc.ok) throw 1;
const h = await openPdf(bytes); if (!h.ok) throw 1;
for (const p of doc.value.pages) {
  let t = performance.now(); const lap = (l: string) => { const n = performance.now(); process.stdout.write(`${l} ${(n - t).toFixed(0)}  `); t = n; };
  const pg = await h.value.page(p.number); lap('getpage');
  const img = await pg.render(300, { withAnnotations: true }); lap('render');
  pageVisibility(img, p.words, p); lap(`vis(${p.words.length})`);
  const e = await encodePage(img); lap(`encode ${e.kind} ${e.bytes.length}`);
  console.log();
}
