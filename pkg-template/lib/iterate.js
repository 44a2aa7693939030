// Adapts a wasm handle whose `next()` resolves to the next item (or `undefined` at the end)
// into an async iterable; returning early tells the handle (which stops the run) if it can.
export function pull(handle) {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const value = await handle.next();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    async return() {
      handle.return?.();
      return { done: true, value: undefined };
    },
  };
}
