/**
 * The files a screen saves — an `<a download>` on an object URL —, caught for the test: each one's
 * name and Blob, in the order saved. Called at a test module's top level: it takes over
 * URL.createObjectURL and the anchor's click before each test, and gives them back after.
 */
import { afterEach, beforeEach } from 'vitest';

export type SavedFile = { name: string; blob: Blob };

export function catchDownloads(): SavedFile[] {
  const saved: SavedFile[] = [];
  const urls = new Map<string, Blob>();
  let original: { create: typeof URL.createObjectURL; revoke: typeof URL.revokeObjectURL; click: typeof HTMLAnchorElement.prototype.click } | null = null;
  beforeEach(() => {
    saved.length = 0;
    urls.clear();
    original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, click: HTMLAnchorElement.prototype.click };
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${urls.size}`;
      urls.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = () => {};
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = urls.get(this.href);
      if (blob) saved.push({ name: this.download, blob });
    };
  });
  afterEach(() => {
    if (!original) return;
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
    HTMLAnchorElement.prototype.click = original.click;
    original = null;
  });
  return saved;
}

/** A saved file's text as its bytes say, a BOM kept (Excel's files must start with one). */
export async function textWithBom(file: SavedFile): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await file.blob.arrayBuffer());
}
