/**
 * Page geometry from ink alone (no OSD model: @tesseract.js-data ships none for LSTM-only use).
 *
 * Skew and the 0°/90° axis: rotate the ink points through candidate angles and keep the one
 * whose row projection is most peaked (sum of squared bin counts: text lines give tall narrow
 * peaks only when they lie exactly horizontal). Up versus down: in an upright line of Latin
 * script, and far more so in Vietnamese with its tone marks, more ink sits above the x-height
 * band than below it (accents and ascenders vs. descenders and the dot of nặng).
 */
export interface Layout {
  /** Clockwise quarter-turn that makes the page upright. */
  rotation: 0 | 90 | 180 | 270;
  /** Skew in degrees after that turn; undo by rotating by -skew (positive = lines fall to the right). */
  skew: number;
  /** Ink above minus below the x-height band, normalised; small magnitudes mean an unsure up/down call. */
  uprightScore: number;
}

interface Points { xs: Float32Array; ys: Float32Array; n: number }

const MAX_POINTS = 30_000;
const COARSE_RANGE = 15;

/** `grey` is an 8-bit single-channel image, already evened, at about 100–150 dpi. */
export function analyseLayout(grey: Uint8Array, width: number, height: number): Layout {
  const ink = inkPoints(grey, width, height);
  if (ink.n < 50) return { rotation: 0, skew: 0, uprightScore: 0 };
  const upright = bestAngle(turn(ink, 0, width, height));
  const sideways = bestAngle(turn(ink, 90, width, height));
  const axis = sideways.score > upright.score ? 90 : 0;
  const best = axis === 90 ? sideways : upright;
  const turned = turn(ink, axis, width, height);
  const uprightScore = upDownScore(rotatePoints(turned, best.angle));
  const rotation = (uprightScore < 0 ? axis + 180 : axis) as Layout['rotation'];
  // A half turn keeps a line's slope, so the measured skew holds either way.
  const skew = best.angle;
  return { rotation, skew: Math.abs(skew) < 0.05 ? 0 : skew, uprightScore };
}

function otsu(grey: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < grey.length; i++) hist[grey[i]]++;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let wB = 0, sumB = 0, best = 0, threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t];
    const wF = grey.length - wB;
    if (wB === 0 || wF === 0) continue;
    sumB += t * hist[t];
    const diff = sumB / wB - (sum - sumB) / wF;
    const between = wB * wF * diff * diff;
    if (between > best) { best = between; threshold = t; }
  }
  return threshold;
}

function inkPoints(grey: Uint8Array, width: number, height: number): Points {
  // Never call near-white "ink" even on a blank page, where Otsu would split paper noise.
  const threshold = Math.min(otsu(grey), 200);
  let count = 0;
  for (let i = 0; i < grey.length; i++) if (grey[i] < threshold) count++;
  const stride = Math.max(1, Math.ceil(count / MAX_POINTS));
  const xs = new Float32Array(Math.ceil(count / stride) + 1);
  const ys = new Float32Array(xs.length);
  let n = 0, seen = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x] < threshold && seen++ % stride === 0) { xs[n] = x; ys[n] = y; n++; }
    }
  }
  return { xs, ys, n };
}

/** Coordinates after a clockwise quarter-turn of the whole image. */
function turn(p: Points, rotation: 0 | 90, width: number, height: number): Points {
  if (rotation === 0) return p;
  const xs = new Float32Array(p.n), ys = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) { xs[i] = height - 1 - p.ys[i]; ys[i] = p.xs[i]; }
  void width;
  return { xs, ys, n: p.n };
}

/** Row coordinate of each point after undoing a skew of `angle` degrees. */
function rotatePoints(p: Points, angle: number): Float32Array {
  const r = (angle * Math.PI) / 180, s = Math.sin(r), c = Math.cos(r);
  const rows = new Float32Array(p.n);
  for (let i = 0; i < p.n; i++) rows[i] = p.ys[i] * c - p.xs[i] * s;
  return rows;
}

function peakiness(rows: Float32Array): number {
  const bins = profileOf(rows);
  let sq = 0;
  for (let i = 0; i < bins.length; i++) sq += bins[i] * bins[i];
  return sq;
}

/** Histogram of row coordinates, one bin per pixel row. */
function profileOf(rows: Float32Array): Float64Array {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < rows.length; i++) { const r = rows[i]; if (r < min) min = r; if (r > max) max = r; }
  const bins = new Float64Array(Math.ceil(max - min) + 2);
  for (let i = 0; i < rows.length; i++) bins[Math.round(rows[i] - min)]++;
  return bins;
}

function bestAngle(p: Points): { angle: number; score: number } {
  let best = { angle: 0, score: -1 };
  const search = (from: number, to: number, step: number) => {
    for (let a = from; a <= to + 1e-9; a += step) {
      const score = peakiness(rotatePoints(p, a));
      if (score > best.score) best = { angle: a, score };
    }
  };
  search(-COARSE_RANGE, COARSE_RANGE, 0.5);
  const centre = best.angle;
  search(centre - 0.5, centre + 0.5, 0.05);
  return best;
}

/** > 0 when more ink sits above the x-height band of each line than below it. */
function upDownScore(rows: Float32Array): number {
  const profile = profileOf(rows);
  const cores = lineCores(profile);
  let above = 0, below = 0;
  for (let k = 0; k < cores.length; k++) {
    const [start, end] = cores[k];
    const top = k > 0 ? Math.ceil((cores[k - 1][1] + start) / 2) : Math.max(0, start - (end - start));
    const bottom = k + 1 < cores.length ? Math.floor((end + cores[k + 1][0]) / 2) : Math.min(profile.length - 1, end + (end - start));
    for (let y = top; y < start; y++) above += profile[y];
    for (let y = end + 1; y <= bottom; y++) below += profile[y];
  }
  const total = above + below;
  return total === 0 ? 0 : (above - below) / total;
}

/** Bands of rows where a text line's x-height sits: rows at ≥ 40% of the local peak. */
function lineCores(profile: Float64Array): Array<[number, number]> {
  const smooth = profile.map((_, i) => (profile[i - 1] ?? 0) / 4 + profile[i] / 2 + (profile[i + 1] ?? 0) / 4);
  const sorted = [...smooth].filter((v) => v > 0).sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  const cores: Array<[number, number]> = [];
  let start = -1;
  for (let y = 0; y <= smooth.length; y++) {
    const inCore = y < smooth.length && smooth[y] >= 0.4 * typical;
    if (inCore && start < 0) start = y;
    if (!inCore && start >= 0) { cores.push([start, y - 1]); start = -1; }
  }
  // A core only a couple of rows tall is a rule or a row of accents, not an x-height band.
  const heights = cores.map(([a, b]) => b - a + 1).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  return cores.filter(([a, b]) => b - a + 1 >= median * 0.5);
}
