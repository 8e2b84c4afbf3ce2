// Loaded into Prism (`node --require`) by run.sh for specs whose schemas share so much that
// Prism cannot load them (Stripe's), together with the copy of the spec that keeps its
// components in a file of their own (generator::conformance::mock_spec).
//
// Prism dereferences the whole spec and then turns it into a tree with `decycle` from
// @stoplight/json, which replaces only cycles by `$ref`s: every schema used in several places
// is copied into each. Stripe's schemas refer to each other so much that this tree has some
// 10^10 nodes, and Prism never starts. This `decycle` keeps the same schemas but writes each
// schema object that the dereferenced graph reaches more than once (cycles included) once,
// under `#/__shared__/N`, and a `$ref` to it in every place that uses it; Prism bundles those
// `$ref`s into each operation as it does the `$ref`s of cycles. What Prism validates and answers is unchanged:
// the schemas are the spec's, only shared instead of copied.
"use strict";

const path = require("path");

// Prism as run.sh installs it.
const prismHttp = require.resolve("@stoplight/prism-http/package.json", {
  paths: [path.join(__dirname, "../../target/prism/node_modules")],
});
const json = require(require.resolve("@stoplight/json", { paths: [path.dirname(prismHttp)] }));
const originalDecycle = json.decycle;

function isPlain(value) {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// How many times each object is reached in the graph below `root`.
function countUses(root) {
  const uses = new Map();
  const stack = [root];
  uses.set(root, 1);
  while (stack.length > 0) {
    const node = stack.pop();
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (!isPlain(child)) continue;
      const seen = uses.get(child) || 0;
      uses.set(child, seen + 1);
      if (seen === 0) stack.push(child);
    }
  }
  return uses;
}

function sharedDecycle(root) {
  const uses = countUses(root);
  const ids = new Map();
  const shared = [];
  // Shared objects met but not yet copied: copying them when met would recurse as deep as
  // the longest chain of schemas.
  const pending = [];
  // Copies `node`; inside a schema (`inSchema`), an object reached more than once becomes a
  // `$ref` to its one copy under `__shared__`.
  function copy(node, inSchema, own) {
    if (!isPlain(node)) return node;
    if (inSchema && !own && uses.get(node) > 1) {
      let id = ids.get(node);
      if (id === undefined) {
        id = shared.length;
        ids.set(node, id);
        shared.push(null);
        pending.push(node);
      }
      return { $ref: `#/__shared__/${id}` };
    }
    if (Array.isArray(node)) return node.map((item) => copy(item, inSchema, false));
    const out = {};
    for (const key of Object.keys(node)) {
      out[key] = copy(node[key], inSchema || key === "schema" || key === "schemas", false);
    }
    return out;
  }
  const out = copy(root, false, false);
  for (let id = 0; id < pending.length; id++) shared[id] = copy(pending[id], true, true);
  // Prism bundles each operation in place (it rewrites the `$ref`s it meets), so every read
  // of a shared schema gets a copy of its own: one operation's bundle must not rewrite another's.
  out.__shared__ = {};
  shared.forEach((schema, id) => {
    Object.defineProperty(out.__shared__, String(id), {
      enumerable: true,
      get: () => structuredClone(schema),
    });
  });
  return out;
}

json.decycle = function decycle(value, replacer) {
  if (replacer || !isPlain(value) || Array.isArray(value)) return originalDecycle(value, replacer);
  return sharedDecycle(value);
};
