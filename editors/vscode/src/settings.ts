// The extension's settings and what the server is told about them. No `vscode` import here, so
// Node's test runner can check it without VS Code.

export const SECTION = "hybridlint";
export const SEVERITIES = ["error", "warning", "info", "hint"] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export interface ExtensionSettings {
  enable: boolean;
  path: string;
  interpreter: string;
  select: string[];
  ignore: string[];
  severity: Record<string, SeverityName>;
  fixAllOnSave: boolean;
  unsafeFixes: boolean;
  crossModule: boolean;
  preview: boolean;
}

export const DEFAULTS: Readonly<ExtensionSettings> = Object.freeze({
  enable: true,
  path: "",
  interpreter: "",
  select: [],
  ignore: [],
  severity: {},
  fixAllOnSave: false,
  unsafeFixes: true,
  crossModule: true,
  preview: false,
});

// Settings read by the extension itself; `trace.server` is read by vscode-languageclient.
export const SETTING_KEYS = Object.keys(DEFAULTS) as (keyof ExtensionSettings)[];

// Changing one of these means starting a different server process (or none).
const LAUNCH_KEYS: (keyof ExtensionSettings)[] = ["enable", "path", "interpreter"];

export interface ReadResult {
  settings: ExtensionSettings;
  problems: string[]; // one sentence per ignored value, naming the setting
}

function codeList(key: string, value: unknown, problems: string[]): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    problems.push(`${SECTION}.${key} must be a list of rule codes such as ["HYB004"]; ignored.`);
    return [];
  }
  return value.map((v) => v.trim().toUpperCase()).filter((v) => v.length > 0);
}

/**
 * Read and check the settings. `get(key)` returns the configured value, or undefined for the
 * default. A value of the wrong type is replaced by its default and reported, so one typo in
 * settings.json does not stop the server.
 */
export function readSettings(get: (key: string) => unknown): ReadResult {
  const problems: string[] = [];
  const settings: ExtensionSettings = { ...DEFAULTS, select: [], ignore: [], severity: {} };

  for (const key of ["enable", "fixAllOnSave", "unsafeFixes", "crossModule", "preview"] as const) {
    const value = get(key);
    if (value === undefined || value === null) continue;
    if (typeof value === "boolean") settings[key] = value;
    else problems.push(`${SECTION}.${key} must be true or false, got ${JSON.stringify(value)}; ignored.`);
  }
  for (const key of ["path", "interpreter"] as const) {
    const value = get(key);
    if (value === undefined || value === null) continue;
    if (typeof value === "string") settings[key] = value.trim();
    else problems.push(`${SECTION}.${key} must be a string, got ${JSON.stringify(value)}; ignored.`);
  }
  for (const key of ["select", "ignore"] as const) {
    const value = get(key);
    if (value === undefined || value === null) continue;
    settings[key] = codeList(key, value, problems);
  }
  const severity = get("severity");
  if (severity !== undefined && severity !== null) {
    if (typeof severity !== "object" || Array.isArray(severity)) {
      problems.push(`${SECTION}.severity must be an object such as {"HYB013": "hint"}; ignored.`);
    } else {
      for (const [code, level] of Object.entries(severity as Record<string, unknown>)) {
        const name = typeof level === "string" ? level.trim().toLowerCase() : level;
        if (typeof name === "string" && (SEVERITIES as readonly string[]).includes(name)) {
          settings.severity[code.trim().toUpperCase()] = name as SeverityName;
        } else {
          problems.push(
            `${SECTION}.severity.${code} must be one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(level)}; ignored.`,
          );
        }
      }
    }
  }
  return { settings, problems };
}

/**
 * What the server receives as initializationOptions, as the answer to its
 * `workspace/configuration` request and in `workspace/didChangeConfiguration`.
 *
 * Empty select/ignore/severity are left out: the server layers editor settings over
 * `[tool.hybridlint]` in pyproject.toml, and an empty list sent from here would override the
 * project's choice instead of meaning "not set". For the same reason `crossModule` is sent only
 * when switched off: VS Code cannot tell the default `true` from a chosen one, and sending it would
 * override `cross-module = false` in pyproject.toml; `preview` likewise only when switched on, so
 * `preview = true` in pyproject.toml is not overridden by the default `false`. Launch settings and `fixAllOnSave` stay in the
 * extension: the server rejects keys it does not know.
 */
export function serverSettings(settings: ExtensionSettings): Record<string, unknown> {
  const options: Record<string, unknown> = { unsafeFixes: settings.unsafeFixes };
  if (!settings.crossModule) options.crossModule = false;
  if (settings.preview) options.preview = true;
  if (settings.select.length > 0) options.select = [...settings.select];
  if (settings.ignore.length > 0) options.ignore = [...settings.ignore];
  if (Object.keys(settings.severity).length > 0) options.severity = { ...settings.severity };
  return options;
}

/** Whether going from `before` to `after` needs a new server process rather than a notification. */
export function needsRestart(before: ExtensionSettings, after: ExtensionSettings): boolean {
  return LAUNCH_KEYS.some((key) => before[key] !== after[key]);
}

/** The settings that differ between `before` and `after`, e.g. "fixAllOnSave: true", for the output channel. */
export function describeChanges(before: ExtensionSettings, after: ExtensionSettings): string[] {
  return SETTING_KEYS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map(
    (key) => `${key}: ${JSON.stringify(after[key])}`,
  );
}
