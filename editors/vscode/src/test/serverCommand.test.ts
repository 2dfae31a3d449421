import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { Environment, canImportServer, expandPath, resolveServer, which } from "../serverCommand";

interface Machine {
  executables?: string[];
  onPath?: Record<string, string>;
  withHybridlint?: string[]; // interpreters (first word) that can import hybridlint.server
  platform?: NodeJS.Platform;
}

function fake(machine: Machine): Environment & { probed: string[][] } {
  const probed: string[][] = [];
  return {
    probed,
    platform: machine.platform ?? "linux",
    home: "/home/me",
    isExecutable: (file) => (machine.executables ?? []).includes(file),
    which: (name) => machine.onPath?.[name],
    canImport: async (python) => {
      probed.push(python);
      return (machine.withHybridlint ?? []).includes(python[0]);
    },
  };
}

const none = { path: "", interpreter: "" };

test("hybridlint.path wins and is run as `<path> server`, without probing any Python", async () => {
  const env = fake({ executables: ["/home/me/bin/hybridlint"], withHybridlint: ["/usr/bin/python3"] });
  const result = await resolveServer({ path: "~/bin/hybridlint", interpreter: "/usr/bin/python3" }, ["/sel/python"], env);
  assert.ok(result.ok);
  assert.deepEqual([result.launch.command, ...result.launch.args], ["/home/me/bin/hybridlint", "server"]);
  assert.deepEqual(env.probed, []);
});

test("a hybridlint.path that is not executable is an error naming the file", async () => {
  const result = await resolveServer({ path: "/nope/hybridlint", interpreter: "" }, undefined, fake({}));
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.message.includes("/nope/hybridlint"));
});

test("hybridlint.interpreter runs `python -m hybridlint.server`", async () => {
  const env = fake({ executables: ["/ws/.venv/bin/python"], withHybridlint: ["/ws/.venv/bin/python"] });
  const result = await resolveServer({ path: "", interpreter: "${workspaceFolder}/.venv/bin/python" }, undefined, env, "/ws");
  assert.ok(result.ok);
  assert.deepEqual([result.launch.command, ...result.launch.args], ["/ws/.venv/bin/python", "-m", "hybridlint.server"]);
});

test("hybridlint.interpreter without hybridlint: an error with the pip command, no silent fallback", async () => {
  const env = fake({
    executables: ["/ws/python"],
    onPath: { hybridlint: "/usr/bin/hybridlint", python3: "/usr/bin/python3" },
    withHybridlint: ["/usr/bin/python3"],
  });
  const result = await resolveServer({ path: "", interpreter: "/ws/python" }, undefined, env);
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.message.includes("/ws/python -m pip install hybridlint"), !result.ok ? result.message : "");
});

test("the Python extension's interpreter (a command with arguments) comes next", async () => {
  const env = fake({ withHybridlint: ["conda"], onPath: { python3: "/usr/bin/python3" } });
  const result = await resolveServer(none, ["conda", "run", "-n", "tf"], env);
  assert.ok(result.ok);
  assert.deepEqual(
    [result.launch.command, ...result.launch.args],
    ["conda", "run", "-n", "tf", "-m", "hybridlint.server"],
  );
  assert.deepEqual(env.probed, [["conda", "run", "-n", "tf"]]);
});

test("without the Python extension, python3 on PATH is used", async () => {
  const env = fake({ onPath: { python3: "/usr/bin/python3" }, withHybridlint: ["/usr/bin/python3"] });
  const result = await resolveServer(none, undefined, env);
  assert.ok(result.ok);
  assert.equal(result.launch.command, "/usr/bin/python3");
  assert.deepEqual(result.launch.args, ["-m", "hybridlint.server"]);
});

test("on Windows the fallback interpreter is `python`", async () => {
  const env = fake({ platform: "win32", onPath: { python: "C:\\Py\\python.exe" }, withHybridlint: ["C:\\Py\\python.exe"] });
  const result = await resolveServer(none, undefined, env);
  assert.ok(result.ok);
  assert.equal(result.launch.command, "C:\\Py\\python.exe");
});

test("a hybridlint executable on PATH is used when the interpreter lacks hybridlint", async () => {
  const env = fake({ onPath: { hybridlint: "/home/me/.local/bin/hybridlint" } });
  const result = await resolveServer(none, ["/sel/python"], env);
  assert.ok(result.ok);
  assert.deepEqual([result.launch.command, ...result.launch.args], ["/home/me/.local/bin/hybridlint", "server"]);
  assert.equal(result.tried.length, 2);
});

test("nothing found: the error names the interpreter looked at and how to install", async () => {
  const result = await resolveServer(none, ["/sel/python"], fake({}));
  assert.equal(result.ok, false);
  if (!result.ok) {
    assert.match(result.message, /not installed in the Python interpreter selected in VS Code \(\/sel\/python\)/);
    assert.match(result.message, /\/sel\/python -m pip install hybridlint/);
  }
});

test("no interpreter at all: the error says so", async () => {
  const result = await resolveServer(none, undefined, fake({}));
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /neither `python3` nor `hybridlint` is on PATH/.test(result.message));
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

test("canImportServer runs the interpreter and reads its exit status", { skip: process.platform === "win32" }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-python-"));
  const good = path.join(dir, "good-python");
  const bad = path.join(dir, "bad-python");
  // A stand-in interpreter that succeeds only when asked to import the server module.
  fs.writeFileSync(good, '#!/bin/sh\n[ "$1" = "-c" ] && [ "$2" = "import hybridlint.server" ]\n');
  fs.writeFileSync(bad, "#!/bin/sh\necho 'No module named hybridlint' >&2\nexit 1\n");
  fs.chmodSync(good, 0o755);
  fs.chmodSync(bad, 0o755);
  assert.equal(await canImportServer([good]), true);
  assert.equal(await canImportServer([bad]), false);
  assert.equal(await canImportServer([path.join(dir, "missing")]), false);
});
