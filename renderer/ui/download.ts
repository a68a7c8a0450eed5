/** Saves text as a file through the browser's download (works in Electron and the browser host). */
export function downloadText(filename: string, text: string, type: string) {
  // A BOM so Excel opens accents correctly in CSV files.
  const body = type === 'text/csv' ? `\uFEFF${text}` : text;
  downloadBlob(filename, new Blob([body], { type: `${type};charset=utf-8` }));
}

/** Saves bytes (or text without a BOM) as a file through the browser's download. */
export function downloadBlob(filename: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
