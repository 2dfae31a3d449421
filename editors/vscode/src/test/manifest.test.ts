// The manifest, the settings module and the extension must agree: a setting declared but never read
// (or read but never declared) is a silent no-op for users.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { DEFAULTS, SECTION, SETTING_KEYS } from "../settings";

const root = path.join(__dirname, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const properties: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

test("every setting the extension reads is declared with the same default", () => {
  for (const key of SETTING_KEYS) {
    const declared = properties[`${SECTION}.${key}`];
    assert.ok(declared, `${SECTION}.${key} is not declared in package.json`);
    assert.deepEqual(declared.default, DEFAULTS[key], `default of ${SECTION}.${key}`);
  }
});

test("every declared setting is read (trace.server is read by vscode-languageclient)", () => {
  const read = new Set<string>([...SETTING_KEYS.map((k) => `${SECTION}.${k}`), `${SECTION}.trace.server`]);
  for (const key of Object.keys(properties)) assert.ok(read.has(key), `${key} is declared but never read`);
});

test("every contributed command is registered by the extension", () => {
  const compiled = fs.readFileSync(path.join(root, "out", "extension.js"), "utf8");
  for (const { command } of manifest.contributes.commands) {
    assert.ok(compiled.includes(`registerCommand("${command}"`), `${command} is not registered`);
  }
});
