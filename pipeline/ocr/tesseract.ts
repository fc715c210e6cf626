/**
 * @module
 * The one adapter over Tesseract (tesseract.js-core, Tesseract compiled to
 * WebAssembly): a pool of worker threads, one per core by default, reading with
 * the bundled `@tesseract.js-data/eng` model and never the network. Threads
 * start on first use, or ahead of it with `warm()`; the compiled module and the
 * model are made once per process and shared (tesseract-core.ts). A page that
 * runs past its timeout gets its thread terminated (the only way to stop a WASM
 * job) and replaced on the next page; other pages keep running. Results are
 * words in pixels of the raster given, grouped in lines in Tesseract's reading
 * order.
 *
 * The first pool of a process that reads real text while no code cache was
 * found leaves V8's optimised code of the module on disk as it closes
 * (wasm-code-cache.ts): later processes skip compiling it again.
 *
 * The threads are ours rather than tesseract.js's: its worker unzips the model
 * and reads the binary again in every thread, loads its own modules and posts
 * progress a hundred times a page (0.3–0.5 CPU s more a process with two
 * threads, measured), and its scheduler cannot stop one hung job without
 * stopping all of them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';
import { tesseractFiles } from './tesseract-core.ts';
import type { PageRequest, SaveCodeCacheRequest, ThreadReply } from './tesseract-messages.ts';

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
  /** A page is on its way: start a thread now if none is free, so its start-up overlaps the page's preparation. */
  warm?(): void;
  /** Terminates every worker; pending and later calls fail with ocr.failed. */
  close(): Promise<void>;
}

/** One Tesseract thread: reads one page at a time. */
interface OcrThread {
  read(request: PageRequest): Promise<string>;
  /** Writes the module's optimised code to `file`; false when it could not. */
  saveCodeCache(file: string): Promise<boolean>;
  terminate(): void;
}

/**
 * Words a process reads before its code is worth caching: about a page of text, by which
 * V8 has optimised the functions every page runs (a cache written after one tiny probe
 * would hold few of them, and would stand until the next V8 or tesseract.js-core).
 */
const CACHE_AFTER_WORDS = 200;
/** Closing waits at most this long for the cache to be written. */
const CACHE_WRITE_TIMEOUT_MS = 10_000;
/** One cache write a process at most. */
let cacheWritten = false;

export function createTesseractPool(workers = availableParallelism()): TesseractPool {
  const size = Math.max(1, Math.floor(workers));
  const idle: OcrThread[] = [];
  const waiting: Array<(worker: OcrThread | undefined) => void> = [];
  /** Threads being started by `warm()`, not yet handed to anyone. */
  const starting = new Set<Promise<OcrThread | undefined>>();
  let live = 0;
  let closed = false;
  let wordsRead = 0;
  // The module and model load while the caller renders or decodes its first page (errors surface on first use).
  tesseractFiles().catch(() => {});

  /** Starts a thread in a free slot; a thread that cannot start frees its slot for the next waiter. */
  function start(): Promise<OcrThread> {
    live++;
    return startThread().catch((error: unknown) => {
      live--;
      waiting.shift()?.(undefined);
      throw error;
    });
  }

  async function acquire(): Promise<Result<OcrThread>> {
    if (closed) return fail('ocr.failed', 'The OCR engine was closed before this page was read.');
    const ready = idle.pop();
    if (ready) return ok(ready);
    if (live < size) {
      try {
        return ok(await start());
      } catch (error) {
        return fail('ocr.failed', `The OCR engine could not start: ${message(error)}.`);
      }
    }
    const next = await new Promise<OcrThread | undefined>((resolve) => waiting.push(resolve));
    return next ? ok(next) : acquire();
  }

  function release(worker: OcrThread): void {
    if (closed) return discard(worker);
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  }

  /** A dead worker frees its slot: the next waiter starts a fresh one. */
  function discard(worker: OcrThread): void {
    live--;
    worker.terminate();
    waiting.shift()?.(undefined);
  }

  return {
    warm() {
      if (closed || idle.length > 0 || live >= size) return;
      const started = start().then(
        (thread) => {
          release(thread);
          return thread;
        },
        () => undefined,
      );
      starting.add(started);
      void started.finally(() => starting.delete(started));
    },
    async recognize(image, timeoutMs) {
      const acquired = await acquire();
      if (!acquired.ok) return acquired;
      const worker = acquired.value;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        const job = worker.read({ image: encodeForTesseract(image), dpi: image.dpi });
        const outcome = await Promise.race([job, timedOut]);
        if (outcome === 'timeout') {
          job.catch(() => {});
          discard(worker);
          return fail('ocr.timeout', `OCR took longer than ${Math.round(timeoutMs / 1000)} s on a ${image.width} × ${image.height} page.`);
        }
        release(worker);
        const lines = linesOfTsv(outcome);
        for (const line of lines) wordsRead += line.length;
        return ok(lines);
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
      // Threads still starting join `idle` when ready, or fail: either way none is left running.
      await Promise.all([...starting]);
      if (idle.length > 0 && wordsRead >= CACHE_AFTER_WORDS) await writeCacheOnce(idle[0]);
      const workers = idle.splice(0);
      live -= workers.length;
      for (const w of workers) w.terminate();
    },
  };
}

/** Has `thread` write the code cache when it is on, was not found at start, and this process wrote none yet. */
async function writeCacheOnce(thread: OcrThread): Promise<void> {
  const files = await tesseractFiles().catch(() => undefined);
  if (cacheWritten || !files?.codeCache || files.codeCache.loaded) return;
  cacheWritten = true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CACHE_WRITE_TIMEOUT_MS);
  });
  // A cache that could not be written costs the next process its compilation, nothing more.
  await Promise.race([thread.saveCodeCache(files.codeCache.file).catch(() => false), timeout]);
  clearTimeout(timer);
}

/** Starts one thread and resolves when Tesseract is initialised in it. */
async function startThread(): Promise<OcrThread> {
  const files = await tesseractFiles();
  const worker = new Worker(new URL('./tesseract-thread.mjs', import.meta.url), { workerData: files });
  /** The page being read (or the cache being written): one at a time. */
  let pending: { resolve(tsv: string): void; reject(error: Error): void } | undefined;
  let pendingSave: ((saved: boolean) => void) | undefined;
  let dead: Error | undefined;
  const die = (error: Error) => {
    dead ??= error;
    pending?.reject(dead);
    pending = undefined;
    pendingSave?.(false);
    pendingSave = undefined;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (first: ThreadReply) => ('ready' in first && first.ready ? resolve() : reject(new Error('message' in first ? first.message : 'it did not start'))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`its thread ended with code ${code}`)));
    });
  } catch (error) {
    void worker.terminate();
    throw error;
  } finally {
    for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  }
  worker.on('message', (reply: ThreadReply) => {
    if ('saved' in reply) {
      pendingSave?.(reply.saved);
      pendingSave = undefined;
      return;
    }
    const job = pending;
    pending = undefined;
    if (!job || 'ready' in reply) return;
    if (reply.ok) job.resolve(reply.tsv);
    else job.reject(new Error(reply.message));
  });
  worker.on('error', (error) => die(error));
  worker.on('exit', (code) => die(new Error(`its thread ended with code ${code}`)));
  return {
    read(request) {
      if (dead) return Promise.reject(dead);
      return new Promise<string>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(request);
      });
    },
    saveCodeCache(file) {
      if (dead) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        pendingSave = resolve;
        worker.postMessage({ saveCodeCache: file } satisfies SaveCodeCacheRequest);
      });
    },
    terminate() {
      dead ??= new Error('the thread was stopped');
      void worker.terminate();
    },
  };
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
