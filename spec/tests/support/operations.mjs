// Walks the operations of an OpenAPI document and builds requests from its examples: the
// shared ground of the document checks and the Prism test.

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** The name of the component a `$ref` to `#/components/schemas/<name>` points at. */
export function refName(schema) {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(schema?.$ref ?? '');
  return match ? match[1] : undefined;
}

/** Follows `$ref`s (schemas and parameters) to the object they name. */
export function resolve(document, node) {
  let current = node;
  for (let hops = 0; current?.$ref; hops += 1) {
    if (hops > 10) throw new Error(`$ref loop at ${node.$ref}`);
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce((n, key) => n?.[key], document);
    if (!current) throw new Error(`dangling $ref ${node.$ref}`);
  }
  return current;
}

/** Every operation as { path, method, op, parameters (resolved) }, in document order. */
export function operations(document) {
  const out = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(document, p));
      out.push({ path, method, op, parameters });
    }
  }
  return out;
}

/** The JSON request body examples of an operation, as [name, value] pairs. */
export function bodyExamples(op) {
  const media = op.requestBody?.content?.['application/json'];
  if (!media) return [];
  if (media.examples) return Object.entries(media.examples).map(([name, ex]) => [name, ex.value]);
  if (media.example !== undefined) return [['example', media.example]];
  return [];
}

/** Serializes one query parameter value the way the document's `style`/`explode` say. */
function queryPairs(param, value) {
  const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (Array.isArray(value)) {
    if (param.explode === false) return [[param.name, value.map(text).join(',')]];
    return value.map((v) => [param.name, text(v)]);
  }
  return [[param.name, text(value)]];
}

/**
 * The URL (path and query) of a request to `operation`, every parameter taken from its
 * `example` unless `overrides` gives a value (`undefined` leaves an optional one out).
 */
export function requestUrl({ path, parameters }, overrides = {}) {
  let url = path;
  const query = [];
  for (const p of parameters) {
    const value = p.name in overrides ? overrides[p.name] : p.example;
    if (p.in === 'path') {
      if (value === undefined) throw new Error(`no example for path parameter ${p.name} of ${path}`);
      url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    } else if (p.in === 'query' && value !== undefined) {
      query.push(...queryPairs(p, value));
    }
  }
  if (query.length) url += `?${new URLSearchParams(query).toString()}`;
  return url;
}
