/**
 * @module
 * Reads the PDFs of an evaluation corpus into documents, as a batch would (text
 * layer, OCR where a page has none), with a cache: extraction and OCR of 600 real
 * pages take minutes, detection a second. The cache key is the file's bytes plus
 * the source of every module that shapes extraction (pipeline/extract, ocr, image,
 * model), so a change to how words are read is never scored on stale text.
 * EVAL_NO_CACHE=1 reads afresh; EVAL_NO_OCR=1 leaves pages without a text layer empty.
 *
 * ```ts
 * const docs = await readCorpus(['/corpora/gov-pdfs/pdfs/a.pdf'], { onFile: (f) => log(f) });
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../../pipeline/extract/extract-document.ts';
import { createOcrEngine } from '../../pipeline/ocr/engine.ts';
import type { OcrEngine } from '../../pipeline/ocr/engine.ts';
import type { Document } from '../../pipeline/model/types.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHAPING = ['pipeline/extract', 'pipeline/ocr', 'pipeline/image', 'pipeline/model'];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
    });
}

let codeHash: string | undefined;
/** Hash of the code that turns bytes into a document. */
function extractionCodeHash(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  for (const f of SHAPING.flatMap((d) => sourceFiles(join(root, d)))) h.update(f.slice(root.length)).update(readFileSync(f));
  codeHash = h.digest('hex').slice(0, 16);
  return codeHash;
}

export interface CorpusDocument {
  path: string;
  document?: Document;
  /** Set when the file failed to extract. */
  problem?: string;
}

export async function readCorpus(paths: string[], options: { onFile?: (name: string, cached: boolean) => void } = {}): Promise<CorpusDocument[]> {
  const useOcr = process.env.EVAL_NO_OCR !== '1';
  const cacheDir = join(tmpdir(), 'daylight-eval-cache');
  mkdirSync(cacheDir, { recursive: true });
  let engine: Promise<OcrEngine> | undefined;
  const out: CorpusDocument[] = [];
  try {
    for (const path of paths) {
      const bytes = readFileSync(path);
      const key = createHash('sha256').update(bytes).update(extractionCodeHash()).update(useOcr ? 'ocr' : 'no-ocr').digest('hex').slice(0, 24);
      const cached = join(cacheDir, `${key}.json`);
      if (process.env.EVAL_NO_CACHE !== '1' && existsSync(cached)) {
        out.push({ path, ...(JSON.parse(readFileSync(cached, 'utf8')) as Omit<CorpusDocument, 'path'>) });
        options.onFile?.(basename(path), true);
        continue;
      }
      const read = await extractDocument({ bytes: new Uint8Array(bytes), fileName: basename(path) }, { getOcr: useOcr ? () => (engine ??= createOcrEngine()) : undefined });
      const entry: Omit<CorpusDocument, 'path'> = read.ok ? { document: read.value } : { problem: `${read.problem.code}: ${read.problem.message}` };
      writeFileSync(cached, JSON.stringify(entry));
      out.push({ path, ...entry });
      options.onFile?.(basename(path), false);
    }
  } finally {
    if (engine) await (await engine).close();
  }
  return out;
}
