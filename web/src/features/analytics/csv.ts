/** Saves a text or data URL as a file through the browser's download. */
export function download(name: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const href = content.startsWith('data:') ? content : URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  if (!content.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
