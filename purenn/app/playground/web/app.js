// purenn playground: draws what the server's network computed. No framework, no build step.
// The network itself runs in Python on the server; this file only draws and sends drawings.
"use strict";

const SEND_SIDE = 112;     // the drawing is sent as SEND_SIDE x SEND_SIDE gray pixels
const SEND_EVERY_MS = 150; // while a stroke goes on, send at most this often
const PEN_WIDTH = 18;      // on the 280-pixel pad: about MNIST's stroke for a digit filling the pad

const page = {
  body: document.body,
  pad: document.getElementById("pad"),
  input: document.getElementById("input"),
  prediction: document.getElementById("prediction"),
  bars: document.getElementById("bars"),
  barsKind: document.getElementById("bars-kind"),
  cells: document.getElementById("cells"),
  tiles: document.getElementById("tiles"),
  weightsNote: document.getElementById("weights-note"),
  convMaps: document.getElementById("conv-maps"),
  maps: document.getElementById("maps"),
  source: document.getElementById("source"),
  message: document.getElementById("message"),
  training: document.getElementById("training"),
  progress: document.getElementById("progress"),
  curve: document.getElementById("curve"),
};
const pen = page.pad.getContext("2d");

const state = {
  network: null,   // GET /api/network: sizes, weight tiles, colours
  version: null,   // which weights the tiles show
  shown: null,     // what the pad holds: {kind: "test", index, label} or {kind: "drawing"}
  drawing: false,  // a stroke is going on
  sending: false,  // a drawing is on its way to the server
  again: false,    // the pad changed while it was
  lastSent: 0,
  training: null,  // the last training status
};

// ------------------------------------------------------------------ talking to the server

async function getJSON(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function say(text) { page.message.textContent = text || ""; }

// ------------------------------------------------------------------ the network's weights

// A scaled weight v in [-1, 1] as a colour: |v| of the positive or negative colour, 0 black.
function weightColour(v, colours) {
  const c = v > 0 ? colours.positive : colours.negative;
  const m = Math.min(1, Math.abs(v));
  return [Math.round(c[0] * m), Math.round(c[1] * m), Math.round(c[2] * m)];
}

function paintTile(canvas, values, side, colours) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(side, side);
  values.forEach((v, i) => {
    const [r, g, b] = weightColour(v, colours);
    image.data.set([r, g, b, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

async function loadNetwork() {
  const network = await getJSON("/api/network");
  const fresh = !state.network || state.network.tiles.length !== network.tiles.length;
  state.network = network;
  state.version = network.version;
  if (network.kind === "conv") {
    describeConv(network);
  } else {
    const layer = network.sizes.length > 2 ? "hidden neuron" : "output neuron (digit)";
    document.getElementById("weights-title").textContent =
      `What each ${layer} looks for: [${network.sizes.join(", ")}], ${network.activation}`;
  }
  if (fresh) {
    page.tiles.textContent = "";
    for (const tile of network.tiles) {
      const box = document.createElement("div");
      box.className = "tile";
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = network.side;
      const label = document.createElement("div");
      label.textContent = tile.neuron;
      box.append(canvas, label);
      page.tiles.append(box);
    }
  }
  if (!page.bars.children.length) sayWhatBarsAre(null);
  network.tiles.forEach((tile, j) => {
    const box = page.tiles.children[j];
    paintTile(box.firstChild, tile.values, network.side, network.colours);
    const what = network.kind === "conv" ? "filter" : "neuron";
    box.title = `${what} ${tile.neuron}: the brightest colour is a weight of ±${tile.scale}`;
  });
}

// ------------------------------------------------------------------ a conv network's filters and maps

// A conv network's first layer is its filters: small tiles of k x k weights, each slid over the image.
function describeConv(network) {
  const k = network.side, n = network.tiles.length;
  document.getElementById("weights-title").textContent =
    `What each filter looks for: ${network.layers}`;
  page.weightsNote.textContent =
    `Each tile is one of the first conv layer's ${n} filters, its ${k} x ${k} weights as a picture ` +
    "(as it is laid on the image, not flipped): orange where ink makes the map bright, blue where " +
    "ink darkens it. The same weights are used at every position of the image. A tile lights up " +
    "when its map fires somewhere.";
  page.convMaps.hidden = false;
  if (page.maps.children.length !== n) {
    page.maps.textContent = "";
    for (let f = 0; f < n; f++) {
      const box = document.createElement("div");
      box.className = "map";
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = network.map_side;
      const label = document.createElement("div");
      label.textContent = f;
      box.append(canvas, label);
      page.maps.append(box);
    }
  }
}

// Each feature map as a gray picture, all on one scale: white is the strongest response of any map.
function drawMaps(maps) {
  const side = state.network.map_side;
  const all = levels(maps.flat(), state.network.activation);
  maps.forEach((map, f) => {
    const box = page.maps.children[f];
    if (!box) return;
    const context = box.firstChild.getContext("2d");
    const image = context.createImageData(side, side);
    for (let i = 0; i < map.length; i++) {
      const g = Math.round(255 * all[f * map.length + i]);
      image.data.set([g, g, g, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
    box.title = `filter ${f}: strongest response ${Math.max(...map)}`;
  });
}

// ------------------------------------------------------------------ showing an answer

// How strongly a neuron fires, in [0, 1], whatever its activation function.
function levels(values, activation) {
  if (activation === "relu" || activation === "leaky-relu") {
    const top = Math.max(1e-9, ...values);
    return values.map((v) => Math.max(0, v) / top);
  }
  if (activation === "tanh") return values.map((v) => Math.max(0, v));
  return values.map((v) => Math.min(1, Math.max(0, v)));
}

function drawInput(input) {
  const context = page.input.getContext("2d");
  const image = context.createImageData(28, 28);
  input.forEach((v, i) => {
    const g = Math.round(255 * v);
    image.data.set([g, g, g, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

// Softmax outputs are probabilities that add up to 1: shown in %. Sigmoid outputs are each
// neuron's own answer between 0 and 1, which need not add up to 1: shown as they are.
function probabilities() { return state.network.output === "softmax"; }

function barValue(v) { return probabilities() ? `${(100 * v).toFixed(1)}%` : v.toFixed(3); }

function sayWhatBarsAre(output) {
  const sum = output ? output.reduce((a, b) => a + b, 0) : null;
  page.barsKind.textContent = probabilities()
    ? "Each bar is the probability the network gives that digit: its softmax output layer " +
      "makes the ten add up to 100%."
    : "Each bar is one sigmoid output neuron's answer, from 0 to 1: not a probability, each " +
      "neuron answers on its own, so the ten need not add up to 1" +
      (sum === null ? "." : ` (here they add up to ${sum.toFixed(2)}).`);
}

function drawBars(output, winner) {
  const kind = probabilities() ? "probability" : "output";
  if (page.bars.children.length !== output.length) {
    page.bars.textContent = "";
    output.forEach((_, digit) => {
      const bar = document.createElement("div");
      bar.className = "bar";
      bar.innerHTML = `<span>${digit}</span><div class="track"><div class="fill"></div></div>` +
                      `<span class="value"></span>`;
      page.bars.append(bar);
    });
  }
  output.forEach((v, digit) => {
    const bar = page.bars.children[digit];
    bar.classList.toggle("winner", digit === winner);
    bar.querySelector(".fill").style.width = `${(100 * Math.min(1, v)).toFixed(1)}%`;
    bar.querySelector(".value").textContent = barValue(v);
    bar.title = `${kind} of output neuron ${digit}: ${v}`;
  });
  sayWhatBarsAre(winner >= 0 ? output : null);
}

function drawCells(hidden) {
  page.cells.textContent = "";
  if (!hidden.length) {
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = state.network.kind === "conv"
      ? "This network has no fully connected hidden layer: its pooled feature maps go straight to the ten outputs."
      : "This network has no hidden layer: its inputs go straight to the ten outputs.";
    page.cells.append(note);
    return;
  }
  hidden.forEach((layer, l) => {
    const row = document.createElement("div");
    row.className = "layer";
    levels(layer, state.network.activation).forEach((level, j) => {
      const cell = document.createElement("div");
      cell.className = "cell";
      cell.style.background = `hsl(32, 100%, ${(6 + 60 * level).toFixed(1)}%)`;
      cell.style.color = level > 0.5 ? "#222" : "#aaa";
      cell.textContent = j;
      cell.title = `layer ${l + 1}, neuron ${j}: activation ${layer[j]}`;
      row.append(cell);
    });
    page.cells.append(row);
  });
}

// The first layer's tiles light up with their neurons: hidden layer 1, or the outputs.
function lightTiles(result) {
  let first = result.hidden.length ? result.hidden[0] : result.output;
  let activation = result.hidden.length ? state.network.activation : "sigmoid";
  if (result.maps) {  // a conv network: a filter's tile lights up with its map's strongest response
    first = result.maps.map((map) => Math.max(...map));
    activation = state.network.activation;
  }
  levels(first, activation).forEach((level, j) => {
    const box = page.tiles.children[j];
    if (!box) return;
    box.firstChild.style.filter = `brightness(${(0.35 + 0.65 * level).toFixed(2)})`;
    box.classList.toggle("firing", level > 0.5);
  });
}

function show(result) {
  drawInput(result.input);
  drawBars(result.output, result.prediction);
  drawCells(result.hidden);
  if (result.maps) drawMaps(result.maps);
  lightTiles(result);
  page.prediction.textContent = result.prediction;
  page.body.dataset.predicted = result.prediction;
  page.body.dataset.state = "classified";
  if (state.shown && state.shown.kind === "test") {
    const verdict = result.prediction === state.shown.label ? "right" : "wrong";
    say(`The network says ${result.prediction}; the label says ${state.shown.label}: ${verdict}.`);
  } else {
    say(`The network says ${result.prediction}.`);
  }
}

// An empty pad: no input, no answer.
function forget() {
  drawInput(new Array(784).fill(0));
  if (page.bars.children.length) drawBars(new Array(page.bars.children.length).fill(0), -1);
  page.prediction.textContent = "?";
  for (const name of ["label", "predicted"]) delete page.body.dataset[name];
  page.body.dataset.state = "ready";
  say("");
}

// ------------------------------------------------------------------ test digits

async function showTestDigit(index) {
  const query = Number.isInteger(index) ? `?index=${index}` : "";
  try {
    const result = await getJSON(`/api/test-digit${query}`);
    state.shown = {kind: "test", index: result.index, label: result.label};
    page.body.dataset.label = result.label;
    paintDigitOnPad(result.input);
    page.source.textContent = `Test digit #${result.index} of the MNIST test set, labelled ` +
      `${result.label}. Draw on the pad to try your own.`;
    show(result);
  } catch (error) {
    say(`No test digit: ${error.message}. Draw one yourself.`);
    page.body.dataset.state = "ready";
  }
}

function clearPad() {
  pen.fillStyle = "#000";
  pen.fillRect(0, 0, page.pad.width, page.pad.height);
}

// A 28 x 28 test digit drawn large on the pad, white ink on black like MNIST.
function paintDigitOnPad(input) {
  clearPad();
  const cell = page.pad.width / 28;
  input.forEach((v, i) => {
    if (v <= 0) return;
    const g = Math.round(255 * v);
    pen.fillStyle = `rgb(${g},${g},${g})`;
    pen.fillRect((i % 28) * cell, Math.floor(i / 28) * cell, cell, cell);
  });
}

// ------------------------------------------------------------------ drawing

function padPoint(event) {
  const box = page.pad.getBoundingClientRect();
  return [(event.clientX - box.left) * page.pad.width / box.width,
          (event.clientY - box.top) * page.pad.height / box.height];
}

function startStroke(event) {
  event.preventDefault();
  try {
    page.pad.setPointerCapture(event.pointerId);  // keep the stroke when the pen leaves the pad
  } catch (error) {
    // a pointer the browser does not know as active (a synthetic event): draw all the same
  }
  if (!state.shown || state.shown.kind !== "drawing") {  // the first stroke replaces a test digit
    clearPad();
    state.shown = {kind: "drawing"};
    delete page.body.dataset.label;
    page.source.textContent = "Your drawing. Clear starts again.";
  }
  state.drawing = true;
  const [x, y] = padPoint(event);
  pen.strokeStyle = pen.fillStyle = "#fff";
  pen.lineWidth = PEN_WIDTH;
  pen.lineCap = pen.lineJoin = "round";
  pen.beginPath();
  pen.arc(x, y, PEN_WIDTH / 2, 0, 2 * Math.PI);
  pen.fill();
  pen.beginPath();
  pen.moveTo(x, y);
}

function continueStroke(event) {
  if (!state.drawing) return;
  const [x, y] = padPoint(event);
  pen.lineTo(x, y);
  pen.stroke();
  pen.beginPath();
  pen.moveTo(x, y);
  if (performance.now() - state.lastSent > SEND_EVERY_MS) sendDrawing();
}

function endStroke() {
  if (!state.drawing) return;
  state.drawing = false;
  sendDrawing();
}

// The pad shrunk to SEND_SIDE x SEND_SIDE gray values 0-255 (the red channel: ink is white).
function padPixels() {
  const small = document.createElement("canvas");
  small.width = small.height = SEND_SIDE;
  const context = small.getContext("2d");
  context.drawImage(page.pad, 0, 0, SEND_SIDE, SEND_SIDE);
  const rgba = context.getImageData(0, 0, SEND_SIDE, SEND_SIDE).data;
  const pixels = new Array(SEND_SIDE * SEND_SIDE);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rgba[4 * i];
  return pixels;
}

async function sendDrawing() {
  if (state.sending) { state.again = true; return; }
  state.sending = true;
  state.lastSent = performance.now();
  try {
    const body = JSON.stringify({width: SEND_SIDE, height: SEND_SIDE, pixels: padPixels()});
    const result = await getJSON("/api/predict", {method: "POST", body,
                                                  headers: {"Content-Type": "application/json"}});
    if (state.shown && state.shown.kind === "drawing") show(result);  // not if cleared meanwhile
  } catch (error) {
    say(error.message);
  } finally {
    state.sending = false;
    if (state.again) { state.again = false; sendDrawing(); }
  }
}

// ------------------------------------------------------------------ live training

function drawCurve(training) {
  const c = page.curve.getContext("2d");
  const width = page.curve.width, height = page.curve.height;
  const left = 44, right = 12, top = 10, bottom = 30;
  c.clearRect(0, 0, width, height);
  const points = training.curve, epochs = training.epochs;
  if (!points.length) return;
  const most = Math.max(1, ...points.map((p) => p[0]), ...epochs.map((e) => e[1]));
  const values = points.map((p) => p[1]).concat(epochs.map((e) => e[2]));
  const low = Math.max(0, Math.floor(Math.min(...values) / 10) * 10);
  const x = (s) => left + (width - left - right) * s / most;
  const y = (v) => top + (height - top - bottom) * (100 - v) / (100 - low || 1);
  c.strokeStyle = "#999";
  c.fillStyle = "#555";
  c.font = "11px sans-serif";
  c.lineWidth = 1;
  for (let v = low; v <= 100; v += 10) {
    c.beginPath(); c.moveTo(left, y(v)); c.lineTo(width - right, y(v)); c.stroke();
    c.fillText(`${v}%`, 6, y(v) + 4);
  }
  c.fillText(`samples seen: ${most.toLocaleString()}`, left, height - 8);
  c.strokeStyle = "#0072B2";
  c.lineWidth = 2;
  c.beginPath();
  points.forEach(([s, v], i) => (i ? c.lineTo(x(s), y(v)) : c.moveTo(x(s), y(v))));
  c.stroke();
  c.fillStyle = "#D55E00";
  for (const [, s, v] of epochs) {
    c.beginPath(); c.arc(x(s), y(v), 4, 0, 2 * Math.PI); c.fill();
  }
}

function showTraining(training) {
  page.training.hidden = false;
  page.body.classList.add("training");
  const last = training.epochs[training.epochs.length - 1];
  page.progress.textContent = (training.finished ? "Training finished. " : "Training: ") +
    `${training.samples.toLocaleString()} samples seen` +
    (last ? `; epoch ${last[0]}: ${last[2]}% of the test set right.` : ".");
  drawCurve(training);
}

// Redraw whatever is on the pad against the network's newest weights.
async function refresh() {
  await loadNetwork();
  if (!state.shown) return;
  if (state.shown.kind === "test") {
    const shown = state.shown;
    const result = await getJSON(`/api/test-digit?index=${shown.index}`);
    if (state.shown === shown) show(result);  // not if a stroke or Clear came in between
  } else {
    sendDrawing();
  }
}

async function poll() {
  try {
    const status = await getJSON("/api/status");
    if (status.training) showTraining(status.training);
    if (status.version !== state.version) await refresh();
    if (!status.training || status.training.finished) return;  // nothing will change any more
  } catch (error) {
    say(`The server does not answer (${error.message}); is it still running?`);
  }
  setTimeout(poll, 2000);
}

// ------------------------------------------------------------------ start

async function start() {
  clearPad();
  page.pad.addEventListener("pointerdown", startStroke);
  page.pad.addEventListener("pointermove", continueStroke);
  page.pad.addEventListener("pointerup", endStroke);
  page.pad.addEventListener("pointercancel", endStroke);
  document.getElementById("clear").addEventListener("click", () => {
    clearPad();
    state.shown = null;  // nothing to read until the next stroke
    page.source.textContent = "Draw a digit on the pad.";
    forget();
  });
  document.getElementById("another").addEventListener("click", () => showTestDigit());
  try {
    await loadNetwork();
  } catch (error) {
    say(`Cannot reach the network: ${error.message}`);
    return;
  }
  const asked = new URLSearchParams(location.search).get("digit");
  await showTestDigit(asked === null ? undefined : Number(asked));
  poll();
}

start();
