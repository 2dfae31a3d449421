import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { Environment, expandPath, pythonVersion, resolveServer, which } from "../serverCommand";

interface Machine {
  executables?: string[];
  onPath?: Record<string, string>;
  versions?: Record<string, [number, number]>; // interpreters (first word) that run, and their version
  platform?: NodeJS.Platform;
}

const SCRIPT = "/ext/bundled/tool/lsp_server.py";

function fake(machine: Machine): Environment & { probed: string[][] } {
  const probed: string[][] = [];
  return {
    probed,
    platform: machine.platform ?? "linux",
    home: "/home/me",
    isExecutable: (file) => (machine.executables ?? []).includes(file),
    which: (name) => machine.onPath?.[name],
    pythonVersion: async (python) => {
      probed.push(python);
      return machine.versions?.[python[0]];
    },
  };
}

const none = { path: "", interpreter: "" };

function commandLine(result: Awaited<ReturnType<typeof resolveServer>>): string[] {
  assert.ok(result.ok, !result.ok ? result.message : "");
  return result.ok ? [result.launch.command, ...result.launch.args] : [];
}

test("hybridlint.path wins and is run as `<path> server`, without probing any Python", async () => {
  const env = fake({ executables: ["/home/me/bin/hybridlint"], versions: { "/usr/bin/python3": [3, 12] } });
  const result = await resolveServer({ path: "~/bin/hybridlint", interpreter: "/usr/bin/python3" }, ["/sel/python"], env, undefined, SCRIPT);
  assert.deepEqual(commandLine(result), ["/home/me/bin/hybridlint", "server"]);
  assert.deepEqual(env.probed, []);
});

test("a hybridlint.path that is not executable is an error naming the file", async () => {
  const result = await resolveServer({ path: "/nope/hybridlint", interpreter: "" }, undefined, fake({}), undefined, SCRIPT);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.message.includes("/nope/hybridlint"));
});

test("hybridlint.interpreter runs the bundled server", async () => {
  const env = fake({ executables: ["/ws/.venv/bin/python"], versions: { "/ws/.venv/bin/python": [3, 11] } });
  const result = await resolveServer({ path: "", interpreter: "${workspaceFolder}/.venv/bin/python" }, ["/sel/python"], env, "/ws", SCRIPT);
  assert.deepEqual(commandLine(result), ["/ws/.venv/bin/python", SCRIPT]);
});

test("a too old hybridlint.interpreter is an error, no silent fallback", async () => {
  const env = fake({
    executables: ["/ws/python"],
    onPath: { python3: "/usr/bin/python3" },
    versions: { "/ws/python": [3, 8], "/usr/bin/python3": [3, 12] },
  });
  const result = await resolveServer({ path: "", interpreter: "/ws/python" }, undefined, env, undefined, SCRIPT);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /\/ws\/python, which is Python 3\.8; hybridlint needs Python 3\.10 or newer/.test(result.message));
  assert.ok(!result.ok && !/pip install hybridlint/.test(result.message), "hybridlint is on no package index");
});

test("the Python extension's interpreter (a command with arguments) comes next", async () => {
  const env = fake({ versions: { conda: [3, 11], "/usr/bin/python3": [3, 12] }, onPath: { python3: "/usr/bin/python3" } });
  const result = await resolveServer(none, ["conda", "run", "-n", "tf"], env, undefined, SCRIPT);
  assert.deepEqual(commandLine(result), ["conda", "run", "-n", "tf", SCRIPT]);
  assert.deepEqual(env.probed, [["conda", "run", "-n", "tf"]]);
});

test("without the Python extension, python3 on PATH runs the bundled server", async () => {
  const env = fake({ onPath: { python3: "/usr/bin/python3" }, versions: { "/usr/bin/python3": [3, 11] } });
  const result = await resolveServer(none, undefined, env, undefined, SCRIPT);
  assert.deepEqual(commandLine(result), ["/usr/bin/python3", SCRIPT]);
});

test("a selected interpreter that is too old falls back to python3 on PATH", async () => {
  const env = fake({ onPath: { python3: "/usr/bin/python3" }, versions: { "/old/python": [3, 9], "/usr/bin/python3": [3, 13] } });
  const result = await resolveServer(none, ["/old/python"], env, undefined, SCRIPT);
  assert.deepEqual(commandLine(result), ["/usr/bin/python3", SCRIPT]);
  assert.ok(result.tried.some((line) => line.includes("/old/python (Python 3.9)")), result.tried.join("\n"));
});

test("on Windows the fallback interpreter is `python`", async () => {
  const env = fake({ platform: "win32", onPath: { python: "C:\\Py\\python.exe" }, versions: { "C:\\Py\\python.exe": [3, 12] } });
  const result = await resolveServer(none, undefined, env, undefined, SCRIPT);
  assert.deepEqual(commandLine(result), ["C:\\Py\\python.exe", SCRIPT]);
});

test("no usable Python: the error names what was looked at and what to install", async () => {
  const env = fake({ onPath: { python3: "/usr/bin/python3" }, versions: { "/usr/bin/python3": [3, 8] } });
  const result = await resolveServer(none, ["/sel/python"], env, undefined, SCRIPT);
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.match(result.message, /needs Python 3\.10 or newer/);
    assert.match(result.message, /\/sel\/python \(does not run\)/);
    assert.match(result.message, /\/usr\/bin\/python3 \(Python 3\.8\)/);
    assert.match(result.message, /sudo apt install python3/);
    assert.doesNotMatch(result.message, /pip install hybridlint/);
  }
});

test("no interpreter at all: the error says so", async () => {
  const result = await resolveServer(none, undefined, fake({}), undefined, SCRIPT);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /`python3` on PATH: not found/.test(result.message));
});

test("expandPath handles ~, ${userHome} and ${workspaceFolder}", () => {
  assert.equal(expandPath("~/x", "/h", undefined), "/h/x");
  assert.equal(expandPath("${userHome}/y", "/h", undefined), "/h/y");
  assert.equal(expandPath("${workspaceFolder}/.venv/bin/python", "/h", "/ws"), "/ws/.venv/bin/python");
  assert.equal(expandPath("/a~b", "/h", undefined), "/a~b");
});

test("which finds executables on PATH and skips non-executable files", { skip: process.platform === "win32" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-which-"));
  const plain = path.join(dir, "plain");
  const tool = path.join(dir, "tool");
  fs.writeFileSync(plain, "");
  fs.writeFileSync(tool, "#!/bin/sh\n");
  fs.chmodSync(tool, 0o755);
  const pathVariable = ["/does/not/exist", dir].join(":");
  assert.equal(which("tool", "linux", pathVariable), tool);
  assert.equal(which("plain", "linux", pathVariable), undefined);
  assert.equal(which("missing", "linux", pathVariable), undefined);
});

test("pythonVersion runs the interpreter and reads its version", { skip: process.platform === "win32" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-python-"));
  const good = path.join(dir, "good-python");
  const bad = path.join(dir, "bad-python");
  fs.writeFileSync(good, '#!/bin/sh\n[ "$1" = "-c" ] && echo 3.12\n');
  fs.writeFileSync(bad, "#!/bin/sh\necho 'broken' >&2\nexit 1\n");
  fs.chmodSync(good, 0o755);
  fs.chmodSync(bad, 0o755);
  assert.deepEqual(await pythonVersion([good]), [3, 12]);
  assert.equal(await pythonVersion([bad]), undefined);
  assert.equal(await pythonVersion([path.join(dir, "missing")]), undefined);
});
