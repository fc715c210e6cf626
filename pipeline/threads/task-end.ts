/**
 * @module
 * What a worker thread lets go of between tasks. A library adapter that keeps
 * memory for speed within one task (pdf.js's pooled canvases: 33 MB each at
 * 300 DPI) registers a release here; the worker calls every release when a task
 * ends, so an idle thread holds no page-sized buffers while another document
 * runs beside it.
 *
 * ```ts
 * onTaskEnd(() => pool.drain());
 * ```
 */
const releases: (() => void)[] = [];

/** Registers `release` to run whenever a task of this thread ends. */
export function onTaskEnd(release: () => void): void {
  releases.push(release);
}

/** Runs every registered release (a failing one does not stop the others). */
export function endTask(): void {
  for (const release of releases) {
    try {
      release();
    } catch {
      // Letting go of memory early is an optimisation: a failure leaves it to the collector.
    }
  }
}
