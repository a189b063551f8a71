/**
 * A value made on first use and never changed afterwards (a lazy constant): for costly values that are the
 * same for the whole process, such as the password decoy hash or what the built-in templates use. Kept here
 * so domains need no module-level `let` for it.
 *
 * @example
 * const decoy = once(() => hashPassword('decoy'));
 * await decoy();
 */
export function once<T>(make: () => T): () => T {
  const box: { value?: T; made: boolean } = { made: false };
  return () => {
    if (!box.made) {
      box.value = make();
      box.made = true;
    }
    return box.value as T;
  };
}
