// max, min, argmax and argmin over the middle axis of a contiguous [outer, size, inner] f32 block,
// with the results of src/backend/js/reduce.ts bit for bit: an extreme is the first element that
// no later one beats strictly (so of −0 and +0 the first stays), and the first NaN wins over all.
// (prod folds like sum: elementwise.ts.)

const MAX = 0, MIN = 1, ARGMAX = 2, ARGMIN = 3;

// @ts-ignore: decorator
@inline function isMax(op: i32): bool { return op == MAX || op == ARGMAX; }
// @ts-ignore: decorator
@inline function beats4(op: i32, v: v128, best: v128): v128 { return isMax(op) ? f32x4.gt(v, best) : f32x4.lt(v, best); }
// @ts-ignore: decorator
@inline function beats(op: i32, v: f32, best: f32): bool { return isMax(op) ? v > best : v < best; }

/** The index of the extreme of `size` (≥ 1) elements at p, `stride` floats apart, as the JS reference. */
function lineIndex(op: i32, p: usize, size: i32, stride: i32): i32 {
  let best = load<f32>(p), at = 0;
  if (best != best) return 0;
  for (let j = 1; j < size; j++) {
    const v = load<f32>(p + (<usize>(j * stride) << 2));
    if (v != v) return j;
    if (beats(op, v, best)) { best = v; at = j; }
  }
  return at;
}

/**
 * The same over a contiguous row (inner = 1, size ≥ 4): lane l follows the elements j ≡ l (mod 4),
 * each lane keeps its first extreme and its first NaN; the lanes then give the smallest index of a
 * NaN, else the smallest index holding the extreme value, which is the index the JS loop returns.
 */
function rowIndex(op: i32, p: usize, size: i32): i32 {
  let best = v128.load(p);
  let jv = i32x4(0, 1, 2, 3);
  let at = jv, nanAt = jv;
  let found = f32x4.ne(best, best);
  let j = 4;
  for (; j + 4 <= size; j += 4) {
    jv = i32x4.add(jv, i32x4.splat(4));
    const v = v128.load(p + (<usize>j << 2));
    const isNaN = f32x4.ne(v, v);
    nanAt = v128.bitselect(jv, nanAt, v128.andnot(isNaN, found));
    found = v128.or(found, isNaN);
    const win = beats4(op, v, best);
    best = v128.bitselect(v, best, win);
    at = v128.bitselect(jv, at, win);
  }
  if (v128.any_true(found)) {
    const n = v128.bitselect(nanAt, i32x4.splat(i32.MAX_VALUE), found);
    return min(min(i32x4.extract_lane(n, 0), i32x4.extract_lane(n, 1)), min(i32x4.extract_lane(n, 2), i32x4.extract_lane(n, 3)));
  }
  let gb = f32x4.extract_lane(best, 0), ga = i32x4.extract_lane(at, 0);
  let b = f32x4.extract_lane(best, 1), a = i32x4.extract_lane(at, 1);
  if (beats(op, b, gb) || (b == gb && a < ga)) { gb = b; ga = a; }
  b = f32x4.extract_lane(best, 2); a = i32x4.extract_lane(at, 2);
  if (beats(op, b, gb) || (b == gb && a < ga)) { gb = b; ga = a; }
  b = f32x4.extract_lane(best, 3); a = i32x4.extract_lane(at, 3);
  if (beats(op, b, gb) || (b == gb && a < ga)) { gb = b; ga = a; }
  for (; j < size; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    if (v != v) return j;
    if (beats(op, v, gb)) { gb = v; ga = j; }
  }
  return ga;
}

/**
 * op 0 max, 1 min (f32 out), 2 argmax, 3 argmin (i32 out) over the middle axis; size ≥ 1. Four
 * lines at a time when inner ≥ 4 (the last group overlaps the one before when 4 ∤ inner).
 */
export function extremeAxisF32(op: i32, x: usize, outer: i32, size: i32, inner: i32, out: usize): void {
  const wantIndex = op == ARGMAX || op == ARGMIN;
  for (let o = 0; o < outer; o++) {
    const base = x + (<usize>(o * size * inner) << 2), dst = out + (<usize>(o * inner) << 2);
    if (inner >= 4) {
      for (let i0 = 0; i0 < inner; i0 += 4) {
        const i = min(i0, inner - 4);
        const p = base + (<usize>i << 2);
        let best = v128.load(p);
        let at = i32x4.splat(0), nanAt = i32x4.splat(0);
        let found = f32x4.ne(best, best);
        for (let j = 1; j < size; j++) {
          const v = v128.load(p + (<usize>(j * inner) << 2));
          const jv = i32x4.splat(j);
          const isNaN = f32x4.ne(v, v);
          nanAt = v128.bitselect(jv, nanAt, v128.andnot(isNaN, found));
          found = v128.or(found, isNaN);
          const win = beats4(op, v, best);
          best = v128.bitselect(v, best, win);
          at = v128.bitselect(jv, at, win);
        }
        const result = wantIndex ? v128.bitselect(nanAt, at, found) : v128.bitselect(f32x4.splat(NaN), best, found);
        v128.store(dst + (<usize>i << 2), result);
      }
    } else {
      for (let i = 0; i < inner; i++) {
        const p = base + (<usize>i << 2);
        const at = inner == 1 && size >= 4 ? rowIndex(op, p, size) : lineIndex(op, p, size, inner);
        if (wantIndex) store<i32>(dst + (<usize>i << 2), at);
        else store<f32>(dst + (<usize>i << 2), load<f32>(p + (<usize>(at * inner) << 2)));
      }
    }
  }
}
