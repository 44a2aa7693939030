// The long-term memory store nodes read and write (`config.store`, `getStore()`), with
// LangGraph.js's `BaseStore` surface: `get`, `put`, `delete`, `search`, `listNamespaces`, `batch`.
// `InMemoryStore` keeps items in this page or process (`compile({ store: new InMemoryStore() })`);
// a `Client`'s runs see the Client's own store (`client.store`, kept in IndexedDB in browsers)
// through `ClientStore`. Semantic search (`query` with an embeddings index) is not supported:
// a `query` is ignored, as LangGraph.js's InMemoryStore does without an index.

function invalidNamespace(message) {
  const error = new Error(message);
  error.name = "InvalidNamespaceError";
  return error;
}

function validateNamespace(namespace, { allowEmpty = false, allowReservedRoot = false } = {}) {
  if (!Array.isArray(namespace)) throw invalidNamespace("A namespace must be an array of strings.");
  if (namespace.length === 0) {
    if (allowEmpty) return;
    throw invalidNamespace("Namespace cannot be empty.");
  }
  for (const label of namespace) {
    if (typeof label !== "string") {
      throw invalidNamespace(`Invalid namespace label '${label}' found in ${namespace}. Namespace labels must be strings, but got ${typeof label}.`);
    }
    if (label.includes(".")) throw invalidNamespace(`Invalid namespace label '${label}' found in ${namespace}. Namespace labels cannot contain periods ('.').`);
    if (label.includes(":")) throw invalidNamespace(`Invalid namespace label '${label}'. Namespace labels cannot contain colons (':').`);
    if (label === "") throw invalidNamespace(`Namespace labels cannot be empty strings. Got ${label} in ${namespace}`);
  }
  if (namespace[0] === "langgraph" && !allowReservedRoot) {
    throw invalidNamespace(`Root label for namespace cannot be "langgraph". Got: ${namespace}`);
  }
}

/** LangGraph's filter semantics: equality, or `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$in`, `$nin`. */
function matches(itemValue, filterValue) {
  if (filterValue !== null && typeof filterValue === "object" && !Array.isArray(filterValue) && Object.keys(filterValue).some((k) => k.startsWith("$"))) {
    return Object.keys(filterValue)
      .filter((k) => k.startsWith("$"))
      .every((op) => {
        const value = filterValue[op];
        switch (op) {
          case "$eq":
            return itemValue === value;
          case "$ne":
            return itemValue !== value;
          case "$gt":
            return Number(itemValue) > Number(value);
          case "$gte":
            return Number(itemValue) >= Number(value);
          case "$lt":
            return Number(itemValue) < Number(value);
          case "$lte":
            return Number(itemValue) <= Number(value);
          case "$in":
            return Array.isArray(value) && value.includes(itemValue);
          case "$nin":
            return !Array.isArray(value) || !value.includes(itemValue);
          default:
            return false;
        }
      });
  }
  return itemValue === filterValue;
}

/** LangGraph.js's store interface; subclasses implement `batch(operations)`. */
export class BaseStore {
  async get(namespace, key) {
    validateNamespace(namespace, { allowEmpty: true, allowReservedRoot: true });
    return (await this.batch([{ namespace, key }]))[0];
  }

  async search(namespacePrefix, options = {}) {
    validateNamespace(namespacePrefix, { allowEmpty: true, allowReservedRoot: true });
    const { filter, limit = 10, offset = 0, query } = options;
    return (await this.batch([{ namespacePrefix, filter, limit, offset, query }]))[0];
  }

  async put(namespace, key, value, index) {
    validateNamespace(namespace);
    await this.batch([{ namespace, key, value, index }]);
  }

  async delete(namespace, key) {
    validateNamespace(namespace, { allowEmpty: true, allowReservedRoot: true });
    await this.batch([{ namespace, key, value: null }]);
  }

  async listNamespaces(options = {}) {
    const { prefix, suffix, maxDepth, limit = 100, offset = 0 } = options;
    const matchConditions = [];
    if (prefix) matchConditions.push({ matchType: "prefix", path: prefix });
    if (suffix) matchConditions.push({ matchType: "suffix", path: suffix });
    return (await this.batch([{ matchConditions: matchConditions.length ? matchConditions : undefined, maxDepth, limit, offset }]))[0];
  }

  start() {}

  stop() {}
}

/** Items kept in this page or process, by namespace. */
export class InMemoryStore extends BaseStore {
  constructor() {
    super();
    /** `"a:b"` → Map(key → item). */
    this.data = new Map();
  }

  async batch(operations) {
    const results = [];
    const puts = new Map();
    for (const op of operations) {
      if ("namespace" in op) validateNamespace(op.namespace, { allowEmpty: !("value" in op), allowReservedRoot: true });
      if ("key" in op && "namespace" in op && !("value" in op)) {
        results.push(this.data.get(op.namespace.join(":"))?.get(op.key) ?? null);
      } else if ("namespacePrefix" in op) {
        results.push(this._search(op));
      } else if ("value" in op) {
        // Puts apply after the reads of the same batch, the last one per item winning.
        puts.set(`${op.namespace.join(":")}:${op.key}`, op);
        results.push(null);
      } else if ("matchConditions" in op) {
        results.push(this._listNamespaces(op));
      } else {
        results.push(null);
      }
    }
    for (const op of puts.values()) this._put(op);
    return results;
  }

  _put(op) {
    const ns = op.namespace.join(":");
    if (!this.data.has(ns)) this.data.set(ns, new Map());
    const items = this.data.get(ns);
    if (op.value === null) {
      items.delete(op.key);
      return;
    }
    const now = new Date();
    const existing = items.get(op.key);
    if (existing) {
      existing.value = op.value;
      existing.updatedAt = now;
    } else {
      items.set(op.key, { value: op.value, key: op.key, namespace: op.namespace, createdAt: now, updatedAt: now });
    }
  }

  _search(op) {
    const prefix = op.namespacePrefix.join(":");
    const found = [];
    for (const [ns, items] of this.data) {
      if (prefix === "" || ns === prefix || ns.startsWith(`${prefix}:`)) found.push(...items.values());
    }
    const filtered = op.filter
      ? found.filter((item) => Object.entries(op.filter).every(([k, v]) => matches(item.value[k], v)))
      : found;
    const offset = op.offset ?? 0;
    return filtered.slice(offset, offset + (op.limit ?? 10)).map((item) => ({ ...item, score: undefined }));
  }

  _listNamespaces(op) {
    const fits = (condition, ns) => {
      const { matchType, path } = condition;
      if (path.length > ns.length) return false;
      const start = matchType === "suffix" ? ns.length - path.length : 0;
      return path.every((label, i) => label === "*" || ns[start + i] === label);
    };
    let namespaces = [...this.data.entries()].filter(([, items]) => items.size > 0).map(([ns]) => ns.split(":"));
    if (op.matchConditions?.length) namespaces = namespaces.filter((ns) => op.matchConditions.every((c) => fits(c, ns)));
    if (op.maxDepth !== undefined) {
      namespaces = [...new Set(namespaces.map((ns) => ns.slice(0, op.maxDepth).join(":")))].map((ns) => ns.split(":"));
    }
    namespaces.sort((a, b) => a.join(":").localeCompare(b.join(":")));
    const offset = op.offset ?? 0;
    return namespaces.slice(offset, offset + (op.limit ?? namespaces.length));
  }
}

/** A Client's store (`client.store`) as nodes see it: the `BaseStore` surface over the Client's items. */
export class ClientStore extends BaseStore {
  constructor(client) {
    super();
    this._client = client;
  }

  static _item(item) {
    if (item === null || item === undefined) return null;
    return {
      value: item.value,
      key: item.key,
      namespace: item.namespace,
      createdAt: new Date(item.created_at),
      updatedAt: new Date(item.updated_at),
    };
  }

  async batch(operations) {
    const store = this._client.store;
    const results = [];
    for (const op of operations) {
      if ("key" in op && "namespace" in op && !("value" in op)) {
        results.push(ClientStore._item(await store.getItem(op.namespace, op.key)));
      } else if ("namespacePrefix" in op) {
        const { items } = await store.searchItems(op.namespacePrefix, { filter: op.filter, limit: op.limit, offset: op.offset });
        results.push(items.map((item) => ({ ...ClientStore._item(item), score: undefined })));
      } else if ("value" in op) {
        if (op.value === null) await store.deleteItem(op.namespace, op.key);
        else await store.putItem(op.namespace, op.key, op.value);
        results.push(null);
      } else if ("matchConditions" in op) {
        const prefix = op.matchConditions?.find((c) => c.matchType === "prefix")?.path;
        const suffix = op.matchConditions?.find((c) => c.matchType === "suffix")?.path;
        const { namespaces } = await store.listNamespaces({ prefix, suffix, maxDepth: op.maxDepth, limit: op.limit, offset: op.offset });
        results.push(namespaces);
      } else {
        results.push(null);
      }
    }
    return results;
  }
}
