/**
 * Copying text: the asynchronous Clipboard API, which the web page has in a
 * secure context (localhost counts) and the desktop app has because its
 * permission handler grants 'clipboard-sanitized-write' and nothing else
 * (src-main/app/security.ts).
 */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) throw new Error('this browser does not allow copying from a page');
  await navigator.clipboard.writeText(text);
}
