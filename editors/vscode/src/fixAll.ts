// Which of the server's code actions is the fix-all one. No `vscode` import, so Node's test runner
// can check it without VS Code.

import type { CodeAction, Command } from "vscode-languageserver-protocol";

export const FIX_ALL_KIND = "source.fixAll.hybridlint";

/**
 * The fix-all action among a codeAction answer, resolved or not.
 *
 * The server sends it unresolved (a title, a kind and `data`; the edit comes from codeAction/resolve),
 * which `CodeAction.is` from vscode-languageserver-types rejects because it wants an edit or a
 * command: filtering with it made fix-all on save and the Fix all command silently do nothing.
 */
export function findFixAll(items: ReadonlyArray<Command | CodeAction> | null | undefined): CodeAction | undefined {
  for (const item of items ?? []) {
    if (!item || typeof item !== "object" || typeof item.title !== "string") continue;
    if (typeof item.command === "string") continue; // a bare Command, not a CodeAction
    const action = item as CodeAction;
    if (action.kind === FIX_ALL_KIND) return action;
  }
  return undefined;
}
