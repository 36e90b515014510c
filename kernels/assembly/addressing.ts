// Addressing shared by the kernels that take their geometry as a block of i32 in memory.

/** Word k of a geometry block. */
// @ts-ignore: decorator
@inline export function geo(g: usize, k: i32): i32 {
  return load<i32>(g + (<usize>k << 2));
}

/** The address of f32 (or i32) element i of the array at p. */
// @ts-ignore: decorator
@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}
