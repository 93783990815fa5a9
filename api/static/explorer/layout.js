// The layout of big views (hundreds to thousands of nodes): ForceAtlas2 (Jacomy et al. 2014,
// as in Gephi: degree-weighted repulsion, linear attraction, adaptive speed) with a Barnes-Hut
// quadtree, on typed arrays. vis-network's own physics costs tens of milliseconds a step at
// 2,000 nodes and needs hundreds of steps to untangle; this settles the same graph in a few
// hundred milliseconds, deterministically (same graph, same picture), and the canvas then draws
// it with physics off.
//
// Positions come back in vis-network's units, scaled so that a typical node has its nearest
// neighbour SPACING away (the picture is as dense whatever the graph); the scale is returned, so
// a layout can be refined later (a filter brings nodes back) from what is on screen.

const SPACING = 70;      // vis-network units from a node to its nearest neighbour (median)
const THETA = 1.2;       // Barnes-Hut accuracy, as in Gephi
const REPULSION = 2.0;   // ForceAtlas2 "scaling"
const GRAVITY = 0.2;     // towards the centre, growing with distance ("strong gravity"): keeps
                         // side branches and separate parts close instead of flung far out

// A number in [0, 1) from a string: where a node starts depends on its id alone.
function hash01(text, salt) {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

// Starting positions: each connected part grows from its best-connected node outwards (breadth
// first, a child near its parent), so trees hanging off a hub start next to it; nodes already on
// screen keep their place.
function seed(ids, adjacency, degree, known, scale) {
  const n = ids.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const placed = new Uint8Array(n);
  const spread = Math.sqrt(n) * 4;
  const fixed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = known && known.get(ids[i]);
    if (p) { x[i] = p.x / scale; y[i] = p.y / scale; placed[i] = 1; fixed[i] = 1; }
  }
  const order = [...ids.keys()].sort((a, b) => degree[b] - degree[a] || (ids[a] < ids[b] ? -1 : 1));
  const queue = new Int32Array(n);
  // Nodes already placed spread their neighbours first.
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (placed[i]) queue[tail++] = i;
  const grow = () => {
    while (head < tail) {
      const p = queue[head++];
      for (const q of adjacency[p]) {
        if (placed[q]) continue;
        const angle = 2 * Math.PI * hash01(ids[q], 1);
        const r = 1 + 2 * hash01(ids[q], 2);
        x[q] = x[p] + r * Math.cos(angle);
        y[q] = y[p] + r * Math.sin(angle);
        placed[q] = 1;
        queue[tail++] = q;
      }
    }
  };
  grow();
  for (const root of order) {
    if (placed[root]) continue;
    const angle = 2 * Math.PI * hash01(ids[root], 3);
    const r = spread * Math.sqrt(hash01(ids[root], 4));
    x[root] = r * Math.cos(angle);
    y[root] = r * Math.sin(angle);
    placed[root] = 1;
    queue[tail++] = root;
    grow();
  }
  return { x, y, fixed };
}

// The Barnes-Hut quadtree, rebuilt every step: cells in flat arrays, four children side by side.
class QuadTree {
  constructor(capacity) {
    this.resize(capacity);
  }

  resize(capacity) {
    this.capacity = capacity;
    this.mass = new Float64Array(capacity);
    this.mx = new Float64Array(capacity);
    this.my = new Float64Array(capacity);
    this.left = new Float64Array(capacity);
    this.top = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.child = new Int32Array(capacity);
    this.body = new Int32Array(capacity);
  }

  build(x, y, mass, n) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
    const size = Math.max(maxX - minX, maxY - minY, 1e-6) * 1.0001;
    if (this.capacity < 8 * n + 8) this.resize(8 * n + 8);
    this.cells = 1;
    this.reset(0, minX, minY, size);
    const tiny = size * 1e-9;
    for (let i = 0; i < n; i++) this.insert(i, x, y, mass, tiny);
    for (let c = 0; c < this.cells; c++) if (this.mass[c] > 0) { this.mx[c] /= this.mass[c]; this.my[c] /= this.mass[c]; }
  }

  reset(c, left, top, size) {
    this.mass[c] = 0; this.mx[c] = 0; this.my[c] = 0;
    this.left[c] = left; this.top[c] = top; this.size[c] = size;
    this.child[c] = -1; this.body[c] = -1;
  }

  split(c) {
    if (this.cells + 4 > this.capacity) return false;
    const half = this.size[c] / 2;
    const k = this.cells;
    this.cells += 4;
    for (let q = 0; q < 4; q++) this.reset(k + q, this.left[c] + (q & 1) * half, this.top[c] + (q >> 1) * half, half);
    this.child[c] = k;
    return true;
  }

  insert(i, x, y, mass, tiny) {
    const { mass: cm, mx, my, left, top, size, child, body } = this;
    const xi = x[i], yi = y[i], mi = mass[i];
    let c = 0;
    for (;;) {
      if (child[c] >= 0) {  // a branch: add the body, go down
        cm[c] += mi; mx[c] += mi * xi; my[c] += mi * yi;
        const half = size[c] / 2;
        c = child[c] + (xi >= left[c] + half ? 1 : 0) + (yi >= top[c] + half ? 2 : 0);
        continue;
      }
      if (body[c] === -1 && cm[c] === 0) {  // an empty leaf
        body[c] = i;
        cm[c] = mi; mx[c] = mi * xi; my[c] = mi * yi;
        return;
      }
      // An occupied leaf: split it, unless its bodies (almost) coincide, then they share it.
      const j = body[c];
      if (j < 0 || size[c] < tiny || !this.split(c)) {
        body[c] = -2;
        cm[c] += mi; mx[c] += mi * xi; my[c] += mi * yi;
        return;
      }
      body[c] = -1;
      const half = size[c] / 2;
      const d = child[c] + (x[j] >= left[c] + half ? 1 : 0) + (y[j] >= top[c] + half ? 2 : 0);
      body[d] = j;
      cm[d] = mass[j]; mx[d] = mass[j] * x[j]; my[d] = mass[j] * y[j];
    }
  }
}

// Repulsion kr·m_i·m_j/d through the quadtree, and gravity: the forces on every node.
function repulse(tree, x, y, mass, n, fx, fy, stack, theta2, gravity, ids) {
  const { mass: cm, mx, my, size, child, body } = tree;
  for (let i = 0; i < n; i++) {
    const xi = x[i], yi = y[i], mi = mass[i] * REPULSION;
    let ax = 0, ay = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const c = stack[--top];
      const m = cm[c];
      if (m === 0 || body[c] === i) continue;
      const dx = xi - mx[c], dy = yi - my[c];
      const d2 = dx * dx + dy * dy;
      if (child[c] < 0 || size[c] * size[c] < theta2 * d2) {
        if (d2 > 0) {
          const f = mi * m / d2;
          ax += dx * f; ay += dy * f;
        } else if (body[c] === -2) {  // coincident bodies: nudge apart deterministically
          ax += (hash01(ids[i], 5) - 0.5) * mi; ay += (hash01(ids[i], 6) - 0.5) * mi;
        }
      } else {
        const k = child[c];
        stack[top++] = k; stack[top++] = k + 1; stack[top++] = k + 2; stack[top++] = k + 3;
      }
    }
    fx[i] = ax - xi * gravity * mass[i];
    fy[i] = ay - yi * gravity * mass[i];
  }
}

// Lay out `ids` joined by `links` (pairs of indices), in `steps` steps. With `known` (id → {x, y})
// and the `scale` of the earlier layout they come from, those nodes stay where they are and the
// others settle around them, so the picture on screen does not move. Returns Float64Arrays x, y
// and the scale used.
export function forceLayout(ids, links, { known = null, scale = 0, steps = 100, gravity = GRAVITY, theta = THETA } = {}) {
  const warm = Boolean(known && scale);
  const n = ids.length;
  const degree = new Float64Array(n);
  const adjacency = Array.from({ length: n }, () => []);
  for (const [a, b] of links) {
    if (a === b) continue;
    degree[a] += 1; degree[b] += 1;
    adjacency[a].push(b); adjacency[b].push(a);
  }
  const { x, y, fixed } = seed(ids, adjacency, degree, warm ? known : null, scale);
  if (n < 2) return scaled(x, y, scale || 1);
  const mass = new Float64Array(n);
  for (let i = 0; i < n; i++) mass[i] = degree[i] + 1;
  const from = new Int32Array(links.length);
  const to = new Int32Array(links.length);
  for (let e = 0; e < links.length; e++) { from[e] = links[e][0]; to[e] = links[e][1]; }
  const fx = new Float64Array(n), fy = new Float64Array(n);
  const oldX = new Float64Array(n), oldY = new Float64Array(n);
  const tree = new QuadTree(8 * n + 8);
  const stack = new Int32Array(8 * n + 64);
  const theta2 = theta * theta;
  let speed = warm ? 0.1 : 1;
  let efficiency = 1;
  for (let step = 0; step < steps; step++) {
    oldX.set(fx); oldY.set(fy);
    tree.build(x, y, mass, n);
    repulse(tree, x, y, mass, n, fx, fy, stack, theta2, gravity, ids);
    // Attraction along edges, linear in distance.
    for (let e = 0; e < from.length; e++) {
      const a = from[e], b = to[e];
      if (a === b) continue;
      const dx = x[a] - x[b], dy = y[a] - y[b];
      fx[a] -= dx; fy[a] -= dy; fx[b] += dx; fy[b] += dy;
    }
    // Adaptive speed (Gephi's ForceAtlas2.goAlgo): fast while the forces agree from step to
    // step, slower where nodes swing back and forth.
    let swinging = 0, traction = 0;
    for (let i = 0; i < n; i++) {
      if (fixed[i]) continue;
      const sx = oldX[i] - fx[i], sy = oldY[i] - fy[i], tx = oldX[i] + fx[i], ty = oldY[i] + fy[i];
      swinging += mass[i] * Math.sqrt(sx * sx + sy * sy);
      traction += 0.5 * mass[i] * Math.sqrt(tx * tx + ty * ty);
    }
    const estimated = 0.05 * Math.sqrt(n);
    let jitter = Math.max(Math.sqrt(estimated), Math.min(10, estimated * traction / (n * n)));
    if (traction > 0 && swinging / traction > 2) {
      if (efficiency > 0.05) efficiency *= 0.5;
      jitter = Math.max(jitter, 1);
    }
    const target = swinging > 0 ? jitter * efficiency * traction / swinging : speed;
    if (swinging > jitter * traction) { if (efficiency > 0.05) efficiency *= 0.7; }
    else if (speed < 1000) efficiency *= 1.3;
    speed += Math.min(target - speed, 0.5 * speed);
    for (let i = 0; i < n; i++) {
      if (fixed[i]) continue;
      const sx = oldX[i] - fx[i], sy = oldY[i] - fy[i];
      const swing = mass[i] * Math.sqrt(sx * sx + sy * sy);
      const factor = speed / (1 + Math.sqrt(speed * swing));
      x[i] += fx[i] * factor;
      y[i] += fy[i] * factor;
    }
  }
  const out = scaled(x, y, scale || SPACING / nearest(x, y));
  for (let i = 0; i < n; i++) {
    if (fixed[i]) { const p = known.get(ids[i]); x[i] = p.x; y[i] = p.y; }  // exactly, not unscaled and back
  }
  return out;
}

// The median distance from a node to its nearest neighbour (over a sample of at most 400 nodes).
function nearest(x, y) {
  const n = x.length;
  const every = Math.max(1, Math.floor(n / 400));
  const found = [];
  for (let i = 0; i < n; i += every) {
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[i] - x[j], dy = y[i] - y[j];
      const d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2;
    }
    found.push(Math.sqrt(best));
  }
  found.sort((a, b) => a - b);
  return found[found.length >> 1] || 1;
}

function scaled(x, y, scale) {
  for (let i = 0; i < x.length; i++) { x[i] *= scale; y[i] *= scale; }
  return { x, y, scale };
}
