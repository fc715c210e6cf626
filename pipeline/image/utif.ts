/**
 * @module
 * Fallback TIFF decoder (utif2, pure JS) for compressions the libvips build in
 * sharp refuses, such as old-style JPEG-in-TIFF. Only called after sharp has
 * failed on a page whose header it could read.
 */
import UTIF from 'utif2';

/** One page as gray pixels, or undefined when utif2 cannot read it either or it exceeds the pixel limit. */
export async function decodeTiffPagesWithUtif(
  bytes: Uint8Array,
  index: number,
  maxPagePixels: number,
): Promise<{ data: Uint8Array; width: number; height: number } | undefined> {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const ifd = UTIF.decode(buffer)[index];
    if (!ifd) return undefined;
    const width = Number(tag(ifd.t256));
    const height = Number(tag(ifd.t257));
    if (!(width > 0 && height > 0) || width * height > maxPagePixels) return undefined;
    UTIF.decodeImage(buffer, ifd);
    return { data: rgbaToGray(UTIF.toRGBA8(ifd)), width: ifd.width, height: ifd.height };
  } catch {
    return undefined;
  }
}

function tag(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Rec. 601 luma, alpha composited on white, as libvips does for sRGB → b-w. */
export function rgbaToGray(rgba: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    const luma = 0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2];
    const alpha = rgba[p + 3] / 255;
    gray[i] = Math.round(luma * alpha + 255 * (1 - alpha));
  }
  return gray;
}
