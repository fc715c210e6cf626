/**
 * @module
 * One process's fixed OCR cost: the OCR engine of the checkout DIR (default this
 * one) starts two threads and reads one small two-line page on each, and the
 * CPU seconds of the whole process from engine creation to close are printed
 * (background compilation included). Run by bench/ocr.ts in a fresh process per
 * sample: `node bench/support/ocr-start.ts [DIR]`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderText } from '../../test/ocr/text-image.ts';
import type { OcrEngineOptions, OcrEngine } from '../../pipeline/ocr/engine.ts';

const dir = process.argv[2] ?? join(import.meta.dirname, '..', '..');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const page = await renderText(1200, 400, 300, [
  { text: 'Start-up costs of the engine', x: 40, y: 180, size: 48 },
  { text: 'measured as a whole process', x: 40, y: 340, size: 48 },
]);
const { createOcrEngine } = (await import(pathToFileURL(join(dir, 'pipeline', 'ocr', 'engine.ts')).href)) as { createOcrEngine(o: OcrEngineOptions): Promise<OcrEngine> };
const start = cpu();
const engine = await createOcrEngine({ workers: 2 });
const reads = await Promise.all([0, 1].map(() => engine.recognize(page, { width: 288, height: 96 })));
await engine.close();
const words = reads.reduce((n, r) => n + (r.ok ? r.value.lines.flat().length : 0), 0);
process.stdout.write(JSON.stringify({ cpu: cpu() - start, words }) + '\n');
