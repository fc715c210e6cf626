/**
 * @module
 * Which resolution to trust for a scan: the file's own, unless it is missing or
 * cannot be a document scan, in which case 300 DPI is assumed and said so.
 */

export const ASSUMED_DPI = 300;

/** Below this, a declared resolution is an encoder default, not a scan's. */
const MIN_PLAUSIBLE_DPI = 50;
/** A page wider or taller than this (inches) is not a records-office document. */
const MAX_PLAUSIBLE_INCHES = 40;

export interface DpiInput {
  format: string;
  /** Pixels per inch as sharp reports it. */
  density?: number;
  resolutionUnit?: string;
  width: number;
  height: number;
}

export function resolveDpi(input: DpiInput): { dpi: number; warning?: string } {
  const { density, width, height } = input;
  // A JFIF header without units carries only an aspect ratio; sharp then reports 72.
  const declared = density !== undefined && density > 0 && !(input.format === 'jpeg' && input.resolutionUnit === undefined);
  if (!declared) return { dpi: ASSUMED_DPI, warning: `declares no resolution; ${ASSUMED_DPI} DPI was assumed.` };
  const inches = Math.max(width, height) / density;
  if (density < MIN_PLAUSIBLE_DPI || inches > MAX_PLAUSIBLE_INCHES) {
    return {
      dpi: ASSUMED_DPI,
      warning: `declares ${round(density)} DPI, which would make it ${round(width / density)} × ${round(height / density)} in; ${ASSUMED_DPI} DPI was assumed.`,
    };
  }
  return { dpi: density };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
