// Finding a node in a tree of named nodes (classification nodes, the query folders) by a test on
// the node, with the path of names that leads to it.

export function findWithPath<T extends { name: string }>(
  root: T,
  childrenOf: (node: T) => T[],
  matches: (node: T) => boolean,
  separator: string,
  path = root.name,
): { node: T; path: string } | undefined {
  if (matches(root)) return { node: root, path };
  return childrenOf(root).reduce<{ node: T; path: string } | undefined>(
    (found, c) =>
      found ?? findWithPath(c, childrenOf, matches, separator, `${path}${separator}${c.name}`),
    undefined,
  );
}

/** The node a path of names below the root leads to (names compared case-insensitively). */
export function findByNames<T extends { name: string }>(
  root: T,
  childrenOf: (node: T) => T[],
  names: string[],
): T | undefined {
  let node: T | undefined = root;
  for (const part of names)
    node = node && childrenOf(node).find((c) => c.name.toLowerCase() === part.toLowerCase());
  return node;
}
