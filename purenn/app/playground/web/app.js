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
  teach: document.getElementById("teach"),
  teachIntro: document.getElementById("teach-intro"),
  teachControls: document.getElementById("teach-controls"),
  teachLabel: document.getElementById("teach-label"),
  eta: document.getElementById("eta"),
  etaValue: document.getElementById("eta-value"),
  steps: document.getElementById("steps"),
  stepsValue: document.getElementById("steps-value"),
  teachButton: document.getElementById("teach-button"),
  undo: document.getElementById("undo"),
  reset: document.getElementById("reset"),
  save: document.getElementById("save"),
  teachSteps: document.getElementById("teach-steps"),
  teachResult: document.getElementById("teach-result"),
  stepLabel: document.getElementById("step-label"),
  stepPrev: document.getElementById("step-prev"),
  stepNext: document.getElementById("step-next"),
  stepCount: document.getElementById("step-count"),
  stepperIntro: document.getElementById("stepper-intro"),
  stepperMessage: document.getElementById("stepper-message"),
  precision: document.getElementById("precision"),
  step: document.getElementById("step"),
  stepTitle: document.getElementById("step-title"),
  stepEquation: document.getElementById("step-equation"),
  stepWhere: document.getElementById("step-where"),
  stepLines: document.getElementById("step-lines"),
  stepNote: document.getElementById("step-note"),
  stepValues: document.getElementById("step-values"),
  stepReadout: document.getElementById("step-readout"),
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
  input: null,     // the 784 inputs the network read last, as the server sent them
  prediction: null,
  label: null,     // the right digit, picked by the learner (or a test digit's label)
  teaching: null,  // what teaching can do: GET /api/status's "teaching", or null
  stepper: {answer: null, index: 0, loading: false, again: false},
};

// ------------------------------------------------------------------ talking to the server

async function getJSON(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function postJSON(url, value) {
  return getJSON(url, {method: "POST", body: JSON.stringify(value),
                       headers: {"Content-Type": "application/json"}});
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
  state.input = result.input;
  state.prediction = result.prediction;
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
  if (state.stepper.answer && !state.drawing) loadSteps(true);  // the step-through follows the pad
}

// An empty pad: no input, no answer.
function forget() {
  drawInput(new Array(784).fill(0));
  if (page.bars.children.length) drawBars(new Array(page.bars.children.length).fill(0), -1);
  page.prediction.textContent = "?";
  for (const name of ["label", "predicted"]) delete page.body.dataset[name];
  page.body.dataset.state = "ready";
  state.input = state.prediction = null;
  setLabel(null);
  closeSteps();
  say("");
}

// ------------------------------------------------------------------ test digits

async function showTestDigit(index) {
  const query = Number.isInteger(index) ? `?index=${index}` : "";
  try {
    const result = await getJSON(`/api/test-digit${query}`);
    state.shown = {kind: "test", index: result.index, label: result.label};
    page.body.dataset.label = result.label;
    setLabel(result.label);
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
    setLabel(null);  // the test digit's label is not this drawing's
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
  let again = 2000;
  try {
    const status = await getJSON("/api/status");
    if (status.training) showTraining(status.training);
    showTeaching(status);
    if (status.version !== state.version) await refresh();
    // nothing changes any more, unless another browser teaches the same network
    if (!status.training || status.training.finished) again = status.teaching ? 5000 : 0;
  } catch (error) {
    say(`The server does not answer (${error.message}); is it still running?`);
  }
  if (again) setTimeout(poll, again);
}

// ------------------------------------------------------------------ the right digit

function digitButtons(container) {
  for (let d = 0; d < 10; d++) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = d;
    button.dataset.digit = d;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      setLabel(d);
      if (state.stepper.answer) loadSteps(true);
    });
    container.append(button);
  }
}

// The label, picked in either row of digits: the digit to teach and the one backprop aims at.
function setLabel(label) {
  state.label = label;
  for (const row of [page.teachLabel, page.stepLabel]) {
    for (const button of row.children) {
      const on = Number(button.dataset.digit) === label;
      button.classList.toggle("picked", on);
      button.setAttribute("aria-pressed", String(on));
    }
  }
}

// ------------------------------------------------------------------ teach it your handwriting

function sayTeach(text) { page.teachResult.textContent = text || ""; }

// What teaching can do here (GET /api/status): its limits, undo, save; or why it cannot.
function showTeaching(status) {
  state.teaching = status.teaching;
  if (!status.teaching) {
    page.teachControls.hidden = true;
    const why = status.cannot_teach;
    page.teachIntro.textContent = `${why.charAt(0).toUpperCase()}${why.slice(1)}.`;
  } else {
    const t = status.teaching;
    page.teachControls.hidden = false;
    page.eta.min = t.eta[0]; page.eta.max = t.eta[1];
    page.steps.min = t.steps[0]; page.steps.max = t.steps[1];
    showTeachButtons(t);
  }
  if (status.stepper === "shipped") {
    page.stepperIntro.textContent = "This page serves a conv network; the step-through needs the " +
      "fully connected network of chapters 1-5, so it steps through the model shipped with purenn, " +
      "[784, 30, 10], instead. Every number comes from Network.forward_pass and Network.backprop " +
      "on the server; each line of code is read from the code that is running.";
  }
}

function showTeachButtons(teaching) {
  page.undo.disabled = !teaching.undo;
  page.reset.disabled = !teaching.lessons && !teaching.undo;
  page.save.hidden = !teaching.save;
}

function showSliders() {
  page.etaValue.textContent = Number(page.eta.value).toFixed(2);
  page.stepsValue.textContent = page.steps.value;
}

// The ten outputs before and after each step: one row a step, the taught digit outlined.
function drawTeachSteps(answer) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const text of ["step", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "reads"]) {
    const cell = document.createElement("th");
    cell.textContent = text;
    head.append(cell);
  }
  const body = table.createTBody();
  answer.outputs.forEach((step, k) => {
    const row = body.insertRow();
    const name = document.createElement("th");
    name.textContent = k ? String(k) : "before";
    row.append(name);
    step.output.forEach((v, digit) => {
      const cell = row.insertCell();
      cell.textContent = v.toFixed(2);
      cell.title = `after ${k} step(s), output ${digit}: ${v}`;
      const level = Math.min(1, Math.max(0, v));
      cell.style.background = `hsl(32, 100%, ${(97 - 45 * level).toFixed(1)}%)`;
      if (digit === answer.label) cell.classList.add("taught");
    });
    const reads = row.insertCell();
    reads.textContent = step.prediction;
    reads.className = step.prediction === answer.label ? "reads right" : "reads";
  });
  page.teachSteps.textContent = "";
  page.teachSteps.append(table);
}

function accuracyText(accuracy, images) {
  return accuracy === null ? "no test set to measure it on" : `${accuracy.toFixed(2)}% of ${images} test images right`;
}

async function teach() {
  if (!state.input) return sayTeach("Draw a digit first, or show a test digit.");
  if (state.label === null) return sayTeach("Pick the right digit first.");
  page.teachButton.disabled = true;
  sayTeach(`Teaching it that this is a ${state.label} ...`);
  try {
    const answer = await postJSON("/api/teach", {image: state.input, label: state.label,
                                                 eta: Number(page.eta.value), steps: Number(page.steps.value)});
    drawTeachSteps(answer);
    const a = answer.accuracy, last = answer.outputs[answer.outputs.length - 1];
    const sign = a.change > 0 ? "+" : a.change < 0 ? "\u2212" : "\u00b1";
    sayTeach(`${answer.steps} step(s) of \u03b7 = ${answer.eta} on this one digit: it now reads ` +
      `${last.prediction}. ` + (a.before === null ? "" :
      `On the first ${a.images} test images: ${a.before.toFixed(2)}% right before, ` +
      `${a.after.toFixed(2)}% after (${sign}${Math.abs(a.change).toFixed(2)} points).`));
    page.body.dataset.taught = answer.version;
    showTeachButtons(answer.teaching);
    await refresh();  // the pad read again, by the network as it is now
  } catch (error) {
    sayTeach(error.message);
  } finally {
    page.teachButton.disabled = false;
  }
}

async function undoOrReset(what) {
  try {
    const answer = await postJSON(`/api/${what}`, {});
    page.teachSteps.textContent = "";
    const images = state.teaching ? state.teaching.images : 0;
    sayTeach((what === "undo" ? "Undone: the weights before the last change" :
      "Reset: the network the server started with") + `, ${accuracyText(answer.accuracy, images)}.`);
    page.body.dataset.taught = answer.version;
    showTeachButtons(answer.teaching);
    await refresh();
  } catch (error) {
    sayTeach(error.message);
  }
}

async function save() {
  try {
    const answer = await postJSON("/api/save", {});
    sayTeach(`Saved to ${answer.saved}.`);
  } catch (error) {
    sayTeach(error.message);
  }
}

// ------------------------------------------------------------------ step through backprop

function sayStepper(text) { page.stepperMessage.textContent = text || ""; }

// Numbers as the server rounded them, to its precision in significant digits: 0.01234, or
// 1.234e-5 below 0.001, where so many zeros would be hard to count.
function shown(v) {
  const digits = state.stepper.answer.precision;
  if (v === 0) return "0";
  return Math.abs(v) < 1e-3 ? v.toExponential(digits - 1) : v.toPrecision(digits);
}

// "z^1 = w^1 a^0 + b^1", "∂C/∂w^1_jk": superscripts and subscripts as <sup> and <sub>.
function mathInto(element, text) {
  element.textContent = "";
  const pattern = /([\^_])(\{[^}]*\}|[0-9A-Za-z+\-]+)/g;
  let last = 0, match;
  while ((match = pattern.exec(text))) {
    element.append(text.slice(last, match.index));
    const part = document.createElement(match[1] === "^" ? "sup" : "sub");
    part.textContent = match[2].replace(/^\{|\}$/g, "");
    element.append(part);
    last = pattern.lastIndex;
  }
  element.append(text.slice(last));
}

async function loadSteps(keepPlace) {
  const stepper = state.stepper;
  if (stepper.loading) { stepper.again = true; return; }
  if (!state.input) { sayStepper("Draw a digit first, or show a test digit."); return; }
  if (state.label === null) setLabel(state.prediction);
  stepper.loading = true;
  try {
    const answer = await postJSON("/api/backprop", {image: state.input, label: state.label});
    const index = keepPlace && stepper.answer ? Math.min(stepper.index, answer.steps.length - 1) : 0;
    stepper.answer = answer;
    stepper.index = index;
    page.precision.textContent = answer.precision;
    sayStepper("");
    showStep();
  } catch (error) {
    sayStepper(error.message);
  } finally {
    stepper.loading = false;
    if (stepper.again) { stepper.again = false; loadSteps(true); }
  }
}

function closeSteps() {
  state.stepper.answer = null;
  state.stepper.index = 0;
  page.step.hidden = true;
  page.stepPrev.disabled = true;
  page.stepCount.textContent = "the label, then Next";
  delete page.step.dataset.index;
}

function nextStep() {
  const stepper = state.stepper;
  if (!stepper.answer) return loadSteps(false);
  stepper.index = Math.min(stepper.index + 1, stepper.answer.steps.length - 1);
  showStep();
}

function previousStep() {
  const stepper = state.stepper;
  if (!stepper.answer) return;
  stepper.index = Math.max(stepper.index - 1, 0);
  showStep();
}

function showStep() {
  const {answer, index} = state.stepper;
  const step = answer.steps[index];
  const n = answer.steps.length;
  page.step.hidden = false;
  page.step.dataset.index = index;
  page.step.dataset.symbol = step.symbol;
  page.step.dataset.kind = step.kind;
  page.stepPrev.disabled = index === 0;
  page.stepNext.disabled = index === n - 1;
  const where = step.pass === "forward" ? "forward pass" : `backward pass, label ${answer.label}`;
  page.stepCount.textContent = `step ${index + 1} of ${n}: ${where}`;
  mathInto(page.stepTitle, `${step.symbol}: ${step.title}`);
  page.stepEquation.textContent = "";
  if (step.bp) {
    const badge = document.createElement("span");
    badge.className = "bp";
    badge.textContent = step.bp;
    page.stepEquation.append(badge);
  }
  const equation = document.createElement("span");
  mathInto(equation, step.equation);
  page.stepEquation.append(equation);
  const lines = step.code.lines;
  page.stepWhere.textContent = `${step.code.function}, ${step.code.file} line ` +
    (lines.length > 1 ? `${lines[0][0]}-${lines[lines.length - 1][0]}` : `${lines[0][0]}`) +
    (answer.network === "shipped" ? " (the shipped [784, 30, 10] model)" : "");
  page.stepLines.textContent = "";
  for (const [number, text] of lines) {
    const line = document.createElement("code");
    line.dataset.line = number;
    const gutter = document.createElement("span");
    gutter.className = "gutter";
    gutter.textContent = number;
    line.append(gutter, text);
    page.stepLines.append(line);
  }
  mathInto(page.stepNote, step.note);
  page.stepReadout.textContent = "";
  page.stepValues.textContent = "";
  if (step.kind === "image") drawStepImage(step);
  else if (step.kind === "vector") drawVector(step, index);
  else if (step.kind === "matrix") drawMatrix(step);
  else drawGradientTiles(step);
}

function drawStepImage(step) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 28;
  canvas.className = "step-image";
  const context = canvas.getContext("2d");
  const image = context.createImageData(28, 28);
  step.values.forEach((v, i) => {
    const g = Math.round(255 * v);
    image.data.set([g, g, g, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
  page.stepValues.append(canvas);
  readPixels(canvas, 28, 28, (row, column) =>
    `pixel (row ${row}, column ${column}): a^0 = x = ${shown(step.values[28 * row + column])}`);
}

// One entry a neuron: its number, a bar as long as |value| (orange +, blue -) and the value.
function drawVector(step, index) {
  const list = document.createElement("div");
  list.className = "vector";
  const top = Math.max(1e-300, ...step.values.map(Math.abs));
  const output = step.layer === state.stepper.answer.sizes.length - 1;
  step.values.forEach((v, j) => {
    const entry = document.createElement("div");
    entry.className = "entry";
    entry.dataset.index = j;
    if (step.target && step.target[j] === 1) entry.classList.add("target");
    const name = document.createElement("span");
    name.className = "index";
    name.textContent = String(j);
    const track = document.createElement("span");
    track.className = "track";
    const fill = document.createElement("span");
    fill.className = v < 0 ? "fill negative" : "fill";
    fill.style.width = `${(100 * Math.abs(v) / top).toFixed(1)}%`;
    track.append(fill);
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = shown(v);
    entry.append(name, track, value);
    entry.title = `${output ? "output neuron (digit)" : "neuron"} ${j}: ${v}`;
    list.append(entry);
  });
  if (step.target) {
    const y = document.createElement("p");
    y.className = "note";
    y.textContent = `y = (${step.target.join(", ")}): 1 at the label ${state.stepper.answer.label} ` +
      "(outlined), 0 elsewhere.";
    page.stepValues.append(y);
  }
  page.stepValues.append(list);
}

// A scaled value v in [-1, 1] as an RGB colour, as the weight tiles are drawn.
function paintValues(canvas, values, scale) {
  const context = canvas.getContext("2d");
  const image = context.createImageData(canvas.width, canvas.height);
  const colours = state.network.colours;
  values.forEach((v, i) => {
    const [r, g, b] = weightColour(scale ? v / scale : 0, colours);
    image.data.set([r, g, b, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

// Point at a pixel of a canvas (mouse, pen or finger) to read what it holds.
function readPixels(canvas, width, height, describe) {
  const read = (event) => {
    const box = canvas.getBoundingClientRect();
    const column = Math.floor((event.clientX - box.left) * width / box.width);
    const row = Math.floor((event.clientY - box.top) * height / box.height);
    if (row < 0 || row >= height || column < 0 || column >= width) return;
    page.stepReadout.textContent = describe(row, column);
    page.stepReadout.dataset.row = row;
    page.stepReadout.dataset.column = column;
  };
  canvas.addEventListener("pointermove", read);
  canvas.addEventListener("pointerdown", read);
}

function drawMatrix(step) {
  const rows = step.rows.length, columns = step.rows[0].length;
  const canvas = document.createElement("canvas");
  canvas.width = columns;
  canvas.height = rows;
  canvas.className = "matrix";
  canvas.style.width = `min(100%, ${columns * 14}px)`;
  paintValues(canvas, step.rows.flat(), step.scale);
  const scale = document.createElement("p");
  scale.className = "note";
  scale.textContent = `${rows} x ${columns}: row j is neuron j of layer ${step.layer}, column k ` +
    `neuron k of layer ${step.layer - 1}; the brightest colour is \u00b1${shown(step.scale)}. ` +
    "Point at a cell to read it.";
  page.stepValues.append(canvas, scale);
  readPixels(canvas, columns, rows, (j, k) =>
    `row ${j}, column ${k}: \u2202C/\u2202w = ${shown(step.rows[j][k])}`);
}

// The first layer's gradient: neuron j's tile is the image times δ_j, all tiles on one scale.
function drawGradientTiles(step) {
  const image = state.stepper.answer.steps[0].values;
  const note = document.createElement("p");
  note.className = "note";
  note.textContent = `The brightest colour is \u00b1${shown(step.scale)}. Point at a pixel to read it.`;
  const tiles = document.createElement("div");
  tiles.className = "gradient-tiles";
  for (const tile of step.tiles) {
    const box = document.createElement("div");
    box.className = "tile";
    box.dataset.neuron = tile.neuron;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 28;
    paintValues(canvas, tile.values, step.scale);
    const caption = document.createElement("div");
    caption.className = "delta";
    caption.innerHTML = `<b>${tile.neuron}</b><br>\u03b4 <span class="value">${shown(tile.delta)}</span>`;
    box.append(canvas, caption);
    tiles.append(box);
    readPixels(canvas, 28, 28, (row, column) => {
      const k = 28 * row + column;
      return `neuron ${tile.neuron}, pixel (row ${row}, column ${column}): \u2202C/\u2202w = ` +
        `${shown(tile.values[k])} = \u03b4 ${shown(tile.delta)} \u00d7 x ${shown(image[k])}`;
    });
  }
  page.stepValues.append(note, tiles);
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
  digitButtons(page.teachLabel);
  digitButtons(page.stepLabel);
  page.eta.addEventListener("input", showSliders);
  page.steps.addEventListener("input", showSliders);
  showSliders();
  page.teachButton.addEventListener("click", teach);
  page.undo.addEventListener("click", () => undoOrReset("undo"));
  page.reset.addEventListener("click", () => undoOrReset("reset"));
  page.save.addEventListener("click", save);
  page.stepNext.addEventListener("click", nextStep);
  page.stepPrev.addEventListener("click", previousStep);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const target = event.target;
    if (target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable)) return;
    if (!state.stepper.answer || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (event.key === "ArrowRight") nextStep(); else previousStep();
  });
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
