// Drives a running code-server (a real VS Code 1.100) through Debian's Chromium with playwright-core,
// as a user would: open the example, read the Problems panel, hover, quick fix, fix all on save.
//
// With config.stopAfter "quick-fix-saved" it stops after the quick fix (no hover, fix all or settings).
// With config.scenario "cross-module" it instead opens one module of a package from the Explorer and
// waits for a finding (with its related information) that only the server's project index gives.
//
// Usage: node driver.js CONFIG.json. The config (written by tests/e2e/test_vscode_real.py) names the
// playwright-core module, the browser, the page URL, the file and what to wait for. Every wait is
// bounded by config.waitMs. Progress goes to stdout as one JSON object per line ({"step": ...});
// the Python test makes the assertions. Exit 1 after {"step": "error"} when something did not appear.
"use strict";

const fs = require("fs");

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { chromium } = require(config.playwrightCore);

const started = Date.now();
function report(step, fields) {
  process.stdout.write(JSON.stringify({ step, atMs: Date.now() - started, ...fields }) + "\n");
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Poll until `probe` returns something other than undefined, or fail after config.waitMs.
async function waitFor(what, probe) {
  const deadline = Date.now() + config.waitMs;
  let last;
  for (;;) {
    try {
      last = await probe();
    } catch (error) {
      last = undefined;
    }
    if (last !== undefined) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${config.waitMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

// The extension's output channel, as VS Code logs it: <user data>/logs/<session>/exthost*/output_logging_*/N-hybridlint.log
function outputChannelLogs() {
  const found = [];
  const visit = (dir, depth) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = `${dir}/${entry.name}`;
      if (entry.isDirectory() && depth < 4) visit(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith(`-${config.outputChannel}.log`)) found.push(fs.readFileSync(full, "utf8"));
    }
  };
  visit(config.logs, 0);
  return found;
}

function readDisk() {
  return fs.readFileSync(config.file, "utf8");
}

async function waitForDiskChange(what, before) {
  // A save truncates the file, then writes it: a read in between sees an empty or partial text. The
  // change counts once two reads in a row agree.
  let last;
  return waitFor(what, () => {
    const now = readDisk();
    const settled = now !== before && now === last;
    last = now;
    return settled ? now : undefined;
  });
}

async function problemRows(page) {
  return page.$$eval(".markers-panel .monaco-list-row", (rows) =>
    // The text shows the source and code ("hybridlint(HYB006)"); the aria-label, the whole message.
    rows.map((row) => `${row.textContent || ""}\n${row.getAttribute("aria-label") || ""}`),
  );
}

// Ctrl+G "line:column" puts the cursor there (1-based, as the status bar shows it).
async function goTo(page, line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: config.waitMs });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await waitFor(`the cursor at ${line}:${column}`, async () => {
    const status = await page.locator("#status\\.editor\\.selection").textContent();
    return status && status.includes(`Ln ${line}, Col ${column}`) ? true : undefined;
  });
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: config.waitMs });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ state: "visible", timeout: config.waitMs });
  await row.click();
}

// Double click a file in the Explorer (a pinned editor, focused) and wait for its text.
async function openFromExplorer(page, fileName) {
  const entry = page.locator(".explorer-folders-view .monaco-list-row", { hasText: fileName }).first();
  await entry.waitFor({ state: "visible" });
  await entry.dblclick();
  await page.locator(".monaco-editor .view-lines").first().waitFor({ state: "visible" });
  report("opened");
}

// Open config.folder in the Explorer, then config.fileName in it; the Problems panel should show
// config.expectCodes and, under them, a related-information row naming config.expectRelated.
async function crossModule(page) {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: config.folder }).first().click();
  await openFromExplorer(page, config.fileName);

  await page.keyboard.press("Control+Shift+M");
  const rows = await waitFor(
    `${config.expectCodes.join(", ")} with related information naming ${config.expectRelated} in the Problems panel`,
    async () => {
      const texts = await problemRows(page);
      const found = config.expectCodes.every((code) => texts.some((t) => t.includes(code)));
      return found && texts.some((t) => t.includes(config.expectRelated)) ? texts : undefined;
    },
  );
  const tabs = await page.$$eval(".tabs-container .tab", (nodes) => nodes.map((n) => n.getAttribute("aria-label") || ""));
  report("diagnostics", { rows, tabs });
}

// Open config.fileName (a .ipynb) in VS Code's built-in notebook editor; the Problems panel should
// show config.expectCodes for its cells. Then the quick fix config.quickFix.title on the row with
// config.quickFix.code (opening the row puts the cursor in that cell, at the finding), and save.
async function notebook(page) {
  const entry = page.locator(".explorer-folders-view .monaco-list-row", { hasText: config.fileName }).first();
  await entry.waitFor({ state: "visible" });
  await entry.dblclick();
  await page.locator(".monaco-editor .view-lines").first().waitFor({ state: "visible" });
  const cells = page.locator(".notebookOverlay .cell-editor-container .monaco-editor").first();
  if (!(await cells.isVisible())) {
    // Opened before the workbench knew the notebook editor: reopen it with the notebook editor.
    await runCommand(page, "View: Reopen Editor With...");
    const choice = page.locator(".quick-input-list .monaco-list-row", { hasText: "Jupyter Notebook" }).first();
    await choice.waitFor({ state: "visible" });
    await choice.click();
  }
  await cells.waitFor({ state: "visible" });
  report("opened");

  await page.keyboard.press("Control+Shift+M");
  const rows = await waitFor(`${config.expectCodes.join(", ")} on the notebook's cells in the Problems panel`, async () => {
    const texts = await problemRows(page);
    return config.expectCodes.every((code) => texts.some((t) => t.includes(code))) ? texts : undefined;
  });
  report("diagnostics", { rows });

  const fix = config.quickFix;
  const row = page.locator(".markers-panel .monaco-list-row", { hasText: fix.code }).first();
  await row.click();
  await page.keyboard.press("Enter"); // opens the cell at the finding, the cursor in its editor
  await waitFor("the cursor in a cell editor", async () =>
    (await page.locator(".notebookOverlay .monaco-editor.focused").count()) > 0 ? true : undefined,
  );
  await page.keyboard.press("Control+.");
  const item = page.locator(".action-widget .monaco-list-row", { hasText: fix.title }).first();
  await item.waitFor({ state: "visible" });
  const offered = await page.$$eval(".action-widget .monaco-list-row", (nodes) =>
    nodes.map((n) => `${n.textContent || ""}\n${n.getAttribute("aria-label") || ""}`),
  );
  report("quick-fix-menu", { offered });
  const focused = page.locator(".action-widget .monaco-list-row.focused");
  for (let i = 0; i < offered.length && !((await focused.getAttribute("aria-label")) || "").includes(fix.title); i++) {
    await page.keyboard.press("ArrowDown");
  }
  const chosen = await focused.getAttribute("aria-label");
  if (!chosen || !chosen.includes(fix.title)) throw new Error(`could not select ${fix.title} in the quick-fix menu`);
  const before = readDisk();
  await page.keyboard.press("Enter");
  await waitFor(`${fix.code} to leave the Problems panel after the quick fix`, async () => {
    const texts = await problemRows(page);
    return texts.some((t) => t.includes(fix.code)) ? undefined : true;
  });
  await page.screenshot({ path: config.screenshot });
  report("screenshot", { path: config.screenshot });
  await page.keyboard.press("Control+S");
  const after = await waitForDiskChange("the notebook to be saved to disk", before);
  report("quick-fix-saved", { text: after });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    timeout: config.waitMs,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(config.waitMs);
    await page.goto(config.url, { timeout: config.waitMs });
    await page.locator(".monaco-workbench").waitFor({ state: "visible" });
    report("workbench");
    if (config.scenario === "cross-module") {
      await crossModule(page);
      return;
    }
    if (config.scenario === "notebook") {
      await notebook(page);
      return;
    }

    // Open the example from the Explorer (double click: a pinned editor, focused).
    await openFromExplorer(page, config.fileName);

    await page.keyboard.press("Control+Shift+M");
    const rows = await waitFor(`hybridlint's diagnostics (${config.expectCodes.join(", ")}) in the Problems panel`, async () => {
      const texts = await problemRows(page);
      return config.expectCodes.every((code) => texts.some((t) => t.includes(code))) ? texts : undefined;
    });
    report("diagnostics", { rows });

    // Hover over the flagged range: the rule's documentation.
    const hover = config.hover;
    if (hover) {
      await goTo(page, hover.line, hover.column);
      await page.keyboard.press("Control+K");
      await page.keyboard.press("Control+I");
      const hoverText = await waitFor(`a hover showing ${hover.expect.join(", ")}`, async () => {
        const texts = await page.$$eval(".monaco-hover", (nodes) => nodes.map((n) => n.textContent || ""));
        const text = texts.join("\n");
        return hover.expect.every((needle) => text.includes(needle)) ? text : undefined;
      });
      report("hover", { text: hoverText });
      await page.screenshot({ path: config.screenshot });
      report("screenshot", { path: config.screenshot });
      await page.keyboard.press("Escape");
    }

    // Quick fix: cursor on the finding, Ctrl+., pick hybridlint's fix, save.
    const fix = config.quickFix;
    await goTo(page, fix.line, fix.column);
    await page.keyboard.press("Control+.");
    const item = page.locator(".action-widget .monaco-list-row", { hasText: fix.title }).first();
    await item.waitFor({ state: "visible" });
    const offered = await page.$$eval(".action-widget .monaco-list-row", (nodes) =>
      nodes.map((n) => `${n.textContent || ""}\n${n.getAttribute("aria-label") || ""}`),
    );
    report("quick-fix-menu", { offered });
    const beforeFix = readDisk();
    // With the keyboard, as the menu is meant to be used (a pointer block covers it until the mouse moves).
    const focused = page.locator(".action-widget .monaco-list-row.focused");
    for (let i = 0; i < offered.length && !((await focused.getAttribute("aria-label")) || "").includes(fix.title); i++) {
      await page.keyboard.press("ArrowDown");
    }
    const chosen = await focused.getAttribute("aria-label");
    if (!chosen || !chosen.includes(fix.title)) throw new Error(`could not select ${fix.title} in the quick-fix menu`);
    report("quick-fix-chosen", { title: chosen });
    await page.keyboard.press("Enter");
    // Save only once the fix is in the buffer (resolving the action is a round trip to the server).
    await page.locator(".tabs-container .tab.dirty", { hasText: config.fileName }).first().waitFor({ state: "visible" });
    await page.keyboard.press("Control+S");
    const afterFix = await waitForDiskChange("the quick fix to be saved to disk", beforeFix);
    report("quick-fix-saved", { text: afterFix });
    if (config.stopAfter === "quick-fix-saved") return;

    // The "hybridlint: Fix all" command on a new finding with a safe fix, then save.
    await page.keyboard.press("Control+End");
    await page.keyboard.type(config.fixAllCommand.addition, { delay: 5 });
    await waitFor(`${config.fixAllCommand.code} for the typed code in the Problems panel`, async () => {
      const texts = await problemRows(page);
      return texts.some((t) => t.includes(config.fixAllCommand.code)) ? true : undefined;
    });
    const beforeCommand = readDisk();
    report("fix-all-command-typed");
    await runCommand(page, config.fixAllCommand.title);
    await waitFor(`${config.fixAllCommand.code} to leave the Problems panel after ${config.fixAllCommand.title}`, async () => {
      const texts = await problemRows(page);
      return texts.some((t) => t.includes(config.fixAllCommand.code)) ? undefined : true;
    });
    await page.keyboard.press("Control+S");
    const afterCommand = await waitForDiskChange("the fixed file to be saved to disk", beforeCommand);
    report("fix-all-command-saved", { text: afterCommand });

    // Fix all on save, switched on in the workspace settings through the Settings editor.
    await runCommand(page, "Preferences: Open Workspace Settings");
    const search = page.locator(".settings-editor .suggest-input-container .monaco-editor textarea").first();
    await search.waitFor({ state: "attached" });
    await search.focus();
    await page.keyboard.type(config.setting);
    const toggle = page
      .locator(".settings-editor .setting-item-bool", { hasText: config.settingLabel })
      .first()
      .locator(".setting-value-checkbox");
    await toggle.waitFor({ state: "visible" });
    if ((await toggle.getAttribute("aria-checked")) !== "true") await toggle.click();
    const settingsText = await waitFor("the setting to be written to the workspace settings", () => {
      if (!fs.existsSync(config.workspaceSettings)) return undefined;
      const text = fs.readFileSync(config.workspaceSettings, "utf8");
      return text.includes(config.setting) ? text : undefined;
    });
    report("setting-saved", { text: settingsText });
    // The extension logs each settings change it takes in: after this, the next save runs fix-all.
    const taken = await waitFor(`"${config.settingLogLine}" in the hybridlint output channel`, () =>
      outputChannelLogs().find((text) => text.includes(config.settingLogLine)),
    );
    report("setting-taken", { log: taken.split("\n").filter((l) => l.includes(config.settingLogLine)) });

    // Back to the example: add a finding with a safe fix at the end of the file, save.
    await page.locator(".tabs-container .tab", { hasText: config.fileName }).first().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(config.addition, { delay: 5 });
    const beforeSave = readDisk();
    report("typed");
    await page.keyboard.press("Control+S");
    const afterSave = await waitForDiskChange("the edit to be saved to disk", beforeSave);
    report("fix-all-saved", { text: afterSave });
  } catch (error) {
    report("error", { message: String(error && error.stack ? error.stack : error) });
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages.length > 0) await pages[0].screenshot({ path: config.failureScreenshot });
    } catch {
      // The failure itself is what matters.
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  report("error", { message: String(error) });
  process.exit(1);
});
