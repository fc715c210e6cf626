/**
 * @module
 * Runs an async task over items with at most `limit` in flight, in item order.
 * A task that throws stops the pool (the batch catches per-document failures
 * inside its tasks, so a throw here is a workspace failure worth stopping for).
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped: unknown;
  const worker = async () => {
    while (stopped === undefined && next < items.length) {
      const i = next++;
      try {
        await task(items[i], i);
      } catch (error) {
        stopped ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (stopped !== undefined) throw stopped;
}
