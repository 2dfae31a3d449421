// VS Code glue: start `hybridlint server`, keep it told about settings, and offer fix-all.
// The decisions (which command, which options) live in settings.ts and serverCommand.ts.

import * as path from "path";
import * as vscode from "vscode";
import {
  CodeActionParams,
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

import { ExtensionSettings, SECTION, describeChanges, needsRestart, readSettings, serverSettings } from "./settings";
import { nodeEnvironment, resolveServer } from "./serverCommand";
import { FIX_ALL_KIND, findFixAll } from "./fixAll";

const PYTHON_EXTENSION = "ms-python.python";

let output: vscode.OutputChannel;
let client: LanguageClient | undefined;
let current: ExtensionSettings | undefined;
let starting: Promise<void> = Promise.resolve();
let bundledScript = ""; // bundled/tool/lsp_server.py inside the installed extension

function log(message: string): void {
  output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
}

function loadSettings(report: boolean): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(SECTION, workspaceFolder()?.uri);
  const { settings, problems } = readSettings((key) => config.get(key));
  if (report) {
    for (const problem of problems) {
      log(problem);
      void vscode.window.showWarningMessage(`hybridlint: ${problem}`);
    }
  }
  return settings;
}

// -- the Python extension (optional) -----------------------------------------------------------

interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] };
    onDidChangeExecutionDetails?: vscode.Event<unknown>;
  };
}

async function pythonApi(): Promise<PythonApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!extension) return undefined;
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch (error) {
    log(`The Python extension did not activate: ${String(error)}`);
    return undefined;
  }
}

async function selectedPython(): Promise<string[] | undefined> {
  const api = await pythonApi();
  if (!api) return undefined;
  const resource = workspaceFolder()?.uri;
  try {
    const environments = api.environments;
    if (environments) {
      const active = environments.getActiveEnvironmentPath(resource);
      if (active) {
        const resolved = await environments.resolveEnvironment(active);
        const file = resolved?.executable?.uri?.fsPath;
        if (file) return [file];
      }
    }
    const command = api.settings?.getExecutionDetails(resource)?.execCommand;
    if (command && command.length > 0) return command;
  } catch (error) {
    log(`Could not ask the Python extension for its interpreter: ${String(error)}`);
  }
  return undefined;
}

// -- server lifecycle ---------------------------------------------------------------------------

async function showStartError(message: string): Promise<void> {
  log(message);
  const choice = await vscode.window.showErrorMessage(`hybridlint: ${message}`, "Open settings", "Show output");
  if (choice === "Open settings") {
    await vscode.commands.executeCommand("workbench.action.openSettings", SECTION);
  } else if (choice === "Show output") {
    output.show();
  }
}

async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running && running.state !== State.Stopped) {
    try {
      await running.stop(2000);
    } catch (error) {
      log(`Stopping the server failed: ${String(error)}`);
    }
  }
}

async function startServer(): Promise<void> {
  await stopServer();
  const settings = loadSettings(true);
  current = settings;
  if (!settings.enable) {
    log("hybridlint.enable is false: the server is not started.");
    return;
  }
  const folder = workspaceFolder();
  const resolution = await resolveServer(
    settings,
    await selectedPython(),
    nodeEnvironment(),
    folder?.uri.fsPath,
    bundledScript,
  );
  for (const line of resolution.tried) log(`looked at ${line}`);
  if (!resolution.ok) {
    void showStartError(resolution.message); // not awaited: a later restart must not wait for the user
    return;
  }
  const { launch } = resolution;
  log(`Starting ${[launch.command, ...launch.args].join(" ")} (from ${launch.origin})`);

  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
    options: { cwd: folder?.uri.fsPath, env: { ...process.env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      // Python cells of Jupyter notebooks: the server declares notebookDocumentSync for them and
      // analyses each notebook as one module (cross-cell findings), diagnostics per cell.
      { notebook: "jupyter-notebook", language: "python" },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(settings),
    middleware: {
      workspace: {
        // The server asks for section "hybridlint"; answer with what it understands, not the raw
        // VS Code section (which also holds launch settings the server would reject).
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, index) =>
            item.section === SECTION ? serverSettings(loadSettings(false)) : answers[index],
          );
        },
      },
    },
  };
  const started = new LanguageClient(SECTION, "hybridlint", serverOptions, clientOptions);
  client = started;
  try {
    await started.start();
    log("Server started.");
  } catch (error) {
    client = undefined;
    void showStartError(
      `the server (${[launch.command, ...launch.args].join(" ")}) failed to start: ${String(error)}. ` +
        "See the hybridlint output channel.",
    );
  }
}

function restart(): Promise<void> {
  starting = starting.then(startServer, startServer);
  return starting;
}

async function settingsChanged(): Promise<void> {
  const before = current;
  const after = loadSettings(false);
  if (before) {
    const changes = describeChanges(before, after);
    if (changes.length > 0) log(`Settings changed: ${changes.join(", ")}`);
  }
  if (!before || needsRestart(before, after) || !client) {
    await restart(); // reads (and reports on) the settings again
    return;
  }
  current = loadSettings(true);
  if (client.state === State.Running) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SECTION]: serverSettings(current) },
    });
  }
}

// -- fix all ------------------------------------------------------------------------------------

async function fixAllEdit(
  document: vscode.TextDocument,
  token?: vscode.CancellationToken,
): Promise<vscode.WorkspaceEdit | undefined> {
  const running = client;
  if (!running || running.state !== State.Running) return undefined;
  const c2p = running.code2ProtocolConverter;
  const params: CodeActionParams = {
    textDocument: { uri: c2p.asUri(document.uri) },
    range: c2p.asRange(new vscode.Range(0, 0, document.lineCount, 0)),
    context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: CodeActionTriggerKind.Automatic },
  };
  const actions = await running.sendRequest(CodeActionRequest.type, params, token);
  let action = findFixAll(actions);
  if (!action) return undefined;
  if (!action.edit) action = await running.sendRequest(CodeActionResolveRequest.type, action, token);
  if (!action.edit) return undefined;
  return running.protocol2CodeConverter.asWorkspaceEdit(action.edit, token);
}

async function fixAllCommand(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "python") {
    void vscode.window.showInformationMessage("hybridlint: open a Python file to fix.");
    return;
  }
  if (!client || client.state !== State.Running) {
    void vscode.window.showWarningMessage("hybridlint: the server is not running (see the hybridlint output).");
    return;
  }
  const edit = await fixAllEdit(document);
  if (!edit || edit.size === 0 || edit.get(document.uri).length === 0) {
    vscode.window.setStatusBarMessage("hybridlint: nothing to fix", 3000);
    return;
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage("hybridlint: the file changed while fixing; try again.");
  }
}

function fixOnSave(event: vscode.TextDocumentWillSaveEvent): void {
  if (event.document.languageId !== "python" || !current?.fixAllOnSave) return;
  if (event.reason === vscode.TextDocumentSaveReason.AfterDelay) return; // not while auto-saving as you type
  const source = new vscode.CancellationTokenSource();
  event.waitUntil(
    fixAllEdit(event.document, source.token)
      .then((edit) => edit?.get(event.document.uri) ?? [])
      .catch((error) => {
        log(`fix all on save failed: ${String(error)}`);
        return [];
      }),
  );
}

// -- activation ---------------------------------------------------------------------------------

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("hybridlint");
  bundledScript = context.asAbsolutePath(path.join("bundled", "tool", "lsp_server.py"));
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("hybridlint.restart", () => restart()),
    vscode.commands.registerCommand("hybridlint.fixAll", () => fixAllCommand()),
    vscode.commands.registerCommand("hybridlint.showOutput", () => output.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) void settingsChanged();
    }),
    vscode.workspace.onWillSaveTextDocument(fixOnSave),
  );

  const api = await pythonApi();
  const onInterpreterChange = () => {
    if (!current?.path && !current?.interpreter) {
      log("The selected Python interpreter changed: restarting the server.");
      void restart();
    }
  };
  const event = api?.environments?.onDidChangeActiveEnvironmentPath ?? api?.settings?.onDidChangeExecutionDetails;
  if (event) context.subscriptions.push(event(onInterpreterChange));

  await restart();
}

export async function deactivate(): Promise<void> {
  await stopServer();
}
