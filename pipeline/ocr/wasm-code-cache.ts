/**
 * @module
 * V8's optimised machine code for Tesseract's WebAssembly, kept on disk between
 * processes, as native `tesseract` keeps its compiled code in its binary. Without
 * it every process reads its first pages in V8's baseline code while V8's
 * background threads compile the hot functions again (about 1–1.5 CPU s a
 * process, measured: a 2-page `daylight extract` went from 7.8–8.7 to 6.8–7.1 CPU s).
 *
 * Node has no public API for this: V8's own test functions `%SerializeWasmModule`
 * and `%DeserializeWasmModule` (natives syntax, switched on only while the two
 * functions are made) do it. V8 refuses (undefined) a cache from another V8
 * version, CPU or flag set; it does not check the code itself, so a cache is
 * used only from a folder and file that only this user can write, and only when
 * the SHA-256 written with it matches (a cut-short or damaged file is ignored).
 * Serialising a module that holds no optimised function aborts the process in
 * V8, so the writer first optimises one small exported function itself.
 *
 * It is off unless asked for: `DAYLIGHT_WASM_CACHE=on` keeps it in `daylight-wasm-cache-UID`
 * in the OS temp folder (as Node's own compile cache), `DAYLIGHT_WASM_CACHE=DIR` in DIR. Off by
 * default because it rests on V8's test functions rather than a public API, and because what it
 * saves (V8's background compilation, about 0.8 CPU s a process) did not show as a whole-process
 * gain at low load (`npm run bench -- ocr` prints both): a default should not carry that risk for
 * a gain within noise.
 *
 * ```ts
 * const file = codeCacheFile(dir, 'tesseract-core-simd-lstm', wire);
 * const module = readCodeCache(file, wire) ?? (await WebAssembly.compile(wire));
 * // … after the module has done real work, on a thread with an instance of it:
 * writeCodeCache(file, module, instance.exports);
 * ```
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';

const MAGIC = Buffer.from('daylight-wasm-code-1\n', 'latin1');
const DIGEST_BYTES = 32;

/** The cache folder, or undefined when the cache is off (the default). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.DAYLIGHT_WASM_CACHE;
  if (!setting || setting === 'off' || setting === '0') return undefined;
  if (setting === 'on' || setting === '1') return join(tmpdir(), `daylight-wasm-cache-${process.getuid?.() ?? 'user'}`);
  return setting;
}

/**
 * The cache file for one build: named by the wire bytes' hash and the V8 version and
 * architecture, so a new tesseract.js-core or Node never meets an old file.
 */
export function codeCacheFile(dir: string, build: string, wire: Uint8Array): string {
  const wireHash = createHash('sha256').update(wire).digest('hex').slice(0, 16);
  return join(dir, `${build}-${wireHash}-v8-${process.versions.v8}-${process.arch}.bin`);
}

interface Natives {
  serialize(module: WebAssembly.Module): ArrayBuffer;
  deserialize(code: ArrayBuffer, wire: Uint8Array): WebAssembly.Module | undefined;
  optimise(exported: Function): void;
}
let natives: Natives | undefined;

/** V8's test functions, made while natives syntax is on; it is switched off again at once. */
function v8Natives(): Natives {
  if (natives) return natives;
  setFlagsFromString('--allow-natives-syntax');
  try {
    natives = {
      serialize: new Function('m', 'return %SerializeWasmModule(m)') as Natives['serialize'],
      deserialize: new Function('c', 'w', 'return %DeserializeWasmModule(c, w)') as Natives['deserialize'],
      optimise: new Function('f', '%WasmTierUpFunction(f)') as Natives['optimise'],
    };
  } finally {
    setFlagsFromString('--no-allow-natives-syntax');
  }
  return natives;
}

/** Only this user may write it: another user's file could hold any machine code. */
function ownedAndPrivate(path: string): boolean {
  try {
    const stat = statSync(path);
    const uid = process.getuid?.();
    return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The cached module, or undefined when there is none, it is not ours alone, damaged, or V8 refuses it. */
export function readCodeCache(file: string, wire: Uint8Array): WebAssembly.Module | undefined {
  if (!ownedAndPrivate(dirname(file)) || !ownedAndPrivate(file)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= header || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const code = bytes.subarray(header);
  if (!createHash('sha256').update(code).digest().equals(bytes.subarray(MAGIC.length, header))) return undefined;
  try {
    // A fresh ArrayBuffer holding the code alone (the Buffer may share a larger pool).
    const module = v8Natives().deserialize(new Uint8Array(code).buffer, wire);
    return module instanceof WebAssembly.Module ? module : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the module's optimised code to `file` (atomically: a temporary file renamed over it).
 * `exports` are an instance's exports of that module: one of its functions is optimised first,
 * since V8 aborts the process when asked to serialise a module with no optimised function.
 * Returns false when there was nothing to write with or the folder is not private.
 */
export function writeCodeCache(file: string, module: WebAssembly.Module, exports: WebAssembly.Exports): boolean {
  const exported = Object.values(exports).find((value): value is Function => typeof value === 'function');
  if (!exported) return false;
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ownedAndPrivate(dir)) return false;
  const { serialize, optimise } = v8Natives();
  optimise(exported);
  const code = Buffer.from(serialize(module));
  const digest = createHash('sha256').update(code).digest();
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'wx', 0o600);
    for (const part of [MAGIC, digest, code]) writeSync(fd, part);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    return false;
  }
}
