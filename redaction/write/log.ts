/**
 * @module
 * The redaction log written beside every release (`<out>.log.json`): one entry
 * per burned box, saying where, why and under which exemption. It never holds
 * the removed text.
 */
import type { Box } from '../../pipeline/model/types.ts';

export interface RedactionLogEntry {
  page: number;
  box: Box;
  category: string;
  /** Policy key, e.g. "b6". */
  exemption: string;
  /** As printed on the box, e.g. "(b)(6)". */
  code: string;
  /** Detector ids that proposed it, or "reviewer:<name>". */
  detector: string;
  reason: string;
  /** True when a person still has to confirm it (a `review` finding burned provisionally). */
  pendingReview: boolean;
}

export interface RedactionLog {
  file: string;
  /** SHA-256 of the original. */
  sourceSha256: string;
  policy: string;
  dpi: number;
  createdAt: string;
  entries: RedactionLogEntry[];
  /** Words left out of the text layer because no glyph of theirs shows on the page. */
  hiddenWordsDropped: number;
  /** Which path each page took (pass-through, surgical or raster) and why. */
  pages: { page: number; path: 'pass-through' | 'surgical' | 'raster'; reason: string }[];
  notes: string[];
}
