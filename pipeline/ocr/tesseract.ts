/**
 * @module
 * The one adapter over tesseract.js: a pool of WASM workers, one per core by
 * default, reading with the bundled `@tesseract.js-data/eng` model and never the
 * network. Workers start on first use. A page that runs past its timeout gets
 * its worker terminated (the only way to stop a WASM job) and replaced on the
 * next page; other pages keep running. Results are words in pixels of the
 * raster given, grouped in lines in Tesseract's reading order.
 *
 * tesseract.js's own scheduler cannot stop one hung job without stopping all of
 * them, hence this small pool.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker } from 'tesseract.js';
import type { Worker } from 'tesseract.js';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';

/** LSTM-only "best_int" English model, gzipped, inside the npm package: no download at run time. */
const langPath = join(dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

const OEM_LSTM_ONLY = 1;

export interface PixelWord {
  text: string;
  /** Pixels of the recognised raster. */
  box: Box;
  /** 0..1. */
  confidence: number;
}

export interface TesseractPool {
  /** Recognises one raster; `timeoutMs` bounds the recognition itself, not the wait for a free worker. */
  recognize(image: GrayImage, timeoutMs: number): Promise<Result<PixelWord[][]>>;
  /** Terminates every worker; pending and later calls fail with ocr.failed. */
  close(): Promise<void>;
}

export function createTesseractPool(workers = availableParallelism()): TesseractPool {
  const size = Math.max(1, Math.floor(workers));
  const idle: Worker[] = [];
  const waiting: Array<(worker: Worker | undefined) => void> = [];
  let live = 0;
  let closed = false;

  async function acquire(): Promise<Result<Worker>> {
    if (closed) return fail('ocr.failed', 'The OCR engine was closed before this page was read.');
    const ready = idle.pop();
    if (ready) return ok(ready);
    if (live < size) {
      live++;
      try {
        return ok(await startWorker());
      } catch (error) {
        live--;
        waiting.shift()?.(undefined);
        return fail('ocr.failed', `The OCR engine could not start: ${message(error)}.`);
      }
    }
    const next = await new Promise<Worker | undefined>((resolve) => waiting.push(resolve));
    return next ? ok(next) : acquire();
  }

  function release(worker: Worker): void {
    if (closed) return discard(worker);
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  }

  /** A dead worker frees its slot: the next waiter starts a fresh one. */
  function discard(worker: Worker): void {
    live--;
    void worker.terminate();
    waiting.shift()?.(undefined);
  }

  return {
    async recognize(image, timeoutMs) {
      const acquired = await acquire();
      if (!acquired.ok) return acquired;
      const worker = acquired.value;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const job = worker.recognize(
          encodeForTesseract(image),
          {
            // The Tesseract API defaults to one uniform block (PSM 6) and reads across columns;
            // 3 is automatic layout analysis, the `tesseract` command's default.
            tessedit_pageseg_mode: '3',
            user_defined_dpi: String(Math.round(image.dpi)),
            // Tesseract's own diagnostics ("Image too small to scale!!") would otherwise clutter stderr.
            debug_file: '/dev/null',
          } as object,
          // TSV is the cheapest output that keeps words, boxes, confidences and lines: tesseract.js's
          // `blocks` JSON (symbols and their choices too) cost about 0.1 CPU s a dense page, TSV about 0.04.
          { text: false, tsv: true },
        );
        const outcome = await Promise.race([job, timedOut]);
        if (outcome === 'timeout') {
          job.catch(() => {});
          discard(worker);
          return fail('ocr.timeout', `OCR took longer than ${Math.round(timeoutMs / 1000)} s on a ${image.width} × ${image.height} page.`);
        }
        release(worker);
        return ok(linesOfTsv(outcome.data.tsv ?? ''));
      } catch (error) {
        // A job that failed may leave the engine in any state; do not reuse it.
        discard(worker);
        return fail('ocr.failed', `Tesseract could not read the page: ${message(error)}.`);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      for (const resolve of waiting.splice(0)) resolve(undefined);
      const workers = idle.splice(0);
      live -= workers.length;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function startWorker(): Promise<Worker> {
  return createWorker('eng', OEM_LSTM_ONLY, {
    langPath,
    gzip: true,
    // Without this, tesseract.js writes eng.traineddata into the working directory.
    cacheMethod: 'none',
    // Without a handler, a failed job throws from the worker's message listener and takes the process down.
    errorHandler: () => {},
  });
}

/** Columns of Tesseract's TSV output: level, page, block, paragraph, line, word, left, top, width, height, conf, text. */
const WORD_LEVEL = '5';

/**
 * Words of Tesseract's TSV output grouped in its lines, in reading order: a word row
 * (level 5) belongs to the line named by its block, paragraph and line numbers.
 */
export function linesOfTsv(tsv: string): PixelWord[][] {
  const lines: PixelWord[][] = [];
  let current: PixelWord[] = [];
  let currentKey = '';
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== WORD_LEVEL) continue;
    // The text is the last column and may itself hold a tab only in theory; keep all of it.
    const text = cells.slice(11).join('\t').trim();
    if (text === '') continue;
    const key = `${cells[2]}/${cells[3]}/${cells[4]}`;
    if (key !== currentKey) {
      if (current.length > 0) lines.push(current);
      current = [];
      currentKey = key;
    }
    const [left, top, width, height] = [cells[6], cells[7], cells[8], cells[9]].map(Number);
    current.push({ text, box: [left, top, left + width, top + height], confidence: Math.max(0, Number(cells[10])) / 100 });
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/**
 * The page as Leptonica reads it without a codec: a bilevel raster (every pixel 0 or 255, as a
 * G4 or other 1-bit scan decodes) as a 1-bit PBM, anything else as an 8-bit PGM. Tesseract takes
 * a 1-bit image as already thresholded, as native `tesseract` does a 1-bit TIFF; given the same
 * pixels in 8 bits it thresholds them again and reads the lines from the gray copy, which cost
 * about a quarter more CPU a page for the same words (measured on dense 300 DPI pages).
 */
export function encodeForTesseract(image: GrayImage): Buffer {
  return isBilevel(image.data) ? encodePbm(image) : encodePgm(image);
}

function isBilevel(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) {
    // One compare a pixel: (v + 1) & 0xff is 0 for 255, 1 for 0 and more for any gray.
    const v = data[i];
    if (((v + 1) & 0xff) > 1) return false;
  }
  return true;
}

/** Binary PBM: rows of bits padded to whole bytes, 1 for black. */
export function encodePbm(image: GrayImage): Buffer {
  const { data, width, height } = image;
  const header = Buffer.from(`P4\n${width} ${height}\n`, 'latin1');
  const rowBytes = Math.ceil(width / 8);
  const out = Buffer.alloc(header.length + rowBytes * height);
  out.set(header);
  for (let y = 0; y < height; y++) {
    let from = y * width;
    const end = from + width;
    let to = header.length + y * rowBytes;
    // A whole byte of eight pixels at a time, then the row's last few bits.
    for (; from + 8 <= end; from += 8, to++) {
      out[to] =
        ((data[from] === 0 ? 0x80 : 0) |
          (data[from + 1] === 0 ? 0x40 : 0) |
          (data[from + 2] === 0 ? 0x20 : 0) |
          (data[from + 3] === 0 ? 0x10 : 0) |
          (data[from + 4] === 0 ? 0x08 : 0) |
          (data[from + 5] === 0 ? 0x04 : 0) |
          (data[from + 6] === 0 ? 0x02 : 0) |
          (data[from + 7] === 0 ? 0x01 : 0));
    }
    for (let bit = 0; from < end; from++, bit++) if (data[from] === 0) out[to] |= 0x80 >> bit;
  }
  return out;
}

/** Binary PGM: a header and the raw bytes. */
export function encodePgm(image: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + image.data.length);
  out.set(header);
  out.set(image.data, header.length);
  return out;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Error:\s*/, '').split('\n')[0].replace(/[.\s]+$/, '');
}
