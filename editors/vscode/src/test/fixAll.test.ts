import { strict as assert } from "node:assert";
import { test } from "node:test";

import { FIX_ALL_KIND, findFixAll } from "../fixAll";

const uri = "file:///project/train_step.py";

test("the unresolved fix-all action (no edit yet, as the server sends it) is found", () => {
  const unresolved = { title: "hybridlint: Apply all safe fixes", kind: FIX_ALL_KIND, data: { uri, version: 3 } };
  assert.deepEqual(findFixAll([unresolved]), unresolved);
});

test("a resolved fix-all action is found among other actions", () => {
  const resolved = { title: "hybridlint: Apply all safe fixes", kind: FIX_ALL_KIND, edit: { changes: { [uri]: [] } } };
  const quickFix = { title: "hybridlint (HYB025): Rename", kind: "quickfix", edit: { changes: {} } };
  assert.deepEqual(findFixAll([quickFix, resolved]), resolved);
});

test("commands, other kinds and empty answers give nothing", () => {
  assert.equal(findFixAll([{ title: "Fix all", command: FIX_ALL_KIND }]), undefined);
  assert.equal(findFixAll([{ title: "Organize imports", kind: "source.organizeImports" }]), undefined);
  assert.equal(findFixAll([{ title: "Fix", kind: "source.fixAll" }]), undefined);
  assert.equal(findFixAll(null), undefined);
  assert.equal(findFixAll([]), undefined);
});
