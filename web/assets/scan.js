// The /scan page: any phone's camera as the station's scanner.  Frames
// from getUserMedia are drawn into a canvas and handed to the decoder in
// a Web Worker (scan-worker.js: the project's own decoder compiled to
// WebAssembly); each code read is posted to /api/scan (a booth's page:
// /api/booth/scan, its body's data-post), where the station
// decides it exactly as a code from its own scanner (its debounce makes a
// badge held in view one decision), and the answer fills the screen.
// Strings from the station are shown with textContent only.
"use strict";

const $ = (id) => document.getElementById(id);
const MAX_SIDE = 1280;      // frames larger than this are scaled down
const SHOW_MS = 4000;       // how long a verdict fills the screen
const stats = { frames: 0, decodeMs: 0, codes: 0, posted: 0, decisions: 0,
                repeats: 0, errors: 0, lastError: "" };
window.checkinScan = stats; // read by the tests and the bench

let worker = null;
let busy = false;           // a frame is with the worker
let track = null;
let sending = false;        // a code is with the station
let waiting = null;         // the newest code read while one was sent
let hideTimer = 0;
let audio = null;
let decoderReady = false;
let cameraOn = false;

function state(text) {
  $("state").textContent = text;
}

// ---- the verdict ----

function word(d) {
  if (d.decision === "admit") return d.direction === "out" ? "LEFT" : "ADMIT";
  if (d.decision === "deny") return "DENY";
  return "WARNING";
}

// What the volunteer hands over or does, by station and verdict.
function handOver(d) {
  if (d.decision === "deny") return "";
  if (d.mode === "desk") {
    const n = d.tutorials ? d.tutorials.length : 0;
    const labels = d.print === "failed" ? "The labels did not print: " + d.print_error
      : d.print ? "Hand over the badge" + (n ? " and " + n + " tutorial ticket" +
                                           (n > 1 ? "s" : "") : "")
      : "";
    return labels;
  }
  if (d.mode === "leads") return "Lead saved.";
  return "";
}

function beep(ok) {
  try {
    if (!audio) audio = new AudioContext();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.frequency.value = ok ? 880 : 220;
    g.gain.value = 0.2;
    o.connect(g).connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + (ok ? 0.15 : 0.5));
  } catch (e) { /* no sound on this device */ }
  if (navigator.vibrate) navigator.vibrate(ok ? 80 : [200, 100, 200]);
}

function show(d) {
  const cls = d.decision === "admit" && d.direction === "out" ? "left" : d.decision;
  document.body.className = "verdict-" + cls + " showing";
  $("word").textContent = word(d) + (d.recorded ? "" : " - NOT RECORDED");
  $("name").textContent = d.name;
  $("text").textContent = d.recorded ? d.text : d.text + " " + d.record_error;
  $("hand").textContent = handOver(d);
  beep(d.decision === "admit");
  clearTimeout(hideTimer);
  hideTimer = setTimeout(ready, SHOW_MS);
}

function say(text) {
  document.body.className = "verdict-warn showing";
  $("word").textContent = "";
  $("name").textContent = "";
  $("text").textContent = text;
  $("hand").textContent = "";
  clearTimeout(hideTimer);
  hideTimer = setTimeout(ready, SHOW_MS);
}

function ready() {
  document.body.className = "verdict-none";
  $("word").textContent = "Ready";
  $("name").textContent = "";
  $("text").textContent = "Hold a badge or ticket in the frame.";
  $("hand").textContent = "";
}

// ---- the station ----

// One code to the station; the newest code read meanwhile goes next, so
// a badge held in view keeps the station's debounce seeing it.
function send(code) {
  if (sending) {
    waiting = code;
    return;
  }
  sending = true;
  stats.posted++;
  // A station whose disk is busy may take seconds to record a verdict;
  // say so rather than look frozen (a verdict already shown stays).
  let said = false;
  const slow = setTimeout(() => {
    said = true;
    state("Waiting for the station...");
  }, 1000);
  fetch(document.body.dataset.post || "/api/scan", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ text: code }),
  }).then((r) => r.ok ? r.json() : r.text().then((t) => ({ message: t.trim() })))
    .then((a) => {
      if (a.decision) {
        stats.decisions++;
        show(a.decision);
        // A booth's page (booth.js) lists the lead just recorded.
        document.dispatchEvent(new CustomEvent("checkin-decision",
                                               { detail: a.decision }));
      } else if (a.repeat) {
        stats.repeats++;
      } else if (a.message) {
        stats.errors++;
        stats.lastError = a.message;
        say(a.message);
      }
    })
    .catch((e) => {
      stats.errors++;
      stats.lastError = String(e);
      say("The station did not answer; is it still running, and this phone on its network?");
    })
    .finally(() => {
      clearTimeout(slow);
      if (said) state("Scanning");
      sending = false;
      if (waiting !== null) {
        const next = waiting;
        waiting = null;
        send(next);
      }
    });
}

// ---- the camera and the decoder ----

function nextFrame() {
  if (busy) return; // the worker's answer schedules the next one
  const video = $("video");
  if (!worker || video.readyState < 2 || !video.videoWidth) {
    schedule();
    return;
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const w = Math.round(video.videoWidth * scale);
  const h = Math.round(video.videoHeight * scale);
  const canvas = $("frame");
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(video, 0, 0, w, h);
  const img = ctx.getImageData(0, 0, w, h);
  busy = true;
  worker.postMessage({ width: w, height: h, pixels: img.data.buffer },
                     [img.data.buffer]);
}

function onDecoded(e) {
  const m = e.data;
  if (m.error) {
    state(m.error);
    return;
  }
  if (m.ready) {
    decoderReady = true;
    if (cameraOn) state("Scanning");
  } else {
    busy = false;
    stats.frames++;
    stats.decodeMs += m.ms;
    for (const code of m.codes) {
      stats.codes++;
      send(code);
    }
  }
  schedule();
}

// The next frame the camera delivers (not the same frame again: a phone's
// battery), where the browser can say when that is.
function schedule() {
  const video = $("video");
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(nextFrame);
  else requestAnimationFrame(nextFrame);
}

function torchButton() {
  const caps = track.getCapabilities ? track.getCapabilities() : {};
  const b = $("torch");
  b.hidden = !caps.torch;
  b.onclick = () => {
    const on = !b.classList.contains("on");
    track.applyConstraints({ advanced: [{ torch: on }] })
      .then(() => b.classList.toggle("on", on))
      .catch(() => { b.hidden = true; });
  };
}

function start() {
  ready();
  if (!window.isSecureContext || !navigator.mediaDevices) {
    state("No camera on this address: a browser lends its camera only to a " +
          "secure page (https, or this machine's own 127.0.0.1).  See docs/phones.md.");
    return;
  }
  worker = new Worker("scan-worker.js");
  worker.onmessage = onDecoded;
  worker.onerror = () => state("The decoder did not start in this browser.");
  navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 },
             height: { ideal: 720 } },
  }).then((stream) => {
    track = stream.getVideoTracks()[0];
    const video = $("video");
    video.srcObject = stream;
    return video.play().then(() => {
      cameraOn = true;
      state(decoderReady ? "Scanning" : "Starting the decoder...");
      torchButton();
      schedule();
    });
  }).catch((e) => {
    state(e.name === "NotAllowedError"
      ? "The camera was refused; allow it for this page in the browser's settings."
      : "No camera: " + e.message);
  });
  // Sound needs a touch first on phones.
  document.body.addEventListener("click", () => {
    if (!audio) audio = new AudioContext();
    audio.resume();
  });
}

start();
