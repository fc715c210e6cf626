/**
 * @module
 * The verifier's adapter over independent tools: poppler's `pdftotext` (words
 * with boxes, via -bbox), MuPDF's `mutool draw -F txt`, and `mutool draw` as a
 * fast renderer for the pixel check (pdf.js decodes CCITT images in JavaScript,
 * about a second a page). They are optional at run time: a missing tool is
 * reported as such, never treated as a pass, and pdf.js (always present) still runs.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box } from '../../pipeline/model/types.ts';
import type { GrayImage } from '../../pipeline/model/raster.ts';
import { runTool } from './tool-runner.ts';

export interface ToolWord {
  text: string;
  box: Box;
}

/** Per page (index 0 = page 1): the page text and, when the tool gives them, its words with boxes. */
export interface ToolText {
  tool: string;
  pages: { text: string; words?: ToolWord[] }[];
}

export type ToolOutcome = { ok: true; value: ToolText } | { ok: false; missing: boolean; message: string };

/**
 * Each tool run's bounds. A release Daylight wrote needs tens of megabytes in these
 * tools (the most measured on gov-pdfs and the hostile corpus: 31 MB; all 28 gov-pdfs
 * read and render within 256 MB), so 256 MB leaves room for large page images and
 * still bounds a bomb: up to six tools run at once beside a batch held under 1 GB. DAYLIGHT_TOOL_MEMORY_MB and DAYLIGHT_TOOL_TIMEOUT_S override them.
 *
 * A tool stopped by a bound did not read the file, like a tool that failed on it:
 * its engine is not counted (fail closed: fewer than two independent engines is
 * `verify.engines`, never a pass), and `verify.unreadable` names the pages it cannot
 * read where a page at a time reads, so the writer rebuilds those pages on the raster
 * path and the rebuilt release is read again under the same bounds. Raising the
 * bound to let a bomb through would make every batch's memory hostage to its input.
 */
export function toolBounds(env: NodeJS.ProcessEnv = process.env): { memoryBytes: number; timeoutMs: number } {
  const positive = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return { memoryBytes: positive(env.DAYLIGHT_TOOL_MEMORY_MB, 256) * 1024 * 1024, timeoutMs: positive(env.DAYLIGHT_TOOL_TIMEOUT_S, 120) * 1000 };
}

/** The PDF under test, written once to a private folder that every tool reads; `dispose` removes it. */
export interface ToolInput {
  file: string;
  dir: string;
  dispose(): Promise<void>;
}

export async function toolInput(pdf: Uint8Array): Promise<ToolInput> {
  const dir = await mkdtemp(join(tmpdir(), 'daylight-verify-'));
  const file = join(dir, 'in.pdf');
  await writeFile(file, pdf);
  return { file, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

type Ran = { ok: true; stdout: string; stderr: string } | { ok: false; missing: boolean; message: string };

/** The most a tool may write to one file (its text output, a page image): a bound like memory and time. */
const OUTPUT_BYTES = 512 * 1024 * 1024;

/** Runs a tool without blocking, so the tools and pdf.js work side by side on separate cores. */
async function run(tool: string, args: string[]): Promise<Ran> {
  const bounds = toolBounds();
  // The tools write their output to files (see `outputFile`): what comes back here is only their messages.
  const { stdout, stderr, error } = await runTool({ tool, args, ...bounds, maxBuffer: 16 * 1024 * 1024, fileBytes: OUTPUT_BYTES });
  if (!error) return { ok: true, stdout, stderr };
  if (error.code === 'ENOENT') return { ok: false, missing: true, message: `${tool} is not installed` };
  if (error.limit === 'memory') return { ok: false, missing: false, message: `${tool} was stopped at its memory bound of ${Math.round(bounds.memoryBytes / 1024 / 1024)} MB (DAYLIGHT_TOOL_MEMORY_MB)` };
  if (error.limit === 'time') return { ok: false, missing: false, message: `${tool} was stopped at its time bound of ${Math.round(bounds.timeoutMs / 1000)} s (DAYLIGHT_TOOL_TIMEOUT_S)` };
  if (error.limit === 'output') return { ok: false, missing: false, message: `${tool} was stopped when its output passed ${OUTPUT_BYTES / 1024 / 1024} MB` };
  if (typeof error.code === 'number') return { ok: false, missing: false, message: `${tool} exited with ${error.code}: ${stderr.trim().slice(0, 300)}` };
  return { ok: false, missing: false, message: `${tool} failed: ${error.message}` };
}

let outputs = 0;

/**
 * A fresh file in the input's folder for a tool's text output. A tool's output
 * went through a pipe into the tool runner and from there to this thread: a large
 * `pdftotext -bbox` (141 MB) sat whole in the runner and again here, as bytes and as a
 * string, beside the words parsed from it. Written to a file and read a page at a
 * time (`pagesOf`), it is held by no one whole.
 */
function outputFile(input: ToolInput, tool: string): string {
  return join(input.dir, `${tool}-${++outputs}.out`);
}

/**
 * The pieces of a UTF-8 text file between separators, read a megabyte at a time:
 * only one piece (a page) and one chunk are held at once. The separator is looked for in the
 * bytes and each piece decoded on its own: an ASCII separator never falls inside a character,
 * so the pieces are those of the whole file decoded at once. Searching the decoded text
 * instead cost 40 to 100 ms for the 4 MB `pdftotext -bbox` writes of a 100-page release:
 * a dash or a quote makes the text two bytes a character, which V8 searches slowly.
 */
export async function* pagesOf(file: string, separator: string): AsyncGenerator<string> {
  const sep = Buffer.from(separator, 'utf8');
  // A byte-order mark is dropped at the start of the file only, as one decoder reading it whole would.
  const opening = new TextDecoder('utf-8');
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let first = true;
  const decode = (bytes: Uint8Array) => {
    const text = (first ? opening : decoder).decode(bytes);
    first = false;
    return text;
  };
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    // Searched again from just before the chunk, in case the separator straddles the join.
    const seen = Math.max(0, rest.length - sep.length + 1);
    rest = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let at = rest.indexOf(sep, seen);
    if (at < 0) continue;
    let from = 0;
    for (; at >= 0; at = rest.indexOf(sep, from)) {
      yield decode(rest.subarray(from, at));
      from = at + sep.length;
    }
    // A copy: the stream may hand out views of memory it reuses.
    rest = Buffer.from(rest.subarray(from));
  }
  yield decode(rest);
}

/** Runs a tool that writes its text to `file`, then reads it back page by page; the file is removed either way. */
async function readOutput<T>(tool: string, args: string[], file: string, read: (file: string) => Promise<T>): Promise<{ ok: true; value: T } | Extract<Ran, { ok: false }>> {
  try {
    const r = await run(tool, args);
    return r.ok ? { ok: true, value: await read(file) } : r;
  } finally {
    await rm(file, { force: true });
  }
}

// A coordinate may be negative: poppler keeps a word that starts left of or above the page and
// ends on it (xMin="-5.99…"). Such a word was once left out of pdftotext's words and text alike.
const wordPattern = /<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<\/word>/g;

/** Every page's words, or only pages `first`..`last` (1-based). */
export async function pdftotextWords(input: ToolInput, range?: { first: number; last: number }): Promise<ToolOutcome> {
  const out = outputFile(input, 'pdftotext');
  const r = await readOutput('pdftotext', ['-q', '-bbox', ...(range ? ['-f', String(range.first), '-l', String(range.last)] : []), input.file, out], out, async (file) => {
    const pages: ToolText['pages'] = [];
    // Each page ends "</page>"; the piece after the last one is the document's closing tags.
    for await (const pageHtml of pagesOf(file, '</page>')) {
      if (!/<page\b/.test(pageHtml)) continue;
      const words: ToolWord[] = [];
      for (const m of pageHtml.matchAll(wordPattern)) words.push({ text: m[5].includes('&') ? unescapeHtml(m[5]) : m[5], box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] });
      pages.push({ text: words.map((w) => w.text).join(' '), words });
    }
    return pages;
  });
  return r.ok ? { ok: true, value: { tool: 'pdftotext', pages: r.value } } : r;
}

/** Every page's text, or only pages `first`..`last` (1-based). */
export async function mutoolText(input: ToolInput, range?: { first: number; last: number }): Promise<ToolOutcome> {
  const out = outputFile(input, 'mutool');
  const r = await readOutput('mutool', ['draw', '-q', '-F', 'txt', '-o', out, input.file, ...(range ? [`${range.first}-${range.last}`] : [])], out, async (file) => {
    const pages: ToolText['pages'] = [];
    for await (const text of pagesOf(file, '\f')) pages.push({ text });
    return pages;
  });
  if (!r.ok) return r;
  const pages = r.value;
  if (pages.length > 1 && pages[pages.length - 1].text.trim() === '') pages.pop();
  return { ok: true, value: { tool: 'mutool', pages } };
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
}

/**
 * Pages a renderer drew, each read when asked for: a chunk of 64 pages waits on disk, never
 * whole in memory, and a page's file is removed once read.
 */
export interface RenderedPages {
  pages: number[];
  /**
   * Page `n`'s pixels; each page is read once. The pixels are read into one buffer per chunk,
   * so they hold only until the chunk's next page is read: check a page before asking for the next.
   */
  image(n: number): Promise<GrayImage>;
}

export type RenderOutcome = { ok: true; value: RenderedPages } | { ok: false; missing: boolean; message: string };

/** Renders the given pages (1-based) to gray pixels with `mutool draw`, in one process. */
export async function mutoolRender(input: ToolInput, pages: number[], dpi: number): Promise<RenderOutcome> {
  const prefix = `r${++outputs}-`;
  // Without anti-aliasing: a third less time, and a box's edge or a glyph's stroke lands on
  // whole pixels, which is what the solidity and glyph checks measure.
  const r = await run('mutool', ['draw', '-q', '-A', '0', '-r', String(dpi), '-c', 'gray', '-o', join(input.dir, `${prefix}%d.pgm`), input.file, pages.join(',')]);
  // What a failed run left is removed with the input's folder.
  if (!r.ok) return r;
  return { ok: true, value: renderedPages(pages, dpi, (n) => join(input.dir, `${prefix}${n}.pgm`)) };
}

/** Pages a renderer wrote to `path(n)`, each read once when asked for and then removed. */
function renderedPages(pages: number[], dpi: number, path: (n: number) => string): RenderedPages {
  // One buffer for the chunk's pages, read one after another: a fresh megabyte a page (93 MB for a
  // 100-page release at 100 DPI) made the garbage collector run for memory held only until the next page.
  let scratch: Buffer | undefined;
  return {
    pages,
    async image(n) {
      if (!pages.includes(n)) throw new Error(`page ${n} was not rendered in this chunk`);
      try {
        const file = await open(path(n));
        try {
          const { size } = await file.stat();
          if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafe(size);
          let got = 0;
          while (got < size) {
            const { bytesRead } = await file.read(scratch, got, size - got, got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return readPgm(scratch.subarray(0, got), dpi);
        } finally {
          await file.close();
        }
      } finally {
        await rm(path(n), { force: true });
      }
    },
  };
}

/** MuPDF's script behind `mutoolPages` (plain ES5 for `mutool run`). */
const PAGES_SCRIPT = fileURLToPath(new URL('./mutool-pages.js', import.meta.url));

/**
 * A line MuPDF prints when it throws. `mutool draw` counts such errors while it reads a page (a
 * broken content stream, a bad image) and exits 1 at the end; `mutool run` lets a page's errors
 * pass as long as the script goes on. So a run that printed one is not taken as a clean read.
 */
const MUPDF_ERROR = /^error: /m;

export type PagesOutcome = { ok: true; value: { text: ToolText; renders: RenderedPages } } | { ok: false; missing: boolean; message: string };

/**
 * Every page's text as `mutoolText` gives it, and the given pages (1-based) rendered as `mutoolRender`
 * renders them, from one `mutool run` of `mutool-pages.js`: one process start and one load of the
 * document instead of two (about 25 ms of CPU a release, a tenth of verifying ten pages). Pages that
 * draw images are rendered by `mutool draw` after it (the script cannot draw them as `-A 0` does). A failure
 * of any kind, or an error MuPDF printed on the way, is returned as such: the caller then reads the
 * text and renders the pages with `mutoolText` and `mutoolRender`, which judge a file exactly as before.
 */
export async function mutoolPages(input: ToolInput, render: { pages: number[]; dpi: number }): Promise<PagesOutcome> {
  const prefix = join(input.dir, `m${++outputs}-`);
  const r = await run('mutool', ['run', PAGES_SCRIPT, input.file, prefix, 'text', ...render.pages.map((n) => `${n}:${render.dpi}`)]);
  if (!r.ok) return r;
  if (MUPDF_ERROR.test(r.stderr)) return { ok: false, missing: false, message: `mutool reported an error: ${r.stderr.trim().slice(0, 300)}` };
  let said: { pages?: unknown; left?: unknown };
  try {
    said = JSON.parse(r.stdout) as typeof said;
  } catch {
    said = {};
  }
  const count = said.pages;
  const left = said.left;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || !Array.isArray(left) || !left.every((n) => render.pages.includes(n))) {
    return { ok: false, missing: false, message: `mutool run did not say what it read: ${r.stdout.slice(0, 200)}` };
  }
  // Pages that draw images are rendered by `mutool draw`, as before (see mutool-pages.js); if that
  // fails, so does this read, and the caller reads the file the old way.
  const rest = left.length ? await mutoolRender(input, left as number[], render.dpi) : undefined;
  if (rest && !rest.ok) return rest;
  const drawn = renderedPages(render.pages.filter((n) => !left.includes(n)), render.dpi, (n) => `${prefix}p${n}-1.pgm`);
  const pages: ToolText['pages'] = [];
  // A byte-order mark is dropped at the start of the first page only, as `mutoolText` reads one file for all pages.
  const opening = new TextDecoder('utf-8');
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for (let n = 1; n <= count; n++) {
    const file = `${prefix}t${n}.txt`;
    try {
      pages.push({ text: (n === 1 ? opening : decoder).decode(await readFile(file)) });
    } catch (e) {
      return { ok: false, missing: false, message: `mutool wrote no text for page ${n}: ${(e as Error).message}` };
    } finally {
      await rm(file, { force: true });
    }
  }
  const renders: RenderedPages = { pages: render.pages, image: (n) => (rest?.ok && rest.value.pages.includes(n) ? rest.value.image(n) : drawn.image(n)) };
  return { ok: true, value: { text: { tool: 'mutool', pages }, renders } };
}

/** Binary PGM (P5, 8-bit), as mutool writes it. */
function readPgm(bytes: Uint8Array, dpi: number): GrayImage {
  const header = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!m || m[3] !== '255') throw new Error('mutool wrote a PGM this reader does not know');
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { data: bytes.subarray(m[0].length, m[0].length + width * height), width, height, dpi };
}
