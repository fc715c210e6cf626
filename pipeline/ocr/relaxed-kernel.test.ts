import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CHECKED_BUILD_SHA256, fixRelaxedKernel, originalKernelBody, selfTestKernel } from './relaxed-kernel.ts';
import { tesseractFiles } from './tesseract-core.ts';

const require = createRequire(import.meta.url);
const RELAXED = 'tesseract.js-core/tesseract-core-relaxedsimd-lstm';
const original = readFileSync(require.resolve(`${RELAXED}.wasm`));
const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'ocr');

/** Whether this runtime's relaxed dot product reads its 7-bit operand as signed (as Arm's sdot does); x64 V8 does not. */
function relaxedDotIsSignedBySigned(): boolean {
  // (func (result i32) (i32x4.extract_lane 0 (i32x4.relaxed_dot_i8x16_i7x16_add_s (splat 1) (splat -1) (splat 0))))
  const wasm = Uint8Array.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, 22, 1, 20, 0,
    0x41, 1, 0xfd, 0x0f, 0x41, 0x7f, 0xfd, 0x0f, 0x41, 0, 0xfd, 0x11, 0xfd, 0x93, 0x02, 0xfd, 0x1b, 0, 0x0b,
  ]);
  const f = new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports.f as () => number;
  return f() === -4;
}

test('the fix applies to the installed tesseract.js-core: its relaxed kernel is patched and the probe now picks it', () => {
  const fix = fixRelaxedKernel(original);
  assert.ok(fix.ok, fix.ok ? '' : fix.reason);
  assert.ok(WebAssembly.validate(fix.wire));
  // The pointer and descriptor are found in the code and checked in the data, not written in here.
  assert.ok(fix.pointer > 0 && fix.descriptor > 0 && fix.pointer !== fix.descriptor);
  assert.equal(selfTestKernel(fix.kernel), undefined);
});

test('the self-test rejects the kernel as tesseract.js-core built it, wherever relaxed dot is not signed × signed', (t) => {
  if (relaxedDotIsSignedBySigned()) return t.skip('this runtime multiplies signed by signed: the unpatched kernel is exact here');
  const unpatched = originalKernelBody(original);
  assert.ok(unpatched);
  assert.match(selfTestKernel(unpatched) ?? '', /expected/);
  // A kernel that is not even a valid function is rejected too, not thrown.
  assert.match(selfTestKernel(Uint8Array.from([0, 0x0b, 0x0b])) ?? '', /does not compile/);
});

test('another binary is not patched: a changed byte fails the hash check, a build without the kernel fails the search', () => {
  const changed = Uint8Array.from(original);
  changed[changed.length - 1] ^= 1;
  const notChecked = fixRelaxedKernel(changed);
  assert.equal(notChecked.ok, false);
  assert.match(notChecked.ok ? '' : notChecked.reason, new RegExp(CHECKED_BUILD_SHA256.slice(0, 16)));
  const simd = fixRelaxedKernel(readFileSync(require.resolve('tesseract.js-core/tesseract-core-simd-lstm.wasm')), { checkHash: false });
  assert.deepEqual(simd, { ok: false, reason: 'expected one relaxed int8 kernel, found 0' });
});

test('OCR threads get the exact relaxed kernel on this runtime', async () => {
  const files = await tesseractFiles();
  assert.deepEqual(files.kernel, { kind: 'relaxed-exact' });
});

interface Tess {
  FS: { writeFile(path: string, data: Uint8Array): void };
  TessBaseAPI: new () => {
    Init(dir: string, lang: string, oem: number): number;
    SetVariable(name: string, value: string): boolean;
    SetImageFile(exif: number, angle: number): number;
    Recognize(monitor: null): number;
    GetTSVText(page: number): string;
  };
}

/** One Tesseract instance of `wire` (as tesseract-thread.mjs makes it), reading `images`; its kernel pointer after Init. */
async function readWith(wire: Uint8Array<ArrayBuffer>, images: string[], pointer: number): Promise<{ selected: number; tsv: string[] }> {
  const module = await WebAssembly.compile(wire);
  let memory: WebAssembly.Memory | undefined;
  const tess = (await require(`${RELAXED}.js`)({
    instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
      void WebAssembly.instantiate(module, imports).then((instance) => {
        memory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory);
        done(instance, module);
      });
      return {};
    },
    print: () => {},
    printErr: () => {},
  })) as Tess;
  tess.FS.writeFile('/eng.traineddata', gunzipSync(readFileSync(require.resolve('@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'))));
  const api = new tess.TessBaseAPI();
  assert.equal(api.Init('/', 'eng', 1), 0);
  api.SetVariable('tessedit_pageseg_mode', '3');
  api.SetVariable('debug_file', '/dev/null');
  const selected = new Int32Array(memory!.buffer)[pointer >> 2];
  const tsv = images.map((image) => {
    tess.FS.writeFile('/input', readFileSync(image));
    api.SetImageFile(1, 0);
    api.Recognize(null);
    return api.GetTSVText(0);
  });
  return { selected, tsv };
}

test('the exact relaxed kernel is the one Tesseract runs, and it reads the same TSV (text, boxes, confidences) as the kernel as built', async () => {
  const fix = fixRelaxedKernel(original);
  assert.ok(fix.ok, fix.ok ? '' : fix.reason);
  // A clean page, a noisy fax and a skewed bitonal notice: small enough for a test, varied enough to reach every layer.
  const images = ['tesseract-test/phototest.tif', 'synthetic/synth-ca10-21-800-order-p1-fax.tif', 'synthetic/synth-cdcal-16cv1261-order-p1-bitonal.tif'].map((f) => join(corpus, f));
  const before = await readWith(original, images, fix.pointer);
  const after = await readWith(fix.wire, images, fix.pointer);
  assert.equal(after.selected, fix.descriptor);
  assert.notEqual(before.selected, fix.descriptor);
  assert.ok(before.tsv.every((tsv) => tsv.split('\n').length > 10), 'every page reads some words');
  assert.deepEqual(after.tsv, before.tsv);
});
