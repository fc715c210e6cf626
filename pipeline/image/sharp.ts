/**
 * @module
 * sharp (libvips), loaded on first use. Loading it costs about a tenth of a CPU
 * second in every process and worker thread that does; a text PDF's extraction
 * and its surgical release decode and encode no raster, so they never pay it.
 * `decode.ts`, `encode.ts` and `preprocess.ts` are the modules that use it.
 */
import type sharpFunction from 'sharp';

export type Sharp = typeof sharpFunction;

let loading: Promise<Sharp> | undefined;

export function loadSharp(): Promise<Sharp> {
  loading ??= import('sharp').then((m) => m.default);
  // A failed load is not kept: the next call tries again (and reports its own error).
  loading.catch(() => (loading = undefined));
  return loading;
}
