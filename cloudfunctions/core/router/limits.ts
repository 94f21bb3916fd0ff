// Bounds on a call's shape that no schema states: a hostile body nested thousands deep must be
// refused before anything walks it recursively (zod, logging, the SDK's serializer).

/** No contract input nests beyond a few levels; this leaves ample room. */
export const MAX_INPUT_DEPTH = 32;

/** True when objects and arrays in `value` nest deeper than `max` levels (walked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
