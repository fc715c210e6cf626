import { readFileSync } from 'node:fs';
import { openPdf } from '../../pipeline/extract/pdfjs.ts';
const bytes = new Uint8Array(readFileSync('samples/audit-report.pdf'));
const h = await openPdf(bytes); if (!h.ok) throw 1;
for (const [dpi, ann] of [[300, true], [300, false], [300, false], [150, false], [200, false]] as const) {
  const pg = await h.value.page(1);
  const t = performance.now(); await pg.render(dpi, { withAnnotations: ann }); console.log(dpi, ann, (performance.now() - t).toFixed(0));
}
