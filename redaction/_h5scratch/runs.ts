import { readFileSync } from 'node:fs';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { pageTextFromRuns } from '../../pipeline/extract/words-from-runs.ts';
const h = await openPdf(new Uint8Array(readFileSync(process.argv[2]))); if (!h.ok) throw 1;
const p = await h.value.page(1);
const { runs, styles } = await p.textRuns();
for (const r of runs.slice(0, 12)) console.log(JSON.stringify(r.text), r.transform.map(v => v.toFixed(1)).join(','), r.width.toFixed(1));
const laid = pageTextFromRuns(runs, styles, p.toTopLeft);
for (const w of laid.words.slice(0, 20)) console.log(w.text, w.box.map(v => v.toFixed(1)).join(','));
