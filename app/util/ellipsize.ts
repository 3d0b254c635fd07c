/**
 * Cuts `text` to at most `max` UTF-16 units (what String#length, Windows' tooltip buffer and most
 * notification servers count), ending with "…". Never cuts between the two halves of a surrogate
 * pair: a lone half shows as a replacement box.
 */
export function ellipsize(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
