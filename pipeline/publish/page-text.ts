/**
 * @module
 * The text of a released page as the portal shows and indexes it, with each
 * "[REDACTED (b)(6)]" where its box stands. The writer's invisible text layer
 * carries the kept words in reading order and then one marker per box, placed on
 * the box; read in content order every marker would land at the end of the page.
 * Here the kept words keep their order and each marker is put back by position:
 * into the line its box sits on, between the words to its left and right, or, for
 * a box with no kept words beside it (a whole line, a paragraph), as its own line
 * after the line above it.
 *
 * ```ts
 * portalPageText(linesFromRuns(runs, styles, page.toTopLeft))
 * // "Call [REDACTED (b)(6)] Quist about the invoice."
 * ```
 */
import type { LaidWord } from '../model/page-text.ts';
import type { Box } from '../model/types.ts';

const MARKER_OPEN = '[REDACTED';

interface Marker {
  text: string;
  box: Box;
}

interface Line {
  words: LaidWord[];
  top: number;
  bottom: number;
}

export function portalPageText(lines: readonly (readonly LaidWord[])[]): string {
  const markers: Marker[] = [];
  const kept: Line[] = [];
  for (const line of lines) {
    const words: LaidWord[] = [];
    for (let i = 0; i < line.length; i++) {
      if (!line[i].text.startsWith(MARKER_OPEN)) {
        words.push(line[i]);
        continue;
      }
      // A marker may come as several tokens ("[REDACTED", "(b)(6)]"); it ends at the token closing the bracket.
      let j = i;
      while (j < line.length - 1 && !line[j].text.endsWith(']')) j++;
      const parts = line.slice(i, j + 1);
      markers.push({ text: markerText(parts.map((p) => p.text).join(' ')), box: union(parts.map((p) => p.box)) });
      i = j;
    }
    if (words.length > 0) kept.push({ words, top: Math.min(...words.map((w) => w.box[1])), bottom: Math.max(...words.map((w) => w.box[3])) });
  }
  const heights = kept.map((l) => l.bottom - l.top).sort((a, b) => a - b);
  const lineHeight = heights[Math.floor(heights.length / 2)] ?? 12;
  /** Markers that stand alone, by the index of the kept line they follow (-1: before the first). */
  const after = new Map<number, Marker[]>();
  for (const m of markers) {
    const line = m.box[3] - m.box[1] <= 2 * lineHeight ? lineBeside(kept, m.box) : undefined;
    if (line) {
      const centre = (m.box[0] + m.box[2]) / 2;
      const at = line.words.findIndex((w) => (w.box[0] + w.box[2]) / 2 > centre);
      line.words.splice(at < 0 ? line.words.length : at, 0, { text: m.text, box: m.box });
    } else {
      const i = lineAbove(kept, m.box);
      after.set(i, [...(after.get(i) ?? []), m]);
    }
  }
  const out: string[] = [];
  const emit = (i: number) => {
    const alone = (after.get(i) ?? []).sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
    for (const m of alone) out.push(m.text);
  };
  emit(-1);
  kept.forEach((line, i) => {
    out.push(line.words.map((w) => w.text.trim()).filter(Boolean).join(' '));
    emit(i);
  });
  return out.join('\n');
}

/** "[REDACTED(b)(6)]" (its space squeezed out by a narrow box) → "[REDACTED (b)(6)]". */
function markerText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/^\[REDACTED(?=[^\s\]])/, `${MARKER_OPEN} `);
}

/** The kept line the box sits on: most vertical overlap, at least half the smaller height. */
function lineBeside(lines: Line[], box: Box): Line | undefined {
  let best: Line | undefined;
  let bestShare = 0.5;
  for (const line of lines) {
    const overlap = Math.min(line.bottom, box[3]) - Math.max(line.top, box[1]);
    const share = overlap / Math.max(1e-6, Math.min(line.bottom - line.top, box[3] - box[1]));
    if (share > bestShare) {
      best = line;
      bestShare = share;
    }
  }
  return best;
}

/** The index of the kept line just above the box (one beside it horizontally first), or -1. */
function lineAbove(lines: Line[], box: Box): number {
  const centre = (box[1] + box[3]) / 2;
  let best = -1;
  let bestScore = -Infinity;
  lines.forEach((line, i) => {
    if (line.bottom > centre) return;
    const left = Math.min(...line.words.map((w) => w.box[0]));
    const right = Math.max(...line.words.map((w) => w.box[2]));
    const sameColumn = right > box[0] && left < box[2];
    // Nearest above; a line in the same column wins over a closer one in another column.
    const score = (sameColumn ? 1e6 : 0) - (centre - line.bottom);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

function union(boxes: Box[]): Box {
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}
