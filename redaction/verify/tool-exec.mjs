/**
 * @module
 * Starts one outside tool under its bounds and collects what it printed: the part
 * of the tool runner (`tool-runner.ts`) that its helper process
 * (`tool-runner-process.mjs`) runs too. Plain JavaScript, so the helper loads no
 * TypeScript: Node's type stripping took each helper from 42 to 67 MB resident,
 * and a batch keeps one helper per worker thread. Types: `tool-exec.d.mts`.
 *
 * Bounds: a wall-clock timeout, an address-space limit (RLIMIT_AS, `ulimit -v`) and a
 * file-size limit (RLIMIT_FSIZE, `ulimit -f`), set by the shell just before it execs
 * the tool. A tool stopped by a bound comes back as an error whose `limit` names it.
 */
import { spawn } from 'node:child_process';

/**
 * The shell wrapper that sets the memory and file-size bounds and becomes the tool
 * (`exec`), so the timeout's signal and the exit status are the tool's own. A shell
 * that cannot set a bound runs nothing (126): an unbounded tool is what the bound
 * exists to prevent. `ulimit -v` counts KiB, `ulimit -f` 512-byte blocks.
 */
const boundedShell = 'ulimit -v "$1" || exit 126; ulimit -f "$2" || exit 126; shift 2; exec "$@"';

/** @param {number | undefined} bytes @param {number} unit */
function limitArg(bytes, unit) {
  return bytes === undefined ? 'unlimited' : String(Math.max(1, Math.floor(bytes / unit)));
}

/** Of a tool's messages (stderr), the first and the last this many bytes are kept: the cause is near one end. */
const STDERR_KEEP = 32 * 1024;

/**
 * Runs a tool keeping its output as bytes. The helper sends bytes rather than a string:
 * decoding 16 MB of pdftotext's words into a string there took its peak from 49 MB to 171 MB.
 * Its messages are kept only at their two ends: mutool printed 6 MB of warnings in 20 s on
 * a Type3 font drawn inside itself, all of which sat in the helper.
 * @param {import('./tool-exec.d.mts').ToolRequest} request
 * @returns {Promise<import('./tool-exec.d.mts').RawReply>}
 */
export function runRaw(request) {
  const [file, args] =
    request.memoryBytes === undefined && request.fileBytes === undefined
      ? [request.tool, request.args]
      : ['/bin/sh', ['-c', boundedShell, 'sh', limitArg(request.memoryBytes, 1024), limitArg(request.fileBytes, 512), request.tool, ...request.args]];
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const out = [];
    let outBytes = 0;
    let overflowed = false;
    /** @type {Buffer[]} */
    const head = [];
    let headBytes = 0;
    /** @type {Buffer[]} */
    let tail = [];
    let tailBytes = 0;
    let skipped = 0;
    /** @type {(NodeJS.ErrnoException) | undefined} */
    let failedToStart;
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: request.timeoutMs, killSignal: 'SIGTERM' });
    child.stdout.on('data', (/** @type {Buffer} */ d) => {
      outBytes += d.length;
      if (outBytes <= request.maxBuffer) out.push(d);
      else if (!overflowed) {
        overflowed = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (/** @type {Buffer} */ d) => {
      if (headBytes < STDERR_KEEP) {
        const part = d.subarray(0, STDERR_KEEP - headBytes);
        head.push(part);
        headBytes += part.length;
        d = d.subarray(part.length);
      }
      if (!d.length) return;
      tail.push(d);
      tailBytes += d.length;
      while (tailBytes - tail[0].length >= STDERR_KEEP) {
        skipped += tail[0].length;
        tailBytes -= tail[0].length;
        tail = tail.slice(1);
      }
    });
    child.on('error', (error) => (failedToStart = error));
    child.on('close', (code, signal) => {
      // Pipe chunks reach 64 KB, so whole chunks can hold up to twice the bound: cut the last one to size.
      let end = Buffer.concat(tail);
      if (end.length > STDERR_KEEP) {
        skipped += end.length - STDERR_KEEP;
        end = end.subarray(end.length - STDERR_KEEP);
      }
      const stderr = Buffer.concat(head).toString('utf8') + (skipped ? `\n[${skipped} bytes of messages left out]\n` : '') + end.toString('utf8');
      const stdout = Buffer.concat(out);
      if (failedToStart) return resolve({ stdout, stderr, error: { ...(failedToStart.code !== undefined ? { code: failedToStart.code } : {}), message: failedToStart.message } });
      if (overflowed) return resolve({ stdout, stderr, error: { code: 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', message: `${request.tool} printed more than ${request.maxBuffer} bytes` } });
      if (code === 0 && signal === null) return resolve({ stdout, stderr });
      const message = `Command failed: ${request.tool} ${request.args.join(' ')}${signal ? ` (${signal})` : ` (exit ${code})`}\n${stderr.slice(0, 2000)}`;
      resolve({ stdout, stderr, error: replyError(request, { code: code ?? undefined, signal, killed: child.killed, message }, stderr) });
    });
  });
}

/** Allocation failures as C and C++ tools and the dynamic loader report them. */
const outOfMemory = /\b(?:m|c|re)alloc\b.*\bfailed|out of memory|cannot allocate memory|bad_alloc|failed to map segment/i;

/**
 * @param {import('./tool-exec.d.mts').ToolRequest} request
 * @param {{ code?: number, signal: NodeJS.Signals | null, killed: boolean, message: string }} error
 * @param {string} stderr
 * @returns {NonNullable<import('./tool-exec.d.mts').RawReply['error']>}
 */
function replyError(request, error, stderr) {
  const code = error.code ?? undefined;
  const withCode = code !== undefined ? { code } : {};
  if (request.fileBytes !== undefined && error.signal === 'SIGXFSZ') return { ...withCode, message: error.message, limit: 'output' };
  const bounded = request.memoryBytes !== undefined;
  // The wrapping shell reports a tool it cannot find as 127 "not found": the same as a direct ENOENT.
  if ((bounded || request.fileBytes !== undefined) && code === 127 && /exec: .*not found/.test(stderr)) return { code: 'ENOENT', message: `${request.tool} was not found` };
  if (error.killed && error.signal === 'SIGTERM') return { ...withCode, message: error.message, limit: 'time' };
  // Under a memory bound, a crash is taken as running out: mutool dies of SIGSEGV when an allocation is refused.
  const crashed = error.signal === 'SIGSEGV' || error.signal === 'SIGABRT' || error.signal === 'SIGBUS';
  if (bounded && (crashed || outOfMemory.test(stderr))) return { ...withCode, message: error.message, limit: 'memory' };
  return { ...withCode, message: error.message };
}
