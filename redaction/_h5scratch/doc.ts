import { openPdf } from '../../pipeline/extract/pdfjs.ts';
import { pageTextFromRuns } from '../../pipeline/extract/words-from-runs.ts';
import type { Document, Page } from '../../pipeline/model/types.ts';
export async function quickDocument(bytes: Uint8Array, fileName: string): Promise<Document> {
  const opened = await openPdf(bytes); if (!opened.ok) throw new Error(opened.problem.message);
  const pages: Page[] = [];
  for (let n = 1; n <= opened.value.pageCount; n++) {
    const p = await opened.value.page(n);
    const { runs, styles } = await p.textRuns();
    const laid = pageTextFromRuns(runs, styles, p.toTopLeft);
    pages.push({ number: n, width: p.width, height: p.height, rotation: p.rotation, source: 'text', text: laid.text, words: laid.words });
  }
  await opened.value.close();
  return { modelVersion: 1, id: 'x', fileName, mediaType: 'application/pdf', byteLength: bytes.length, pages, warnings: [] };
}
