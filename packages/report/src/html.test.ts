import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineScriptSource, scriptSafeJson } from './html.js';

describe('HTML safety', () => {
  it('escapes text for elements and attributes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;',
    );
  });

  it('writes JSON that cannot close its script element and parses back the same', () => {
    const value = { productId: '</script><script>alert(1)</script>', note: '<!-- \u2028 & >' };
    const json = scriptSafeJson(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('keeps an inlined library from ending its script element early', () => {
    const source = 'const a = "</script>"; const b = "<!--";';
    const safe = inlineScriptSource(source);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    // The same program: the escapes read back as the original characters.
    expect(new Function(`${safe}; return a + b;`)()).toBe('</script><!--');
  });
});
