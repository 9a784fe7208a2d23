/**
 * Everything the report puts into HTML goes through here: text is escaped for element content and
 * attribute values, and data for the page's script is JSON that cannot close its `<script>` element.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character] as string);
}

/**
 * JSON safe to place inside `<script type="application/json">`: `<`, `>`, `&` and the two line
 * separators JavaScript once disallowed in strings are written as `\u` escapes, so no value (a
 * product id, a strategy name) can end the element or start a comment.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A third-party script made safe to inline: a `</script` inside it (in a string or comment) would
 * end the element early, so it is split with an escape the JavaScript parser reads the same way.
 */
export function inlineScriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
