// Which command starts the language server. No `vscode` import here, so Node's test runner can
// check the order of choices and the messages without VS Code.

import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The oldest Python the bundled server (hybridlint and the libraries in bundled/libs) runs on. */
export const MIN_PYTHON: [number, number] = [3, 10];

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
  /** The [major, minor] version of `python` (a command and its leading arguments), or undefined if it does not run. */
  pythonVersion(python: string[]): Promise<[number, number] | undefined>;
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

function supported(version: [number, number] | undefined): boolean {
  return version !== undefined && (version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]));
}

function describe(version: [number, number] | undefined): string {
  return version ? `Python ${version[0]}.${version[1]}` : "does not run";
}

const NEED = `Python ${MIN_PYTHON[0]}.${MIN_PYTHON[1]} or newer`;
const HOW_TO_FIX =
  `Install ${NEED} (for example \`sudo apt install python3\` on Debian or Ubuntu, \`brew install python\` on ` +
  "macOS, or from python.org), then select it in the Python extension or set `hybridlint.interpreter` to it; " +
  "or set `hybridlint.path` to a `hybridlint` executable you installed (`pipx install dist/hybridlint-*.whl` " +
  "after `make dist` in a hybridlint checkout).";

/**
 * The server command, in this order:
 *  1. `hybridlint.path`: `<path> server` (an error if it is not an executable file);
 *  2. the server bundled in the extension (`bundledScript`, with hybridlint and its libraries in
 *     bundled/libs), run by the first of: `hybridlint.interpreter` (an error if it is not a usable
 *     Python: an explicit setting is never skipped silently), the interpreter selected in the Python
 *     extension (`selectedPython`), `python3` on PATH (`python` on Windows), skipping those older than
 *     MIN_PYTHON or that do not run;
 * else an error saying what was looked at and what to install.
 */
export async function resolveServer(
  settings: LaunchSettings,
  selectedPython: string[] | undefined,
  env: Environment,
  workspaceFolder: string | undefined,
  bundledScript: string,
): Promise<Resolution> {
  const tried: string[] = [];

  if (settings.path) {
    const file = expandPath(settings.path, env.home, workspaceFolder);
    tried.push(`hybridlint.path: ${file}`);
    if (!env.isExecutable(file)) {
      return {
        ok: false,
        tried,
        message: `hybridlint.path is set to ${file}, which is not an executable file. Clear the setting to use the server bundled with the extension.`,
      };
    }
    return { ok: true, tried, launch: { command: file, args: ["server"], origin: "the hybridlint.path setting" } };
  }

  const bundled = (python: string[], origin: string): Resolution => ({
    ok: true,
    tried,
    launch: { command: python[0], args: [...python.slice(1), bundledScript], origin: `the bundled server, run by ${origin}` },
  });

  if (settings.interpreter) {
    const python = expandPath(settings.interpreter, env.home, workspaceFolder);
    tried.push(`hybridlint.interpreter: ${python}`);
    if (!env.isExecutable(python)) {
      return {
        ok: false,
        tried,
        message: `hybridlint.interpreter is set to ${python}, which is not an executable file. Clear the setting, or point it at ${NEED}.`,
      };
    }
    const version = await env.pythonVersion([python]);
    if (!supported(version)) {
      return {
        ok: false,
        tried,
        message: `hybridlint.interpreter is set to ${python}, which ${version ? "is " : ""}${describe(version)}; hybridlint needs ${NEED}. ${HOW_TO_FIX}`,
      };
    }
    return bundled([python], "the hybridlint.interpreter setting");
  }

  const candidates: [string[], string][] = [];
  if (selectedPython && selectedPython.length > 0) {
    candidates.push([selectedPython, "the Python interpreter selected in VS Code"]);
  }
  const name = env.platform === "win32" ? "python" : "python3";
  const found = env.which(name);
  if (found) candidates.push([[found], `\`${name}\` on PATH`]);
  else tried.push(`\`${name}\` on PATH: not found`);
  for (const [python, where] of candidates) {
    const version = await env.pythonVersion(python);
    tried.push(`${where}: ${quote(python)} (${describe(version)})`);
    if (supported(version)) return bundled(python, where);
  }
  return {
    ok: false,
    tried,
    message: `hybridlint's bundled server needs ${NEED}, and none was found (looked at: ${tried.join("; ")}). ${HOW_TO_FIX}`,
  };
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

/** `python -c "print version"`: [major, minor], or undefined on any failure or after `timeoutMs`. */
export function pythonVersion(python: string[], timeoutMs = 15000): Promise<[number, number] | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(
        python[0],
        [...python.slice(1), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        { timeout: timeoutMs, windowsHide: true },
        (error, stdout) => {
          const match = /^(\d+)\.(\d+)\s*$/m.exec(String(stdout));
          resolve(!error && match ? [Number(match[1]), Number(match[2])] : undefined);
        },
      );
    } catch {
      resolve(undefined);
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
    pythonVersion: (python) => pythonVersion(python),
  };
}
