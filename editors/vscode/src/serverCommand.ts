// Which command starts the language server. No `vscode` import here, so Node's test runner can
// check the order of choices and the messages without VS Code.

import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const SERVER_MODULE = "hybridlint.server";

export interface Launch {
  command: string;
  args: string[];
  /** Where the command came from, for the output channel ("the hybridlint.path setting", ...). */
  origin: string;
}

export type Resolution = { ok: true; launch: Launch; tried: string[] } | { ok: false; message: string; tried: string[] };

/** What the resolution needs from the machine; `nodeEnvironment()` is the real one. */
export interface Environment {
  platform: NodeJS.Platform;
  home: string;
  isExecutable(file: string): boolean;
  which(name: string): string | undefined;
  /** Whether `python` (a command and its leading arguments) can import the server module. */
  canImport(python: string[]): Promise<boolean>;
}

export interface LaunchSettings {
  path: string;
  interpreter: string;
}

/** `~` and `${workspaceFolder}` / `${userHome}` in a path setting, as in other Python tools' settings. */
export function expandPath(value: string, home: string, workspaceFolder: string | undefined): string {
  let result = value.trim();
  if (result === "~" || result.startsWith("~/") || result.startsWith("~\\")) result = home + result.slice(1);
  result = result.replace(/\$\{userHome\}/g, home);
  if (workspaceFolder !== undefined) result = result.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  return result;
}

function quote(args: string[]): string {
  return args.map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ");
}

function notInstalled(python: string[], where: string): string {
  return (
    `hybridlint is not installed in ${where} (${quote(python)}). ` +
    `Install it with \`${quote(python)} -m pip install hybridlint\`, ` +
    "or set `hybridlint.interpreter` to a Python that has it, or `hybridlint.path` to the `hybridlint` executable."
  );
}

/**
 * The server command, in this order:
 *  1. `hybridlint.path`: `<path> server` (an error if it is not an executable file);
 *  2. `hybridlint.interpreter`: `<python> -m hybridlint.server` (an error if hybridlint is missing there);
 *  3. the interpreter selected in the Python extension (`selectedPython`), else `python3` on PATH
 *     (`python` on Windows), when hybridlint is installed in it;
 *  4. a `hybridlint` executable on PATH (pipx, a system package);
 * else an error saying what was tried and how to install hybridlint.
 */
export async function resolveServer(
  settings: LaunchSettings,
  selectedPython: string[] | undefined,
  env: Environment,
  workspaceFolder?: string,
): Promise<Resolution> {
  const tried: string[] = [];

  if (settings.path) {
    const file = expandPath(settings.path, env.home, workspaceFolder);
    tried.push(`hybridlint.path: ${file}`);
    if (!env.isExecutable(file)) {
      return { ok: false, tried, message: `hybridlint.path is set to ${file}, which is not an executable file.` };
    }
    return { ok: true, tried, launch: { command: file, args: ["server"], origin: "the hybridlint.path setting" } };
  }

  if (settings.interpreter) {
    const python = expandPath(settings.interpreter, env.home, workspaceFolder);
    tried.push(`hybridlint.interpreter: ${python}`);
    if (!env.isExecutable(python)) {
      return {
        ok: false,
        tried,
        message: `hybridlint.interpreter is set to ${python}, which is not an executable file.`,
      };
    }
    if (!(await env.canImport([python]))) {
      return { ok: false, tried, message: notInstalled([python], "the hybridlint.interpreter Python") };
    }
    return {
      ok: true,
      tried,
      launch: { command: python, args: ["-m", SERVER_MODULE], origin: "the hybridlint.interpreter setting" },
    };
  }

  let python: string[] | undefined;
  let where: string;
  if (selectedPython && selectedPython.length > 0) {
    python = selectedPython;
    where = "the Python interpreter selected in VS Code";
  } else {
    const name = env.platform === "win32" ? "python" : "python3";
    const found = env.which(name);
    python = found ? [found] : undefined;
    where = `\`${name}\` on PATH`;
  }
  if (python) {
    tried.push(`${where}: ${quote(python)}`);
    if (await env.canImport(python)) {
      return {
        ok: true,
        tried,
        launch: { command: python[0], args: [...python.slice(1), "-m", SERVER_MODULE], origin: where },
      };
    }
  } else {
    tried.push(`${where}: not found`);
  }

  const executable = env.which("hybridlint");
  tried.push(`\`hybridlint\` on PATH: ${executable ?? "not found"}`);
  if (executable) {
    return { ok: true, tried, launch: { command: executable, args: ["server"], origin: "`hybridlint` on PATH" } };
  }

  const message = python
    ? notInstalled(python, where)
    : "hybridlint cannot be started: no Python interpreter is selected, and neither `python3` nor `hybridlint` " +
      "is on PATH. Install hybridlint (`pip install hybridlint`) and set `hybridlint.interpreter` or `hybridlint.path`.";
  return { ok: false, tried, message };
}

// -- the real machine ---------------------------------------------------------------------------

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function which(
  name: string,
  platform: NodeJS.Platform = process.platform,
  pathVariable: string = process.env.PATH ?? "",
  pathExt: string = process.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD",
): string | undefined {
  const separator = platform === "win32" ? ";" : ":";
  const extensions = platform === "win32" ? ["", ...pathExt.split(";").filter((e) => e)] : [""];
  for (const dir of pathVariable.split(separator)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/** Run `python -c "import hybridlint.server"`; false on any failure or after `timeoutMs`. */
export function canImportServer(python: string[], timeoutMs = 15000): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      execFile(
        python[0],
        [...python.slice(1), "-c", `import ${SERVER_MODULE}`],
        { timeout: timeoutMs, windowsHide: true },
        (error) => resolve(!error),
      );
    } catch {
      resolve(false);
    }
  });
}

export function nodeEnvironment(): Environment {
  const platform = process.platform;
  return {
    platform,
    home: os.homedir(),
    isExecutable: (file) => isExecutableFile(file, platform),
    which: (name) => which(name, platform),
    canImport: (python) => canImportServer(python),
  };
}
