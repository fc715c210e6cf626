/**
 * @module
 * The helper process behind `tool-runner.ts`: takes tool requests over IPC, runs
 * each with `tool-exec.mjs` and sends back what it printed, as bytes. It holds nothing
 * else (plain JavaScript: no TypeScript loader either), so starting a tool from here is
 * cheap. It exits when its parent goes.
 */
import { runRaw } from './tool-exec.mjs';

process.on('message', (message) => {
  void runRaw(message).then((reply) => process.send?.({ id: message.id, ...reply }));
});
process.on('disconnect', () => process.exit(0));
