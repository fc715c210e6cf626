import { readFileSync } from 'node:fs';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { pdftotextWords, mutoolText } from '../verify/text-tools.ts';
import { inflateAll } from '../verify/structure.ts';
const pdf = new Uint8Array(readFileSync('/tmp/h5_out.pdf'));
for (let i = 0; i < 2; i++) {
let t = performance.now();
const h = await openPdf(pdf); if (!h.ok) throw 1;
const p = await h.value.page(1); await p.textRuns(); console.log('pdfjs text', performance.now() - t); t = performance.now();
await p.render(100); console.log('render100', performance.now() - t); t = performance.now();
await h.value.proxy.getMetadata(); console.log('meta', performance.now() - t); t = performance.now();
await h.value.close();
pdftotextWords(pdf); console.log('pdftotext', performance.now() - t); t = performance.now();
mutoolText(pdf); console.log('mutool', performance.now() - t); t = performance.now();
inflateAll(pdf); console.log('inflate', performance.now() - t); t = performance.now();
}
