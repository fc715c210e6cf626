import { writeFile } from 'node:fs/promises';
import { fixtureDocument } from './fixtures.ts';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { encodePageImage } from '../../pipeline/publish/page-image.ts';
const f = await fixtureDocument([['File x', 'Plan for the bandstand.'], ['Signed by [[Zanzibarov]] for the contractor.']], 'x.pdf');
const h = await openPdf(f.redacted); if (!h.ok) throw 1;
for (const n of [1, 2]) { const g = await (await h.value.page(n)).render(110); let dark = 0; for (const v of g.data) if (v < 128) dark++; console.log(n, g.width, g.height, dark); await writeFile(`/tmp/h8/p${n}.png`, await encodePageImage(g)); }
const o = await openPdf(f.original); if (!o.ok) throw 1;
{ const g = await (await o.value.page(2)).render(110); let dark = 0; for (const v of g.data) if (v < 128) dark++; console.log('orig2', dark); }
