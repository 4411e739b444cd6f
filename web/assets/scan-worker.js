// The /scan page's decoder thread: checkin's own QR decoder (zbar plus the
// grid sampler, scanner/decode.c) compiled to WebAssembly by
// scanner/wasm/decoder.cmake, loaded here with no other script.  The page
// sends RGBA frames; each answer is the codes read in one, as text, and
// how long decoding took.
"use strict";

let wasm = null;
let dec = 0;

// The few system calls the decoder's C library may make (WASI): clocks
// for its time budget; writes and seeks only if it ever printed.
function imports() {
  const view = () => new DataView(wasm.memory.buffer);
  return {
    wasi_snapshot_preview1: {
      clock_time_get(id, precision, out) {
        const ns = id === 0 ? BigInt(Date.now()) * 1000000n
                            : BigInt(Math.round(performance.now() * 1e6));
        view().setBigUint64(out, ns, true);
        return 0;
      },
      fd_write(fd, iov, iovcnt, nwritten) {
        let n = 0;
        for (let i = 0; i < iovcnt; i++) n += view().getUint32(iov + 8 * i + 4, true);
        view().setUint32(nwritten, n, true);
        return 0;
      },
      fd_close() { return 0; },
      fd_seek() { return 70; }, // ESPIPE
      proc_exit() { throw new Error("the decoder stopped"); },
    },
    env: { emscripten_notify_memory_growth() {} },
  };
}

async function load() {
  const bytes = await (await fetch("decoder.wasm", { credentials: "same-origin" }))
    .arrayBuffer();
  const { instance } = await WebAssembly.instantiate(bytes, imports());
  wasm = instance.exports;
  if (wasm._initialize) wasm._initialize();
  dec = wasm.scan_decoder_new(0);
  if (!dec) throw new Error("out of memory");
}

const text = new TextDecoder("utf-8");

function decode(m) {
  const size = m.width * m.height * 4;
  const t0 = performance.now();
  const p = wasm.scan_decoder_buffer(dec, size);
  if (!p) throw new Error("out of memory");
  new Uint8Array(wasm.memory.buffer, p, size).set(new Uint8Array(m.pixels));
  const n = wasm.scan_decoder_rgba(dec, m.width, m.height);
  const codes = [];
  for (let i = 0; i < n; i++) {
    const at = wasm.scan_decoder_code(dec, i);
    const len = wasm.scan_decoder_code_len(dec, i);
    codes.push(text.decode(new Uint8Array(wasm.memory.buffer, at, len).slice()));
  }
  return { codes, ms: performance.now() - t0 };
}

const loaded = load().then(() => postMessage({ ready: true }),
  (e) => postMessage({ error: "The decoder did not load: " + e.message +
                       ". This station may have been built without it (docs/phones.md)." }));

onmessage = (e) => {
  loaded.then(() => {
    if (dec) postMessage(decode(e.data));
  });
};
