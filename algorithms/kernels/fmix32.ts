/**
 * murmur3's 32-bit finalizer: a bijection on uint32 with full avalanche (the sketches' hashes,
 * the score tree's priorities). Takes any integer; returns a uint32.
 * @internal
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
