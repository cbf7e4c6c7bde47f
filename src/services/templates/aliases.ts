/** `base` made unique among `taken` with a numeric suffix; the result is added to `taken`. */
export function uniqueAlias(base: string, taken: Set<string>): string {
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}-${n}`;
  taken.add(alias);
  return alias;
}
