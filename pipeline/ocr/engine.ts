/**
 * @module
 * OCR of one page raster into words with boxes in page points (top-left
 * origin): prepare (contrast, deskew) → recognise → if the page reads badly,
 * probe its orientation on a small low-resolution window (orientation.ts) and,
 * when another way up reads clearly better, read the page once more that way
 * → map every box back through the deskew and turn to the original raster,
 * then to points.
 *
 * ```ts
 * const engine = await createOcrEngine();
 * const read = await engine.recognize(gray, { width: 612, height: 792 });
 * if (read.ok) layoutLines(read.value.lines);
 * await engine.close();
 * ```
 */
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';
import type { GrayImage } from '../model/raster.ts';
import type { Box } from '../model/types.ts';
import type { LaidWord } from '../model/page-text.ts';
import { prepareForOcr } from '../image/preprocess.ts';
import { composeAffine, mapBox, turnClockwise } from '../image/transform.ts';
import type { Affine, QuarterTurns } from '../image/transform.ts';
import { createTesseractPool } from './tesseract.ts';
import type { PixelWord, TesseractPool } from './tesseract.ts';
import { readingScore } from './reading-score.ts';
import { looksBlank } from './blank.ts';
import { probeTurns } from './orientation.ts';

export interface OcrResult {
  /** Lines in reading order, boxes in page points, confidence 0..1. */
  lines: LaidWord[][];
  /** Mean word confidence, 0..1; 0 when the page has no words. */
  meanConfidence: number;
  /** Clockwise quarter turns that made the page upright (0 when it already was). Optional so fakes may omit it. */
  turns?: QuarterTurns;
  /** Clockwise tilt that was measured (and removed when above 0.15°), in degrees. */
  skewDegrees?: number;
}

export interface OcrEngine {
  /** `page` is the page size in points; the raster covers the whole page. */
  recognize(image: GrayImage, page: { width: number; height: number }): Promise<Result<OcrResult>>;
  close(): Promise<void>;
}

export interface OcrEngineOptions {
  /** Parallel OCR workers; one per core by default. */
  workers?: number;
  /** Longest time one recognition of a page may take (default 120 s). */
  pageTimeoutMs?: number;
  /** Try other orientations when a page reads badly (default true). */
  detectOrientation?: boolean;
  /** The recogniser to read with instead of a new tesseract.js pool (tests count its calls); the engine closes it. */
  pool?: TesseractPool;
}

/** Below this reading score the page's orientation is probed. */
const UPRIGHT_SCORE = 0.6;

export async function createOcrEngine(options: OcrEngineOptions = {}): Promise<OcrEngine> {
  const pool = options.pool ?? createTesseractPool(options.workers);
  const timeoutMs = options.pageTimeoutMs ?? 120_000;
  const detectOrientation = options.detectOrientation ?? true;

  return {
    async recognize(image, page) {
      // Blank and near-blank pages are recognised from their pixels in milliseconds: nothing to read.
      if (looksBlank(image)) return ok({ lines: [], meanConfidence: 0, turns: 0, skewDegrees: 0 });
      // A thread starts while this page is prepared, when none is free.
      pool.warm?.();
      const upright = await readTurned(pool, image, 0, timeoutMs);
      if (!upright.ok) return upright;
      let best = upright.value;
      // A page with no words at all is blank, not turned.
      if (detectOrientation && best.lines.length > 0 && best.score < UPRIGHT_SCORE) {
        // Which way up comes from a small low-resolution probe; only the winner is read in full.
        const { turns } = await probeTurns(image, async (probe) => {
          const read = await pool.recognize(probe, timeoutMs);
          // A probe that fails or times out only loses its vote.
          return read.ok ? readingScore(read.value) : undefined;
        });
        if (turns !== 0) {
          const turned = await readTurned(pool, image, turns, timeoutMs);
          // The full reading has the last word: a probe that misled leaves the upright reading standing.
          if (turned.ok && turned.value.score > best.score) best = turned.value;
        }
      }
      return ok(toPagePoints(best, image, page));
    },
    close: () => pool.close(),
  };
}

interface Reading {
  lines: PixelWord[][];
  /** Maps pixels of the raster that was read to pixels of the original raster. */
  toSource: Affine;
  turns: QuarterTurns;
  skewDegrees: number;
  score: number;
}

async function readTurned(pool: TesseractPool, image: GrayImage, turns: QuarterTurns, timeoutMs: number): Promise<Result<Reading>> {
  const turned = turnClockwise(image, turns);
  let prepared;
  try {
    prepared = await prepareForOcr(turned.image);
  } catch (error) {
    return fail('ocr.failed', `The page could not be prepared for OCR: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const read = await pool.recognize(prepared.image, timeoutMs);
  if (!read.ok) return read;
  return ok({
    lines: read.value,
    toSource: composeAffine(turned.toSource, prepared.toSource),
    turns,
    skewDegrees: prepared.skewDegrees,
    score: readingScore(read.value),
  });
}

function toPagePoints(reading: Reading, image: GrayImage, page: { width: number; height: number }): OcrResult {
  const sx = page.width / image.width;
  const sy = page.height / image.height;
  const toPoints = (box: Box): Box => {
    const [x0, y0, x1, y1] = mapBox(reading.toSource, box);
    return [clamp(x0 * sx, page.width), clamp(y0 * sy, page.height), clamp(x1 * sx, page.width), clamp(y1 * sy, page.height)];
  };
  const lines = reading.lines.map((line) => line.map((w): LaidWord => ({ text: w.text, box: toPoints(w.box), confidence: w.confidence })));
  const words = reading.lines.flat();
  const meanConfidence = words.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
  return { lines, meanConfidence, turns: reading.turns, skewDegrees: reading.skewDegrees };
}

function clamp(v: number, max: number): number {
  return Math.min(max, Math.max(0, v));
}
