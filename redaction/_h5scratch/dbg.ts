import { readFileSync } from 'node:fs';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
const name = '/work/shared/corpora/bad-redactions/x-ray/bad_cross_hatched_redactions.pdf';
const bytes = new Uint8Array(readFileSync(name));
const doc = await extractDocument({ bytes, fileName: name }); if (!doc.ok) throw 1;
const h = await openPdf(bytes); if (!h.ok) throw 1;
const img = await (await h.value.page(1)).render(150, { withAnnotations: true });
for (const w of doc.value.pages[0].words.filter(w => ['Rudolph', 'Victoria', 'site', 'iPad', 'Giuliani', 'and', 'Nasirov'].includes(w.text))) {
  const s = 150 / 72; const [x0, y0, x1, y1] = w.box.map(v => Math.round(v * s));
  const hist = new Array(8).fill(0); for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[img.data[y * img.width + x] >> 5]++;
  console.log(w.text, w.box.map(v => v.toFixed(0)).join(','), hist.join(' '));
}
