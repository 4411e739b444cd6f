// The /scan page's decoder as WebAssembly (scanner/wasm/), run by node on the
// same frames and in the same order as bench/scan_bench.c runs it natively:
// node's V8 is the engine of Chromium, so this is the browser's decoding
// speed on this machine (a phone's CPU is slower than both).
//
//   node bench/scan_bench.mjs DECODER.wasm FRAME_DIR
import { readFileSync } from "node:fs";

const FRAMES = 20;
const REPS = 5;
const SIZES = [[640, 480], [1280, 720], [1920, 1080]];

let wasm = null;
const view = () => new DataView(wasm.memory.buffer);
const imports = {
  wasi_snapshot_preview1: {
    clock_time_get(id, precision, out) {
      view().setBigUint64(out, process.hrtime.bigint(), true);
      return 0;
    },
    fd_write(fd, iov, iovcnt, nwritten) {
      let n = 0;
      for (let i = 0; i < iovcnt; i++) n += view().getUint32(iov + 8 * i + 4, true);
      view().setUint32(nwritten, n, true);
      return 0;
    },
    fd_close() { return 0; },
    fd_seek() { return 70; },
    proc_exit() { throw new Error("the decoder stopped"); },
  },
  env: { emscripten_notify_memory_growth() {} },
};

// A binary PGM (P5, 255) as [width, height, pixels].
function pgm(path) {
  const b = readFileSync(path);
  const head = b.subarray(0, 64).toString("latin1").match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  const w = +head[1], h = +head[2];
  return [w, h, b.subarray(head[0].length, head[0].length + w * h)];
}

const [wasmPath, dir] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), imports);
wasm = instance.exports;
wasm._initialize();
for (const [w, h] of SIZES) {
  const frames = [];
  for (let i = 0; i < FRAMES; i++)
    frames.push(pgm(`${dir}/frame-${w}x${h}-${String(i).padStart(2, "0")}.pgm`)[2]);
  const d = wasm.scan_decoder_new(-1); // DECODE_BUDGET_NONE: the same work as native
  let read = 0;
  let ms = Infinity; // the fastest pass, as scan_bench.c
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    for (const f of frames) {
      const p = wasm.scan_decoder_buffer(d, w * h);
      new Uint8Array(wasm.memory.buffer, p, w * h).set(f);
      read += wasm.scan_decoder_gray(d, w, h) > 0 ? 1 : 0;
    }
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6 / FRAMES);
  }
  console.log(`wasm\t${w}x${h}\t${REPS * FRAMES}\t${read}\t${ms.toFixed(2)}\t${(1000 / ms).toFixed(0)}`);
  wasm.scan_decoder_free(d);
}
