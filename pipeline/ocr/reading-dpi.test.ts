import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_SCAN_DPI, readingDpi } from './reading-dpi.ts';

test('a scan is read at its own resolution below the asked one, never above it, and never below MIN_SCAN_DPI', () => {
  const cases: Array<[asked: number, page: { imageCoverage: number; imageDpi?: number }, expected: number]> = [
    [300, { imageCoverage: 1, imageDpi: 200 }, 200],
    [300, { imageCoverage: 1, imageDpi: 299.04 }, 299],
    [300, { imageCoverage: 0.85, imageDpi: 240 }, 240],
    // Finer scans are drawn down to the asked resolution, as before.
    [300, { imageCoverage: 1, imageDpi: 600 }, 300],
    [300, { imageCoverage: 1, imageDpi: 300 }, 300],
    // A coarse scan keeps the larger raster.
    [300, { imageCoverage: 1, imageDpi: MIN_SCAN_DPI - 1 }, 300],
    [300, { imageCoverage: 1, imageDpi: 100 }, 300],
    // A small image on a drawn page (a logo, a signature) says nothing about the page.
    [300, { imageCoverage: 0.3, imageDpi: 200 }, 300],
    [300, { imageCoverage: 0 }, 300],
    // The asked resolution stays the ceiling.
    [150, { imageCoverage: 1, imageDpi: 200 }, 150],
    [400, { imageCoverage: 1, imageDpi: 300 }, 300],
  ];
  for (const [asked, page, expected] of cases) assert.equal(readingDpi(asked, page), expected, `${asked} DPI asked, ${JSON.stringify(page)}`);
});
