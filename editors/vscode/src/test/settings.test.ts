import { strict as assert } from "node:assert";
import { test } from "node:test";

import { DEFAULTS, describeChanges, needsRestart, readSettings, serverSettings } from "../settings";

function reader(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

test("nothing configured: the server gets only unsafeFixes, so pyproject.toml decides the rules", () => {
  const { settings, problems } = readSettings(reader({}));
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { ...DEFAULTS });
  assert.deepEqual(serverSettings(settings), { unsafeFixes: true });
});

test("rule selection and severities are passed on, codes normalised", () => {
  const { settings, problems } = readSettings(
    reader({
      select: [" hyb0", "HYB025"],
      ignore: ["hyb013", ""],
      severity: { hyb006: "Hint", HYB004: "error" },
      unsafeFixes: false,
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(serverSettings(settings), {
    unsafeFixes: false,
    select: ["HYB0", "HYB025"],
    ignore: ["HYB013"],
    severity: { HYB006: "hint", HYB004: "error" },
  });
});

test("crossModule is sent only when switched off, so pyproject.toml's cross-module otherwise decides", () => {
  const off = readSettings(reader({ crossModule: false }));
  assert.deepEqual(off.problems, []);
  assert.deepEqual(serverSettings(off.settings), { unsafeFixes: true, crossModule: false });
  const on = readSettings(reader({ crossModule: true }));
  assert.equal("crossModule" in serverSettings(on.settings), false);
  const typo = readSettings(reader({ crossModule: "no" }));
  assert.equal(typo.settings.crossModule, true);
  assert.ok(typo.problems.some((p) => p.startsWith("hybridlint.crossModule must be true or false")), typo.problems.join());
});

test("preview is sent only when switched on, so pyproject.toml's preview = true otherwise decides", () => {
  const on = readSettings(reader({ preview: true }));
  assert.deepEqual(on.problems, []);
  assert.deepEqual(serverSettings(on.settings), { unsafeFixes: true, preview: true });
  const off = readSettings(reader({ preview: false }));
  assert.equal("preview" in serverSettings(off.settings), false);
  const typo = readSettings(reader({ preview: "yes" }));
  assert.equal(typo.settings.preview, false);
  assert.ok(typo.problems.some((p) => p.startsWith("hybridlint.preview must be true or false")), typo.problems.join());
  const base = readSettings(reader({})).settings;
  assert.equal(needsRestart(base, { ...base, preview: true }), false);
});

test("switching crossModule needs no new server process", () => {
  const base = readSettings(reader({})).settings;
  assert.equal(needsRestart(base, { ...base, crossModule: false }), false);
  assert.deepEqual(describeChanges(base, { ...base, crossModule: false }), ["crossModule: false"]);
});

test("launch-only and client-only settings never reach the server", () => {
  const { settings } = readSettings(
    reader({ enable: true, path: "/opt/hybridlint", interpreter: "/usr/bin/python3", fixAllOnSave: true }),
  );
  const sent = serverSettings(settings);
  for (const key of ["enable", "path", "interpreter", "fixAllOnSave"]) {
    assert.equal(key in sent, false, `${key} was sent to the server`);
  }
  assert.equal(settings.fixAllOnSave, true);
});

test("a wrongly typed value is reported by name and replaced by its default", () => {
  const { settings, problems } = readSettings(
    reader({ enable: "yes", select: "HYB004", severity: { HYB004: "loud" }, path: 3 }),
  );
  assert.equal(settings.enable, true);
  assert.deepEqual(settings.select, []);
  assert.deepEqual(settings.severity, {});
  assert.equal(settings.path, "");
  assert.equal(problems.length, 4);
  for (const name of ["hybridlint.enable", "hybridlint.select", "hybridlint.severity.HYB004", "hybridlint.path"]) {
    assert.ok(
      problems.some((p) => p.startsWith(name)),
      `no problem names ${name}: ${JSON.stringify(problems)}`,
    );
  }
  assert.ok(problems.some((p) => p.includes("error, warning, info, hint")));
});

test("the result does not share arrays with the defaults", () => {
  const first = readSettings(reader({})).settings;
  first.select.push("HYB004");
  first.severity.HYB004 = "hint";
  assert.deepEqual(readSettings(reader({})).settings.select, []);
  assert.deepEqual(DEFAULTS.select, []);
  assert.deepEqual(DEFAULTS.severity, {});
});

test("only launch settings need a new server process", () => {
  const base = readSettings(reader({})).settings;
  assert.equal(needsRestart(base, { ...base, select: ["HYB004"] }), false);
  assert.equal(needsRestart(base, { ...base, unsafeFixes: false, fixAllOnSave: true }), false);
  assert.equal(needsRestart(base, { ...base, enable: false }), true);
  assert.equal(needsRestart(base, { ...base, path: "/x/hybridlint" }), true);
  assert.equal(needsRestart(base, { ...base, interpreter: "/x/python" }), true);
});

test("describeChanges names each changed setting with its new value, and nothing else", () => {
  const base = readSettings(() => undefined).settings;
  assert.deepEqual(describeChanges(base, base), []);
  assert.deepEqual(describeChanges(base, { ...base, fixAllOnSave: true, select: ["HYB0"] }), [
    'select: ["HYB0"]',
    "fixAllOnSave: true",
  ]);
});
