// The address a daemon URL has where the user's browser runs. In remote and browser VS Code the
// daemon is on another machine: vscode.env.asExternalUri forwards its port (Remote-SSH, WSL,
// Codespaces) or maps it to a proxy (code-server's /proxy/PORT/). Some of those mappings keep only
// the port (code-server drops path and query), so the daemon's origin is resolved and the path
// joined onto the result; the daemon's recipient pages link relative to themselves, so the
// whole test email stays under that address.
import * as vscode from 'vscode';

const resolvedOrigins = new Map<string, Promise<vscode.Uri>>();

function resolveOrigin(origin: string): Promise<vscode.Uri> {
  let resolved = resolvedOrigins.get(origin);
  if (!resolved) {
    resolved = Promise.resolve(vscode.env.asExternalUri(vscode.Uri.parse(`${origin}/`)));
    // A failed resolution is asked again next time (the forward may come up later).
    resolved.catch(() => resolvedOrigins.delete(origin));
    resolvedOrigins.set(origin, resolved);
  }
  return resolved;
}

/** `http://127.0.0.1:4178/e/D/R` → e.g. `https://host/proxy/4178/e/D/R`; unchanged on a local desktop. */
export async function externalUrl(url: string): Promise<string> {
  const parsed = new URL(url);
  const base = (await resolveOrigin(parsed.origin)).toString(true);
  const directory = base.endsWith('/') ? base : `${base}/`;
  return new URL(`${parsed.pathname.slice(1)}${parsed.search}`, directory).href;
}

/** Opens an external address; when the browser cannot be opened, shows it so it can be copied. */
export async function openExternalUrl(url: string): Promise<void> {
  const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
  if (!opened) void vscode.window.showInformationMessage(`Linktrace: open ${url} in your browser.`);
}
