// GEMM for the wasm backend: C[M×N] (+)= op(A)[M×K] · op(B)[K×N], f32, row-major, 128-bit SIMD.
// Cache-blocked in the GotoBLAS/BLIS way: a KC×NC block of op(B) is packed once and kept in L2,
// an MC×KC block of op(A) is packed next to it, and the micro-kernel (gemm-tile.ts) runs an MR×8
// register tile of one A micro-panel (kept in L1) against each 8-column B micro-panel in turn.
// Unlike BLIS the tiles go along C's rows, not down its columns: with a small K (backward, conv)
// C's traffic is a large part of the work, and a row walk keeps it contiguous (measured: a
// 32×43264×9 conv GEMM ran about 3× faster than column-wise).
import { MR, NR, tile } from "./gemm-tile";
import { packA, packB } from "./gemm-pack";
import { packPatchesA, packPatchesB, patchOffsets } from "./gemm-patches";
import { geo } from "./addressing";

/** Depth of a packed block: an A micro-panel (MR·KC floats) and a B micro-panel (8·KC) fit in L1 together. */
const KC: i32 = 256;
/** Rows of a packed A block (a multiple of 5 and of 6): 120·256·4 bytes ≈ 120 KiB, well inside L2. */
const MC: i32 = 120;
/** Columns of a packed B block: 256·512·4 bytes = 512 KiB, half of this machine's L2. */
const NC: i32 = 512;

/** Rows of the register tile in this build (thread parts split rows in multiples of it). */
export function gemmRowTile(): i32 {
  return MR;
}

/** Bytes of scratchA a call needs: one packed A block plus an edge tile. */
export function gemmScratchABytes(): i32 {
  return (MC * KC + MR * NR) << 2;
}

/** Bytes of scratchB a call with N columns needs: one packed B block, then a patch operand's offset tables. */
export function gemmScratchBBytes(N: i32): i32 {
  return (KC * ((min(N, NC) + NR - 1) / NR) * NR + KC + max(MC, NC)) << 2;
}

/** Depth of each K block: K split into equal blocks of at most KC (depends on K alone, so thread parts agree). */
function blockDepth(K: i32): i32 {
  const blocks = (K + KC - 1) / KC;
  return (K + blocks - 1) / blocks;
}

/**
 * Runs the micro-kernel on a tile with fewer than 8 columns through a full-size buffer, so the
 * values computed equal a full tile's.
 */
function edgeTile(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, fromC: bool, buffer: usize): void {
  for (let r = 0; r < MR; r++) {
    for (let j = 0; j < NR; j++) {
      store<f32>(buffer + (<usize>(r * NR + j) << 2), fromC && r < rows && j < cols ? load<f32>(c + (<usize>(r * ldc + j) << 2)) : <f32>0);
    }
  }
  tile(kc, pa, pb, buffer, NR << 2, fromC, MR, 0);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) store<f32>(c + (<usize>(r * ldc + j) << 2), load<f32>(buffer + (<usize>(r * NR + j) << 2)));
  }
}

/**
 * Each element of C is (accumulate ? C : 0) + Σₖ op(A)ᵢₖ·op(B)ₖⱼ, added in k order (partial sums
 * pass through C between K blocks as f32, which changes nothing). scratchA needs
 * gemmScratchABytes(), scratchB gemmScratchBBytes(N) bytes; no static scratch, so threads sharing
 * the memory each pass their own.
 */
export function gemm(transA: bool, transB: bool, M: i32, N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: bool, scratchA: usize, scratchB: usize): void {
  gemmBlocked(transA, transB, M, N, K, a, lda, 0, 0, b, ldb, 0, 0, c, ldc, accumulate, scratchA, scratchB);
}

/**
 * gemm with one operand the patch matrix of an unpadded convolution (gemm-patches.ts), read from
 * the image: its arguments as i32 at `call` (a helper thread's kernel takes at most 14):
 * [transA, transB, M, N, K, a, lda, aPatches, aFirst, b, ldb, bPatches, bFirst, c, ldc, accumulate,
 * scratchA, scratchB]. For a patch operand, a (or b) is the image, aPatches (bPatches) its
 * geometry block, and aFirst (bFirst) the first of op(A)'s rows (op(B)'s columns) this call computes.
 */
export function gemmPatches(call: usize): void {
  gemmBlocked(geo(call, 0) != 0, geo(call, 1) != 0, geo(call, 2), geo(call, 3), geo(call, 4), geo(call, 5), geo(call, 6), geo(call, 7), geo(call, 8),
    geo(call, 9), geo(call, 10), geo(call, 11), geo(call, 12), geo(call, 13), geo(call, 14), geo(call, 15) != 0, geo(call, 16), geo(call, 17));
}

function gemmBlocked(transA: bool, transB: bool, M: i32, N: i32, K: i32, a: usize, lda: i32, aPatches: usize, aFirst: i32, b: usize, ldb: i32, bPatches: usize, bFirst: i32, c: usize, ldc: i32, accumulate: bool, scratchA: usize, scratchB: usize): void {
  if (K == 0) {
    if (!accumulate) for (let i = 0; i < M; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>N << 2);
    return;
  }
  const depth = blockDepth(K), ldcBytes = <usize>ldc << 2, buffer = scratchA + (<usize>(MC * KC) << 2);
  // A patch operand's offsets (gemm-patches.ts): along the block's depth, and across its rows or columns.
  const depthTable = scratchB + (<usize>(KC * ((min(N, NC) + NR - 1) / NR) * NR) << 2), acrossTable = depthTable + (<usize>KC << 2);
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = min(NC, N - j0);
    // op(B) = P has P's columns across, Pᵀ its rows.
    if (bPatches != 0) patchOffsets(bPatches, !transB, bFirst + j0, nc, acrossTable);
    for (let k0 = 0; k0 < K; k0 += depth) {
      const kc = min(depth, K - k0), fromC = accumulate || k0 > 0;
      // The depth runs along P's columns for op(A) = P and op(B) = Pᵀ.
      if (aPatches != 0) patchOffsets(aPatches, !transA, k0, kc, depthTable);
      if (bPatches != 0) {
        patchOffsets(bPatches, transB, k0, kc, depthTable);
        packPatchesB(b, transB, kc, nc, acrossTable, depthTable, scratchB);
      } else packB(b, ldb, transB, k0, kc, j0, nc, scratchB);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = min(MC, M - i0);
        if (aPatches != 0) {
          patchOffsets(aPatches, transA, aFirst + i0, mc, acrossTable);
          packPatchesA(a, transA, mc, kc, acrossTable, depthTable, scratchA);
        } else packA(a, lda, transA, i0, mc, k0, kc, scratchA);
        for (let ir = 0; ir < mc; ir += MR) {
          const rows = min(MR, mc - ir), pa = scratchA + (<usize>(ir * kc) << 2);
          for (let jr = 0; jr < nc; jr += NR) {
            const cols = min(NR, nc - jr), pb = scratchB + (<usize>(jr * kc) << 2);
            const cp = c + (<usize>((i0 + ir) * ldc + j0 + jr) << 2);
            // A partial row tile sends its padding rows to the buffer; a partial column tile goes through it.
            if (cols == NR) tile(kc, pa, pb, cp, ldcBytes, fromC, rows, buffer);
            else edgeTile(kc, pa, pb, cp, ldc, rows, cols, fromC, buffer);
          }
        }
      }
    }
  }
}
