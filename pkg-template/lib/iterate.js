// Adapts a wasm handle whose `next()` resolves to the next item (or `undefined` at the end)
// into an async iterable; returning early tells the handle (which stops the run) if it can.
// The handle may still be coming (a Promise, while the engine loads): an error making it
// rejects the first `next()`.
export function pull(handle) {
  let current = handle;
  const coming = (value) => typeof value?.then === "function";
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (coming(current)) current = await current;
      const value = await current.next();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    async return() {
      if (coming(current)) current = await current.catch(() => undefined);
      current?.return?.();
      return { done: true, value: undefined };
    },
  };
}
