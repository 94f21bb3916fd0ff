// What a reviewer looks for on a phone screen, measured in the page: text outside its box or the
// screen, text flush against the screen edge, and words an owner should never read. Returns one
// line per problem (empty when the screen is clean).
import type { Page } from 'playwright-core';

/** Latin words that are fine in Chinese UI text (QR 码 and Excel are what every phone and office says). */
const ALLOWED_LATIN = ['QR', 'Excel'];

/** Less than this from the screen's side and text reads as glued to the edge (8 px ≈ 16 rpx). */
const EDGE_PX = 8;

export async function inspectScreen(page: Page): Promise<string[]> {
  // tsx names inner functions through an `__name` helper that does not exist in the page.
  await page.evaluate('window.__name = window.__name || ((fn) => fn)');
  return page.evaluate(
    ({ allowed, edge }) => {
      const problems: string[] = [];
      const vw = document.documentElement.clientWidth;
      const seen = new Set<string>();
      const report = (line: string) => {
        if (!seen.has(line)) {
          seen.add(line);
          problems.push(line);
        }
      };
      const short = (text: string) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);
      const shown = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
      /** A box someone can see: a background or a border of its own. */
      const drawsBox = (style: CSSStyleDeclaration) =>
        (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent') ||
        ['Top', 'Right', 'Bottom', 'Left'].some(
          (side) => parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 && style.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none',
        );
      const outside = (inner: DOMRect, outer: DOMRect, slack = 1) =>
        inner.left < outer.left - slack || inner.right > outer.right + slack || inner.top < outer.top - slack || inner.bottom > outer.bottom + slack;

      /** The nearest ancestor that draws a box the content must stay in (positioned layers are their own box). */
      function boxOf(el: Element): Element | null {
        for (let node: Element | null = el.parentElement; node && node !== document.body; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (drawsBox(style)) return node;
          if (style.position === 'fixed' || style.position === 'absolute') return null;
        }
        return null;
      }

      /** Where the content is cut off by an ancestor that clips (overflow hidden) before its box. */
      function clipped(el: Element, rect: DOMRect): Element | null {
        for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (style.position === 'fixed') return null;
          if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
            if (style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none') return null;
            // Scrolling areas (lists, pickers) clip on purpose.
            if (['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY)) return null;
            if (outside(rect, node.getBoundingClientRect(), 1)) return node;
          }
        }
        return null;
      }

      const name = (el: Element) => {
        const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean).slice(0, 2).join('.') : '';
        return cls ? `${el.tagName.toLowerCase()}.${cls}` : el.tagName.toLowerCase();
      };

      const words: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!text || !el || !shown(el)) continue;
        if (el.closest('script, style, noscript')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const rect = range.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        words.push(text);
        if (rect.left < -1 || rect.right > vw + 1) report(`text off the screen: "${short(text)}" (${name(el)})`);
        else if (rect.left < edge || rect.right > vw - edge) report(`text flush against the screen edge: "${short(text)}" (${name(el)})`);
        const cut = clipped(el, rect);
        if (cut) report(`text cut off by ${name(cut)}: "${short(text)}"`);
        const box = boxOf(el);
        if (box && !cut && outside(rect, box.getBoundingClientRect())) report(`text spills out of ${name(box)}: "${short(text)}"`);
      }

      // Form fields: their text is not in text nodes, and a growing text area is the usual spill.
      for (const field of Array.from(document.querySelectorAll('textarea, input'))) {
        if (!shown(field)) continue;
        const input = field as HTMLTextAreaElement | HTMLInputElement;
        if (input.type === 'hidden' || input.type === 'file') continue;
        const rect = input.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const label = short(input.value || input.placeholder || name(input));
        if (input.placeholder) words.push(input.placeholder);
        if (input.value) words.push(input.value);
        if (rect.left < -1 || rect.right > vw + 1) report(`field off the screen: "${label}"`);
        const box = boxOf(input);
        if (box && outside(rect, box.getBoundingClientRect())) report(`field spills out of ${name(box)}: "${label}"`);
        if (input instanceof HTMLTextAreaElement && getComputedStyle(input).overflowY === 'hidden' && input.scrollHeight > input.clientHeight + 2) {
          report(`text area hides its text: "${label}"`);
        }
      }

      const all = words.join('\n');
      for (const bad of ['undefined', 'null', 'NaN', 'SPEC', '[object Object]']) {
        if (all.includes(bad)) report(`visible text says "${bad}": "${short(words.find((w) => w.includes(bad)) ?? '')}"`);
      }
      // Record numbers and codes (BX20261123-0002, 7KQ2-M9XD) are capitals run into digits; a
      // word, a raw key or an id (dev-owner-1, on_site, {name}) has small letters or stands alone.
      for (const text of words) {
        for (const match of text.matchAll(/[A-Za-z]{2,}/g)) {
          const word = match[0];
          const start = match.index ?? 0;
          const before = text[start - 1] ?? '';
          const after = text[start + word.length] ?? '';
          const code = word === word.toUpperCase() && (/[0-9]/.test(before) || /[0-9]/.test(after));
          if (!code && !allowed.includes(word)) report(`English or a raw key in visible text: "${word}" in "${short(text)}"`);
        }
      }
      return problems;
    },
    { allowed: ALLOWED_LATIN, edge: EDGE_PX },
  );
}
