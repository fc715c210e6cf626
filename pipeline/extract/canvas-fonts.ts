/**
 * @module
 * Loads the canvas package pdf.js draws with (@napi-rs/canvas) before pdf.js does, with its
 * scan of the system's fonts put off until a canvas is first made in this process.
 *
 * pdf.js requires the package when it is imported, only for its DOMMatrix, Path2D and ImageData,
 * and the package then registers every installed font: about 0.15 CPU s, once per process
 * (the font list is the native library's, shared by threads). Most runs never draw with pdf.js:
 * a text PDF is read, written and verified without a render (the verifier renders with mutool).
 * Fonts matter only to drawing text on a canvas (a PDF font that is neither embedded nor
 * standard is drawn with an installed one), and every canvas pdf.js draws on comes from the
 * package's `createCanvas`: so the fonts are registered, exactly as the package would have
 * (same folders, same call), before the first canvas exists, and no drawing ever sees fewer.
 *
 * Imported for its effect, before pdf.js: `import './canvas-fonts.ts'`. When pdf.js (or
 * anything else) loaded the package first in this thread, it is left as it is.
 */
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

interface CanvasPackage {
  createCanvas: (...args: unknown[]) => unknown;
  GlobalFonts: { enableSystemFonts(dirs: string[]): unknown };
}

/** Resolved as pdf.js resolves it, so this is the copy (and the require cache entry) pdf.js gets. */
const requireAsPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const resolved = requireAsPdfjs.resolve('@napi-rs/canvas');

/**
 * The folders the package itself adds on load (its index.js), beside the system's: kept the same,
 * the relative Linux path included, so the fonts registered later are the ones it would have.
 */
function packageFontDirs(): string[] {
  const home = homedir();
  return (
    {
      win32: [join(home, 'AppData', 'Local', 'Microsoft', 'Windows', 'Fonts')],
      darwin: ['/Library/Fonts', join(home, 'Library', 'Fonts')],
      linux: [join('usr', 'local', 'share', 'fonts'), join(home, '.fonts')],
    } as Record<string, string[]>
  )[platform()] ?? [];
}

/** Whether this module loaded the package with its font scan put off (false: someone else loaded it, or the user turned the scan off). */
export const fontsDeferred = loadDeferred();

function loadDeferred(): boolean {
  if (requireAsPdfjs.cache[resolved]) return false;
  const asked = process.env.DISABLE_SYSTEM_FONTS_LOAD;
  // The user's own setting means no system fonts at all: the package is left to honour it.
  if (asked) return false;
  let canvas: CanvasPackage;
  process.env.DISABLE_SYSTEM_FONTS_LOAD = '1';
  try {
    canvas = requireAsPdfjs('@napi-rs/canvas') as CanvasPackage;
  } catch {
    // pdf.js reports a missing package itself when it loads it.
    return false;
  } finally {
    delete process.env.DISABLE_SYSTEM_FONTS_LOAD;
  }
  const create = canvas.createCanvas;
  let registered = false;
  canvas.createCanvas = function createCanvas(this: unknown, ...args: unknown[]) {
    if (!registered) {
      registered = true;
      canvas.GlobalFonts.enableSystemFonts(packageFontDirs());
    }
    return create.apply(this, args);
  };
  return true;
}
