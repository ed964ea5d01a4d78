/** Adjusted Rand index (Hubert & Arabie 1985) of two labelings; noise (-1) counts as one label. */
export function adjustedRandIndex(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (truth.length !== predicted.length) throw new RangeError('labelings differ in length');
  const n = truth.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const table = new Map<string, number>();
  const rowSums = new Map<number, number>();
  const columnSums = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${truth[i]}:${predicted[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rowSums.set(truth[i], (rowSums.get(truth[i]) ?? 0) + 1);
    columnSums.set(predicted[i], (columnSums.get(predicted[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const count of table.values()) index += pairs(count);
  let rows = 0;
  for (const count of rowSums.values()) rows += pairs(count);
  let columns = 0;
  for (const count of columnSums.values()) columns += pairs(count);
  const expected = (rows * columns) / pairs(n);
  const maximum = (rows + columns) / 2;
  if (maximum === expected) return 1;
  return (index - expected) / (maximum - expected);
}
